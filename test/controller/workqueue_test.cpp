#include "gitsync/controller/workqueue.h"

#include <catch2/catch.hpp>

#include <thread>

#include "../kube/fake_clock.h"

using namespace gitsync::controller;
using gitsync::kube::testing::FakeClock;
using namespace std::chrono_literals;

namespace {
// Every key tryGet() hands out now, in order, each marked done.
std::vector<std::string> drain(WorkQueue& q) {
  std::vector<std::string> out;
  while (auto key = q.tryGet()) {
    out.push_back(*key);
    q.done(*key);
  }
  return out;
}
}  // namespace

TEST_CASE("keys are handed out in order and duplicates collapse") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("a/x");
  q.add("a/y");
  q.add("a/x");
  CHECK(q.depth() == 2);
  CHECK(drain(q) == std::vector<std::string>{"a/x", "a/y"});
  CHECK(q.depth() == 0);
}

TEST_CASE("a key added while it is processed is handed out again only after done()") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("k");
  auto first = q.tryGet();
  REQUIRE(first == "k");
  q.add("k");
  q.add("k");
  CHECK(q.depth() == 0);
  CHECK(q.tryGet() == std::nullopt);  // never to a second worker at once
  q.done("k");
  CHECK(q.depth() == 1);
  CHECK(q.tryGet() == "k");
  q.done("k");
  CHECK(q.tryGet() == std::nullopt);
}

TEST_CASE("addAfter waits for the clock and keeps the earlier time") {
  FakeClock clock;
  WorkQueue q(clock);
  q.addAfter("k", 10s);
  q.addAfter("k", 3s);
  q.addAfter("now", 0s);
  CHECK(q.waiting() == 1);
  CHECK(drain(q) == std::vector<std::string>{"now"});
  clock.advance(2999ms);
  CHECK(q.tryGet() == std::nullopt);
  clock.advance(1ms);
  CHECK(drain(q) == std::vector<std::string>{"k"});
  CHECK(q.waiting() == 0);
  clock.advance(10s);
  CHECK(q.tryGet() == std::nullopt);  // the later time was dropped, not kept as a second entry
}

TEST_CASE("addAfter of a pending key does not duplicate it") {
  FakeClock clock;
  WorkQueue q(clock);
  q.add("k");
  q.addAfter("k", 1s);
  clock.advance(1s);
  CHECK(q.depth() == 1);
  CHECK(drain(q) == std::vector<std::string>{"k"});
}

TEST_CASE("addRateLimited backs off per key from 1s doubling to 5 minutes until forget") {
  FakeClock clock;
  WorkQueue q(clock);
  std::vector<long> seconds;
  for (int n = 1; n <= 11; ++n) {
    seconds.push_back(static_cast<long>(
        std::chrono::duration_cast<std::chrono::seconds>(q.backoffFor(n)).count()));
  }
  CHECK(seconds == std::vector<long>{1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300});

  q.addRateLimited("a");
  q.addRateLimited("b");
  clock.advance(1s);
  CHECK(drain(q) == std::vector<std::string>{"a", "b"});
  q.addRateLimited("a");  // second failure of a: 2s
  CHECK(q.failures("a") == 2);
  CHECK(q.failures("b") == 1);
  clock.advance(1999ms);
  CHECK(q.tryGet() == std::nullopt);
  clock.advance(1ms);
  CHECK(drain(q) == std::vector<std::string>{"a"});
  q.forget("a");
  CHECK(q.failures("a") == 0);
  q.addRateLimited("a");
  clock.advance(1s);
  CHECK(drain(q) == std::vector<std::string>{"a"});
}

TEST_CASE("get blocks until a key is added and returns nullopt after shutDown") {
  FakeClock clock;
  WorkQueue q(clock);
  std::optional<std::string> got;
  std::thread worker([&] { got = q.get(); });
  q.add("k");
  worker.join();
  CHECK(got == "k");
  q.done("k");

  std::optional<std::string> afterShutdown = "unset";
  std::thread waiter([&] { afterShutdown = q.get(); });
  q.shutDown();
  waiter.join();
  CHECK(afterShutdown == std::nullopt);
  CHECK(q.shuttingDown());
  q.add("late");
  CHECK(q.depth() == 0);
}

TEST_CASE("keys of objects are ns/name, cluster-scoped ones their name") {
  CHECK(keyOf({"apps", "web"}) == "apps/web");
  CHECK(keyOf({"", "cluster"}) == "cluster");
  CHECK(objectKeyOf("apps/web") == ObjectKey{"apps", "web"});
  CHECK(objectKeyOf("cluster") == ObjectKey{"", "cluster"});
}
