// TargetAnnotator: list or read each target, then apply the requestedAt annotation.
#include "annotator.h"

#include <cstdio>
#include <ctime>

#include "gitsync/controller/api.h"

namespace gitsync::webhook {
namespace {

using kube::Json;

std::string stringAt(const Json& object, const char* a, const char* b) {
  auto outer = object.find(a);
  if (outer == object.end() || !outer->is_object()) return "";
  auto inner = outer->find(b);
  return inner != outer->end() && inner->is_string() ? inner->get<std::string>() : "";
}

std::string annotationOf(const Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return "";
  return stringAt(*meta, "annotations", controller::kRequestedAtAnnotation);
}

std::string labelSelector(const std::map<std::string, std::string>& labels) {
  std::string out;
  for (const auto& [k, v] : labels) out += (out.empty() ? "" : ",") + k + "=" + v;
  return out;
}

}  // namespace

std::string rfc3339Nano(std::chrono::system_clock::time_point t) {
  auto since = t.time_since_epoch();
  auto seconds = std::chrono::floor<std::chrono::seconds>(since);
  auto nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(since - seconds).count();
  std::time_t tt = static_cast<std::time_t>(seconds.count());
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &tm);
  char out[48];
  std::snprintf(out, sizeof out, "%s.%09lldZ", date, static_cast<long long>(nanos));
  return out;
}

TargetAnnotator::TargetAnnotator(kube::KubeClient& client, Now now)
    : client_(client), now_(std::move(now)) {}

std::shared_ptr<TargetAnnotator::TargetState> TargetAnnotator::stateOf(const std::string& subject) {
  std::lock_guard lock(mutex_);
  auto& state = states_[subject];
  if (!state) state = std::make_shared<TargetState>();
  return state;
}

std::string TargetAnnotator::nextValue() {
  std::lock_guard lock(mutex_);
  auto t = now_();
  if (t <= last_) t = last_ + std::chrono::nanoseconds(1);
  last_ = t;
  return rfc3339Nano(t);
}

AnnotateOutcome TargetAnnotator::annotate(const ReceiverEntry& receiver) {
  AnnotateOutcome outcome;
  auto fail = [&](const Status& s) {
    if (outcome.status.ok()) outcome.status = s;
  };
  for (const auto& resource : receiver.resources) {
    auto gvk = kube::gvkOf(resource.apiVersion.empty() ? controller::kApiVersion
                                                       : resource.apiVersion,
                           resource.kind);
    if (!gvk.ok()) {
      fail(gvk.status());
      continue;
    }
    std::string ns = resource.ns.empty() ? receiver.key.ns : resource.ns;
    if (resource.name != "*") {
      annotateOne({*gvk, ns, resource.name}, outcome);
      continue;
    }
    kube::ListOptions options;
    options.ns = ns;
    options.labelSelector = labelSelector(resource.matchLabels);
    auto list = client_.list(*gvk, options);
    if (!list.ok()) {
      fail(list.status());
      continue;
    }
    for (const Json& item : list->items) {
      annotateOne({*gvk, ns, stringAt(item, "metadata", "name")}, outcome);
    }
  }
  return outcome;
}

void TargetAnnotator::annotateOne(const kube::ObjectRef& ref, AnnotateOutcome& outcome) {
  std::string subject = ref.subject();
  auto state = stateOf(subject);
  std::lock_guard lock(state->mutex);
  auto live = client_.get(ref);
  if (!live.ok()) {
    if (live.status().code() == Code::NotFound) {
      outcome.missing.push_back(subject);
    } else if (outcome.status.ok()) {
      outcome.status = live.status();
    }
    return;
  }
  if (!state->pendingValue.empty() && annotationOf(*live) == state->pendingValue &&
      stringAt(*live, "status", "lastHandledReconcileAt") != state->pendingValue) {
    outcome.pending.push_back(subject);
    return;
  }
  std::string value = nextValue();
  // The uid makes the apply fail instead of creating the object when it was deleted since.
  Json patch = {{"apiVersion", ref.gvk.apiVersion()},
                {"kind", ref.gvk.kind},
                {"metadata",
                 {{"name", ref.name},
                  {"namespace", ref.ns},
                  {"uid", stringAt(*live, "metadata", "uid")},
                  {"annotations", {{controller::kRequestedAtAnnotation, value}}}}}};
  kube::ApplyOptions options;
  options.fieldManager = kWebhookFieldManager;
  options.force = true;
  auto applied = client_.apply(patch, options);
  if (!applied.ok()) {
    if (applied.status().code() == Code::Aborted &&
        applied.status().message().find("uid mismatch") != std::string::npos) {
      outcome.missing.push_back(subject);  // deleted since it was read
    } else if (outcome.status.ok()) {
      outcome.status = applied.status();
    }
    return;
  }
  state->pendingValue = value;
  outcome.annotated.push_back(subject);
}

}  // namespace gitsync::webhook
