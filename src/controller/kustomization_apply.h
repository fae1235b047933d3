#pragma once
// The apply half of a Kustomization reconcile: sync (apply, inventory in status, prune) and
// the health checks, with the outcome as data for the reconciler to turn into conditions.
#include <chrono>
#include <functional>
#include <optional>
#include <string>

#include "conditions.h"
#include "gitsync/apply/sync.h"
#include "gitsync/controller/api.h"
#include "gitsync/kube/http_client.h"
#include "kustomization_inventory.h"

namespace gitsync::controller {

struct ApplyOutcome {
  apply::SyncResult sync;
  std::optional<apply::Inventory> inventory;  // as stored in status at the end
  bool healthChecked = false;  // spec.wait or spec.healthChecks: a wait ran
  std::chrono::milliseconds healthDuration{0};
  // Set on failure: the stage (Apply, Prune, Health), the error, a canceled health wait.
  std::optional<Stage> failedStage;
  Status error;
  bool canceled = false;
};

struct ApplyContext {
  kube::HttpKubeClient& client;  // the (possibly impersonating) client for objects
  kube::Clock& clock;
  StatusPatcher patchStatus;     // writes status.inventory with the controller's own client
  std::string fieldManager;
  std::chrono::milliseconds healthPollInterval{std::chrono::seconds(1)};
  std::function<bool()> canceled;  // the reconcile's stop_token
};

// Applies `objects` for `k` (owner = its name and namespace; default namespace =
// targetNamespace, else its namespace; force, prune from the spec; an empty render never
// prunes everything), then waits for health: every applied object with spec.wait, else
// spec.healthChecks, for spec.effectiveTimeout().
ApplyOutcome applyKustomization(const Kustomization& k, const render::ObjectSet& objects,
                                ApplyContext& context);

// The objects spec.healthChecks names (their namespace defaults to the Kustomization's).
Result<std::vector<kube::ObjectRef>> healthCheckRefs(const Kustomization& k);

}  // namespace gitsync::controller
