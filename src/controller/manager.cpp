#include "gitsync/controller/manager.h"

#include <spdlog/spdlog.h>

#include <random>

namespace gitsync::controller {

Manager::Manager(kube::KubeClient& client, kube::Watcher& watcher, kube::Clock& clock,
                 ArtifactStore& artifacts, Registry& metrics, ManagerOptions options)
    : client_(client),
      watcher_(watcher),
      clock_(clock),
      artifacts_(artifacts),
      options_(std::move(options)),
      reconcileTotal_(metrics.counter("gitsync_reconcile_total",
                                      "Reconciles by kind and result (success, error, canceled).",
                                      {"kind", "result"})),
      reconcileDuration_(metrics.histogram("gitsync_reconcile_duration_seconds",
                                           "Duration of reconciles by kind.", {"kind"},
                                           {0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60,
                                            300})),
      random_(options_.random) {
  if (!random_) {
    auto engine = std::make_shared<std::mt19937>(std::random_device{}());
    random_ = [engine] { return std::uniform_real_distribution<double>(0, 1)(*engine); };
  }
  auto& depth = metrics.gauge("gitsync_workqueue_depth", "Keys waiting for a worker, by kind.",
                              {"kind"});
  auto& suspended = metrics.gauge("gitsync_resources_suspended",
                                  "Objects with spec.suspend, by kind.", {"kind"});
  auto& ready = metrics.gauge("gitsync_resources_ready",
                              "Objects whose Ready condition is True, by kind.", {"kind"});
  auto& total = metrics.gauge("gitsync_resources", "Objects watched, by kind.", {"kind"});
  metrics.addCollector([this, &depth, &suspended, &ready, &total] {
    for (auto& [name, k] : kinds_) {
      depth.set({name}, static_cast<double>(k->queue->depth()));
      int nSuspended = 0, nReady = 0;
      auto objects = k->informer->list();
      total.set({name}, static_cast<double>(objects.size()));
      for (const auto& object : objects) {
        auto spec = object.find("spec");
        if (spec != object.end() && spec->is_object() && spec->value("suspend", false)) {
          ++nSuspended;
        }
        auto status = object.find("status");
        if (status == object.end() || !status->is_object()) continue;
        for (const auto& c : status->value("conditions", kube::Json::array())) {
          if (c.is_object() && c.value("type", "") == "Ready" && c.value("status", "") == "True") {
            ++nReady;
          }
        }
      }
      suspended.set({name}, nSuspended);
      ready.set({name}, nReady);
    }
  });
  artifacts_.setListener(
      [this](const ObjectKey& source, const StoredArtifact& a) { handleArtifact(source, a); });
}

Manager::~Manager() {
  if (!stop()) std::terminate();  // detached workers still use this object
}

void Manager::addKind(const std::string& name, const kube::GroupVersionKind& gvk,
                      Reconciler& reconciler) {
  auto k = std::make_unique<Kind>();
  k->name = name;
  k->gvk = gvk;
  k->reconciler = &reconciler;
  k->queue = std::make_unique<WorkQueue>(clock_, options_.queue);
  InformerOptions informerOptions;
  informerOptions.gvk = gvk;
  informerOptions.watchTimeout = options_.watchTimeout;
  informerOptions.ns = options_.watchNamespace;
  InformerHandlers handlers;
  handlers.onAdd = [this, name](const kube::Json& o) { handleAdd(name, o); };
  handlers.onUpdate = [this, name](const kube::Json& o, const kube::Json& n) {
    handleUpdate(name, o, n);
  };
  handlers.onDelete = [this, name](const kube::Json& o) { handleDelete(name, o); };
  k->informer = std::make_unique<Informer>(client_, watcher_, clock_, informerOptions, handlers);
  kinds_[name] = std::move(k);
}

Manager::Kind& Manager::kind(const std::string& name) { return *kinds_.at(name); }
WorkQueue& Manager::queue(const std::string& name) { return *kind(name).queue; }
Informer& Manager::informer(const std::string& name) { return *kind(name).informer; }

void Manager::startInformers() {
  for (auto& [name, k] : kinds_) k->informer->start();
}

void Manager::startWorkers() {
  if (workersStarted_.exchange(true) || stopping_) return;
  std::lock_guard lock(workersMutex_);
  for (auto& [name, k] : kinds_) {
    for (int i = 0; i < options_.concurrent; ++i) {
      ++liveWorkers_;
      ++expectedWorkers_;
      workers_.emplace_back([this, kp = k.get()] { workerLoop(*kp); });
    }
  }
  spdlog::info("controller: {} workers started for {} kinds", expectedWorkers_, kinds_.size());
}

void Manager::workerLoop(Kind& k) {
  while (processNext(k.name, true)) {
  }
  std::lock_guard lock(workersMutex_);
  --liveWorkers_;
  workersDone_.notify_all();
}

std::chrono::milliseconds Manager::jitter(std::chrono::milliseconds d) {
  double r;
  {
    std::lock_guard lock(mutex_);
    r = random_();
  }
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(d.count()) * (0.9 + 0.2 * r)));
}

bool Manager::processNext(const std::string& kindName, bool block) {
  Kind& k = kind(kindName);
  auto key = block ? k.queue->get() : k.queue->tryGet();
  if (!key) return false;
  ObjectKey objectKey = objectKeyOf(*key);
  std::stop_source stop;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) stop.request_stop();
    k.inflight[*key] = stop;
  }
  auto started = clock_.now();
  Result<ReconcileResult> result = internalError("no result");
  try {
    result = k.reconciler->reconcile(objectKey, stop.get_token());
  } catch (const std::exception& e) {
    result = internalError(kindName + "/" + *key + ": reconcile: " + e.what());
  }
  auto duration =
      std::chrono::duration_cast<std::chrono::milliseconds>(clock_.now() - started);
  {
    std::lock_guard lock(mutex_);
    k.inflight.erase(*key);
  }

  ReconcileRecord record;
  record.kind = kindName;
  record.key = objectKey;
  record.duration = duration;
  if (!result.ok()) {
    record.result = "error";
    record.error = result.status().message();
    k.queue->addRateLimited(*key);
    record.requeueAfter = std::chrono::duration_cast<std::chrono::milliseconds>(
        k.queue->backoffFor(k.queue->failures(*key)));
  } else {
    k.queue->forget(*key);
    if (result->canceled) {
      record.result = "canceled";
      if (!stopping_) k.queue->add(*key);
    } else {
      record.result = "success";
      if (result->requeueAfter > std::chrono::milliseconds::zero()) {
        record.requeueAfter = jitter(result->requeueAfter);
        k.queue->addAfter(*key, record.requeueAfter);
      }
    }
  }
  record.revision = revisionOf(kindName, *key);
  reconcileTotal_.inc({kindName, record.result});
  reconcileDuration_.observe({kindName}, static_cast<double>(duration.count()) / 1000.0);
  if (options_.onReconciled) options_.onReconciled(record);
  k.queue->done(*key);
  return true;
}

bool Manager::stop() {
  if (stopping_.exchange(true)) {
    std::lock_guard lock(workersMutex_);
    return liveWorkers_ == 0;
  }
  std::vector<std::stop_source> running;
  {
    std::lock_guard lock(mutex_);
    for (auto& [name, k] : kinds_) {
      k->queue->shutDown();
      for (auto& [key, stop] : k->inflight) running.push_back(stop);
    }
  }
  for (auto& stop : running) stop.request_stop();  // outside the lock: callbacks run here
  bool clean = true;
  {
    std::unique_lock lock(workersMutex_);
    clean = workersDone_.wait_for(lock, options_.gracePeriod, [&] { return liveWorkers_ == 0; });
    for (auto& t : workers_) {
      if (clean) {
        t.join();
      } else {
        t.detach();
      }
    }
    workers_.clear();
  }
  if (!clean) {
    spdlog::error("controller: {} reconciles still running after the {} ms grace period",
                  liveWorkers_.load(), options_.gracePeriod.count());
  }
  for (auto& [name, k] : kinds_) k->informer->stop();
  return clean;
}

bool Manager::healthy() const {
  if (stopping_) return false;
  for (const auto& [name, k] : kinds_) {
    if (!k->informer->running()) return false;
  }
  return !workersStarted_ || liveWorkers_ == expectedWorkers_;
}

bool Manager::ready() const {
  for (const auto& [name, k] : kinds_) {
    if (!k->informer->hasSynced()) return false;
  }
  return true;
}

}  // namespace gitsync::controller
