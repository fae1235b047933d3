#include <string>

#include <catch2/catch.hpp>

#include "health_fixture.h"

using gitsync::health::testing::statusOf;

namespace {

// A Deployment with generation 1 observed, spec.replicas 2, and the given status fields and
// conditions (JSON members without braces).
std::string deployment(const std::string& spec, const std::string& status) {
  return R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web",
      "namespace":"prod","generation":1},"spec":{"replicas":2)" + spec +
         R"(},"status":{"observedGeneration":1)" + status + "}}";
}

const char* kAvailable =
    R"(,"conditions":[{"type":"Available","status":"True","reason":"MinimumReplicasAvailable"},
      {"type":"Progressing","status":"True","reason":"NewReplicaSetAvailable"}])";

}  // namespace

TEST_CASE("Deployment: available", "[health]") {
  CHECK(statusOf(deployment(",\"progressDeadlineSeconds\":600",
                            R"(,"replicas":2,"updatedReplicas":2,"readyReplicas":2,
                               "availableReplicas":2)" + std::string(kAvailable))
                     .c_str()) == "Current: Deployment is available. Replicas: 2");
}

TEST_CASE("Deployment: replica counts in kstatus's order", "[health]") {
  CHECK(statusOf(deployment("", R"(,"replicas":1)").c_str()) == "InProgress: Replicas: 1/2");
  CHECK(statusOf(deployment("", R"(,"replicas":2,"updatedReplicas":1)").c_str()) ==
        "InProgress: Updated: 1/2");
  CHECK(statusOf(deployment("", R"(,"replicas":3,"updatedReplicas":2)").c_str()) ==
        "InProgress: Pending termination: 1");
  CHECK(statusOf(deployment("", R"(,"replicas":2,"updatedReplicas":2,"availableReplicas":1)")
                     .c_str()) == "InProgress: Available: 1/2");
  CHECK(statusOf(deployment("", R"(,"replicas":2,"updatedReplicas":2,"availableReplicas":2,
                                   "readyReplicas":1)").c_str()) == "InProgress: Ready: 1/2");
}

TEST_CASE("Deployment: conditions", "[health]") {
  const std::string counts =
      R"(,"replicas":2,"updatedReplicas":2,"readyReplicas":2,"availableReplicas":2)";
  // With a progress deadline the new ReplicaSet must be reported available.
  CHECK(statusOf(deployment(",\"progressDeadlineSeconds\":600",
                            counts + R"(,"conditions":[{"type":"Available","status":"True"},
                               {"type":"Progressing","status":"True","reason":"ReplicaSetUpdated"}])")
                     .c_str()) == "InProgress: ReplicaSet not Available");
  // Without one, only Available is needed.
  CHECK(statusOf(deployment("", counts + R"(,"conditions":[{"type":"Available","status":"True"}])")
                     .c_str()) == "Current: Deployment is available. Replicas: 2");
  CHECK(statusOf(deployment("", counts + R"(,"conditions":[{"type":"Available","status":"False"}])")
                     .c_str()) == "InProgress: Deployment not Available");
  CHECK(statusOf(deployment(",\"progressDeadlineSeconds\":5",
                            R"(,"replicas":2,"conditions":[{"type":"Progressing","status":"False",
                               "reason":"ProgressDeadlineExceeded",
                               "message":"ReplicaSet \"web-1\" has timed out progressing."}])")
                     .c_str()) ==
        "Failed: Progress deadline exceeded: ReplicaSet \"web-1\" has timed out progressing.");
}

TEST_CASE("Deployment: spec.replicas defaults to 1", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a"},
      "spec":{},"status":{"replicas":0}})") == "InProgress: Replicas: 0/1");
}

TEST_CASE("StatefulSet", "[health]") {
  auto sts = [](const std::string& strategy, const std::string& status) {
    return statusOf((R"({"apiVersion":"apps/v1","kind":"StatefulSet","metadata":{"name":"db",
        "generation":2},"spec":{"replicas":3,"updateStrategy":)" + strategy +
                     R"(},"status":{"observedGeneration":2)" + status + "}}")
                        .c_str());
  };
  const std::string rolling = R"({"type":"RollingUpdate","rollingUpdate":{"partition":0}})";
  CHECK(sts(R"({"type":"OnDelete"})", "") ==
        "Current: StatefulSet is using the ondelete update strategy");
  CHECK(sts(rolling, R"(,"replicas":2)") == "InProgress: Replicas: 2/3");
  CHECK(sts(rolling, R"(,"replicas":3,"readyReplicas":2)") == "InProgress: Ready: 2/3");
  CHECK(sts(rolling, R"(,"replicas":4,"readyReplicas":3)") == "InProgress: Pending termination: 1");
  CHECK(sts(rolling, R"(,"replicas":3,"readyReplicas":3,"currentReplicas":1,"updatedReplicas":2)") ==
        "InProgress: current: 1/3");
  CHECK(sts(rolling, R"(,"replicas":3,"readyReplicas":3,"currentReplicas":3,
                        "currentRevision":"db-1","updateRevision":"db-2")") ==
        "InProgress: Waiting for updated revision to match current");
  CHECK(sts(rolling, R"(,"replicas":3,"readyReplicas":3,"currentReplicas":3,
                        "currentRevision":"db-2","updateRevision":"db-2")") ==
        "Current: All replicas scheduled as expected. Replicas: 3");
  const std::string partitioned = R"({"type":"RollingUpdate","rollingUpdate":{"partition":2}})";
  CHECK(sts(partitioned, R"(,"replicas":3,"readyReplicas":3,"updatedReplicas":0)") ==
        "InProgress: updated: 0/1");
  CHECK(sts(partitioned, R"(,"replicas":3,"readyReplicas":3,"updatedReplicas":1,
                            "currentRevision":"db-1","updateRevision":"db-2")") ==
        "Current: Partition rollout complete. updated: 1");
}

TEST_CASE("DaemonSet", "[health]") {
  auto ds = [](const std::string& status) {
    return statusOf((R"({"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent",
        "generation":1},"status":{"observedGeneration":1)" + status + "}}")
                        .c_str());
  };
  CHECK(ds("") == "InProgress: Missing .status.desiredNumberScheduled");
  CHECK(ds(R"(,"desiredNumberScheduled":2,"currentNumberScheduled":1)") == "InProgress: Current: 1/2");
  CHECK(ds(R"(,"desiredNumberScheduled":2,"currentNumberScheduled":2,"updatedNumberScheduled":1)") ==
        "InProgress: Updated: 1/2");
  CHECK(ds(R"(,"desiredNumberScheduled":2,"currentNumberScheduled":2,"updatedNumberScheduled":2,
              "numberAvailable":0)") == "InProgress: Available: 0/2");
  CHECK(ds(R"(,"desiredNumberScheduled":2,"currentNumberScheduled":2,"updatedNumberScheduled":2,
              "numberAvailable":2,"numberReady":1)") == "InProgress: Ready: 1/2");
  CHECK(ds(R"(,"desiredNumberScheduled":2,"currentNumberScheduled":2,"updatedNumberScheduled":2,
              "numberAvailable":2,"numberReady":2)") ==
        "Current: All replicas scheduled as expected. Replicas: 2");
}

TEST_CASE("ReplicaSet", "[health]") {
  auto rs = [](const std::string& status) {
    return statusOf((R"({"apiVersion":"apps/v1","kind":"ReplicaSet","metadata":{"name":"web-1",
        "generation":1},"spec":{"replicas":2},"status":{"observedGeneration":1)" + status + "}}")
                        .c_str());
  };
  CHECK(rs(R"(,"replicas":0,"conditions":[{"type":"ReplicaFailure","status":"True",
              "reason":"FailedCreate","message":"pods \"web-1-x\" is forbidden: exceeded quota"}])") ==
        "InProgress: Replica Failure condition. Check Pods: FailedCreate: pods \"web-1-x\" is "
        "forbidden: exceeded quota");
  CHECK(rs(R"(,"replicas":2,"fullyLabeledReplicas":1)") == "InProgress: Labelled: 1/2");
  CHECK(rs(R"(,"replicas":2,"fullyLabeledReplicas":2,"availableReplicas":1)") ==
        "InProgress: Available: 1/2");
  CHECK(rs(R"(,"replicas":2,"fullyLabeledReplicas":2,"availableReplicas":2,"readyReplicas":1)") ==
        "InProgress: Ready: 1/2");
  CHECK(rs(R"(,"replicas":3,"fullyLabeledReplicas":3,"availableReplicas":3,"readyReplicas":3)") ==
        "InProgress: Pending termination: 1");
  CHECK(rs(R"(,"replicas":2,"fullyLabeledReplicas":2,"availableReplicas":2,"readyReplicas":2)") ==
        "Current: ReplicaSet is available. Replicas: 2");
}

TEST_CASE("PodDisruptionBudget", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"a",
      "generation":2},"status":{"observedGeneration":1}})") ==
        "InProgress: PodDisruptionBudget generation is 2, but latest observed generation is 1");
  CHECK(statusOf(R"({"apiVersion":"policy/v1","kind":"PodDisruptionBudget","metadata":{"name":"a",
      "generation":2},"status":{"observedGeneration":2,"currentHealthy":1,"desiredHealthy":2}})") ==
        "Current: AllowedDisruptions has been computed.");
}
