#include <catch2/catch.hpp>

#include "gitsync/core/yaml.h"
#include "gitsync/kube/types.h"

using namespace gitsync;
using namespace gitsync::kube;

TEST_CASE("gvkOf splits apiVersion") {
  auto apps = gvkOf("apps/v1", "Deployment");
  REQUIRE(apps.ok());
  CHECK(*apps == GroupVersionKind{"apps", "v1", "Deployment"});
  CHECK(apps->apiVersion() == "apps/v1");
  auto core = gvkOf("v1", "ConfigMap");
  REQUIRE(core.ok());
  CHECK(*core == GroupVersionKind{"", "v1", "ConfigMap"});
  CHECK(core->apiVersion() == "v1");
  CHECK(gvkOf("", "X").status().message() == "apiVersion is missing");
  CHECK(gvkOf("v1", "").status().message() == "kind is missing");
  CHECK(gvkOf("a/b/c", "X").status().message() == "invalid apiVersion \"a/b/c\"");
  CHECK(gvkOf("/v1", "X").status().code() == Code::InvalidArgument);
}

TEST_CASE("refOf reads an object's identity; subjects for messages") {
  auto ref = refOf(Json::parse(
      R"({"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"prod"}})"));
  REQUIRE(ref.ok());
  CHECK(ref->subject() == "Deployment/prod/web");
  auto cluster = refOf(Json::parse(R"({"apiVersion":"v1","kind":"Namespace","metadata":{"name":"prod"}})"));
  REQUIRE(cluster.ok());
  CHECK(cluster->subject() == "Namespace/prod");
  auto bad = refOf(Json::parse(R"({"kind":"Deployment","metadata":{"name":"web"}})"));
  CHECK(bad.status().message() == "object \"web\": apiVersion is missing");
  CHECK(refOf(Json::array()).status().message() == "object is not a JSON object");
}

TEST_CASE("nodeToJson types scalars as kustomize sends them") {
  auto docs = core::parseYamlStream(
      "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n"
      "data:\n  port: \"8080\"\n  on: 'yes'\nspec:\n  replicas: 3\n  ratio: 0.5\n  flag: true\n"
      "  none: null\n",
      "test");
  REQUIRE(docs.ok());
  auto json = nodeToJson(docs->front());
  REQUIRE(json.ok());
  CHECK(json->dump() ==
        R"({"apiVersion":"v1","data":{"on":"yes","port":"8080"},"kind":"ConfigMap","metadata":{"name":"x"},"spec":{"flag":true,"none":null,"ratio":0.5,"replicas":3}})");
  auto text = nodeToJsonText(docs->front());
  REQUIRE(text.ok());
  CHECK(Json::parse(*text) == *json);
}

TEST_CASE("dumpJson replaces invalid UTF-8 instead of throwing") {
  Json j = std::string("a\xff");
  CHECK(dumpJson(j) == "\"a\xEF\xBF\xBD\"");
}
