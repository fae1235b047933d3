#include "gitsync/apply/compare.h"

#include <catch2/catch.hpp>

using namespace gitsync::apply;
using gitsync::kube::Json;

namespace {

Json managed(const Json& fields, const std::string& manager = "gitsync",
             const std::string& operation = "Apply") {
  return Json::array({{{"manager", manager},
                       {"operation", operation},
                       {"apiVersion", "v1"},
                       {"fieldsType", "FieldsV1"},
                       {"fieldsV1", fields}}});
}

const Json kDesired = Json::parse(R"({
  "apiVersion": "apps/v1", "kind": "Deployment",
  "metadata": {"name": "web", "namespace": "prod", "labels": {"gitsync.dev/name": "x"}},
  "spec": {"replicas": 2,
           "template": {"spec": {"containers": [
             {"name": "web", "image": "nginx", "ports": [{"containerPort": 80}],
              "resources": {"limits": {"cpu": "1000m", "memory": "1Gi"}}}]}}}})");

const Json kFields = Json::parse(R"({
  "f:metadata": {"f:labels": {"f:gitsync.dev/name": {}}},
  "f:spec": {"f:replicas": {},
             "f:template": {"f:spec": {"f:containers": {"k:{\"name\":\"web\"}": {
               ".": {}, "f:name": {}, "f:image": {},
               "f:ports": {"k:{\"containerPort\":80,\"protocol\":\"TCP\"}": {
                 ".": {}, "f:containerPort": {}}},
               "f:resources": {"f:limits": {"f:cpu": {}, "f:memory": {}}}}}}}}})");

Json live() {
  Json l = kDesired;
  l["metadata"]["resourceVersion"] = "42";
  l["metadata"]["managedFields"] = managed(kFields);
  auto& c = l["spec"]["template"]["spec"]["containers"][0];
  c["imagePullPolicy"] = "Always";  // server defaults
  c["ports"][0]["protocol"] = "TCP";
  c["resources"]["limits"]["cpu"] = "1";  // canonical form of 1000m
  c["resources"]["limits"]["memory"] = "1024Mi";
  l["status"] = {{"replicas", 2}};
  return l;
}

}  // namespace

TEST_CASE("compare: defaults, canonical quantities and an exact field set are unchanged") {
  Comparison c = compare(kDesired, live(), "gitsync");
  CHECK(c.verdict == Verdict::Unchanged);
  CHECK(c.path.empty());
}

TEST_CASE("compare: a spec value difference is doubtful, with its path") {
  Json l = live();
  l["spec"]["template"]["spec"]["containers"][0]["image"] = "nginx:2";
  Comparison c = compare(kDesired, l, "gitsync");
  CHECK(c.verdict == Verdict::Doubtful);
  CHECK(c.path == "spec.template.spec.containers[0].image");
}

TEST_CASE("compare: quantities differing in value are doubtful") {
  Json l = live();
  l["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"]["cpu"] = "1500m";
  Comparison c = compare(kDesired, l, "gitsync");
  CHECK(c.verdict == Verdict::Doubtful);
  CHECK(c.path == "spec.template.spec.containers[0].resources.limits.cpu");
}

TEST_CASE("compare: label and ConfigMap data differences are certain changes") {
  Json l = live();
  l["metadata"]["labels"]["gitsync.dev/name"] = "y";
  CHECK(compare(kDesired, l, "gitsync").verdict == Verdict::Changed);
  CHECK(compare(kDesired, l, "gitsync").path == "metadata.labels.gitsync.dev/name");

  Json cm = {{"apiVersion", "v1"},
             {"kind", "ConfigMap"},
             {"metadata", {{"name", "c"}}},
             {"data", {{"a", "1"}}}};
  Json liveCm = cm;
  liveCm["data"]["a"] = "2";
  CHECK(compareValues(cm, liveCm).verdict == Verdict::Changed);
  CHECK(compareValues(cm, liveCm).path == "data.a");
}

TEST_CASE("compare: a list of another length differs at the list") {
  Json l = live();
  l["spec"]["template"]["spec"]["containers"].push_back({{"name", "sidecar"}});
  CHECK(compareValues(kDesired, l).path == "spec.template.spec.containers");
}

TEST_CASE("compare: a field owned but removed from the source is noticed") {
  Json l = live();
  Json fields = kFields;
  fields["f:spec"]["f:paused"] = Json::object();
  l["spec"]["paused"] = false;
  l["metadata"]["managedFields"] = managed(fields);
  CHECK(compareValues(kDesired, l).verdict == Verdict::Unchanged);
  CHECK_FALSE(ownsExactly(kDesired, l, "gitsync"));
  Comparison c = compare(kDesired, l, "gitsync");
  CHECK(c.verdict == Verdict::Doubtful);
  CHECK(c.path == "metadata.managedFields");
}

TEST_CASE("compare: a desired field not owned, or another manager's entry, is not exact") {
  Json l = live();
  Json fields = kFields;
  fields["f:spec"].erase("f:replicas");
  l["metadata"]["managedFields"] = managed(fields);
  CHECK_FALSE(ownsExactly(kDesired, l, "gitsync"));

  l["metadata"]["managedFields"] = managed(kFields, "kubectl", "Apply");
  CHECK_FALSE(ownsExactly(kDesired, l, "gitsync"));
  l["metadata"]["managedFields"] = managed(kFields, "gitsync", "Update");
  CHECK_FALSE(ownsExactly(kDesired, l, "gitsync"));
  l["metadata"]["managedFields"] = managed(kFields);
  CHECK(ownsExactly(kDesired, l, "gitsync"));
}

TEST_CASE("compare: set lists (v:) and atomic fields") {
  Json desired = {{"apiVersion", "v1"},
                  {"kind", "X"},
                  {"metadata", {{"name", "x"}}},
                  {"spec", {{"finalizers", {"a", "b"}}, {"selector", {{"app", "web"}}}}}};
  Json l = desired;
  l["metadata"]["managedFields"] =
      managed({{"f:spec",
                {{"f:finalizers", {{"v:\"a\"", Json::object()}, {"v:\"b\"", Json::object()}}},
                 {"f:selector", Json::object()}}}});
  CHECK(compare(desired, l, "gitsync").verdict == Verdict::Unchanged);
  desired["spec"]["finalizers"] = {"a", "c"};
  l["spec"]["finalizers"] = {"a", "c"};
  CHECK_FALSE(ownsExactly(desired, l, "gitsync"));
}

TEST_CASE("sameState ignores resourceVersion, generation and managedFields times") {
  Json a = live();
  Json b = a;
  b["metadata"]["resourceVersion"] = "43";
  b["metadata"]["generation"] = 7;
  b["metadata"]["managedFields"][0]["time"] = "2026-01-01T00:00:00Z";
  CHECK(sameState(a, b));
  b["spec"]["replicas"] = 3;
  CHECK_FALSE(sameState(a, b));
}

TEST_CASE("compare: a Secret's stringData is compared with the base64 data the server stores") {
  Json desired = {{"apiVersion", "v1"},
                  {"kind", "Secret"},
                  {"metadata", {{"name", "s"}}},
                  {"stringData", {{"password", "hunter2"}, {"a", "ab"}, {"b", "a"}}}};
  Json l = {{"apiVersion", "v1"},
            {"kind", "Secret"},
            {"metadata",
             {{"name", "s"},
              {"managedFields",
               managed({{"f:stringData",
                         {{"f:password", Json::object()},
                          {"f:a", Json::object()},
                          {"f:b", Json::object()}}}})}}},
            {"data", {{"password", "aHVudGVyMg=="}, {"a", "YWI="}, {"b", "YQ=="}}}};
  CHECK(compare(desired, l, "gitsync").verdict == Verdict::Unchanged);
  l["data"]["password"] = "b3RoZXI=";
  Comparison c = compare(desired, l, "gitsync");
  CHECK(c.verdict == Verdict::Doubtful);
  CHECK(c.path == "data.password");
}
