// Deployment, StatefulSet, DaemonSet, ReplicaSet and PodDisruptionBudget, in kstatus's order
// of checks so the first unmet expectation is the message.
#include <climits>
#include <string>

#include "fields.h"
#include "rules.h"

namespace gitsync::health::internal {
namespace {

Verdict inProgress(std::string message) { return {HealthStatus::InProgress, std::move(message)}; }
Verdict current(std::string message) { return {HealthStatus::Current, std::move(message)}; }

std::string ratio(const char* label, int64_t have, int64_t want) {
  return std::string(label) + ": " + std::to_string(have) + "/" + std::to_string(want);
}

std::string pendingTermination(int64_t extra) {
  return "Pending termination: " + std::to_string(extra);
}

}  // namespace

Verdict deploymentStatus(const kube::Json& live) {
  // Without progressDeadlineSeconds the controller never reports Progressing, so kstatus
  // counts the Deployment as progressing (the API defaults it to 600, INT32_MAX disables it).
  bool progressing = intField(live, {"spec", "progressDeadlineSeconds"}, INT32_MAX) == INT32_MAX;
  if (auto c = findCondition(live, "Progressing")) {
    if (c->reason == "ProgressDeadlineExceeded") {
      std::string message = "Progress deadline exceeded";
      if (!c->message.empty()) message += ": " + c->message;
      return {HealthStatus::Failed, message};
    }
    if (c->status == "True" && c->reason == "NewReplicaSetAvailable") progressing = true;
  }
  auto available = findCondition(live, "Available");

  const int64_t spec = intField(live, {"spec", "replicas"}, 1);
  const int64_t replicas = intField(live, {"status", "replicas"}, 0);
  const int64_t updated = intField(live, {"status", "updatedReplicas"}, 0);
  const int64_t ready = intField(live, {"status", "readyReplicas"}, 0);
  const int64_t availableReplicas = intField(live, {"status", "availableReplicas"}, 0);
  if (spec > replicas) return inProgress(ratio("Replicas", replicas, spec));
  if (spec > updated) return inProgress(ratio("Updated", updated, spec));
  if (replicas > spec) return inProgress(pendingTermination(replicas - spec));
  if (updated > availableReplicas) {
    return inProgress(ratio("Available", availableReplicas, updated));
  }
  if (spec > ready) return inProgress(ratio("Ready", ready, spec));
  if (!progressing) return inProgress("ReplicaSet not Available");
  if (!available || available->status != "True") return inProgress("Deployment not Available");
  return current("Deployment is available. Replicas: " + std::to_string(replicas));
}

Verdict statefulSetStatus(const kube::Json& live) {
  if (stringField(live, {"spec", "updateStrategy", "type"}) == "OnDelete") {
    return current("StatefulSet is using the ondelete update strategy");
  }
  const int64_t spec = intField(live, {"spec", "replicas"}, 1);
  const int64_t ready = intField(live, {"status", "readyReplicas"}, 0);
  const int64_t currentReplicas = intField(live, {"status", "currentReplicas"}, 0);
  const int64_t updated = intField(live, {"status", "updatedReplicas"}, 0);
  const int64_t replicas = intField(live, {"status", "replicas"}, 0);
  const int64_t partition =
      intField(live, {"spec", "updateStrategy", "rollingUpdate", "partition"}, -1);
  if (spec > replicas) return inProgress(ratio("Replicas", replicas, spec));
  if (spec > ready) return inProgress(ratio("Ready", ready, spec));
  if (replicas > spec) return inProgress(pendingTermination(replicas - spec));
  // A partition > 0 only rolls out the ordinals >= partition; 0 (the API's default) means all.
  if (partition > 0) {
    if (updated < spec - partition) return inProgress(ratio("updated", updated, spec - partition));
    return current("Partition rollout complete. updated: " + std::to_string(updated));
  }
  if (spec > currentReplicas) return inProgress(ratio("current", currentReplicas, spec));
  if (stringField(live, {"status", "currentRevision"}) !=
      stringField(live, {"status", "updateRevision"})) {
    return inProgress("Waiting for updated revision to match current");
  }
  return current("All replicas scheduled as expected. Replicas: " + std::to_string(replicas));
}

Verdict daemonSetStatus(const kube::Json& live) {
  const auto desired = optionalIntField(live, {"status", "desiredNumberScheduled"});
  if (!desired) return inProgress("Missing .status.desiredNumberScheduled");
  const int64_t scheduled = intField(live, {"status", "currentNumberScheduled"}, 0);
  const int64_t updated = intField(live, {"status", "updatedNumberScheduled"}, 0);
  const int64_t available = intField(live, {"status", "numberAvailable"}, 0);
  const int64_t ready = intField(live, {"status", "numberReady"}, 0);
  if (*desired > scheduled) return inProgress(ratio("Current", scheduled, *desired));
  if (*desired > updated) return inProgress(ratio("Updated", updated, *desired));
  if (*desired > available) return inProgress(ratio("Available", available, *desired));
  if (*desired > ready) return inProgress(ratio("Ready", ready, *desired));
  return current("All replicas scheduled as expected. Replicas: " + std::to_string(*desired));
}

Verdict replicaSetStatus(const kube::Json& live) {
  if (auto c = findCondition(live, "ReplicaFailure"); c && c->status == "True") {
    return inProgress("Replica Failure condition. Check Pods: " + reasonAndMessage(*c));
  }
  const int64_t spec = intField(live, {"spec", "replicas"}, 1);
  const int64_t replicas = intField(live, {"status", "replicas"}, 0);
  const int64_t ready = intField(live, {"status", "readyReplicas"}, 0);
  const int64_t available = intField(live, {"status", "availableReplicas"}, 0);
  const int64_t labelled = intField(live, {"status", "fullyLabeledReplicas"}, 0);
  if (spec > labelled) return inProgress(ratio("Labelled", labelled, spec));
  if (spec > available) return inProgress(ratio("Available", available, spec));
  if (spec > ready) return inProgress(ratio("Ready", ready, spec));
  if (replicas > spec) return inProgress(pendingTermination(replicas - spec));
  return current("ReplicaSet is available. Replicas: " + std::to_string(replicas));
}

Verdict podDisruptionBudgetStatus(const kube::Json&) {
  // The generic rules saw status.observedGeneration match: the disruption controller has
  // computed the budget. Whether it is met is the business of the pods' own controllers.
  return current("AllowedDisruptions has been computed.");
}

}  // namespace gitsync::health::internal
