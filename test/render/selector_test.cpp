#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "gitsync/core/yaml.h"
#include "gitsync/render/selector.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

core::Node parse(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  return docs->front();
}

Resource resource(std::string_view yaml) { return Resource{parse(yaml)}; }

Resource web() {
  return resource(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web, tier: fe, n: "5"}
  annotations: {team: a}
)");
}

bool hit(std::string_view target, const Resource& r = web()) {
  auto s = parseSelector(parse(target), "target");
  REQUIRE(s.ok());
  auto selected = selects(*s, r);
  REQUIRE(selected.ok());
  return *selected;
}

std::string parseError(std::string_view target) {
  auto s = parseSelector(parse(target), "patches[0]: target");
  REQUIRE_FALSE(s.ok());
  return s.status().message();
}

std::string labelError(std::string_view selector) {
  Selector s;
  s.labelSelector = std::string(selector);
  auto selected = selects(s, web());
  REQUIRE_FALSE(selected.ok());
  return selected.status().message();
}

}  // namespace

TEST_CASE("parseSelector reads every field and rejects unknown ones") {
  auto s = parseSelector(parse(R"(group: apps
version: v1
kind: Deployment
name: web
namespace: prod
labelSelector: app=web
annotationSelector: team=a
)"),
                         "target");
  REQUIRE(s.ok());
  CHECK(s->group == "apps");
  CHECK(s->version == "v1");
  CHECK(s->kind == "Deployment");
  CHECK(s->name == "web");
  CHECK(s->ns == "prod");
  CHECK(s->labelSelector == "app=web");
  CHECK(s->annotationSelector == "team=a");
  CHECK(parseError("kinds: Deployment\n") == "patches[0]: target: unknown field \"kinds\"");
  CHECK(parseError("name: 5\n") == "patches[0]: target: name: must be a string");
  CHECK(parseError("- kind\n") == "patches[0]: target: must be a map");
  CHECK(parseError("kind: \"(\"\n").rfind("patches[0]: target: kind: error parsing regexp '(': ",
                                          0) == 0);
}

TEST_CASE("selects matches group, version, kind, name and namespace as anchored regexes") {
  CHECK(hit("kind: Deployment\n"));
  CHECK(hit("kind: Deploy.*\n"));
  CHECK_FALSE(hit("kind: Deploy\n"));
  CHECK(hit("kind: StatefulSet|Deployment\n"));
  CHECK(hit("group: apps\nversion: v1\n"));
  CHECK_FALSE(hit("group: \"\"\nversion: v2\n"));
  CHECK(hit("name: w.b\n"));
  CHECK_FALSE(hit("name: we\n"));
  CHECK(hit("kind: \"(?i)deployment\"\n"));
}

TEST_CASE("selects treats an empty namespace as default and matches original names") {
  CHECK(hit("namespace: default\n"));
  CHECK_FALSE(hit("namespace: prod\n"));
  Resource renamed = web();
  renamed.setName("prod-web");
  renamed.setNamespace("prod");
  CHECK(hit("name: web\n", renamed));
  CHECK(hit("name: prod-web\n", renamed));
  CHECK(hit("namespace: default\n", renamed));
  CHECK(hit("namespace: prod\n", renamed));
  CHECK_FALSE(hit("namespace: staging\n", renamed));
  Resource role = resource("apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\n"
                           "metadata:\n  name: r\n");
  CHECK_FALSE(hit("namespace: default\n", role));
}

TEST_CASE("selects evaluates label and annotation selectors") {
  CHECK(hit("labelSelector: app=web\n"));
  CHECK(hit("labelSelector: app==web,tier\n"));
  CHECK_FALSE(hit("labelSelector: app!=web\n"));
  CHECK(hit("labelSelector: app in (api,web)\n"));
  CHECK_FALSE(hit("labelSelector: app notin (api,web)\n"));
  CHECK(hit("labelSelector: \"!legacy\"\n"));
  CHECK_FALSE(hit("labelSelector: \"!tier\"\n"));
  CHECK(hit("labelSelector: n>4\n"));
  CHECK_FALSE(hit("labelSelector: n<5\n"));
  CHECK(hit("labelSelector: x.io/app!=web\n"));
  CHECK(hit("labelSelector: app in (web,,x)\n"));
  CHECK(hit("annotationSelector: team=a\n"));
  CHECK_FALSE(hit("annotationSelector: team=b\n"));
  CHECK(hit("labelSelector: \"\"\n"));
}

TEST_CASE("selects names the selector that does not parse") {
  CHECK(labelError("app in (a") ==
        "labelSelector: unable to parse requirement: found '', expected: ',' or ')'");
}
