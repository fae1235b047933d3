// HealthChecker::wait against the real API server: kube-controller-manager and kwok's fake
// pods drive Deployments, Jobs and CRDs to their statuses.
#include <string>
#include <vector>

#include "../../kube/integration/cluster.h"
#include "gitsync/health/health.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {

const GroupVersionKind kDeployment{"apps", "v1", "Deployment"};
const GroupVersionKind kJob{"batch", "v1", "Job"};
const GroupVersionKind kCrd{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"};

Json deployment(const std::string& ns, const std::string& name, const Json& podSpecExtra,
                const Json& specExtra = Json::object()) {
  Json podSpec = {{"containers", {{{"name", "web"}, {"image", "registry.k8s.io/pause:3.10"}}}}};
  podSpec.update(podSpecExtra);
  Json spec = {{"replicas", 2},
               {"selector", {{"matchLabels", {{"app", name}}}}},
               {"template", {{"metadata", {{"labels", {{"app", name}}}}}, {"spec", podSpec}}}};
  spec.update(specExtra);
  return {{"apiVersion", "apps/v1"},
          {"kind", "Deployment"},
          {"metadata", {{"name", name}, {"namespace", ns}}},
          {"spec", spec}};
}

void applyOrFail(KubeClient& client, const Json& object) {
  auto applied = client.apply(object, {});
  INFO(applied.status().message());
  REQUIRE(applied.ok());
}

health::WaitOptions waitOptions(std::chrono::milliseconds timeout) {
  health::WaitOptions options;
  options.timeout = timeout;
  options.pollInterval = std::chrono::milliseconds(250);
  return options;
}

}  // namespace

TEST_CASE("a Deployment of 2 replicas becomes Current through kwok's pods", "[deployment]") {
  TestNamespace ns("health-it-deploy");
  applyOrFail(ns.client(), deployment(ns.name(), "web", Json::object()));
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result =
      checker->wait({{kDeployment, ns.name(), "web"}}, waitOptions(std::chrono::seconds(90)));
  INFO(result.status.message());
  CHECK(result.status.ok());
  REQUIRE(result.report.objects.size() == 1);
  CHECK(result.report.objects[0].ref.subject() == "Deployment/" + ns.name() + "/web");
  CHECK(result.report.objects[0].status == health::HealthStatus::Current);
  CHECK(result.report.objects[0].message == "Deployment is available. Replicas: 2");
}

TEST_CASE("an unschedulable Deployment fails at its progress deadline", "[unschedulable]") {
  TestNamespace ns("health-it-stuck");
  const Json nowhere = {{"nodeSelector", {{"gitsync.test/no-such-node", "true"}}}};
  applyOrFail(ns.client(),
              deployment(ns.name(), "stuck", nowhere, {{"progressDeadlineSeconds", 5}}));
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result =
      checker->wait({{kDeployment, ns.name(), "stuck"}}, waitOptions(std::chrono::seconds(90)));
  CHECK(result.status.code() == Code::FailedPrecondition);
  const std::string prefix = "health: 1 object failed: Deployment/" + ns.name() +
                             "/stuck: Failed: Progress deadline exceeded: ReplicaSet \"stuck-";
  INFO(result.status.message());
  CHECK(result.status.message().rfind(prefix, 0) == 0);
  CHECK(result.status.message().ends_with("\" has timed out progressing."));
  REQUIRE(result.report.objects.size() == 1);
  CHECK(result.report.objects[0].status == health::HealthStatus::Failed);
}

TEST_CASE("an unschedulable Deployment without a deadline times out naming it",
          "[unschedulable]") {
  TestNamespace ns("health-it-pending");
  const Json nowhere = {{"nodeSelector", {{"gitsync.test/no-such-node", "true"}}}};
  applyOrFail(ns.client(), deployment(ns.name(), "pending", nowhere));
  // Let the controller create both pods first, so the message is deterministic.
  REQUIRE(eventually([&] {
    auto live = ns.client().get({kDeployment, ns.name(), "pending"});
    return live.ok() && live->value("/status/updatedReplicas"_json_pointer, 0) == 2;
  }));
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result =
      checker->wait({{kDeployment, ns.name(), "pending"}}, waitOptions(std::chrono::seconds(2)));
  CHECK(result.status.code() == Code::DeadlineExceeded);
  CHECK(result.status.message() ==
        "health: timed out after 2s with 1 object not ready: Deployment/" + ns.name() +
            "/pending: InProgress: Available: 0/2");
}

TEST_CASE("a CRD becomes Current once Established, then its objects", "[crd]") {
  auto client = connectOrFail();
  const std::string group = "health-" + randomSuffix() + ".gitsync.test";
  const std::string name = "widgets." + group;
  Json crd = {{"apiVersion", "apiextensions.k8s.io/v1"},
              {"kind", "CustomResourceDefinition"},
              {"metadata", {{"name", name}}},
              {"spec",
               {{"group", group},
                {"scope", "Cluster"},
                {"names", {{"plural", "widgets"}, {"singular", "widget"}, {"kind", "Widget"}}},
                {"versions",
                 {{{"name", "v1"},
                   {"served", true},
                   {"storage", true},
                   {"schema",
                    {{"openAPIV3Schema",
                      {{"type", "object"}, {"x-kubernetes-preserve-unknown-fields", true}}}}}}}}}}};
  applyOrFail(*client, crd);
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(*client, clock);
  auto result = checker->wait({{kCrd, "", name}}, waitOptions(std::chrono::seconds(60)));
  INFO(result.status.message());
  CHECK(result.status.ok());
  REQUIRE(result.report.objects.size() == 1);
  CHECK(result.report.objects[0].message == "CRD is established");

  // A Widget without status is Current (kstatus), once discovery knows the kind.
  const GroupVersionKind widget{group, "v1", "Widget"};
  REQUIRE(eventually([&] {
    return client->apply({{"apiVersion", group + "/v1"}, {"kind", "Widget"},
                          {"metadata", {{"name", "w"}}}}, {}).ok();
  }));
  auto widgets = checker->wait({{widget, "", "w"}}, waitOptions(std::chrono::seconds(30)));
  INFO(widgets.status.message());
  CHECK(widgets.status.ok());
  CHECK(widgets.report.objects[0].message == "Resource is current");
  (void)client->del({kCrd, "", name}, {});
}

TEST_CASE("a Job completes through kwok's pod-complete stage and is Current", "[job]") {
  TestNamespace ns("health-it-job");
  Json job = {{"apiVersion", "batch/v1"},
              {"kind", "Job"},
              {"metadata", {{"name", "migrate"}, {"namespace", ns.name()}}},
              {"spec",
               {{"template",
                 {{"spec",
                   {{"restartPolicy", "Never"},
                    {"containers",
                     {{{"name", "migrate"}, {"image", "registry.k8s.io/pause:3.10"}}}}}}}}}}};
  applyOrFail(ns.client(), job);
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result =
      checker->wait({{kJob, ns.name(), "migrate"}}, waitOptions(std::chrono::seconds(90)));
  INFO(result.status.message());
  CHECK(result.status.ok());
  REQUIRE(result.report.objects.size() == 1);
  CHECK(result.report.objects[0].message == "Job Completed. succeeded: 1/1");
}

TEST_CASE("a missing object times out as NotFound with the API's message", "[notfound]") {
  TestNamespace ns("health-it-missing");
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result =
      checker->wait({{kConfigMap, ns.name(), "ghost"}}, waitOptions(std::chrono::seconds(1)));
  CHECK(result.status.code() == Code::DeadlineExceeded);
  const std::string subject = "ConfigMap/" + ns.name() + "/ghost";
  CHECK(result.status.message() == "health: timed out after 1s with 1 object not ready: " +
                                       subject + ": NotFound: " + subject +
                                       ": get: NotFound: configmaps \"ghost\" not found");
}

TEST_CASE("many objects of one kind are read with one LIST per round", "[list]") {
  TestNamespace ns("health-it-list");
  std::vector<ObjectRef> refs;
  for (const char* name : {"a", "b", "c", "d", "e"}) {
    applyOrFail(ns.client(), ns.configMap(name));
    refs.push_back({kConfigMap, ns.name(), name});
  }
  ns.client().resetMetrics();
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result = checker->wait(refs, waitOptions(std::chrono::seconds(10)));
  INFO(result.status.message());
  CHECK(result.status.ok());
  CHECK(result.report.objects.size() == 5);
  CHECK(result.report.allCurrent());
  RequestMetrics m = ns.client().metrics();
  CHECK(m.count("LIST") == 1);
  CHECK(m.total() == 1);
}

TEST_CASE("a StatefulSet, a DaemonSet and a bare Pod become Current together", "[workloads]") {
  TestNamespace ns("health-it-workloads");
  const Json container = {{{"name", "app"}, {"image", "registry.k8s.io/pause:3.10"}}};
  auto podTemplate = [&](const std::string& app) {
    return Json{{"metadata", {{"labels", {{"app", app}}}}}, {"spec", {{"containers", container}}}};
  };
  applyOrFail(ns.client(), {{"apiVersion", "apps/v1"},
                            {"kind", "StatefulSet"},
                            {"metadata", {{"name", "db"}, {"namespace", ns.name()}}},
                            {"spec",
                             {{"replicas", 2},
                              {"serviceName", "db"},
                              {"selector", {{"matchLabels", {{"app", "db"}}}}},
                              {"template", podTemplate("db")}}}});
  applyOrFail(ns.client(), {{"apiVersion", "apps/v1"},
                            {"kind", "DaemonSet"},
                            {"metadata", {{"name", "agent"}, {"namespace", ns.name()}}},
                            {"spec",
                             {{"selector", {{"matchLabels", {{"app", "agent"}}}}},
                              {"template", podTemplate("agent")}}}});
  applyOrFail(ns.client(), {{"apiVersion", "v1"},
                            {"kind", "Pod"},
                            {"metadata", {{"name", "solo"}, {"namespace", ns.name()}}},
                            {"spec", {{"containers", container}}}});
  SystemClock clock;
  auto checker = health::makePollingHealthChecker(ns.client(), clock);
  auto result = checker->wait({{{"apps", "v1", "StatefulSet"}, ns.name(), "db"},
                               {{"apps", "v1", "DaemonSet"}, ns.name(), "agent"},
                               {{"", "v1", "Pod"}, ns.name(), "solo"}},
                              waitOptions(std::chrono::seconds(90)));
  INFO(result.status.message());
  CHECK(result.status.ok());
  REQUIRE(result.report.objects.size() == 3);
  CHECK(result.report.objects[0].message == "All replicas scheduled as expected. Replicas: 2");
  // One pod per kwok node.
  CHECK(result.report.objects[1].message == "All replicas scheduled as expected. Replicas: 2");
  CHECK(result.report.objects[2].message == "Pod is Ready");
}
