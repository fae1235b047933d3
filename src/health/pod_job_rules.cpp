// Pods and Jobs: phases, container waiting reasons and completion conditions.
#include <array>
#include <string>
#include <string_view>

#include "fields.h"
#include "rules.h"

namespace gitsync::health::internal {
namespace {

// Waiting reasons that do not fix themselves without a change of the spec or the cluster.
constexpr std::array<std::string_view, 5> kFailingWaitReasons = {
    "CrashLoopBackOff", "ImagePullBackOff", "ErrImagePull", "CreateContainerConfigError",
    "InvalidImageName"};

bool isFailingReason(std::string_view reason) {
  for (std::string_view r : kFailingWaitReasons) {
    if (r == reason) return true;
  }
  return false;
}

// "init (ErrImagePull), app (CrashLoopBackOff)", or "" when no container waits for a failing
// reason. Init containers first, as the kubelet runs them.
std::string failingContainers(const kube::Json& live) {
  std::string out;
  for (const char* list : {"initContainerStatuses", "containerStatuses"}) {
    const kube::Json* statuses = findField(live, {"status", list});
    if (statuses == nullptr || !statuses->is_array()) continue;
    for (const kube::Json& container : *statuses) {
      std::string reason = stringField(container, {"state", "waiting", "reason"});
      if (!isFailingReason(reason)) continue;
      if (!out.empty()) out += ", ";
      out += stringField(container, {"name"}) + " (" + reason + ")";
    }
  }
  return out;
}

}  // namespace

Verdict podStatus(const kube::Json& live) {
  const std::string phase = stringField(live, {"status", "phase"});
  if (phase == "Succeeded") return {HealthStatus::Current, "Pod has completed successfully"};
  if (phase == "Failed") return {HealthStatus::Failed, "Pod has completed, but not successfully"};
  if (phase == "Running") {
    if (auto ready = findCondition(live, "Ready"); ready && ready->status == "True") {
      return {HealthStatus::Current, "Pod is Ready"};
    }
  }
  if (phase == "Running" || phase == "Pending") {
    if (std::string failing = failingContainers(live); !failing.empty()) {
      return {HealthStatus::Failed, "Containers cannot start: " + failing};
    }
  }
  if (phase == "Running") return {HealthStatus::InProgress, "Pod is running but is not Ready"};
  if (phase == "Pending") {
    // Unschedulable can clear when nodes appear, so it stays InProgress (kstatus fails it
    // after 15 s, which would make computeStatus depend on the clock).
    if (auto scheduled = findCondition(live, "PodScheduled");
        scheduled && scheduled->status == "False" && scheduled->reason == "Unschedulable") {
      return {HealthStatus::InProgress, "Pod has not been scheduled: " + scheduled->message};
    }
    return {HealthStatus::InProgress, "Pod is in the Pending phase"};
  }
  if (phase.empty()) return {HealthStatus::InProgress, "Pod phase not available"};
  return {HealthStatus::Unknown, "Unknown Pod phase " + phase};
}

Verdict jobStatus(const kube::Json& live) {
  const int64_t parallelism = intField(live, {"spec", "parallelism"}, 1);
  const int64_t completions = intField(live, {"spec", "completions"}, parallelism);
  const int64_t succeeded = intField(live, {"status", "succeeded"}, 0);
  const int64_t active = intField(live, {"status", "active"}, 0);
  const int64_t failed = intField(live, {"status", "failed"}, 0);
  const std::string counts = "succeeded: " + std::to_string(succeeded) +
                             ", active: " + std::to_string(active) +
                             ", failed: " + std::to_string(failed);
  if (auto c = findCondition(live, "Complete"); c && c->status == "True") {
    return {HealthStatus::Current, "Job Completed. succeeded: " + std::to_string(succeeded) + "/" +
                                       std::to_string(completions)};
  }
  if (auto c = findCondition(live, "Failed"); c && c->status == "True") {
    std::string message = "Job Failed. failed: " + std::to_string(failed) + "/" +
                          std::to_string(completions);
    if (std::string why = reasonAndMessage(*c); !why.empty()) message += ": " + why;
    return {HealthStatus::Failed, message};
  }
  // A suspended Job is where its owner wants it (Kueue and friends resume it later).
  if (auto c = findCondition(live, "Suspended"); c && c->status == "True") {
    return {HealthStatus::Current, "Job is suspended"};
  }
  if (stringField(live, {"status", "startTime"}).empty()) {
    return {HealthStatus::InProgress, "Job not started"};
  }
  // kstatus calls a started Job Current; gitsync waits for it to complete.
  return {HealthStatus::InProgress, "Job in progress. " + counts};
}

}  // namespace gitsync::health::internal
