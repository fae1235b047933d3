#include <catch2/catch.hpp>

#include "../../src/render/kyaml_path.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

core::Node doc(const std::string& yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  return docs->front();
}

std::string emitted(const core::Node& n) {
  auto y = core::emitKustomizeYaml(n);
  REQUIRE(y.ok());
  return *y;
}

using Parts = std::vector<std::string>;

}  // namespace

TEST_CASE("field paths split on dots, keeping list selectors and bracketed keys") {
  CHECK(splitFieldPath("spec.containers.[name=a.b].image") ==
        Parts{"spec", "containers", "[name=a.b]", "image"});
  CHECK(splitFieldPath("metadata.annotations.[x.y/z]") ==
        Parts{"metadata", "annotations", "x.y/z"});
  CHECK(splitFieldPath("a\\.b.c") == Parts{"a.b", "c"});
  CHECK(splitFieldPath(".a.b") == Parts{"a", "b"});
  CHECK(splitSliceIndexes(Parts{"ports[0]", "[1]", "[name=x]", "port"}) ==
        Parts{"ports", "0", "1", "[name=x]", "port"});
}

TEST_CASE("lookupFieldPath: keys, indexes, exact list selectors") {
  core::Node n = doc("spec:\n  ports: [{name: http, port: 80}, {name: https, port: 443}]\n"
                     "  args: [a, b]\n");
  auto get = [&](const std::string& path) -> std::string {
    auto found = lookupFieldPath(n, splitFieldPath(path));
    REQUIRE(found.ok());
    return *found ? (*found)->text() : "<missing>";
  };
  CHECK(get("spec.ports.1.port") == "443");
  CHECK(get("spec.ports.-.name") == "https");
  CHECK(get("spec.ports.[name=http].port") == "80");
  CHECK(get("spec.ports.[name=htt].port") == "<missing>");
  CHECK(get("spec.args.[=b]") == "b");
  CHECK(get("spec.nope.x") == "<missing>");
  auto wildcard = lookupFieldPath(n, splitFieldPath("spec.ports.*.port"));
  CHECK(wildcard.status().message() == "wildcard is not supported in PathGetter");
  auto wrong = lookupFieldPath(n, splitFieldPath("spec.args.x"));
  CHECK(wrong.status().message() ==
        "wrong node kind: expected MappingNode but got SequenceNode: node contents:\n- a\n- b\n");
}

TEST_CASE("matchFieldPath: unanchored regexes, wildcards, creation") {
  core::Node n = doc("containers: [{name: app, image: a}, {name: sidecar, image: b}]\n");
  auto matched = matchFieldPath(n, splitFieldPath("containers.[name=side].image"), std::nullopt);
  REQUIRE(matched.ok());
  REQUIRE(matched->size() == 1);
  CHECK((*matched)[0].node->text() == "b");
  matched = matchFieldPath(n, splitFieldPath("containers.*.image"), std::nullopt);
  REQUIRE(matched.ok());
  CHECK(matched->size() == 2);
  matched = matchFieldPath(n, splitFieldPath("containers.[name=x].env.0.value"),
                           core::Node::Kind::Scalar);
  REQUIRE(matched.ok());
  REQUIRE(matched->size() == 1);
  CHECK((*matched)[0].created);
  *(*matched)[0].node = core::Node::scalar("v");
  CHECK(emitted(n) ==
        "containers:\n- image: a\n  name: app\n- image: b\n  name: sidecar\n- env:\n  - value: v\n"
        "  name: x\n");
  auto tooShort = matchFieldPath(n, splitFieldPath("containers.7.name"), std::nullopt);
  CHECK(tooShort.status().message() == "index 7 specified but only 3 elements found");
}
