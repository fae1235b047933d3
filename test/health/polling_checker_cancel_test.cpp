// WaitOptions::canceled: a wait ends at once when its caller cancels it.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "../kube/fake_clock.h"
#include "gitsync/health/health.h"

namespace health = gitsync::health;
namespace kube = gitsync::kube;
using gitsync::Code;
using gitsync::Result;
using gitsync::Status;
using kube::Json;

namespace {

// Every GET answers a Deployment that never becomes ready.
class NeverReadyClient final : public kube::KubeClient {
 public:
  int gets = 0;
  Result<Json> get(const kube::ObjectRef& ref) override {
    ++gets;
    Json d = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
        "metadata":{"namespace":"prod","generation":1},"spec":{"replicas":2},
        "status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,"readyReplicas":1,
        "availableReplicas":1}})");
    d["metadata"]["name"] = ref.name;
    return d;
  }
  Result<kube::ObjectList> list(const kube::GroupVersionKind&, const kube::ListOptions&) override {
    return Status(Code::Unimplemented, "list");
  }
  Result<Json> apply(const Json&, const kube::ApplyOptions&) override {
    return Status(Code::Unimplemented, "apply");
  }
  Result<Json> del(const kube::ObjectRef&, const kube::DeleteOptions&) override {
    return Status(Code::Unimplemented, "del");
  }
};

const kube::ObjectRef kWeb{{"apps", "v1", "Deployment"}, "prod", "web"};

}  // namespace

TEST_CASE("wait: canceled before the first round reads nothing", "[health]") {
  NeverReadyClient client;
  kube::testing::FakeClock clock;
  health::WaitOptions o;
  o.canceled = [] { return true; };
  auto r = health::makePollingHealthChecker(client, clock)->wait({kWeb}, o);
  CHECK(r.canceled);
  CHECK(r.status.code() == Code::Aborted);
  CHECK(r.status.message() == "health: canceled with 1 object not ready: Deployment/prod/web: "
                              "Unknown: ");
  CHECK(client.gets == 0);
  CHECK(clock.waitsMs().empty());
}

TEST_CASE("wait: a cancel between rounds ends the pause within 100 ms", "[health]") {
  NeverReadyClient client;
  kube::testing::FakeClock clock;
  health::WaitOptions o;
  o.timeout = std::chrono::minutes(5);
  o.pollInterval = std::chrono::seconds(2);
  // Canceled once 2.3 s of the clock have passed: in the middle of the second pause.
  const auto start = clock.now();
  o.canceled = [&] { return clock.now() - start >= std::chrono::milliseconds(2300); };
  auto r = health::makePollingHealthChecker(client, clock)->wait({kWeb}, o);
  CHECK(r.canceled);
  CHECK(r.status.code() == Code::Aborted);
  CHECK(r.status.message() == "health: canceled with 1 object not ready: Deployment/prod/web: "
                              "InProgress: Available: 1/2");
  CHECK(client.gets == 2);
  // Two pauses: 20 slices of 100 ms, then 3 slices until the cancel is seen.
  CHECK(clock.waitsMs() == std::vector<long>(23, 100));
}

TEST_CASE("wait: without a cancel hook the pause is one sleep", "[health]") {
  NeverReadyClient client;
  kube::testing::FakeClock clock;
  health::WaitOptions o;
  o.timeout = std::chrono::seconds(3);
  o.pollInterval = std::chrono::seconds(2);
  auto r = health::makePollingHealthChecker(client, clock)->wait({kWeb}, o);
  CHECK_FALSE(r.canceled);
  CHECK(r.status.code() == Code::DeadlineExceeded);
  CHECK(clock.waitsMs() == std::vector<long>{2000, 1000});
}
