#include "gitsync/controller/informer.h"

#include <catch2/catch.hpp>

#include "../kube/fake_clock.h"
#include "fake_kube.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::controller::testing;
using gitsync::kube::testing::FakeClock;
using kube::WatchEnd;
using kube::WatchEndReason;
using kube::WatchEvent;
using kube::WatchEventType;

namespace {
std::string nameOf(const kube::Json& o) { return o["metadata"]["name"]; }
std::string rvOf(const kube::Json& o) { return o["metadata"]["resourceVersion"]; }
}  // namespace

TEST_CASE("the informer resumes from the last version, re-lists on expiry and synthesizes "
          "deletes") {
  ScriptedKube kube;
  FakeClock clock;
  std::vector<std::string> calls;
  std::stop_source stop;

  kube.lists.push_back(kube::ObjectList{{configMap("ns", "a", "1"), configMap("ns", "b", "1")}, "10"});
  kube.watches.push_back([](const kube::WatchOptions&, const kube::WatchCallback& on) {
    on(WatchEvent{WatchEventType::Modified, configMap("ns", "a", "2")});
    on(WatchEvent{WatchEventType::Added, configMap("ns", "c", "3")});
    on(WatchEvent{WatchEventType::Bookmark,
                  {{"apiVersion", "v1"}, {"kind", "ConfigMap"},
                   {"metadata", {{"resourceVersion", "12"}}}}});
    return Result<WatchEnd>(WatchEnd{WatchEndReason::Closed, "12"});
  });
  kube.watches.push_back([](const kube::WatchOptions&, const kube::WatchCallback&) {
    return Result<WatchEnd>(unavailable("ConfigMap: watch: connection refused"));
  });
  kube.watches.push_back([](const kube::WatchOptions&, const kube::WatchCallback&) {
    return Result<WatchEnd>(WatchEnd{WatchEndReason::Expired, "12"});
  });
  // The new list: b is gone, c changed, a did not.
  kube.lists.push_back(kube::ObjectList{{configMap("ns", "a", "2"), configMap("ns", "c", "4")}, "20"});
  kube.watches.push_back([&](const kube::WatchOptions&, const kube::WatchCallback& on) {
    on(WatchEvent{WatchEventType::Deleted, configMap("ns", "a", "21")});
    stop.request_stop();
    return Result<WatchEnd>(WatchEnd{WatchEndReason::Stopped, "21"});
  });

  InformerOptions options;
  options.gvk = {"", "v1", "ConfigMap"};
  Informer* self = nullptr;
  InformerHandlers handlers;
  handlers.onAdd = [&](const kube::Json& o) {
    calls.push_back("add " + nameOf(o) + " " + rvOf(o) + (self->hasSynced() ? " synced" : ""));
  };
  handlers.onUpdate = [&](const kube::Json& old, const kube::Json& now) {
    calls.push_back("update " + nameOf(now) + " " + rvOf(old) + "->" + rvOf(now));
  };
  handlers.onDelete = [&](const kube::Json& o) {
    calls.push_back("delete " + nameOf(o) + " " + rvOf(o));
  };
  Informer informer(kube, kube, clock, options, handlers);
  self = &informer;
  CHECK_FALSE(informer.hasSynced());
  informer.run(stop.get_token());

  CHECK(calls == std::vector<std::string>{"add a 1", "add b 1", "update a 1->2",
                                          "add c 3 synced",
                                          "delete b 1", "update c 3->4", "delete a 21"});
  CHECK(kube.requests ==
        std::vector<std::string>{"LIST", "WATCH 10", "WATCH 12", "WATCH 12", "LIST", "WATCH 20"});
  CHECK(clock.waitsMs() == std::vector<long>{100, 100, 100, 100, 100, 100, 100, 100, 100, 100});
  CHECK(informer.hasSynced());
  CHECK_FALSE(informer.running());
  CHECK(informer.keys() == std::vector<std::string>{"ns/c"});
  REQUIRE(informer.get("ns/c"));
  CHECK(rvOf(*informer.get("ns/c")) == "4");
  CHECK_FALSE(informer.get("ns/a"));
}

TEST_CASE("failed lists back off exponentially up to the limit") {
  ScriptedKube kube;
  FakeClock clock;
  std::stop_source stop;
  for (int i = 0; i < 4; ++i) kube.lists.push_back(unavailable("ConfigMap: list: refused"));
  kube.lists.push_back(kube::ObjectList{{}, "5"});
  kube.watches.push_back([&](const kube::WatchOptions&, const kube::WatchCallback&) {
    stop.request_stop();
    return Result<WatchEnd>(WatchEnd{WatchEndReason::Stopped, "5"});
  });
  InformerOptions options;
  options.gvk = {"", "v1", "ConfigMap"};
  options.initialBackoff = std::chrono::milliseconds(100);
  options.maxBackoff = std::chrono::milliseconds(300);
  Informer informer(kube, kube, clock, options, {});
  auto before = clock.now();
  informer.run(stop.get_token());
  // 100 + 200 + 300 + 300 ms of backoff, then the list that worked.
  CHECK(clock.now() - before == std::chrono::milliseconds(900));
  CHECK(kube.requests == std::vector<std::string>{"LIST", "LIST", "LIST", "LIST", "LIST", "WATCH 5"});
  CHECK(informer.hasSynced());
}

TEST_CASE("store keys are ns/name, or the name of a cluster-scoped object") {
  CHECK(storeKeyOf(configMap("ns", "a", "1")) == "ns/a");
  CHECK(storeKeyOf({{"metadata", {{"name", "node-1"}}}}) == "node-1");
}
