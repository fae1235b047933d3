#include "gitsync/controller/manager.h"

#include <catch2/catch.hpp>

#include <condition_variable>
#include <deque>

#include "../kube/fake_clock.h"
#include "fake_kube.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::controller::testing;
using gitsync::kube::testing::FakeClock;
using namespace std::chrono_literals;

namespace {

// Answers from a script (default: success without requeue) and records the keys it saw.
class FakeReconciler final : public Reconciler {
 public:
  std::deque<Result<ReconcileResult>> results;

  // The next reconcile waits until its stop_token is requested and returns canceled.
  void blockNext() {
    std::lock_guard lock(mutex_);
    blockUntilStopped = true;
  }

  Result<ReconcileResult> reconcile(const ObjectKey& key, std::stop_token stop) override {
    std::unique_lock lock(mutex_);
    seen_.push_back(key.str());
    running_ = true;
    cv_.notify_all();
    if (blockUntilStopped) {
      blockUntilStopped = false;
      std::condition_variable_any cv;
      cv.wait(lock, stop, [] { return false; });
      running_ = false;
      return ReconcileResult{0ms, true};
    }
    running_ = false;
    if (results.empty()) return ReconcileResult{};
    auto r = std::move(results.front());
    results.pop_front();
    return r;
  }
  std::vector<std::string> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }
  void waitRunning() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return running_; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable cv_;
  std::vector<std::string> seen_;
  bool running_ = false;
  bool blockUntilStopped = false;
};

// Polls `done` (threads are involved) for up to 30 s.
bool eventuallyTrue(const std::function<bool()>& done) {
  for (int i = 0; i < 3000 && !done(); ++i) std::this_thread::sleep_for(10ms);
  return done();
}

kube::Json object(const std::string& kind, const std::string& ns, const std::string& name,
                  int64_t generation = 1) {
  return {{"apiVersion", "gitsync.dev/v1"},
          {"kind", kind},
          {"metadata",
           {{"namespace", ns}, {"name", name}, {"generation", generation},
            {"resourceVersion", "1"}}},
          {"spec", kube::Json::object()}};
}

kube::Json kustomization(const std::string& ns, const std::string& name,
                         const kube::Json& sourceRef, const kube::Json& dependsOn = kube::Json::array()) {
  auto k = object("Kustomization", ns, name);
  k["spec"] = {{"sourceRef", sourceRef}, {"dependsOn", dependsOn}};
  return k;
}

kube::Json withReady(kube::Json o, const std::string& status, int64_t observedGeneration) {
  o["status"]["conditions"] = {{{"type", "Ready"},
                                {"status", status},
                                {"reason", "X"},
                                {"observedGeneration", observedGeneration}}};
  o["metadata"]["resourceVersion"] = "2";
  return o;
}

std::vector<std::string> drain(WorkQueue& q) {
  std::vector<std::string> out;
  while (auto key = q.tryGet()) {
    out.push_back(*key);
    q.done(*key);
  }
  return out;
}

struct Fixture {
  ScriptedKube kube;
  FakeClock clock;
  ArtifactStore artifacts;
  Registry registry;
  FakeReconciler repos, kustomizations;
  std::mutex recordsMutex;
  std::vector<ReconcileRecord> records;
  double random = 0.5;
  std::unique_ptr<Manager> manager;

  Fixture() {
    ManagerOptions options;
    options.concurrent = 2;
    options.random = [this] { return random; };
    options.onReconciled = [this](const ReconcileRecord& r) {
      std::lock_guard lock(recordsMutex);
      records.push_back(r);
    };
    manager = std::make_unique<Manager>(kube, kube, clock, artifacts, registry, options);
    manager->addKind("GitRepository", {"gitsync.dev", "v1", "GitRepository"}, repos);
    manager->addKind("Kustomization", {"gitsync.dev", "v1", "Kustomization"}, kustomizations);
  }
};

}  // namespace

TEST_CASE("adds, deletes and spec/annotation/deletion/finalizer changes enqueue; status "
          "writes do not") {
  Fixture f;
  auto& q = f.manager->queue("GitRepository");
  auto repo = object("GitRepository", "apps", "repo");
  f.manager->handleAdd("GitRepository", repo);
  CHECK(drain(q) == std::vector<std::string>{"apps/repo"});

  auto statusOnly = repo;
  statusOnly["metadata"]["resourceVersion"] = "2";
  statusOnly["status"] = {{"observedGeneration", 1}, {"artifact", {{"revision", "main@sha1:1"}}}};
  f.manager->handleUpdate("GitRepository", repo, statusOnly);
  auto labelOnly = statusOnly;
  labelOnly["metadata"]["labels"] = {{"team", "a"}};
  f.manager->handleUpdate("GitRepository", statusOnly, labelOnly);
  CHECK(drain(q).empty());

  auto specChanged = object("GitRepository", "apps", "repo", 2);
  f.manager->handleUpdate("GitRepository", repo, specChanged);
  CHECK(drain(q) == std::vector<std::string>{"apps/repo"});

  auto requested = specChanged;
  requested["metadata"]["annotations"] = {{"reconcile.gitsync.dev/requestedAt", "now"}};
  f.manager->handleUpdate("GitRepository", specChanged, requested);
  CHECK(drain(q) == std::vector<std::string>{"apps/repo"});

  auto finalized = requested;
  finalized["metadata"]["finalizers"] = {"finalizers.gitsync.dev"};
  f.manager->handleUpdate("GitRepository", requested, finalized);
  CHECK(drain(q) == std::vector<std::string>{"apps/repo"});

  auto deleting = finalized;
  deleting["metadata"]["deletionTimestamp"] = "2026-11-22T02:00:00Z";
  f.manager->handleUpdate("GitRepository", finalized, deleting);
  CHECK(drain(q) == std::vector<std::string>{"apps/repo"});

  f.manager->handleDelete("GitRepository", deleting);
  CHECK(drain(q) == std::vector<std::string>{"apps/repo"});
}

TEST_CASE("results requeue: interval with jitter, backoff on errors, at once when canceled") {
  Fixture f;
  auto& q = f.manager->queue("GitRepository");
  f.repos.results.push_back(ReconcileResult{10s});
  f.repos.results.push_back(unavailable("GitRepository/apps/repo: status: connection refused"));
  f.repos.results.push_back(unavailable("GitRepository/apps/repo: status: connection refused"));
  f.repos.results.push_back(ReconcileResult{60s, true});
  f.repos.results.push_back(ReconcileResult{60s});
  q.add("apps/repo");

  f.random = 0.25;  // 10 s * (0.9 + 0.2 * 0.25) = 9.5 s
  REQUIRE(f.manager->processNext("GitRepository"));
  CHECK(f.records.back().result == "success");
  CHECK(f.records.back().requeueAfter == 9500ms);
  CHECK_FALSE(f.manager->processNext("GitRepository"));
  f.clock.advance(9499ms);
  CHECK_FALSE(f.manager->processNext("GitRepository"));
  f.clock.advance(1ms);
  REQUIRE(f.manager->processNext("GitRepository"));  // the error: 1 s backoff
  CHECK(f.records.back().result == "error");
  CHECK(f.records.back().error == "GitRepository/apps/repo: status: connection refused");
  CHECK(f.records.back().requeueAfter == 1s);
  f.clock.advance(1s);
  REQUIRE(f.manager->processNext("GitRepository"));  // second error: 2 s
  CHECK(f.records.back().requeueAfter == 2s);
  CHECK(q.failures("apps/repo") == 2);
  f.clock.advance(1999ms);
  CHECK_FALSE(f.manager->processNext("GitRepository"));
  f.clock.advance(1ms);
  REQUIRE(f.manager->processNext("GitRepository"));  // canceled: again at once
  CHECK(f.records.back().result == "canceled");
  CHECK(q.failures("apps/repo") == 0);
  REQUIRE(f.manager->processNext("GitRepository"));
  CHECK(f.records.back().result == "success");
  CHECK(f.repos.seen().size() == 5);

  auto metrics = f.registry.expose();
  CHECK(metrics.find("gitsync_reconcile_total{kind=\"GitRepository\",result=\"success\"} 2\n") !=
        std::string::npos);
  CHECK(metrics.find("gitsync_reconcile_total{kind=\"GitRepository\",result=\"error\"} 2\n") !=
        std::string::npos);
  CHECK(metrics.find("gitsync_reconcile_total{kind=\"GitRepository\",result=\"canceled\"} 1\n") !=
        std::string::npos);
  CHECK(metrics.find("gitsync_reconcile_duration_seconds_count{kind=\"GitRepository\"} 5\n") !=
        std::string::npos);
}

TEST_CASE("a new artifact revision enqueues the Kustomizations using that GitRepository") {
  Fixture f;
  f.manager->handleAdd("Kustomization",
                       kustomization("apps", "web", {{"kind", "GitRepository"}, {"name", "repo"}}));
  f.manager->handleAdd("Kustomization",
                       kustomization("infra", "db", {{"kind", "GitRepository"},
                                                     {"name", "repo"},
                                                     {"namespace", "apps"}}));
  f.manager->handleAdd("Kustomization",
                       kustomization("infra", "other", {{"kind", "GitRepository"}, {"name", "repo"}}));
  auto& q = f.manager->queue("Kustomization");
  drain(q);
  f.artifacts.put({"apps", "repo"}, {"main@sha1:aaaa", "sha256:1", "/tmp/x"});
  CHECK(drain(q) == std::vector<std::string>{"apps/web", "infra/db"});
  f.artifacts.put({"apps", "repo"}, {"main@sha1:aaaa", "sha256:1", "/tmp/x"});
  CHECK(drain(q).empty());  // same revision: nothing to do

  // The revision reported for a Kustomization is its source's.
  q.add("apps/web");
  REQUIRE(f.manager->processNext("Kustomization"));
  CHECK(f.records.back().revision == "main@sha1:aaaa");
  CHECK(f.records.back().key == ObjectKey{"apps", "web"});
}

TEST_CASE("a Kustomization becoming Ready enqueues its dependents, not itself") {
  Fixture f;
  auto source = kube::Json{{"kind", "GitRepository"}, {"name", "repo"}};
  auto base = kustomization("apps", "base", source);
  f.manager->handleAdd("Kustomization", base);
  f.manager->handleAdd("Kustomization",
                       kustomization("apps", "web", source, {{{"name", "base"}}}));
  f.manager->handleAdd("Kustomization",
                       kustomization("infra", "db", source,
                                     {{{"name", "base"}, {"namespace", "apps"}}}));
  f.manager->handleAdd("Kustomization", kustomization("apps", "lonely", source));
  auto& q = f.manager->queue("Kustomization");
  drain(q);

  auto notReady = withReady(base, "False", 1);
  f.manager->handleUpdate("Kustomization", base, notReady);
  CHECK(drain(q).empty());
  auto staleReady = withReady(base, "True", 0);  // Ready of an older generation
  f.manager->handleUpdate("Kustomization", notReady, staleReady);
  CHECK(drain(q).empty());
  auto ready = withReady(base, "True", 1);
  ready["metadata"]["resourceVersion"] = "3";
  f.manager->handleUpdate("Kustomization", staleReady, ready);
  CHECK(drain(q) == std::vector<std::string>{"apps/web", "infra/db"});
  auto stillReady = ready;
  stillReady["metadata"]["resourceVersion"] = "4";
  f.manager->handleUpdate("Kustomization", ready, stillReady);
  CHECK(drain(q).empty());
}

TEST_CASE("workers: a new revision cancels the running reconcile of its Kustomization, stop "
          "cancels the rest") {
  Fixture f;
  f.manager->handleAdd("Kustomization",
                       kustomization("apps", "web", {{"kind", "GitRepository"}, {"name", "repo"}}));
  for (int i = 0; i < 2; ++i) {  // both informers: an empty list, then a watch until stopped
    f.kube.lists.push_back(kube::ObjectList{{}, "1"});
    f.kube.watches.push_back([](const kube::WatchOptions& o, const kube::WatchCallback&) {
      while (!o.stopRequested()) std::this_thread::sleep_for(1ms);
      return Result<kube::WatchEnd>(kube::WatchEnd{kube::WatchEndReason::Stopped, "1"});
    });
  }
  CHECK_FALSE(f.manager->ready());
  f.manager->startInformers();
  REQUIRE(eventuallyTrue([&] { return f.manager->ready(); }));
  f.kustomizations.blockNext();
  f.manager->startWorkers();
  f.kustomizations.waitRunning();  // in its health wait
  f.artifacts.put({"apps", "repo"}, {"main@sha1:bbbb", "sha256:2", "/tmp/y"});
  // Canceled, then reconciled again at once (the second run does not block).
  REQUIRE(eventuallyTrue([&] { return f.kustomizations.seen().size() == 2; }));

  f.kustomizations.blockNext();
  f.manager->queue("Kustomization").add("apps/web");
  f.kustomizations.waitRunning();
  CHECK(f.manager->healthy());
  CHECK(f.manager->stop());  // ends the blocked reconcile through its stop_token
  CHECK_FALSE(f.manager->healthy());
  CHECK(f.kustomizations.seen() ==
        std::vector<std::string>{"apps/web", "apps/web", "apps/web"});
  std::vector<std::string> results;
  std::lock_guard lock(f.recordsMutex);
  for (const auto& r : f.records) results.push_back(r.result);
  CHECK(results == std::vector<std::string>{"canceled", "success", "canceled"});
  CHECK(f.manager->queue("Kustomization").shuttingDown());
}

TEST_CASE("a standby's informers fill the queues; gauges count objects, suspended, ready, "
          "depth") {
  Fixture f;
  auto suspended = object("GitRepository", "apps", "repo");
  suspended["spec"]["suspend"] = true;
  auto ready = withReady(kustomization("apps", "web", {{"kind", "GitRepository"}, {"name", "repo"}}),
                         "True", 1);
  auto notReady = kustomization("apps", "db", {{"kind", "GitRepository"}, {"name", "repo"}});
  f.kube.listsByKind["GitRepository"].push_back(kube::ObjectList{{suspended}, "1"});
  f.kube.listsByKind["Kustomization"].push_back(kube::ObjectList{{ready, notReady}, "1"});
  for (int i = 0; i < 2; ++i) {
    f.kube.watches.push_back([](const kube::WatchOptions& o, const kube::WatchCallback&) {
      while (!o.stopRequested()) std::this_thread::sleep_for(1ms);
      return Result<kube::WatchEnd>(kube::WatchEnd{kube::WatchEndReason::Stopped, "1"});
    });
  }
  f.manager->startInformers();  // no workers: a standby
  REQUIRE(eventuallyTrue([&] { return f.manager->ready(); }));
  CHECK(f.manager->healthy());
  auto metrics = f.registry.expose();
  auto has = [&](const std::string& line) { return metrics.find(line + "\n") != std::string::npos; };
  CHECK(has("gitsync_workqueue_depth{kind=\"GitRepository\"} 1"));
  CHECK(has("gitsync_workqueue_depth{kind=\"Kustomization\"} 2"));
  CHECK(has("gitsync_resources{kind=\"GitRepository\"} 1"));
  CHECK(has("gitsync_resources{kind=\"Kustomization\"} 2"));
  CHECK(has("gitsync_resources_suspended{kind=\"GitRepository\"} 1"));
  CHECK(has("gitsync_resources_suspended{kind=\"Kustomization\"} 0"));
  CHECK(has("gitsync_resources_ready{kind=\"GitRepository\"} 0"));
  CHECK(has("gitsync_resources_ready{kind=\"Kustomization\"} 1"));
  CHECK(f.repos.seen().empty());
  CHECK(f.manager->stop());
  CHECK_FALSE(f.manager->healthy());
}
