#include <map>
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

// Answers GET and LIST from scripts: one answer per call, the last one repeated.
class FakeClient final : public kube::KubeClient {
 public:
  std::map<std::string, std::vector<Result<Json>>> gets;  // by ref.subject()
  std::map<std::string, std::vector<Result<kube::ObjectList>>> lists;  // by "Kind/ns"
  std::vector<std::string> calls;

  Result<Json> get(const kube::ObjectRef& ref) override {
    calls.push_back("get " + ref.subject());
    return next(gets, ref.subject(), Result<Json>(Status(Code::NotFound, "no script")));
  }
  Result<kube::ObjectList> list(const kube::GroupVersionKind& gvk,
                                const kube::ListOptions& options) override {
    std::string key = gvk.kind + "/" + options.ns;
    calls.push_back("list " + key);
    return next(lists, key, Result<kube::ObjectList>(Status(Code::NotFound, "no script")));
  }
  Result<Json> apply(const Json&, const kube::ApplyOptions&) override {
    return Status(Code::Unimplemented, "apply");
  }
  Result<Json> del(const kube::ObjectRef&, const kube::DeleteOptions&) override {
    return Status(Code::Unimplemented, "del");
  }

 private:
  template <typename T>
  T next(std::map<std::string, std::vector<T>>& scripts, const std::string& key, T fallback) {
    auto it = scripts.find(key);
    if (it == scripts.end() || it->second.empty()) return fallback;
    size_t& n = served_[key];
    const T& answer = it->second[std::min(n, it->second.size() - 1)];
    ++n;
    return answer;
  }
  std::map<std::string, size_t> served_;
};

kube::ObjectRef deploymentRef(const std::string& name, const std::string& ns = "prod") {
  return {{"apps", "v1", "Deployment"}, ns, name};
}

// A Deployment of 2 replicas with `ready` of them ready (and everything else in step).
Json deployment(const std::string& name, int ready) {
  Json d = Json::parse(R"({"apiVersion":"apps/v1","kind":"Deployment",
      "metadata":{"namespace":"prod","generation":1},"spec":{"replicas":2},
      "status":{"observedGeneration":1,"replicas":2,"updatedReplicas":2,"availableReplicas":2,
      "conditions":[{"type":"Available","status":"True"}]}})");
  d["metadata"]["name"] = name;
  d["status"]["readyReplicas"] = ready;
  return d;
}

Json failedDeployment(const std::string& name) {
  Json d = deployment(name, 0);
  d["spec"]["progressDeadlineSeconds"] = 5;
  d["status"]["conditions"] = Json::parse(
      R"([{"type":"Progressing","status":"False","reason":"ProgressDeadlineExceeded"}])");
  return d;
}

health::WaitOptions options5s() {
  health::WaitOptions o;
  o.timeout = std::chrono::seconds(5);
  o.pollInterval = std::chrono::seconds(2);
  return o;
}

std::vector<std::string> statuses(const health::WaitResult& r) {
  std::vector<std::string> out;
  for (const auto& o : r.report.objects) {
    out.push_back(o.ref.subject() + " " + health::statusName(o.status) + ": " + o.message);
  }
  return out;
}

}  // namespace

TEST_CASE("wait: returns at once when everything is Current", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  client.gets["Deployment/prod/a"] = {deployment("a", 2)};
  client.gets["Deployment/prod/b"] = {deployment("b", 2)};
  auto checker = health::makePollingHealthChecker(client, clock);
  auto r = checker->wait({deploymentRef("a"), deploymentRef("b")}, options5s());
  CHECK(r.status.ok());
  CHECK(statuses(r) == std::vector<std::string>{
                           "Deployment/prod/a Current: Deployment is available. Replicas: 2",
                           "Deployment/prod/b Current: Deployment is available. Replicas: 2"});
  CHECK(clock.waitsMs().empty());
  CHECK(client.calls == std::vector<std::string>{"get Deployment/prod/a", "get Deployment/prod/b"});
}

TEST_CASE("wait: polls every pollInterval until Current", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  client.gets["Deployment/prod/a"] = {deployment("a", 0), deployment("a", 1), deployment("a", 2)};
  auto checker = health::makePollingHealthChecker(client, clock);
  auto r = checker->wait({deploymentRef("a")}, options5s());
  CHECK(r.status.ok());
  CHECK(r.report.allCurrent());
  CHECK(clock.waitsMs() == std::vector<long>{2000, 2000});
  CHECK(client.calls.size() == 3);
}

TEST_CASE("wait: the timeout ends with DeadlineExceeded naming what is not ready", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  client.gets["Deployment/prod/a"] = {deployment("a", 2)};
  client.gets["Deployment/prod/b"] = {deployment("b", 1)};
  auto checker = health::makePollingHealthChecker(client, clock);
  auto r = checker->wait({deploymentRef("a"), deploymentRef("b")}, options5s());
  CHECK(r.status.code() == Code::DeadlineExceeded);
  CHECK(r.status.message() ==
        "health: timed out after 5s with 1 object not ready: Deployment/prod/b: InProgress: "
        "Ready: 1/2");
  // Reads at 0, 2, 4 and at the deadline (5).
  CHECK(clock.waitsMs() == std::vector<long>{2000, 2000, 1000});
  CHECK(client.calls.size() == 8);
  CHECK(statuses(r)[0] == "Deployment/prod/a Current: Deployment is available. Replicas: 2");
}

TEST_CASE("wait: failFast stops at the first Failed object", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  client.gets["Deployment/prod/a"] = {deployment("a", 0), failedDeployment("a")};
  client.gets["Deployment/prod/b"] = {deployment("b", 1)};
  auto checker = health::makePollingHealthChecker(client, clock);
  auto r = checker->wait({deploymentRef("a"), deploymentRef("b")}, options5s());
  CHECK(r.status.code() == Code::FailedPrecondition);
  CHECK(r.status.message() ==
        "health: 1 object failed: Deployment/prod/a: Failed: Progress deadline exceeded");
  CHECK(clock.waitsMs() == std::vector<long>{2000});
  CHECK(statuses(r)[1] == "Deployment/prod/b InProgress: Ready: 1/2");
}

TEST_CASE("wait: without failFast a Failed object is waited for until the timeout",
          "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  client.gets["Deployment/prod/a"] = {failedDeployment("a")};
  auto checker = health::makePollingHealthChecker(client, clock);
  auto options = options5s();
  options.failFast = false;
  options.timeout = std::chrono::milliseconds(2500);
  auto r = checker->wait({deploymentRef("a")}, options);
  CHECK(r.status.code() == Code::FailedPrecondition);
  CHECK(r.status.message() ==
        "health: timed out after 2500ms with 1 object not ready: Deployment/prod/a: Failed: "
        "Progress deadline exceeded");
  CHECK(clock.waitsMs() == std::vector<long>{2000, 500});
}

TEST_CASE("wait: NotFound objects are waited for", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  const Status missing(Code::NotFound,
                       "Deployment/prod/a: get: NotFound: deployments.apps \"a\" not found");
  client.gets["Deployment/prod/a"] = {missing, deployment("a", 2)};
  auto checker = health::makePollingHealthChecker(client, clock);
  auto r = checker->wait({deploymentRef("a")}, options5s());
  CHECK(r.status.ok());
  CHECK(clock.waitsMs() == std::vector<long>{2000});

  FakeClient never;
  never.gets["Deployment/prod/a"] = {missing};
  auto r2 = health::makePollingHealthChecker(never, clock)->wait({deploymentRef("a")}, options5s());
  CHECK(r2.status.code() == Code::DeadlineExceeded);
  CHECK(r2.status.message() ==
        "health: timed out after 5s with 1 object not ready: Deployment/prod/a: NotFound: "
        "Deployment/prod/a: get: NotFound: deployments.apps \"a\" not found");
}

TEST_CASE("wait: transient read errors are retried, others end the wait", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  client.gets["Deployment/prod/a"] = {Status(Code::Unavailable, "Deployment/prod/a: get: 503"),
                                      deployment("a", 2)};
  auto r = health::makePollingHealthChecker(client, clock)->wait({deploymentRef("a")}, options5s());
  CHECK(r.status.ok());

  FakeClient forbidden;
  forbidden.gets["Deployment/prod/a"] = {
      Status(Code::FailedPrecondition, "Deployment/prod/a: get: Forbidden: no access")};
  auto r2 =
      health::makePollingHealthChecker(forbidden, clock)->wait({deploymentRef("a")}, options5s());
  CHECK(r2.status.code() == Code::FailedPrecondition);
  CHECK(r2.status.message() == "health: Deployment/prod/a: get: Forbidden: no access");
  CHECK(statuses(r2) ==
        std::vector<std::string>{
            "Deployment/prod/a Unknown: Deployment/prod/a: get: Forbidden: no access"});
  CHECK(forbidden.calls.size() == 1);
}

TEST_CASE("wait: many objects of one kind and namespace are read with one LIST", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  kube::ObjectList ready;
  ready.items = {deployment("a", 2), deployment("b", 2), deployment("c", 2), deployment("x", 0)};
  // "d" is missing from the list.
  client.lists["Deployment/prod"] = {ready};
  auto checker = health::makePollingHealthChecker(client, clock);
  std::vector<kube::ObjectRef> refs = {deploymentRef("a"), deploymentRef("b"), deploymentRef("c"),
                                       deploymentRef("d"), deploymentRef("e", "dev")};
  client.gets["Deployment/dev/e"] = {deployment("e", 2)};
  auto options = options5s();
  options.timeout = std::chrono::seconds(2);
  auto r = checker->wait(refs, options);
  CHECK(r.status.code() == Code::DeadlineExceeded);
  CHECK(r.status.message() ==
        "health: timed out after 2s with 1 object not ready: Deployment/prod/d: NotFound: "
        "Resource not found");
  CHECK(client.calls == std::vector<std::string>{"get Deployment/dev/e", "list Deployment/prod",
                                                 "get Deployment/dev/e", "list Deployment/prod"});
  CHECK(statuses(r)[2] == "Deployment/prod/c Current: Deployment is available. Replicas: 2");

  // At the threshold, GETs.
  FakeClient few;
  few.gets["Deployment/prod/a"] = {deployment("a", 2)};
  few.gets["Deployment/prod/b"] = {deployment("b", 2)};
  few.gets["Deployment/prod/c"] = {deployment("c", 2)};
  auto r2 = health::makePollingHealthChecker(few, clock)->wait(
      {deploymentRef("a"), deploymentRef("b"), deploymentRef("c")}, options);
  CHECK(r2.status.ok());
  CHECK(few.calls.size() == 3);
}

TEST_CASE("wait: an empty list of objects is ready at once", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  auto r = health::makePollingHealthChecker(client, clock)->wait({}, options5s());
  CHECK(r.status.ok());
  CHECK(client.calls.empty());
}

TEST_CASE("wait: a pollInterval that is not positive is rejected before any read", "[health]") {
  FakeClient client;
  kube::testing::FakeClock clock;
  auto options = options5s();
  options.pollInterval = std::chrono::milliseconds(0);
  auto r = health::makePollingHealthChecker(client, clock)->wait({deploymentRef("a")}, options);
  CHECK(r.status.code() == Code::InvalidArgument);
  CHECK(r.status.message() == "health: pollInterval must be positive, got 0s");
  CHECK(statuses(r) == std::vector<std::string>{"Deployment/prod/a Unknown: "});
  CHECK(client.calls.empty());
}
