// PersistentVolumeClaim, Service, CustomResourceDefinition, APIService, Namespace and the
// Ready-condition rule for every other kind.
#include <string>

#include "fields.h"
#include "rules.h"

namespace gitsync::health::internal {

Verdict persistentVolumeClaimStatus(const kube::Json& live) {
  const std::string phase = stringField(live, {"status", "phase"});
  if (phase == "Bound") return {HealthStatus::Current, "PVC is Bound"};
  if (phase == "Lost") return {HealthStatus::Failed, "PVC is Lost: its PersistentVolume is gone"};
  return {HealthStatus::InProgress,
          "PVC is not Bound. phase: " + (phase.empty() ? std::string("unknown") : phase)};
}

Verdict serviceStatus(const kube::Json& live) {
  if (stringField(live, {"spec", "type"}, "ClusterIP") == "LoadBalancer") {
    const kube::Json* ingress = findField(live, {"status", "loadBalancer", "ingress"});
    if (ingress == nullptr || !ingress->is_array() || ingress->empty()) {
      return {HealthStatus::InProgress, "Waiting for the load balancer ingress"};
    }
  }
  return {HealthStatus::Current, "Service is ready"};
}

Verdict customResourceDefinitionStatus(const kube::Json& live) {
  if (auto names = findCondition(live, "NamesAccepted"); names && names->status == "False") {
    return {HealthStatus::Failed, "Names not accepted: " + reasonAndMessage(*names)};
  }
  if (auto established = findCondition(live, "Established")) {
    if (established->status == "True") return {HealthStatus::Current, "CRD is established"};
    if (established->status == "False" && established->reason != "Installing") {
      return {HealthStatus::Failed, "CRD is not established: " + reasonAndMessage(*established)};
    }
  }
  return {HealthStatus::InProgress, "Install in progress"};
}

Verdict apiServiceStatus(const kube::Json& live) {
  auto available = findCondition(live, "Available");
  if (!available) return {HealthStatus::InProgress, "APIService availability not reported"};
  if (available->status == "True") return {HealthStatus::Current, "APIService is available"};
  return {HealthStatus::InProgress, "APIService is not available: " + reasonAndMessage(*available)};
}

Verdict namespaceStatus(const kube::Json& live) {
  const std::string phase = stringField(live, {"status", "phase"});
  if (phase == "Active") return {HealthStatus::Current, "Namespace is active"};
  return {HealthStatus::InProgress,
          "Namespace is not active. phase: " + (phase.empty() ? std::string("<none>") : phase)};
}

Verdict alwaysReadyStatus(const kube::Json&) {
  return {HealthStatus::Current, "Resource is always ready"};
}

Verdict readyConditionStatus(const kube::Json& live) {
  auto ready = findCondition(live, "Ready");
  if (!ready) return {HealthStatus::Current, "Resource is current"};
  if (ready->status == "True") return {HealthStatus::Current, "Resource is Ready"};
  std::string message = "Ready condition is " + ready->status;
  if (std::string why = reasonAndMessage(*ready); !why.empty()) message += ": " + why;
  return {HealthStatus::InProgress, message};
}

}  // namespace gitsync::health::internal
