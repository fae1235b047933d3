#pragma once
// The controller's machinery (controller-runtime's Manager, small): per kind an Informer, a
// WorkQueue and `concurrent` workers calling the kind's Reconciler.
//   - enqueue on add and delete, and on updates that change metadata.generation, the
//     requestedAt annotation, deletionTimestamp or finalizers; never on status-only writes
//     (the reconcilers' own status writes must not loop);
//   - a new artifact revision of a GitRepository enqueues every Kustomization whose
//     spec.sourceRef names it and cancels (stop_token) their in-flight reconciles;
//   - a Kustomization that becomes Ready enqueues the Kustomizations that dependsOn it;
//   - after a reconcile: an error backs off per key (addRateLimited), success forgets the
//     key's failures and requeues after result.requeueAfter with +-10% jitter; a canceled
//     run is requeued at once unless the manager is stopping;
//   - informers may run on a standby (caches warm); workers only once startWorkers() is
//     called (on the leader).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "gitsync/controller/artifact_store.h"
#include "gitsync/controller/informer.h"
#include "gitsync/controller/metrics.h"
#include "gitsync/controller/reconciler.h"
#include "gitsync/controller/workqueue.h"
#include "gitsync/kube/client.h"
#include "gitsync/kube/clock.h"

namespace gitsync::controller {

// What the manager reports after every reconcile (the controller logs it as one line).
struct ReconcileRecord {
  std::string kind;
  ObjectKey key;
  std::string result;    // success, error, canceled
  std::string revision;  // the source revision involved, empty when unknown
  std::chrono::milliseconds duration{0};
  std::string error;                          // for result error
  std::chrono::milliseconds requeueAfter{0};  // the delay chosen (after jitter)
};

struct ManagerOptions {
  int concurrent = 4;  // workers per kind
  // How long stop() waits for in-flight reconciles after asking them to stop.
  std::chrono::milliseconds gracePeriod{std::chrono::seconds(30)};
  // Uniform in [0, 1): the jitter of requeues. Empty: a seeded std::mt19937.
  std::function<double()> random;
  WorkQueueOptions queue;
  std::chrono::seconds watchTimeout{300};
  // Watch only this namespace; empty: all namespaces.
  std::string watchNamespace;
  // Called on the worker's thread after every reconcile; may be empty.
  std::function<void(const ReconcileRecord&)> onReconciled;
};

class Manager {
 public:
  // Every reference must outlive the manager. Registers its metrics in `metrics` and sets
  // the listener of `artifacts`.
  Manager(kube::KubeClient& client, kube::Watcher& watcher, kube::Clock& clock,
          ArtifactStore& artifacts, Registry& metrics, ManagerOptions options);
  ~Manager();  // stop()

  // Before startInformers(). `kind` names the metrics and logs ("Kustomization").
  void addKind(const std::string& kind, const kube::GroupVersionKind& gvk, Reconciler& reconciler);

  void startInformers();
  // Starts `concurrent` workers per kind (on the leader). Idempotent.
  void startWorkers();
  // Shuts the queues down, requests stop on every in-flight reconcile, waits up to
  // gracePeriod for the workers, then stops the informers. False when a worker was still
  // running at the deadline: its thread is detached and the process must exit without
  // destroying the manager.
  bool stop();

  // The informers and, once started, the workers run (false after stop()).
  bool healthy() const;
  // Every informer listed once.
  bool ready() const;

  // The informers' handlers, public for tests that drive the manager without a cluster.
  void handleAdd(const std::string& kind, const kube::Json& object);
  void handleUpdate(const std::string& kind, const kube::Json& oldObject,
                    const kube::Json& newObject);
  void handleDelete(const std::string& kind, const kube::Json& object);
  // The ArtifactStore listener.
  void handleArtifact(const ObjectKey& source, const StoredArtifact& artifact);

  // What a worker does once: takes a key of `kind` (without blocking when !block), reconciles
  // it and requeues it. False when no key was pending (or the queue shut down).
  bool processNext(const std::string& kind, bool block = false);

  WorkQueue& queue(const std::string& kind);
  Informer& informer(const std::string& kind);

 private:
  struct Kind {
    std::string name;
    kube::GroupVersionKind gvk;
    Reconciler* reconciler = nullptr;
    std::unique_ptr<WorkQueue> queue;
    std::unique_ptr<Informer> informer;
    std::map<std::string, std::stop_source> inflight;  // guarded by mutex_
  };
  // What the fan-out needs of a Kustomization.
  struct KustomizationRefs {
    std::string source;                  // "ns/name" of its GitRepository
    std::set<std::string> dependsOn;     // "ns/name" of Kustomizations
    bool ready = false;
  };

  Kind& kind(const std::string& name);
  void indexKustomization(const kube::Json& object);
  std::chrono::milliseconds jitter(std::chrono::milliseconds d);
  std::string revisionOf(const std::string& kind, const std::string& key);
  void workerLoop(Kind& kind);

  kube::KubeClient& client_;
  kube::Watcher& watcher_;
  kube::Clock& clock_;
  ArtifactStore& artifacts_;
  ManagerOptions options_;
  Counter& reconcileTotal_;
  Histogram& reconcileDuration_;
  std::map<std::string, std::unique_ptr<Kind>> kinds_;

  mutable std::mutex mutex_;  // inflight, kustomizations_, random
  std::map<std::string, KustomizationRefs> kustomizations_;
  std::function<double()> random_;

  std::atomic<bool> stopping_{false};
  std::atomic<bool> workersStarted_{false};
  std::atomic<int> liveWorkers_{0};
  int expectedWorkers_ = 0;
  std::mutex workersMutex_;
  std::condition_variable workersDone_;
  std::vector<std::thread> workers_;
};

}  // namespace gitsync::controller
