#pragma once
// The health stage: is every applied object ready? Status rules follow kstatus
// (sigs.k8s.io/cli-utils pkg/kstatus): generic rules for any object (deletion, observed
// generation, Reconciling/Stalled/Ready conditions), then rules per built-in kind. The rules
// table is in docs/health.md.
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/kube/client.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/types.h"

namespace gitsync::health {

// kstatus's statuses. Named HealthStatus so it does not shadow gitsync::Status.
enum class HealthStatus {
  InProgress,   // the controller is still working towards the desired state
  Current,      // the desired state is reached
  Failed,       // the controller reports it cannot reach the desired state
  Terminating,  // metadata.deletionTimestamp is set
  NotFound,     // the object does not exist (GET answered 404)
  Unknown,      // the object could not be read, or its status could not be computed
};

// "InProgress", "Current", "Failed", "Terminating", "NotFound", "Unknown".
const char* statusName(HealthStatus status);

struct ObjectHealth {
  kube::ObjectRef ref;
  HealthStatus status = HealthStatus::Unknown;
  std::string message;  // kstatus-style: "Deployment is available. Replicas: 2"
};

// The kstatus rules for one live object (JSON as the API returns it). Never fails: an object
// without apiVersion/kind gets an empty ref and Unknown.
ObjectHealth computeStatus(const kube::Json& live);

struct WaitOptions {
  // How long wait() keeps polling before it gives up with DeadlineExceeded.
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  // Pause between two rounds of reads (kstatus's poller default); must be positive.
  std::chrono::milliseconds pollInterval{std::chrono::seconds(2)};
  // Stop at the first Failed object instead of waiting for the timeout.
  bool failFast = true;
  // Kinds with more than this many objects of one namespace are read with one LIST per
  // (kind, namespace) instead of one GET per object.
  size_t listThreshold = 3;
  // Asked before every round and about every 100 ms while waiting between rounds; true ends
  // the wait at once with Aborted and WaitResult::canceled (a controller stopping, or a newer
  // revision making this wait obsolete). May be empty.
  std::function<bool()> canceled;
};

struct HealthReport {
  std::vector<ObjectHealth> objects;  // in the order of the refs given to wait()

  // True when every object is Current (and vacuously for no objects).
  bool allCurrent() const;
};

// The report (always: results are data) and how the wait ended:
//   ok                  every object is Current
//   FailedPrecondition  an object is Failed (failFast, or still Failed at the deadline)
//   DeadlineExceeded    the timeout passed with objects not Current
//   InvalidArgument     options.pollInterval is not positive (nothing is read)
//   Aborted             options.canceled() returned true ("health: canceled after 2s with
//                       1 object not ready: ..."); WaitResult::canceled is set
//   other codes         a read failed with a code that is not transient (403, 400, ...);
//                       Unavailable, DeadlineExceeded and Aborted reads are retried
// Non-ok messages name the objects concerned, joined by "; ":
//   "health: 1 object failed: Deployment/prod/web: Failed: Progress deadline exceeded: ..."
//   "health: timed out after 300s with 1 object not ready: Deployment/prod/web: InProgress:
//    Ready: 1/2"
//   "health: Deployment/prod/web: get: Forbidden: ..."
struct WaitResult {
  HealthReport report;
  Status status;
  bool canceled = false;  // ended by WaitOptions::canceled
};

class HealthChecker {
 public:
  virtual ~HealthChecker() = default;

  // Waits until every object is Current, one is Failed (options.failFast), or options.timeout
  // passes. NotFound and Terminating objects are waited for like InProgress ones.
  virtual WaitResult wait(const std::vector<kube::ObjectRef>& objects,
                          const WaitOptions& options) = 0;
};

// Polls `client` (GET per object, or LIST per kind and namespace past listThreshold) every
// pollInterval of `clock`. Both must outlive the checker.
std::unique_ptr<HealthChecker> makePollingHealthChecker(kube::KubeClient& client,
                                                        kube::Clock& clock);

}  // namespace gitsync::health
