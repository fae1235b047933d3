#pragma once
// Writing what a reconcile decided: the status subresource (a JSON merge patch of the whole
// status the reconciler computed) and metadata.finalizers (an update with the read
// resourceVersion, so a concurrent change gives Aborted and the manager retries).
#include <string>

#include "gitsync/controller/api.h"
#include "gitsync/kube/http_client.h"

namespace gitsync::controller {

// The status as it is stored: conditions, observedGeneration, revisions, inventory
// ({"entries": [...]}, or null when there is none), lastHandledReconcileAt (omitted when
// empty).
Json statusToJson(const KustomizationStatus& status);
Json statusToJson(const GitRepositoryStatus& status);  // artifact null when there is none

// PATCH .../status with {"status": status}. Errors are the API's.
Status writeStatus(kube::HttpKubeClient& client, const kube::ObjectRef& ref, const Json& status,
                   const std::string& fieldManager);

// Adds (`present`) or removes `finalizer` in `object` (as read) and updates it; ok without a
// request when it already is that way.
Status setFinalizer(kube::HttpKubeClient& client, Json object, const std::string& finalizer,
                    bool present, const std::string& fieldManager);

}  // namespace gitsync::controller
