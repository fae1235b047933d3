#include <catch2/catch.hpp>

#include "../../src/render/resource_reader.h"
#include "gitsync/core/yaml.h"
#include "gitsync/render/resource.h"
#include "gitsync/render/builtin_transformers.h"

using namespace gitsync;
using namespace gitsync::render;

TEST_CASE("Resource ids, renames and namespace changes keep history") {
  auto docs = core::parseYamlStream("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n", "t");
  Resource r{(*docs)[0], "t"};
  r.setName("p-web");
  r.setNamespace("prod");
  REQUIRE(r.id().display() == "Deployment/prod/p-web");
  REQUIRE(r.originalId().display() == "Deployment/web");
  REQUIRE(r.previousIds.size() == 2);
  REQUIRE(r.id().gvk.apiVersion() == "apps/v1");
  REQUIRE(Gvk::fromApiVersion("v1", "Pod").group.empty());
}

TEST_CASE("Effective namespaces: default equals empty; cluster-scoped kinds ignore it") {
  ResId a{{"", "v1", "ConfigMap"}, "x", ""};
  ResId b{{"", "v1", "ConfigMap"}, "x", "default"};
  REQUIRE(a.sameAs(b));
  ResId c{{"rbac.authorization.k8s.io", "v1", "ClusterRole"}, "x", "a"};
  ResId d{{"rbac.authorization.k8s.io", "v1", "ClusterRole"}, "x", "b"};
  REQUIRE(c.sameAs(d));
  ResId e{{"example.com", "v1", "Widget"}, "x", "a"};
  ResId f{{"example.com", "v1", "Widget"}, "x", "b"};
  REQUIRE_FALSE(e.sameAs(f));
}

TEST_CASE("resourcesFromDocuments expands Lists and requires kind and name") {
  auto docs = core::parseYamlStream(
      "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: ConfigMap\n  metadata: {name: a}\n",
      "t");
  auto set = resourcesFromDocuments(std::move(docs).value(), "l.yaml");
  REQUIRE(set.ok());
  REQUIRE(set->size() == 1);
  auto bad = resourcesFromDocuments(*core::parseYamlStream("kind: ConfigMap\nmetadata: {}\n", "t"), "b.yaml");
  REQUIRE(bad.status().message() ==
          "b.yaml: document 1 (line 1): missing metadata.name in object of kind ConfigMap");
  ObjectSet into = std::move(set).value();
  auto again = resourcesFromDocuments(
      *core::parseYamlStream("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n", "t"),
      "c.yaml");
  IdIndex index(into);
  REQUIRE(index.append(into, std::move(again).value()).message() ==
          "may not add resource with an already registered id: ConfigMap/default/a (from c.yaml)");
}
