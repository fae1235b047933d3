#include "custom_resources.h"

#include <cstdio>
#include <ctime>
#include <ostream>

#include "gitsync/controller/api.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace {

using kube::Json;

// "5m": the timeout as the user wrote it, else in seconds.
std::string describeTimeout(const ReconcileRequest& r) {
  if (!r.timeoutText.empty()) return r.timeoutText;
  return std::to_string(std::chrono::duration_cast<std::chrono::seconds>(r.timeout).count()) + "s";
}

std::string subjectOf(const ReconcileRequest& r) {
  return std::string(lowerKindName(r.kind)) + " '" + r.name + "'";
}

// Sets the annotation on the existing object: only the annotation is applied, so the manager
// "gitsync-cli" never owns (and never drops) anything else.
Status annotate(kube::KubeClient& client, const ReconcileRequest& r, const std::string& value) {
  Json object = {{"apiVersion", resourceGvk(r.kind).apiVersion()},
                 {"kind", kindName(r.kind)},
                 {"metadata",
                  {{"name", r.name},
                   {"namespace", r.ns},
                   {"annotations", {{controller::kRequestedAtAnnotation, value}}}}}};
  kube::ApplyOptions options;
  options.fieldManager = "gitsync-cli";
  options.force = true;
  auto applied = client.apply(object, options);
  return applied.ok() ? okStatus() : applied.status();
}

// Polls once a second until status.lastHandledReconcileAt == value; DeadlineExceeded after
// r.timeout.
Result<Json> waitHandled(kube::KubeClient& client, kube::Clock& clock, const ReconcileRequest& r,
                         const std::string& value) {
  auto deadline = clock.now() + r.timeout;
  while (true) {
    GITSYNC_ASSIGN_OR_RETURN(Json object, getResource(client, r.kind, r.ns, r.name));
    std::string handled = stringAt(object, "/status/lastHandledReconcileAt");
    if (handled == value) return object;
    if (clock.now() >= deadline) {
      return Status(Code::DeadlineExceeded,
                    subjectOf(r) + " in namespace '" + r.ns + "': timed out after " +
                        describeTimeout(r) +
                        " waiting for the controller to handle the reconcile request "
                        "(status.lastHandledReconcileAt is '" + handled + "', want '" + value +
                        "'); is the controller running?");
    }
    clock.sleepFor(std::chrono::seconds(1));
  }
}

}  // namespace

kube::GroupVersionKind resourceGvk(ResourceKind kind) {
  return {controller::kGroup, controller::kVersion, kindName(kind)};
}

const char* kindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::Kustomization: return "Kustomization";
    case ResourceKind::GitRepository: return "GitRepository";
    case ResourceKind::Receiver: return "Receiver";
  }
  return "Kustomization";
}

const char* lowerKindName(ResourceKind kind) {
  switch (kind) {
    case ResourceKind::Kustomization: return "kustomization";
    case ResourceKind::GitRepository: return "gitrepository";
    case ResourceKind::Receiver: return "receiver";
  }
  return "kustomization";
}

void addClusterFlags(CLI::App& cmd, ClusterFlags& flags) {
  cmd.add_option("-n,--namespace", flags.ns,
                 "Namespace (default: the namespace of the kubeconfig context)");
  cmd.add_option("--kubeconfig", flags.kubeconfig, "Kubeconfig file (default: $KUBECONFIG)");
  cmd.add_option("--context", flags.context, "Kubeconfig context (default: current-context)");
}

Result<std::unique_ptr<kube::HttpKubeClient>> connectFromFlags(const ClusterFlags& flags,
                                                                kube::Clock& clock) {
  kube::ClientOptions defaults;
  return connectCluster(flags.kubeconfig, flags.context, defaults.rateLimit.qps,
                        defaults.rateLimit.burst, clock);
}

std::unique_ptr<kube::HttpKubeClient> connectOrReport(const ClusterFlags& flags,
                                                      kube::Clock& clock, std::ostream& err) {
  auto client = connectFromFlags(flags, clock);
  if (client.ok()) return std::move(*client);
  err << "error: " << client.status().message() << "\n";
  return nullptr;
}

std::string namespaceOf(const ClusterFlags& flags, const kube::HttpKubeClient& client) {
  return flags.ns.empty() ? client.defaultNamespace() : flags.ns;
}

std::optional<std::chrono::milliseconds> parseTimeoutFlag(const std::string& text,
                                                          std::ostream& err) {
  auto timeout = parseDuration(text);
  if (!timeout) err << "error: --timeout '" << text << "': expected a duration like 90s, 5m, 1h\n";
  return timeout;
}

Result<Json> getResource(kube::KubeClient& client, ResourceKind kind, const std::string& ns,
                         const std::string& name) {
  auto object = client.get({resourceGvk(kind), ns, name});
  if (!object.ok() && object.status().code() == Code::NotFound) {
    return notFound(std::string(lowerKindName(kind)) + " '" + name + "' not found in namespace '" +
                    ns + "'");
  }
  return object;
}

std::string stringAt(const Json& object, const char* pointer) {
  Json::json_pointer p(pointer);
  if (!object.contains(p)) return "";
  const Json& value = object.at(p);
  return value.is_string() ? value.get<std::string>() : "";
}

ReadyView readyOf(const Json& object) {
  ReadyView view;
  Json::json_pointer p("/status/conditions");
  if (!object.contains(p) || !object.at(p).is_array()) return view;
  for (const Json& c : object.at(p)) {
    if (!c.is_object() || c.value("type", Json()) != controller::kReady) continue;
    view.present = true;
    view.status = stringAt(c, "/status");
    view.reason = stringAt(c, "/reason");
    view.message = stringAt(c, "/message");
    return view;
  }
  return view;
}

bool isSuspended(const Json& object) {
  Json::json_pointer p("/spec/suspend");
  return object.contains(p) && object.at(p).is_boolean() && object.at(p).get<bool>();
}

std::string revisionOf(ResourceKind kind, const Json& object) {
  switch (kind) {
    case ResourceKind::Kustomization: return stringAt(object, "/status/lastAppliedRevision");
    case ResourceKind::GitRepository: return stringAt(object, "/status/artifact/revision");
    case ResourceKind::Receiver: return "";
  }
  return "";
}

std::string nowRfc3339Nano() {
  auto now = std::chrono::system_clock::now();
  auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(now.time_since_epoch()).count();
  std::time_t seconds = static_cast<std::time_t>(ns / 1'000'000'000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%09lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(ns % 1'000'000'000));
  return text;
}

int reconcileAndWait(kube::KubeClient& client, kube::Clock& clock, const ReconcileRequest& r,
                     std::ostream& out, std::ostream& err) {
  auto fail = [&err](const Status& s) {
    err << "error: " << s.message() << "\n";
    return 1;
  };
  auto object = getResource(client, r.kind, r.ns, r.name);
  if (!object.ok()) return fail(object.status());
  if (isSuspended(*object)) return fail(failedPrecondition(subjectOf(r) + " is suspended"));

  const char* kind = kindName(r.kind);
  out << "► annotating " << kind << " " << r.name << " in " << r.ns << " namespace\n"
      << std::flush;
  std::string value = nowRfc3339Nano();
  if (Status s = annotate(client, r, value); !s.ok()) return fail(s);
  out << "✔ " << kind << " annotated\n" << std::flush;
  if (!r.wait) return 0;
  out << "◎ waiting for " << kind << " reconciliation\n" << std::flush;
  auto handled = waitHandled(client, clock, r, value);
  if (!handled.ok()) return fail(handled.status());

  ReadyView ready = readyOf(*handled);
  bool ok = ready.status == "True";
  out << (ok ? "✔" : "✗") << " Ready " << ready.status
      << (ready.reason.empty() ? "" : " " + ready.reason) << ": " << ready.message << "\n";
  std::string revision = revisionOf(r.kind, *handled);
  const char* verb = r.kind == ResourceKind::GitRepository ? "fetched" : "applied";
  if (!revision.empty()) {
    out << (ok ? "✔ " : "  last ") << verb << " revision " << revision << "\n";
  }
  out << std::flush;
  if (!ok) return fail(failedPrecondition(subjectOf(r) + " is not ready"));
  return 0;
}

}  // namespace gitsync::cli
