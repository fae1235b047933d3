#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

constexpr std::string_view kMixed = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crd
---
apiVersion: example.com/v1
kind: CustomResourceDefinition
metadata:
  name: fake-crd
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1.foo
---
apiVersion: other.io/v1
kind: APIService
metadata:
  name: v1.bar
)";

}  // namespace

TEST_CASE("namePrefix and nameSuffix skip Namespaces, CRDs and apiregistration APIServices") {
  Context c;
  auto prefixed = applyNamePrefix(objects(kMixed), "pre-", c.ctx);
  REQUIRE(prefixed.ok());
  CHECK(emit(applyNameSuffix(std::move(prefixed).value(), "-suf", c.ctx)) ==
        R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: pre-cm-suf
---
apiVersion: v1
kind: Namespace
metadata:
  name: ns
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crd
---
apiVersion: example.com/v1
kind: CustomResourceDefinition
metadata:
  name: fake-crd
---
apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1.foo
---
apiVersion: other.io/v1
kind: APIService
metadata:
  name: pre-v1.bar-suf
)");
}

TEST_CASE("namePrefix records the previous id and the prefix for name references") {
  Context c;
  auto out = applyNamePrefix(objects(kMixed), "pre-", c.ctx);
  REQUIRE(out.ok());
  const Resource& cm = out->at(0);
  REQUIRE(cm.previousIds.size() == 1);
  CHECK(cm.previousIds[0].display() == "ConfigMap/cm");
  CHECK(cm.prefixes == std::vector<std::string>{"pre-"});
  CHECK(cm.suffixes.empty());
  const Resource& ns = out->at(1);
  CHECK(ns.previousIds.empty());
  CHECK(ns.prefixes.empty());
  auto twice = applyNamePrefix(std::move(out).value(), "b-", c.ctx);
  REQUIRE(twice.ok());
  CHECK(twice->at(0).name() == "b-pre-cm");
  CHECK(twice->at(0).prefixes == std::vector<std::string>{"pre-", "b-"});
  REQUIRE(twice->at(0).previousIds.size() == 2);
  CHECK(twice->at(0).previousIds[1].display() == "ConfigMap/pre-cm");
}

TEST_CASE("nameSuffix records the suffix") {
  Context c;
  auto out = applyNameSuffix(objects(kMixed), "-x", c.ctx);
  REQUIRE(out.ok());
  CHECK(out->at(0).suffixes == std::vector<std::string>{"-x"});
  CHECK(out->at(0).prefixes.empty());
}

TEST_CASE("namePrefix keeps a quoted name quoted") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"123\"\n");
  CHECK(emit(applyNamePrefix(set, "4", c.ctx)) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: \"4123\"\n");
}

TEST_CASE("namePrefix follows custom field specs, matched on the original kind") {
  TransformerConfig extra;
  extra.namePrefix.push_back(FieldSpec{Gvk{"", "", "Widget"}, "spec/alias", true});
  Context c(extra);
  auto set = objects("apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\n");
  CHECK(emit(applyNamePrefix(set, "p-", c.ctx)) ==
        "apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: p-w\nspec:\n  alias: p-\n");
}

TEST_CASE("an empty prefix changes nothing") {
  Context c;
  auto out = applyNamePrefix(objects(kMixed), "", c.ctx);
  REQUIRE(out.ok());
  CHECK(out->at(0).name() == "cm");
  CHECK(out->at(0).prefixes.empty());
}

TEST_CASE("a name that is not a scalar is an error") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {a: b}\n");
  CHECK(error(applyNameSuffix(set, "-s", c.ctx)) ==
        "app/kustomization.yaml: nameSuffix: ConfigMap/: metadata/name: expected a scalar value, "
        "got a map");
}
