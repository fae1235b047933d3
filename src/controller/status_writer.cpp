#include "status_writer.h"

#include <algorithm>

namespace gitsync::controller {

Json statusToJson(const KustomizationStatus& status) {
  Json out = {{"observedGeneration", status.observedGeneration},
              {"conditions", conditionsToJson(status.conditions)},
              {"lastAppliedRevision", status.lastAppliedRevision},
              {"lastAttemptedRevision", status.lastAttemptedRevision},
              {"inventory", status.inventory ? inventoryToJson(*status.inventory) : Json()}};
  if (!status.lastHandledReconcileAt.empty()) {
    out["lastHandledReconcileAt"] = status.lastHandledReconcileAt;
  }
  return out;
}

Json statusToJson(const GitRepositoryStatus& status) {
  Json out = {{"observedGeneration", status.observedGeneration},
              {"conditions", conditionsToJson(status.conditions)},
              {"artifact", Json()}};
  if (const auto& a = status.artifact) {
    out["artifact"] = {{"path", a->path},
                       {"url", a->url},
                       {"revision", a->revision},
                       {"digest", a->digest},
                       {"lastUpdateTime", a->lastUpdateTime},
                       {"size", a->size}};
  }
  if (!status.lastHandledReconcileAt.empty()) {
    out["lastHandledReconcileAt"] = status.lastHandledReconcileAt;
  }
  return out;
}

Status writeStatus(kube::HttpKubeClient& client, const kube::ObjectRef& ref, const Json& status,
                   const std::string& fieldManager) {
  kube::WriteOptions options;
  options.fieldManager = fieldManager;
  return client.patchStatus(ref, Json{{"status", status}}, options).status();
}

Status setFinalizer(kube::HttpKubeClient& client, Json object, const std::string& finalizer,
                    bool present, const std::string& fieldManager) {
  Json& metadata = object["metadata"];
  Json finalizers = metadata.contains("finalizers") && metadata["finalizers"].is_array()
                        ? metadata["finalizers"]
                        : Json::array();
  auto it = std::find(finalizers.begin(), finalizers.end(), Json(finalizer));
  if ((it != finalizers.end()) == present) return okStatus();
  if (present) {
    finalizers.push_back(finalizer);
  } else {
    finalizers.erase(it);
  }
  metadata["finalizers"] = finalizers;
  object.erase("status");
  kube::WriteOptions options;
  options.fieldManager = fieldManager;
  return client.update(object, options).status();
}

}  // namespace gitsync::controller
