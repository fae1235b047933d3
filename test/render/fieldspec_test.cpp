#include <catch2/catch.hpp>

#include "gitsync/core/yaml.h"
#include "gitsync/render/fieldspec.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {
core::Node parse(const std::string& s) { return (*core::parseYamlStream(s, "t"))[0]; }
std::string emit(const core::Node& n) { return *core::emitKustomizeYaml(n); }
}  // namespace

TEST_CASE("forEachField walks lists item by item and honours the gvk") {
  core::Node d = parse(
      "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n"
      "      - image: a\n      - image: b\n");
  std::vector<std::string> seen;
  FieldSpec spec{{"", "", "Deployment"}, "spec/template/spec/containers[]/image", false};
  REQUIRE(forEachField(d, spec, [&](core::Node& f) {
            seen.push_back(f.text());
            f = core::Node::string(f.text() + "!");
            return okStatus();
          }).ok());
  REQUIRE(seen == std::vector<std::string>{"a", "b"});
  REQUIRE(d.str({"kind"}) == "Deployment");
  FieldSpec other{{"", "", "StatefulSet"}, "spec/template/spec/containers/image", false};
  seen.clear();
  REQUIRE(forEachField(d, other, [&](core::Node&) { seen.push_back("x"); return okStatus(); }).ok());
  REQUIRE(seen.empty());
}

TEST_CASE("forEachField creates missing fields when asked") {
  core::Node d = parse("apiVersion: v1\nkind: Service\nmetadata:\n  name: s\n");
  FieldSpec spec{{}, "spec/selector", true};
  REQUIRE(forEachField(d, spec, [](core::Node& f) {
            REQUIRE(f.isNull());
            f = core::Node::map();
            f.set("app", core::Node::string("web"));
            return okStatus();
          }).ok());
  REQUIRE(emit(d) == "apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  selector:\n    app: web\n");
}

TEST_CASE("forEachField reports a scalar where a map is expected") {
  core::Node d = parse("apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec: 3\n");
  Status s = forEachField(d, FieldSpec{{}, "spec/containers", false},
                          [](core::Node&) { return okStatus(); });
  REQUIRE(s.message() ==
          "considering field 'spec/containers' of object Pod/p: expected sequence or mapping node");
}

TEST_CASE("TransformerConfig::merge adds only missing specs") {
  TransformerConfig a, b;
  a.namePrefix.push_back(FieldSpec{{}, "metadata/name", false});
  b.namePrefix.push_back(FieldSpec{{}, "metadata/name", false});
  b.namePrefix.push_back(FieldSpec{{"", "", "X"}, "spec/name", false});
  b.nameReference.push_back(NameBackReference{{"", "v1", "ConfigMap"}, {FieldSpec{{}, "a", false}}});
  REQUIRE(a.merge(b).ok());
  REQUIRE(a.merge(b).ok());
  REQUIRE(a.namePrefix.size() == 2);
  REQUIRE(a.nameReference.size() == 1);
  REQUIRE(a.nameReference[0].referrers.size() == 1);
  TransformerConfig c;
  c.namePrefix.push_back(FieldSpec{{"", "", "X"}, "spec/name", true});
  REQUIRE(a.merge(c).message() == "conflicting fieldspecs: path 'spec/name'");
  // A spec for any kind is present when one for a single kind has its path.
  TransformerConfig d;
  d.namePrefix.push_back(FieldSpec{{}, "spec/name", false});
  REQUIRE(a.merge(d).ok());
  REQUIRE(a.namePrefix.size() == 2);
}

TEST_CASE("forEachField paths: escaped slashes and a leading slash") {
  core::Node d = parse("apiVersion: v1\nkind: X\nmetadata:\n  annotations:\n    a/b: v\n");
  std::vector<std::string> seen;
  REQUIRE(forEachField(d, FieldSpec{{}, "/metadata/annotations/a\\/b", false}, [&](core::Node& f) {
            seen.push_back(f.text());
            return okStatus();
          }).ok());
  REQUIRE(seen == std::vector<std::string>{"v"});
}
