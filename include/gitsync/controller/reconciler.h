#pragma once
// The controller's per-kind verb: bring one object to its desired state and write its status.
// The manager (manager.h) owns the watches, the work queue and the workers, and calls a
// Reconciler per kind; the reconcilers know nothing of queues.
#include <chrono>
#include <stop_token>
#include <string>

#include "gitsync/core/status.h"

namespace gitsync::controller {

struct ObjectKey {
  std::string ns;
  std::string name;

  std::string str() const { return ns + "/" + name; }  // "apps/web"
  bool operator==(const ObjectKey&) const = default;
  auto operator<=>(const ObjectKey&) const = default;
};

struct ReconcileResult {
  // Reconcile again after this long (the spec's interval, or retryInterval after a failure
  // the status already reports); zero: only when the object or its inputs change.
  std::chrono::milliseconds requeueAfter{0};
  // The work was cut short by `stop` (a newer source revision, or shutdown): reconcile again
  // at once unless the manager is stopping.
  bool canceled = false;
};

class Reconciler {
 public:
  virtual ~Reconciler() = default;

  // Reconciles the object named `key` as the API server has it now (a missing object is not
  // an error: there is nothing to do). The manager never runs two reconciles of one key at
  // once. `stop` is requested when the manager shuts down or when newer input makes this run
  // obsolete; long waits (health checks) end early then, with result.canceled.
  // A failure of the object (render, apply, health, ...) is written to its status and is
  // not an error. Errors are for failures to read or write the object itself (API server
  // unavailable, conflicts): the manager retries them with per-key exponential backoff.
  virtual Result<ReconcileResult> reconcile(const ObjectKey& key, std::stop_token stop) = 0;
};

}  // namespace gitsync::controller
