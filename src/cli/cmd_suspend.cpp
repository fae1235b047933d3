// gitsync suspend|resume kustomization|source|receiver NAME: set spec.suspend; resume also asks
// for a reconcile and waits for it, as `flux resume` does.
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "custom_resources.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace {

using kube::Json;

struct SuspendOptions {
  std::string what;
  std::string name;
  ClusterFlags cluster;
  bool wait = true;  // resume only
  std::string timeout = "5m";
};

ResourceKind kindOf(const std::string& what) {
  if (what == "kustomization" || what == "ks") return ResourceKind::Kustomization;
  if (what == "receiver") return ResourceKind::Receiver;
  return ResourceKind::GitRepository;
}

// Sets spec.suspend with a read-modify-write (PUT with the resourceVersion read), retried when
// another writer came in between. An update, not an apply: a field manager that applied
// spec.suspend would drop it on its next apply without it, so `reconcile` (which applies the
// annotation alone as "gitsync-cli") must never own spec.suspend.
Status setSuspend(kube::HttpKubeClient& client, ResourceKind kind, const std::string& ns,
                  const std::string& name, bool suspend) {
  Status last = okStatus();
  for (int attempt = 0; attempt < 5; ++attempt) {
    GITSYNC_ASSIGN_OR_RETURN(Json object, getResource(client, kind, ns, name));
    if (isSuspended(object) == suspend) return okStatus();
    object["spec"]["suspend"] = suspend;
    kube::WriteOptions options;
    options.fieldManager = "gitsync-cli";
    auto updated = client.update(object, options);
    if (updated.ok()) return okStatus();
    last = updated.status();
    if (last.code() != Code::Aborted) return last;
  }
  return last;
}

int runSuspend(const SuspendOptions& o, bool suspend) {
  auto timeout = parseTimeoutFlag(o.timeout, std::cerr);
  if (!timeout) return 2;
  kube::SystemClock clock;
  auto client = connectOrReport(o.cluster, clock, std::cerr);
  if (!client) return 1;
  ResourceKind kind = kindOf(o.what);
  std::string ns = namespaceOf(o.cluster, *client);
  const char* lower = lowerKindName(kind);
  std::cout << "► " << (suspend ? "suspending " : "resuming ") << lower << " " << o.name << " in "
            << ns << " namespace\n" << std::flush;
  if (Status s = setSuspend(*client, kind, ns, o.name, suspend); !s.ok()) {
    std::cerr << "error: " << s.message() << "\n";
    return 1;
  }
  std::cout << "✔ " << lower << (suspend ? " suspended\n" : " resumed\n") << std::flush;
  if (suspend) return 0;

  ReconcileRequest request;
  request.kind = kind;
  request.ns = ns;
  request.name = o.name;
  request.wait = o.wait;
  request.timeoutText = o.timeout;
  request.timeout = *timeout;
  return reconcileAndWait(*client, clock, request, std::cout, std::cerr);
}

void addCommand(CLI::App& app, bool suspend) {
  auto o = std::make_shared<SuspendOptions>();
  auto* cmd = app.add_subcommand(
      suspend ? "suspend" : "resume",
      suspend ? "Suspend a Kustomization, GitRepository (source) or Receiver: the controller "
                "leaves it alone until resumed"
              : "Resume a suspended Kustomization, GitRepository (source) or Receiver and wait "
                "for its reconcile");
  cmd->add_option("kind", o->what, "kustomization (ks), source (gitrepository) or receiver")
      ->required()
      ->check(CLI::IsMember({"kustomization", "ks", "source", "gitrepository", "receiver"}));
  cmd->add_option("name", o->name, "Name of the object")->required();
  addClusterFlags(*cmd, o->cluster);
  if (!suspend) {
    cmd->add_flag("--wait", o->wait,
                  "Wait until the controller has reconciled the object (default true; "
                  "--wait=false only asks)");
    cmd->add_option("--timeout", o->timeout, "How long to wait for the reconcile")
        ->capture_default_str();
  }
  cmd->callback([o, suspend] { setExitCode(runSuspend(*o, suspend)); });
}

}  // namespace

void addSuspendCommand(CLI::App& app) { addCommand(app, true); }
void addResumeCommand(CLI::App& app) { addCommand(app, false); }

}  // namespace gitsync::cli
