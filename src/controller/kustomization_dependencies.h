#pragma once
// dependsOn: every dependency must be Ready at the current revision of its source.
#include "gitsync/controller/api.h"
#include "gitsync/controller/artifact_store.h"
#include "gitsync/kube/client.h"

namespace gitsync::controller {

// Ok when every spec.dependsOn Kustomization exists, is Ready for its generation, and its
// status.lastAppliedRevision is the revision of its source's artifact in `artifacts`. Else
// FailedPrecondition naming the first one that is not:
//   "dependency 'apps/infra' is not ready", "dependency 'apps/infra' not found",
//   "dependency 'apps/infra' revision is not up to date".
// Other read errors are returned as they are (Unavailable, ...).
Status checkDependencies(kube::KubeClient& client, const Kustomization& kustomization,
                         const ArtifactStore& artifacts);

// The key of a Kustomization's source (its namespace when sourceRef names none).
ObjectKey sourceKeyOf(const Kustomization& kustomization);

}  // namespace gitsync::controller
