#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "../../src/render/patch_internal.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::patch_internal;

namespace {

core::Node parse(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  return docs->front();
}

std::string errorOf(std::string_view text) {
  auto r = parseSmPatches(text, "p.yaml");
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("parseSmPatches requires kind and name and inlines lists") {
  auto patches = parseSmPatches(R"(apiVersion: v1
kind: ConfigMapList
items:
- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
# empty
)",
                                "p.yaml");
  REQUIRE(patches.ok());
  REQUIRE(patches->size() == 2);
  CHECK((*patches)[0].str({"metadata", "name"}) == "a");
  CHECK((*patches)[1].str({"metadata", "name"}) == "b");
  CHECK(errorOf("apiVersion: v1\nmetadata: {name: a}\n") == "missing kind in object");
  CHECK(errorOf("kind: ConfigMap\n") == "missing metadata.name in object");
  CHECK(errorOf("- op: add\n") == "missing Resource metadata");
  CHECK(errorOf("patch.yaml") == "missing Resource metadata");
  CHECK(parseSmPatches("", "p.yaml")->empty());
}

TEST_CASE("findUniqueById matches previous ids and the default namespace") {
  ObjectSet set;
  set.push_back(Resource{parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")});
  set.push_back(Resource{parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")});
  set[1].setName("pre-b");
  auto id = [](std::string_view yaml) { return patchId(parse(yaml)); };
  CHECK(*findUniqueById(set, id("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, "
                                "namespace: default}\n")) == 0);
  CHECK(*findUniqueById(set, id("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")) == 1);
  CHECK(*findUniqueById(set, id("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: pre-b}\n")) ==
        1);
  CHECK(findUniqueById(set, id("kind: ConfigMap\nmetadata: {name: a}\n")).status().message() ==
        "no matches for Id ConfigMap.[noVer].[noGrp]/a.[noNs]; failed to find unique target for "
        "patch ConfigMap.[noVer].[noGrp]/a.[noNs]");
  set.push_back(set[0]);
  CHECK(findUniqueById(set, id("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n"))
            .status()
            .message() ==
        "multiple matches for Id ConfigMap.v1.[noGrp]/a.[noNs]; failed to find unique target for "
        "patch ConfigMap.v1.[noGrp]/a.[noNs]");
}

TEST_CASE("applySmPatch restores kind, name and namespace unless allowed") {
  const char* patch = "apiVersion: v1\nkind: Secret\nmetadata: {name: x, namespace: y}\n"
                      "data: {k: v}\n";
  Resource r{parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")};
  REQUIRE(*applySmPatch(r, parse(patch), {}));
  CHECK(*core::emitKustomizeYaml(r.object) ==
        "apiVersion: v1\ndata:\n  k: v\nkind: ConfigMap\nmetadata:\n  name: a\n");
  CHECK(r.previousIds.empty());
  Resource s{parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: ns}\n")};
  REQUIRE(*applySmPatch(s, parse(patch), {true, true}));
  CHECK(*core::emitKustomizeYaml(s.object) ==
        "apiVersion: v1\ndata:\n  k: v\nkind: Secret\nmetadata:\n  name: x\n  namespace: ns\n");
  REQUIRE(s.previousIds.size() == 1);
  CHECK(s.previousIds[0].name == "a");
  Resource d{parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")};
  CHECK_FALSE(*applySmPatch(d, parse("kind: ConfigMap\nmetadata: {name: a}\n$patch: delete\n"),
                            {}));
}

TEST_CASE("applySmPatchToSelected gives the patch the target's apiVersion") {
  Resource r{parse("apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n"
                   "spec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n")};
  REQUIRE(*applySmPatchToSelected(
      r, parse("apiVersion: v9\nkind: Deployment\nmetadata: {name: z}\nspec:\n  template:\n"
               "    spec:\n      containers: [{name: d, image: j}]\n"),
      {}));
  CHECK(r.object.at({"spec", "template", "spec", "containers"})->size() == 2);
  CHECK(r.apiVersion() == "apps/v1");
  CHECK(kustomizeIdString(r.id()) == "Deployment.v1.apps/a.[noNs]");
}

TEST_CASE("applySmPatch loses kustomize's build state when annotations are wiped") {
  Resource r{parse("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n")};
  r.needsHashSuffix = true;
  r.prefixes = {"p-"};
  REQUIRE(*applySmPatch(r, parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                                 "  annotations: {x: y}\n"),
                        {}));
  CHECK(r.needsHashSuffix);
  CHECK(*core::emitKustomizeYaml(r.object) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    x: \"y\"\n  name: a\n");
  REQUIRE(*applySmPatch(r, parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                                 "  annotations: null\n"),
                        {}));
  CHECK_FALSE(r.needsHashSuffix);
  CHECK(r.prefixes.empty());
  CHECK(*core::emitKustomizeYaml(r.object) == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
}

TEST_CASE("applySmPatchToSelected reads the patch's labels and annotations as strings") {
  Resource r{parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                   "  labels: {x: \"1\", y: \"2\"}\n  annotations: {k: v}\n")};
  REQUIRE(*applySmPatchToSelected(r, parse("kind: ConfigMap\nmetadata:\n  name: a\n"
                                           "  labels: {x: null, z: 5}\n  annotations: null\n"),
                                  {}));
  CHECK(*core::emitKustomizeYaml(r.object) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    k: v\n  labels:\n"
        "    x: \"null\"\n    \"y\": \"2\"\n    z: \"5\"\n  name: a\n");
}
