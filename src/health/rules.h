#pragma once
// The kind-specific kstatus rules, each applied after the generic ones (deletion, observed
// generation, Reconciling/Stalled) found nothing. See docs/health.md for the table.
#include <string>

#include "gitsync/health/health.h"

namespace gitsync::health::internal {

struct Verdict {
  HealthStatus status = HealthStatus::Unknown;
  std::string message;
};

// workload_rules.cpp
Verdict deploymentStatus(const kube::Json& live);
Verdict statefulSetStatus(const kube::Json& live);
Verdict daemonSetStatus(const kube::Json& live);
Verdict replicaSetStatus(const kube::Json& live);
Verdict podDisruptionBudgetStatus(const kube::Json& live);

// pod_job_rules.cpp
Verdict podStatus(const kube::Json& live);
Verdict jobStatus(const kube::Json& live);

// other_rules.cpp
Verdict persistentVolumeClaimStatus(const kube::Json& live);
Verdict serviceStatus(const kube::Json& live);
Verdict customResourceDefinitionStatus(const kube::Json& live);
Verdict apiServiceStatus(const kube::Json& live);
Verdict namespaceStatus(const kube::Json& live);
// ConfigMap, Secret, CronJob: nothing to wait for.
Verdict alwaysReadyStatus(const kube::Json& live);
// Any other kind: its Ready condition when it has one, else Current.
Verdict readyConditionStatus(const kube::Json& live);

}  // namespace gitsync::health::internal
