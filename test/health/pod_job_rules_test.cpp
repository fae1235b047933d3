#include <string>

#include <catch2/catch.hpp>

#include "health_fixture.h"

using gitsync::health::testing::statusOf;

namespace {

std::string pod(const std::string& status) {
  return statusOf((R"({"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","namespace":"prod"},
      "status":{)" + status + "}}").c_str());
}

std::string job(const std::string& spec, const std::string& status) {
  return statusOf((R"({"apiVersion":"batch/v1","kind":"Job","metadata":{"name":"migrate",
      "generation":1},"spec":{)" + spec + R"(},"status":{)" + status + "}}").c_str());
}

}  // namespace

TEST_CASE("Pod: phases", "[health]") {
  CHECK(pod(R"("phase":"Succeeded")") == "Current: Pod has completed successfully");
  CHECK(pod(R"("phase":"Failed")") == "Failed: Pod has completed, but not successfully");
  CHECK(pod(R"("phase":"Running","conditions":[{"type":"Ready","status":"True"}])") ==
        "Current: Pod is Ready");
  CHECK(pod(R"("phase":"Running","conditions":[{"type":"Ready","status":"False"}])") ==
        "InProgress: Pod is running but is not Ready");
  CHECK(pod(R"("phase":"Pending")") == "InProgress: Pod is in the Pending phase");
  CHECK(pod(R"("phase":"Pending","conditions":[{"type":"PodScheduled","status":"False",
      "reason":"Unschedulable","message":"0/2 nodes are available"}])") ==
        "InProgress: Pod has not been scheduled: 0/2 nodes are available");
  CHECK(pod("") == "InProgress: Pod phase not available");
  CHECK(pod(R"("phase":"Weird")") == "Unknown: Unknown Pod phase Weird");
}

TEST_CASE("Pod: containers waiting for a failing reason", "[health]") {
  CHECK(pod(R"("phase":"Running","containerStatuses":[
      {"name":"app","state":{"waiting":{"reason":"CrashLoopBackOff"}}},
      {"name":"sidecar","state":{"running":{}}}])") ==
        "Failed: Containers cannot start: app (CrashLoopBackOff)");
  CHECK(pod(R"("phase":"Pending","initContainerStatuses":[
      {"name":"init","state":{"waiting":{"reason":"ErrImagePull"}}}],"containerStatuses":[
      {"name":"app","state":{"waiting":{"reason":"ImagePullBackOff"}}}])") ==
        "Failed: Containers cannot start: init (ErrImagePull), app (ImagePullBackOff)");
  CHECK(pod(R"("phase":"Pending","containerStatuses":[
      {"name":"app","state":{"waiting":{"reason":"CreateContainerConfigError"}}}])") ==
        "Failed: Containers cannot start: app (CreateContainerConfigError)");
  // Creating is on the way, not a failure.
  CHECK(pod(R"("phase":"Pending","containerStatuses":[
      {"name":"app","state":{"waiting":{"reason":"ContainerCreating"}}}])") ==
        "InProgress: Pod is in the Pending phase");
  // Ready wins: a restarted container that runs again is fine.
  CHECK(pod(R"("phase":"Running","conditions":[{"type":"Ready","status":"True"}],
      "containerStatuses":[{"name":"app","state":{"waiting":{"reason":"CrashLoopBackOff"}}}])") ==
        "Current: Pod is Ready");
}

TEST_CASE("Job", "[health]") {
  CHECK(job(R"("completions":2)", R"("succeeded":2,"conditions":[
      {"type":"Complete","status":"True"}])") == "Current: Job Completed. succeeded: 2/2");
  CHECK(job(R"("backoffLimit":1)", R"("failed":2,"conditions":[{"type":"Failed","status":"True",
      "reason":"BackoffLimitExceeded","message":"Job has reached the specified backoff limit"}])") ==
        "Failed: Job Failed. failed: 2/1: BackoffLimitExceeded: Job has reached the specified "
        "backoff limit");
  CHECK(job(R"("suspend":true)", R"("conditions":[{"type":"Suspended","status":"True"}])") ==
        "Current: Job is suspended");
  // Until the controller reports the suspension, the spec alone decides nothing.
  CHECK(job(R"("suspend":true)", "") == "InProgress: Job not started");
  CHECK(job("", "") == "InProgress: Job not started");
  CHECK(job(R"("parallelism":3)", R"("startTime":"2026-01-01T00:00:00Z","active":3,"failed":1)") ==
        "InProgress: Job in progress. succeeded: 0, active: 3, failed: 1");
}
