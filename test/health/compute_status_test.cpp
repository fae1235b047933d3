#include <catch2/catch.hpp>

#include "health_fixture.h"

using gitsync::health::testing::statusOf;
namespace health = gitsync::health;

TEST_CASE("computeStatus: the ref comes from the object", "[health]") {
  auto h = health::computeStatus(gitsync::kube::Json::parse(
      R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a","namespace":"prod"}})"));
  CHECK(h.ref.subject() == "ConfigMap/prod/a");
  CHECK(h.status == health::HealthStatus::Current);
  CHECK(h.message == "Resource is always ready");
}

TEST_CASE("computeStatus: ConfigMap, Secret and CronJob are always ready", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"Secret","metadata":{"name":"a"}})") ==
        "Current: Resource is always ready");
  CHECK(statusOf(R"({"apiVersion":"batch/v1","kind":"CronJob","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Ready","status":"False"}]}})") ==
        "Current: Resource is always ready");
  // The generic rules still come first.
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"a",
      "deletionTimestamp":"2026-01-01T00:00:00Z"}})") ==
        "Terminating: Resource scheduled for deletion");
}

TEST_CASE("computeStatus: an object without kind is Unknown", "[health]") {
  auto h = health::computeStatus(gitsync::kube::Json::parse(R"({"metadata":{"name":"a"}})"));
  CHECK(h.status == health::HealthStatus::Unknown);
  CHECK(h.message.rfind("cannot compute status: ", 0) == 0);
}

TEST_CASE("computeStatus: deletionTimestamp wins over everything", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a",
      "generation":2,"deletionTimestamp":"2026-01-01T00:00:00Z"},
      "status":{"observedGeneration":1}})") == "Terminating: Resource scheduled for deletion");
}

TEST_CASE("computeStatus: an unobserved generation is InProgress", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a",
      "generation":3},"status":{"observedGeneration":2,
      "conditions":[{"type":"Ready","status":"True"}]}})") ==
        "InProgress: Widget generation is 3, but latest observed generation is 2");
}

TEST_CASE("computeStatus: workloads without observedGeneration wait for their controller",
          "[health]") {
  CHECK(statusOf(R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"a",
      "generation":1},"spec":{"replicas":0}})") ==
        "InProgress: Waiting for the controller to observe generation 1");
  // Other kinds may never publish it: the Ready rule decides.
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a",
      "generation":1}})") == "Current: Resource is current");
}

TEST_CASE("computeStatus: Reconciling and Stalled conditions", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Reconciling","status":"True","reason":"Progressing",
      "message":"creating pods"},{"type":"Ready","status":"True"}]}})") ==
        "InProgress: Reconciling: Progressing: creating pods");
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Stalled","status":"True","reason":"BuildFailed",
      "message":"no such file"}]}})") == "Failed: Stalled: BuildFailed: no such file");
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Stalled","status":"False"},
      {"type":"Reconciling","status":"False"}]}})") == "Current: Resource is current");
}

TEST_CASE("computeStatus: other kinds follow their Ready condition", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Ready","status":"True","reason":"Done"}]}})") ==
        "Current: Resource is Ready");
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Ready","status":"False","reason":"DependencyNotReady",
      "message":"waiting for db"}]}})") ==
        "InProgress: Ready condition is False: DependencyNotReady: waiting for db");
  CHECK(statusOf(R"({"apiVersion":"example.com/v1","kind":"Widget","metadata":{"name":"a"},
      "status":{"conditions":[{"type":"Ready","status":"Unknown"}]}})") ==
        "InProgress: Ready condition is Unknown");
}

TEST_CASE("computeStatus: PersistentVolumeClaim", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"a"},
      "status":{"phase":"Bound"}})") == "Current: PVC is Bound");
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"a"},
      "status":{"phase":"Pending"}})") == "InProgress: PVC is not Bound. phase: Pending");
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"a"}})") ==
        "InProgress: PVC is not Bound. phase: unknown");
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"a"},
      "status":{"phase":"Lost"}})") == "Failed: PVC is Lost: its PersistentVolume is gone");
}

TEST_CASE("computeStatus: Service", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},
      "spec":{"type":"ClusterIP","clusterIP":"10.96.0.10"}})") == "Current: Service is ready");
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},
      "spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{}}})") ==
        "InProgress: Waiting for the load balancer ingress");
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"Service","metadata":{"name":"a"},
      "spec":{"type":"LoadBalancer"},"status":{"loadBalancer":{"ingress":[{"ip":"1.2.3.4"}]}}})") ==
        "Current: Service is ready");
}

TEST_CASE("computeStatus: CustomResourceDefinition", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "metadata":{"name":"widgets.example.com"},"status":{"conditions":[
      {"type":"Established","status":"True"},{"type":"NamesAccepted","status":"True"}]}})") ==
        "Current: CRD is established");
  CHECK(statusOf(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "metadata":{"name":"widgets.example.com"},"status":{"conditions":[
      {"type":"Established","status":"True"},{"type":"NamesAccepted","status":"False",
      "reason":"KindConflict","message":"\"Widget\" is already in use"}]}})") ==
        "Failed: Names not accepted: KindConflict: \"Widget\" is already in use");
  CHECK(statusOf(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "metadata":{"name":"widgets.example.com"},"status":{"conditions":[
      {"type":"Established","status":"False","reason":"Installing"}]}})") ==
        "InProgress: Install in progress");
  CHECK(statusOf(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "metadata":{"name":"widgets.example.com"},"status":{"conditions":[
      {"type":"Established","status":"False","reason":"NotAccepted","message":"not all names are accepted"}]}})") ==
        "Failed: CRD is not established: NotAccepted: not all names are accepted");
  CHECK(statusOf(R"({"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",
      "metadata":{"name":"widgets.example.com"}})") == "InProgress: Install in progress");
}

TEST_CASE("computeStatus: APIService", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
      "metadata":{"name":"v1.example.com"},"status":{"conditions":[
      {"type":"Available","status":"True","reason":"Passed"}]}})") ==
        "Current: APIService is available");
  CHECK(statusOf(R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
      "metadata":{"name":"v1.example.com"},"status":{"conditions":[
      {"type":"Available","status":"False","reason":"ServiceNotFound",
      "message":"service/api in \"prod\" is not present"}]}})") ==
        "InProgress: APIService is not available: ServiceNotFound: service/api in \"prod\" is not present");
  CHECK(statusOf(R"({"apiVersion":"apiregistration.k8s.io/v1","kind":"APIService",
      "metadata":{"name":"v1.example.com"}})") == "InProgress: APIService availability not reported");
}

TEST_CASE("computeStatus: Namespace", "[health]") {
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"prod"},
      "status":{"phase":"Active"}})") == "Current: Namespace is active");
  CHECK(statusOf(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"prod"}})") ==
        "InProgress: Namespace is not active. phase: <none>");
}

TEST_CASE("statusName and allCurrent", "[health]") {
  CHECK(std::string(health::statusName(health::HealthStatus::Terminating)) == "Terminating");
  CHECK(std::string(health::statusName(health::HealthStatus::NotFound)) == "NotFound");
  health::HealthReport report;
  CHECK(report.allCurrent());
  report.objects.push_back({{}, health::HealthStatus::Current, ""});
  CHECK(report.allCurrent());
  report.objects.push_back({{}, health::HealthStatus::InProgress, ""});
  CHECK_FALSE(report.allCurrent());
}
