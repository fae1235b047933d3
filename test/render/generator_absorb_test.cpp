#include <catch2/catch.hpp>

#include <string>

#include "../../src/render/generator_absorb.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

Resource res(const std::string& yaml, bool needsHash = false,
             GeneratorBehavior behavior = GeneratorBehavior::Unspecified,
             std::string origin = "base/kustomization.yaml") {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  Resource r;
  r.object = docs->front();
  r.needsHashSuffix = needsHash;
  r.behavior = behavior;
  r.origin = std::move(origin);
  return r;
}

std::string emit(const Resource& r) {
  auto y = core::emitKustomizeYaml(r.object);
  REQUIRE(y.ok());
  return *y;
}

const char* kBaseCm =
    "apiVersion: v1\nkind: ConfigMap\n"
    "metadata:\n  name: p-cm\n  labels: {l1: base, l2: base}\n  annotations: {a1: base}\n"
    "data: {A: base, B: base, N: 1}\n"
    "binaryData: {bin: AAAA}\n";

ObjectSet baseSet(bool needsHash = true) {
  Resource base = res(kBaseCm, needsHash, GeneratorBehavior::Unspecified);
  ResId original = base.id();
  original.name = "cm";
  base.previousIds = {original};
  base.prefixes = {"p-"};
  ObjectSet set;
  set.push_back(res("apiVersion: v1\nkind: Service\nmetadata:\n  name: cm\n"));
  set.push_back(std::move(base));
  return set;
}

}  // namespace

TEST_CASE("absorb: a new id is appended") {
  ObjectSet set = baseSet();
  Status s = absorbGenerated(set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
                                      true, GeneratorBehavior::Create));
  REQUIRE(s.ok());
  REQUIRE(set.size() == 3);
  CHECK(set[2].name() == "x");
}

TEST_CASE("absorb: merge matches a previous id and unites data, labels and annotations") {
  ObjectSet set = baseSet();
  Status s = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"
               "  labels: {l2: ov, l3: ov}\ndata: {B: ov, C: ov}\n",
               true, GeneratorBehavior::Merge, "overlay/kustomization.yaml"));
  REQUIRE(s.ok());
  REQUIRE(set.size() == 2);
  const Resource& r = set[1];
  CHECK(emit(r) ==
        "apiVersion: v1\n"
        "binaryData:\n  bin: AAAA\n"
        "data:\n  A: base\n  B: ov\n  C: ov\n  \"N\": \"1\"\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  annotations:\n    a1: base\n"
        "  labels:\n    l1: base\n    l2: ov\n    l3: ov\n"
        "  name: p-cm\n");
  CHECK(r.needsHashSuffix);
  CHECK(r.origin == "base/kustomization.yaml");
  REQUIRE(r.previousIds.size() == 1);
  CHECK(r.previousIds[0].name == "cm");
  CHECK(r.prefixes == std::vector<std::string>{"p-"});
  CHECK(r.behavior == GeneratorBehavior::Unspecified);
}

TEST_CASE("absorb: replace keeps only the generated content, metadata still united") {
  ObjectSet set = baseSet();
  Status s = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n"
               "data: {Z: ov}\n",
               true, GeneratorBehavior::Replace, "overlay/kustomization.yaml"));
  REQUIRE(s.ok());
  CHECK(emit(set[1]) ==
        "apiVersion: v1\n"
        "data:\n  Z: ov\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  annotations:\n    a1: base\n"
        "  labels:\n    l1: base\n    l2: base\n"
        "  name: p-cm\n");
  CHECK(set[1].origin == "overlay/kustomization.yaml");
}

TEST_CASE("absorb: the hash suffix stays only when both objects want it") {
  for (bool oldHash : {false, true}) {
    for (bool newHash : {false, true}) {
      for (auto b : {GeneratorBehavior::Merge, GeneratorBehavior::Replace}) {
        ObjectSet set = baseSet(oldHash);
        Status s = absorbGenerated(
            set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", newHash, b));
        REQUIRE(s.ok());
        CHECK(set[1].needsHashSuffix == (oldHash && newHash));
      }
    }
  }
}

TEST_CASE("absorb: merging into a missing id, or creating an existing one, fails") {
  ObjectSet set = baseSet();
  Status missing = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: nope\n  namespace: x\n",
               true, GeneratorBehavior::Merge));
  CHECK(missing.code() == Code::InvalidArgument);
  CHECK(missing.message() == "id ConfigMap/x/nope does not exist; cannot merge or replace");
  Status exists = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: default\n",
               true, GeneratorBehavior::Create));
  CHECK(exists.message() == "id ConfigMap/default/cm exists; behavior must be merge or replace");
  Status unspecified = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: p-cm\n", true));
  CHECK(unspecified.message() == "id ConfigMap/p-cm exists; behavior must be merge or replace");
}

TEST_CASE("absorb: two objects matching is an error") {
  ObjectSet set = baseSet();
  set.push_back(res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n"));
  Status s = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n", true,
               GeneratorBehavior::Merge));
  CHECK(s.message() ==
        "found multiple objects [ConfigMap/p-cm, ConfigMap/cm] that could accept merge of "
        "ConfigMap/cm");
}

TEST_CASE("absorb: merged data kustomize cannot print is an error") {
  ObjectSet set;
  set.push_back(res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                    "data:\n  k: \"\\tfoo\\nbar\"\n"));
  Status s = absorbGenerated(
      set, res("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata: {x: '1'}\n", true,
               GeneratorBehavior::Merge));
  CHECK(s.message() ==
        "merged data key \"k\": kustomize cannot print a value that spans lines and starts with "
        "a tab (yaml: found a tab character where an indentation space is expected)");
  CHECK(set[0].object.at({"data"})->size() == 1);
}
