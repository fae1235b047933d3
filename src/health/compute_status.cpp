// computeStatus: kstatus's generic rules, then the rule of the object's kind.
#include <string>
#include <string_view>

#include "gitsync/health/health.h"
#include "fields.h"
#include "rules.h"

namespace gitsync::health {
namespace {

using internal::Verdict;

// The kinds whose controllers always publish status.observedGeneration: until they do, the
// rest of their status describes an older spec.
bool publishesObservedGeneration(std::string_view group, std::string_view kind) {
  if (group != "apps" && group != "extensions") return false;
  return kind == "Deployment" || kind == "StatefulSet" || kind == "DaemonSet" ||
         kind == "ReplicaSet";
}

Verdict kindRule(const kube::GroupVersionKind& gvk, const kube::Json& live) {
  const std::string& g = gvk.group;
  const std::string& k = gvk.kind;
  if (g == "apps" || g == "extensions") {
    if (k == "Deployment") return internal::deploymentStatus(live);
    if (k == "DaemonSet") return internal::daemonSetStatus(live);
    if (k == "ReplicaSet") return internal::replicaSetStatus(live);
    if (k == "StatefulSet" && g == "apps") return internal::statefulSetStatus(live);
  }
  if (g.empty()) {
    if (k == "Pod") return internal::podStatus(live);
    if (k == "PersistentVolumeClaim") return internal::persistentVolumeClaimStatus(live);
    if (k == "Service") return internal::serviceStatus(live);
    if (k == "Namespace") return internal::namespaceStatus(live);
    if (k == "ConfigMap" || k == "Secret") return internal::alwaysReadyStatus(live);
  }
  if (g == "batch" && k == "Job") return internal::jobStatus(live);
  if (g == "batch" && k == "CronJob") return internal::alwaysReadyStatus(live);
  if (g == "policy" && k == "PodDisruptionBudget") {
    return internal::podDisruptionBudgetStatus(live);
  }
  if (g == "apiextensions.k8s.io" && k == "CustomResourceDefinition") {
    return internal::customResourceDefinitionStatus(live);
  }
  if (g == "apiregistration.k8s.io" && k == "APIService") return internal::apiServiceStatus(live);
  return internal::readyConditionStatus(live);
}

// Deletion, generation and the standard Reconciling/Stalled conditions; nullopt when none
// decides.
std::optional<Verdict> genericRule(const kube::GroupVersionKind& gvk, const kube::Json& live) {
  if (!internal::stringField(live, {"metadata", "deletionTimestamp"}).empty()) {
    return Verdict{HealthStatus::Terminating, "Resource scheduled for deletion"};
  }
  if (auto generation = internal::optionalIntField(live, {"metadata", "generation"})) {
    auto observed = internal::optionalIntField(live, {"status", "observedGeneration"});
    if (observed && *observed != *generation) {
      return Verdict{HealthStatus::InProgress,
                     gvk.kind + " generation is " + std::to_string(*generation) +
                         ", but latest observed generation is " + std::to_string(*observed)};
    }
    if (!observed && publishesObservedGeneration(gvk.group, gvk.kind)) {
      return Verdict{HealthStatus::InProgress, "Waiting for the controller to observe generation " +
                                                   std::to_string(*generation)};
    }
  }
  if (auto c = internal::findCondition(live, "Reconciling"); c && c->status == "True") {
    std::string why = internal::reasonAndMessage(*c);
    return Verdict{HealthStatus::InProgress, why.empty() ? "Reconciling" : "Reconciling: " + why};
  }
  if (auto c = internal::findCondition(live, "Stalled"); c && c->status == "True") {
    std::string why = internal::reasonAndMessage(*c);
    return Verdict{HealthStatus::Failed, why.empty() ? "Stalled" : "Stalled: " + why};
  }
  return std::nullopt;
}

}  // namespace

const char* statusName(HealthStatus status) {
  switch (status) {
    case HealthStatus::InProgress: return "InProgress";
    case HealthStatus::Current: return "Current";
    case HealthStatus::Failed: return "Failed";
    case HealthStatus::Terminating: return "Terminating";
    case HealthStatus::NotFound: return "NotFound";
    case HealthStatus::Unknown: return "Unknown";
  }
  return "Unknown";
}

bool HealthReport::allCurrent() const {
  for (const ObjectHealth& object : objects) {
    if (object.status != HealthStatus::Current) return false;
  }
  return true;
}

ObjectHealth computeStatus(const kube::Json& live) {
  ObjectHealth out;
  auto ref = kube::refOf(live);
  if (!ref.ok()) {
    out.status = HealthStatus::Unknown;
    out.message = "cannot compute status: " + ref.status().message();
    return out;
  }
  out.ref = *ref;
  Verdict verdict;
  if (auto generic = genericRule(out.ref.gvk, live)) {
    verdict = std::move(*generic);
  } else {
    verdict = kindRule(out.ref.gvk, live);
  }
  out.status = verdict.status;
  out.message = std::move(verdict.message);
  return out;
}

}  // namespace gitsync::health
