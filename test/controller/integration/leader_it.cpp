// Two leader electors on one Lease of the real API server.
#include <catch2/catch.hpp>

#include <atomic>

#include "../../kube/integration/cluster.h"
#include "gitsync/controller/leader.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::kube::testing;
using namespace std::chrono_literals;

namespace {
LeaderElectionOptions fastOptions(const std::string& ns, const std::string& identity,
                                  std::atomic<int>& started, std::atomic<int>& stopped) {
  LeaderElectionOptions o;
  o.ns = ns;
  o.name = "runtime-lease";
  o.identity = identity;
  o.leaseDuration = 4s;
  o.renewDeadline = 3s;
  o.retryPeriod = 200ms;
  o.onStartedLeading = [&started] { ++started; };
  o.onStoppedLeading = [&stopped] { ++stopped; };
  return o;
}
}  // namespace

TEST_CASE("of two electors exactly one leads; when it stops the other takes over at once",
          "[leader]") {
  TestNamespace ns("runtime-leader");
  auto client = connectOrFail();  // each elector its own client, as two processes would
  kube::SystemClock clock;
  std::atomic<int> startedA{0}, stoppedA{0}, startedB{0}, stoppedB{0};
  LeaderElector a(ns.client(), clock, fastOptions(ns.name(), "runtime-a", startedA, stoppedA));
  LeaderElector b(*client, clock, fastOptions(ns.name(), "runtime-b", startedB, stoppedB));
  a.start();
  REQUIRE(eventually([&] { return a.isLeader(); }));
  b.start();
  REQUIRE(eventually([&] { return b.observedLeader() == "runtime-a"; }));
  // b saw a's Lease; over two lease renewals nobody else leads.
  for (int i = 0; i < 10; ++i) {
    CHECK(a.isLeader());
    CHECK_FALSE(b.isLeader());
    std::this_thread::sleep_for(100ms);
  }
  auto lease = ns.client().get({{"coordination.k8s.io", "v1", "Lease"}, ns.name(), "runtime-lease"});
  REQUIRE(lease.ok());
  CHECK((*lease)["spec"]["holderIdentity"] == "runtime-a");
  CHECK((*lease)["spec"]["leaseDurationSeconds"] == 4);
  CHECK((*lease)["spec"]["leaseTransitions"] == 0);

  a.stop();  // releases: b must not wait for the 4 s lease to run out
  CHECK_FALSE(a.isLeader());
  CHECK(startedA == 1);
  CHECK(stoppedA == 1);
  auto released = ns.client().get({{"coordination.k8s.io", "v1", "Lease"}, ns.name(), "runtime-lease"});
  REQUIRE(released.ok());
  // Either still released or already taken by b; never held by a.
  CHECK((*released)["spec"].value("holderIdentity", "") != "runtime-a");
  REQUIRE(eventually([&] { return b.isLeader(); }, 3s));
  auto taken = ns.client().get({{"coordination.k8s.io", "v1", "Lease"}, ns.name(), "runtime-lease"});
  REQUIRE(taken.ok());
  CHECK((*taken)["spec"]["holderIdentity"] == "runtime-b");
  CHECK((*taken)["spec"]["leaseTransitions"] == 1);
  CHECK(startedB == 1);
  b.stop();
  CHECK(stoppedB == 1);
  CHECK_FALSE(a.lost());
  CHECK_FALSE(b.lost());
}

TEST_CASE("a held Lease is taken over only after it was left unrenewed for leaseDuration",
          "[leader]") {
  TestNamespace ns("runtime-leader-expiry");
  // Someone else holds the Lease and never renews it (a crashed leader).
  kube::Json lease = {{"apiVersion", "coordination.k8s.io/v1"},
                      {"kind", "Lease"},
                      {"metadata", {{"name", "runtime-lease"}, {"namespace", ns.name()}}},
                      {"spec",
                       {{"holderIdentity", "crashed"},
                        {"leaseDurationSeconds", 2},
                        {"renewTime", "2026-01-01T00:00:00.000000Z"}}}};
  REQUIRE(ns.client().apply(lease, {}).ok());
  kube::SystemClock clock;
  std::atomic<int> started{0}, stopped{0};
  auto options = fastOptions(ns.name(), "runtime-successor", started, stopped);
  options.leaseDuration = 2s;
  LeaderElector elector(ns.client(), clock, options);
  auto begin = std::chrono::steady_clock::now();
  elector.start();
  REQUIRE(eventually([&] { return elector.isLeader(); }, 10s));
  // Measured on our clock from when we first saw the record: at least leaseDuration.
  CHECK(std::chrono::steady_clock::now() - begin >= 2s);
  elector.stop();
}

TEST_CASE("a leader that cannot renew (another holder took the Lease) gives up after "
          "renewDeadline and does not release the other's Lease", "[leader]") {
  TestNamespace ns("runtime-leader-lost");
  kube::SystemClock clock;
  std::atomic<int> started{0}, stopped{0};
  LeaderElector elector(ns.client(), clock, fastOptions(ns.name(), "runtime-victim", started, stopped));
  elector.start();
  REQUIRE(eventually([&] { return elector.isLeader(); }));
  const kube::ObjectRef ref{{"coordination.k8s.io", "v1", "Lease"}, ns.name(), "runtime-lease"};
  // Someone takes the Lease over (as a split brain or a manual edit would).
  bool taken = false;
  for (int attempt = 0; attempt < 10 && !taken; ++attempt) {
    auto lease = ns.client().get(ref);
    REQUIRE(lease.ok());
    (*lease)["spec"]["holderIdentity"] = "runtime-usurper";
    taken = ns.client().update(*lease, {}).ok();  // a conflict with a renewal: read again
  }
  REQUIRE(taken);
  REQUIRE(eventually([&] { return elector.lost(); }, 10s));
  CHECK_FALSE(elector.isLeader());
  CHECK(started == 1);
  CHECK(stopped == 1);
  auto lease = ns.client().get(ref);
  REQUIRE(lease.ok());
  CHECK((*lease)["spec"]["holderIdentity"] == "runtime-usurper");
  elector.stop();
  CHECK(stopped == 1);
}
