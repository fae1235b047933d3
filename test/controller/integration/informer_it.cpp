// The informer against the real API server: ConfigMaps of a test namespace, watched in all
// namespaces through a label only this test uses.
#include <catch2/catch.hpp>

#include <condition_variable>
#include <mutex>

#include "../../kube/integration/cluster.h"
#include "gitsync/controller/informer.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::kube::testing;

namespace {
struct Recorder {
  std::mutex mutex;
  std::vector<std::string> calls;
  void add(std::string call) {
    std::lock_guard lock(mutex);
    calls.push_back(std::move(call));
  }
  std::vector<std::string> snapshot() {
    std::lock_guard lock(mutex);
    return calls;
  }
};
}  // namespace

TEST_CASE("the informer stores ConfigMaps and reports add, update and delete", "[informer]") {
  TestNamespace ns("runtime-informer");
  auto& client = ns.client();
  std::string label = "runtime-informer-" + randomSuffix();
  auto labelled = [&](const std::string& name, const std::string& v) {
    auto cm = ns.configMap(name, {{"v", v}});
    cm["metadata"]["labels"] = {{"gitsync.dev/test", label}};
    return cm;
  };
  REQUIRE(client.apply(labelled("before", "1"), {}).ok());

  Recorder recorder;
  InformerHandlers handlers;
  auto describe = [](const kube::Json& o) {
    return o["metadata"]["namespace"].get<std::string>() + "/" +
           o["metadata"]["name"].get<std::string>() + "=" + o["data"]["v"].get<std::string>();
  };
  handlers.onAdd = [&](const kube::Json& o) { recorder.add("add " + describe(o)); };
  handlers.onUpdate = [&](const kube::Json& old, const kube::Json& now) {
    recorder.add("update " + describe(old) + " -> " + describe(now));
  };
  handlers.onDelete = [&](const kube::Json& o) { recorder.add("delete " + describe(o)); };
  InformerOptions options;
  options.gvk = kConfigMap;
  options.labelSelector = "gitsync.dev/test=" + label;
  kube::SystemClock clock;
  Informer informer(client, client, clock, options, handlers);
  informer.start();
  REQUIRE(eventually([&] { return informer.hasSynced(); }));
  const std::string n = ns.name();
  CHECK(recorder.snapshot() == std::vector<std::string>{"add " + n + "/before=1"});

  REQUIRE(client.apply(labelled("after", "1"), {}).ok());
  REQUIRE(client.apply(labelled("before", "2"), {}).ok());
  REQUIRE(client.del({kConfigMap, n, "after"}, {}).ok());
  std::vector<std::string> expected{"add " + n + "/before=1", "add " + n + "/after=1",
                                    "update " + n + "/before=1 -> " + n + "/before=2",
                                    "delete " + n + "/after=1"};
  CHECK(eventually([&] { return recorder.snapshot().size() >= expected.size(); }));
  CHECK(recorder.snapshot() == expected);

  CHECK(informer.keys() == std::vector<std::string>{n + "/before"});
  auto stored = informer.get(n + "/before");
  REQUIRE(stored);
  auto live = client.get({kConfigMap, n, "before"});
  REQUIRE(live.ok());
  CHECK(*stored == *live);

  informer.stop();
  CHECK_FALSE(informer.running());
}

namespace {
// Holds the first watch until the test opens the gate, then sends it from resourceVersion
// "1": older than the compacted history of the fixture's etcd, so the server answers 410.
// (Events have no watch cache: their watches reach etcd.)
class ExpiringWatcher final : public kube::Watcher {
 public:
  explicit ExpiringWatcher(kube::Watcher& inner) : inner_(inner) {}
  Result<kube::WatchEnd> watch(const kube::GroupVersionKind& gvk,
                               const kube::WatchOptions& options,
                               const kube::WatchCallback& onEvent) override {
    kube::WatchOptions sent = options;
    {
      std::unique_lock lock(mutex_);
      if (!waiting_) {
        waiting_ = true;
        sent.resourceVersion = "1";
        cv_.notify_all();
        cv_.wait(lock, [&] { return open_; });
      }
      versions_.push_back(sent.resourceVersion);
    }
    return inner_.watch(gvk, sent, onEvent);
  }
  void waitForWatch() {
    std::unique_lock lock(mutex_);
    cv_.wait(lock, [&] { return waiting_; });
  }
  void open() {
    std::lock_guard lock(mutex_);
    open_ = true;
    cv_.notify_all();
  }
  std::vector<std::string> versions() {
    std::lock_guard lock(mutex_);
    return versions_;
  }

 private:
  kube::Watcher& inner_;
  std::mutex mutex_;
  std::condition_variable cv_;
  bool waiting_ = false;
  bool open_ = false;
  std::vector<std::string> versions_;
};
}  // namespace

TEST_CASE("the informer re-lists after its version expired (410) and synthesizes the deletes "
          "it missed", "[informer]") {
  compactEtcd(10);  // the cluster's bootstrap: nobody else asks for it
  TestNamespace ns("runtime-informer-expired");
  auto& client = ns.client();
  const kube::GroupVersionKind kEvent{"", "v1", "Event"};
  std::string label = "runtime-informer-" + randomSuffix();
  auto event = [&](const std::string& name) {
    return kube::Json{{"apiVersion", "v1"},
                      {"kind", "Event"},
                      {"metadata",
                       {{"name", name},
                        {"namespace", ns.name()},
                        {"labels", {{"gitsync.dev/test", label}}}}},
                      {"involvedObject",
                       {{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "x"},
                        {"namespace", ns.name()}}},
                      {"reason", "Test"},
                      {"message", name},
                      {"type", "Normal"}};
  };
  REQUIRE(client.apply(event("stays"), {}).ok());
  REQUIRE(client.apply(event("goes"), {}).ok());

  Recorder recorder;
  InformerHandlers handlers;
  handlers.onAdd = [&](const kube::Json& o) {
    recorder.add("add " + o["metadata"]["name"].get<std::string>());
  };
  handlers.onDelete = [&](const kube::Json& o) {
    recorder.add("delete " + o["metadata"]["name"].get<std::string>());
  };
  InformerOptions options;
  options.gvk = kEvent;
  options.labelSelector = "gitsync.dev/test=" + label;
  kube::SystemClock clock;
  ExpiringWatcher expiring(client);
  Informer informer(client, expiring, clock, options, handlers);
  informer.start();
  expiring.waitForWatch();  // listed, about to watch
  CHECK(informer.hasSynced());
  CHECK(recorder.snapshot() == std::vector<std::string>{"add goes", "add stays"});

  // Changes the (expired) watch will not report: the re-list must find them.
  REQUIRE(client.del({kEvent, ns.name(), "goes"}, {}).ok());
  REQUIRE(client.apply(event("marker"), {}).ok());
  client.resetMetrics();
  expiring.open();

  CHECK(eventually([&] { return expiring.versions().size() >= 2; }));
  CHECK(recorder.snapshot() ==
        std::vector<std::string>{"add goes", "add stays", "delete goes", "add marker"});
  CHECK(informer.keys() ==
        std::vector<std::string>{ns.name() + "/marker", ns.name() + "/stays"});
  CHECK(client.metrics().count("LIST", 200) == 1);  // the re-list after the 410
  auto versions = expiring.versions();
  REQUIRE(versions.size() >= 2);
  CHECK(versions[0] == "1");
  CHECK(versions[1] != "1");  // the second watch starts from the new list
  informer.stop();
}
