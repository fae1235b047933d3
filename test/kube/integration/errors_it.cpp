// API errors as gitsync Status values, against the real API server.
#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {
Json service(const std::string& ns, const std::string& clusterIP) {
  Json spec = {{"ports", Json::array({{{"port", 80}, {"protocol", "TCP"}}})},
               {"selector", {{"app", "web"}}}};
  if (!clusterIP.empty()) spec["clusterIP"] = clusterIP;
  return {{"apiVersion", "v1"},
          {"kind", "Service"},
          {"metadata", {{"name", "web"}, {"namespace", ns}}},
          {"spec", spec}};
}

// Another address of the service range than `ip` (10.96.0.0/12).
std::string otherServiceIP(const std::string& ip) {
  return ip == "10.96.200.200" ? "10.96.200.201" : "10.96.200.200";
}
}  // namespace

TEST_CASE("404 maps to NotFound with the API's message", "[errors]") {
  TestNamespace ns("kube-it-404");
  auto got = ns.client().get({kConfigMap, ns.name(), "missing"});
  CHECK(got.status().code() == Code::NotFound);
  CHECK(got.status().message() ==
        "ConfigMap/" + ns.name() + "/missing: get: NotFound: configmaps \"missing\" not found");
  CHECK(ns.client().metrics().count("GET", 404) == 1);  // not retried

  auto noKind = ns.client().get({{"example.gitsync.dev", "v1", "Nothing"}, ns.name(), "x"});
  CHECK(noKind.status().code() == Code::NotFound);
  CHECK(noKind.status().message() == "Nothing/" + ns.name() +
                                         "/x: get: no matches for kind \"Nothing\" in version "
                                         "\"example.gitsync.dev/v1\"");
}

TEST_CASE("changing a Service's clusterIP is 422 InvalidArgument: field is immutable",
          "[errors]") {
  TestNamespace ns("kube-it-422");
  auto created = ns.client().apply(service(ns.name(), ""), {});
  INFO(created.status().message());
  REQUIRE(created.ok());
  std::string ip = (*created)["spec"]["clusterIP"].get<std::string>();
  std::string other = otherServiceIP(ip);
  auto changed = ns.client().apply(service(ns.name(), other), {ApplyOptions{"gitsync", true}});
  CHECK(changed.status().code() == Code::InvalidArgument);
  CHECK(changed.status().message() ==
        "Service/" + ns.name() + "/web: apply: Invalid: Service \"web\" is invalid: "
        "spec.clusterIPs[0]: Invalid value: [\"" + other + "\"]: may not change once set");
  CHECK(isImmutableFieldError(changed.status()));
}

TEST_CASE("changing a Job's selector is 422 with \"field is immutable\"", "[errors]") {
  TestNamespace ns("kube-it-job");
  auto job = [&](const std::string& value) {
    Json labels = {{"app", "job"}, {"run", value}};
    return Json{{"apiVersion", "batch/v1"},
                {"kind", "Job"},
                {"metadata", {{"name", "once"}, {"namespace", ns.name()}}},
                {"spec",
                 {{"manualSelector", true},
                  {"selector", {{"matchLabels", labels}}},
                  {"template",
                   {{"metadata", {{"labels", labels}}},
                    {"spec",
                     {{"restartPolicy", "Never"},
                      {"containers", Json::array({{{"name", "c"}, {"image", "busybox"}}})}}}}}}}};
  };
  auto created = ns.client().apply(job("a"), {});
  INFO(created.status().message());
  REQUIRE(created.ok());
  auto changed = ns.client().apply(job("b"), {});
  CHECK(changed.status().code() == Code::InvalidArgument);
  CHECK_THAT(changed.status().message(),
             Catch::StartsWith("Job/" + ns.name() + "/once: apply: Invalid: Job.batch \"once\" "
                               "is invalid: ") &&
                 Catch::Contains("spec.selector: Invalid value: ") &&
                 Catch::Contains("field is immutable"));
  CHECK(isImmutableFieldError(changed.status()));
}

TEST_CASE("an apply conflict with another manager is 409 Aborted unless forced", "[errors]") {
  TestNamespace ns("kube-it-409");
  auto& client = ns.client();
  REQUIRE(client.apply(ns.configMap("shared", {{"owner", "one"}}), {ApplyOptions{"one"}}).ok());
  auto conflict = client.apply(ns.configMap("shared", {{"owner", "two"}}), {ApplyOptions{"two"}});
  CHECK(conflict.status().code() == Code::Aborted);
  CHECK(conflict.status().message() ==
        "ConfigMap/" + ns.name() +
            "/shared: apply: Conflict: Apply failed with 1 conflict: conflict with \"one\": "
            ".data.owner");
  auto forced = client.apply(ns.configMap("shared", {{"owner", "two"}}),
                             {ApplyOptions{"two", true}});
  REQUIRE(forced.ok());
  CHECK((*forced)["data"]["owner"] == "two");
}
