#include <catch2/catch.hpp>

#include "../../src/render/substitute.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

TEST_CASE("substituteText handles defaults, escapes and missing variables") {
  std::map<std::string, std::string> vars{{"A", "1"}, {"EMPTY", ""}};
  REQUIRE(*substituteText("x=${A} y=${B:=2} z=${EMPTY:-3} w=$${A}", vars, "s") ==
          "x=1 y=2 z=3 w=${A}");
  auto missing = substituteText("${NOPE}", vars, "ConfigMap/c");
  REQUIRE(missing.status().message() ==
          "ConfigMap/c: substitute: variable 'NOPE' is not set and has no default");
  auto bad = substituteText("${A B}", vars, "ConfigMap/c");
  REQUIRE(bad.status().message() == "ConfigMap/c: substitute: bad variable expression '${A B}'");
}

TEST_CASE("substituteVariables re-reads values with their new types and skips opted-out objects") {
  auto docs = core::parseYamlStream(
      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: ${N}\n"
      "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n  annotations:\n"
      "    gitsync.dev/substitute: disabled\ndata:\n  a: ${N}\n",
      "t");
  REQUIRE(docs.ok());
  ObjectSet set;
  for (auto& d : *docs) set.push_back(Resource{d, "t"});
  auto out = substituteVariables(std::move(set), {{"N", "3"}});
  REQUIRE(out.ok());
  REQUIRE(*core::emitKustomizeYaml((*out)[0].object) ==
          "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 3\n");
  REQUIRE((*out)[1].object.str({"data", "a"}) == "${N}");
}
