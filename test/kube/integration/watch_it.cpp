// Watches against the real API server: events, resume, bookmarks, expiry.
#include <atomic>
#include <mutex>

#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {
// Every namespace also holds the kube-root-ca.crt ConfigMap: watches select by label.
constexpr const char* kSelector = "gitsync.dev/test=watch";

Json labelled(Json object) {
  object["metadata"]["labels"] = {{"gitsync.dev/test", "watch"}};
  return object;
}
}  // namespace

TEST_CASE("watch from a list's resourceVersion sees ADDED then MODIFIED", "[watch]") {
  TestNamespace ns("kube-it-watch");
  auto& client = ns.client();
  ListOptions listOptions;
  listOptions.ns = ns.name();
  listOptions.labelSelector = kSelector;
  auto list = client.list(kConfigMap, listOptions);
  REQUIRE(list.ok());
  CHECK(list->items.empty());

  // The writes happen after the list's version: the watch sees them however late it connects.
  REQUIRE(client.apply(labelled(ns.configMap("watched", {{"v", "1"}})), {}).ok());
  REQUIRE(client.apply(labelled(ns.configMap("watched", {{"v", "2"}})), {}).ok());

  std::vector<std::string> seen;
  WatchOptions options;
  options.ns = ns.name();
  options.labelSelector = kSelector;
  options.resourceVersion = list->resourceVersion;
  options.timeout = std::chrono::seconds(20);
  auto end = client.watch(kConfigMap, options, [&](const WatchEvent& e) {
    if (e.type == WatchEventType::Bookmark) return true;
    std::string type = e.type == WatchEventType::Added      ? "ADDED"
                       : e.type == WatchEventType::Modified ? "MODIFIED"
                                                            : "DELETED";
    seen.push_back(type + " " + e.object["metadata"]["name"].get<std::string>() + " " +
                   e.object["data"]["v"].get<std::string>());
    return seen.size() < 2;
  });
  INFO(end.status().message());
  REQUIRE(end.ok());
  CHECK(end->reason == WatchEndReason::Stopped);
  CHECK(seen == std::vector<std::string>{"ADDED watched 1", "MODIFIED watched 2"});
  auto got = client.get({kConfigMap, ns.name(), "watched"});
  REQUIRE(got.ok());
  CHECK(end->resourceVersion == (*got)["metadata"]["resourceVersion"]);
  CHECK(client.metrics().count("WATCH", 200) == 1);
}

TEST_CASE("a watch without a resourceVersion starts with the existing objects; stop works "
          "while idle",
          "[watch]") {
  TestNamespace ns("kube-it-watch-stop");
  auto& client = ns.client();
  REQUIRE(client.apply(labelled(ns.configMap("present")), {}).ok());
  std::atomic<bool> stop{false};
  std::vector<std::string> seen;
  WatchOptions options;
  options.ns = ns.name();
  options.labelSelector = kSelector;
  options.stopRequested = [&] { return stop.load(); };
  auto start = std::chrono::steady_clock::now();
  auto end = client.watch(kConfigMap, options, [&](const WatchEvent& e) {
    if (e.type == WatchEventType::Added) {
      seen.push_back(e.object["metadata"]["name"].get<std::string>());
      stop = true;  // ends the watch at the next poll even though nothing else arrives
    }
    return true;
  });
  INFO(end.status().message());
  REQUIRE(end.ok());
  CHECK(end->reason == WatchEndReason::Stopped);
  CHECK(seen == std::vector<std::string>{"present"});
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(10));
}

TEST_CASE("a watch that the server closes returns Closed with the last resourceVersion",
          "[watch]") {
  TestNamespace ns("kube-it-watch-close");
  auto& client = ns.client();
  auto applied = client.apply(labelled(ns.configMap("one")), {});
  REQUIRE(applied.ok());
  WatchOptions options;
  options.ns = ns.name();
  options.labelSelector = kSelector;
  options.timeout = std::chrono::seconds(2);
  options.allowWatchBookmarks = false;  // a bookmark would move resourceVersion past the object's
  int events = 0;
  auto end = client.watch(kConfigMap, options, [&](const WatchEvent&) {
    ++events;
    return true;
  });
  INFO(end.status().message());
  REQUIRE(end.ok());
  CHECK(end->reason == WatchEndReason::Closed);
  CHECK(events == 1);
  CHECK(end->resourceVersion == (*applied)["metadata"]["resourceVersion"]);
}

TEST_CASE("a watch from a compacted resourceVersion reports Expired (410)", "[watch]") {
  // Events have no watch cache: a watch from a compacted revision reaches etcd, which refuses
  // it. Compacting the fixture's etcd up to revision 10 (cluster bootstrap) removes nothing
  // anyone else can still ask for.
  compactEtcd(10);
  TestNamespace ns("kube-it-watch-gone");
  WatchOptions options;
  options.ns = ns.name();
  options.resourceVersion = "1";
  options.timeout = std::chrono::seconds(10);
  int events = 0;
  auto end = ns.client().watch({"", "v1", "Event"}, options, [&](const WatchEvent&) {
    ++events;
    return true;
  });
  INFO(end.status().message());
  REQUIRE(end.ok());
  CHECK(end->reason == WatchEndReason::Expired);
  CHECK(end->resourceVersion == "1");
  CHECK(events == 0);
}
