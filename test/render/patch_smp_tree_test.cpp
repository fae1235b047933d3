#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "../../src/render/patch_smp_tree.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render::smp;

namespace {

YPtr tree(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  return toY(docs->front());
}

std::string yaml(const YPtr& n) {
  auto out = core::emitKustomizeYaml(fromY(*n));
  REQUIRE(out.ok());
  return *out;
}

}  // namespace

TEST_CASE("setElement replaces, appends and deletes by key, dropping empty items") {
  YPtr list = tree("- {name: a, v: 1}\n- null\n- {}\n- {name: b, v: 2}\n- plain\n");
  REQUIRE(setElement(*list, tree("{name: a, v: 3}"), {"name"}, {"a"}).ok());
  CHECK(yaml(list) == "- name: a\n  v: 3\n- name: b\n  v: 2\n- plain\n");
  REQUIRE(setElement(*list, tree("{name: c}"), {"name"}, {"c"}).ok());
  REQUIRE(setElement(*list, nullptr, {"name"}, {"b"}).ok());
  CHECK(yaml(list) == "- name: a\n  v: 3\n- plain\n- name: c\n");
  YPtr scalars = tree("[x, y]");
  REQUIRE(setElement(*scalars, tree("z"), {""}, {"z"}).ok());
  CHECK(yaml(scalars) == "- x\n- \"y\"\n- z\n");
}

TEST_CASE("findElement matches every key's text") {
  YPtr list = tree("- {port: 80}\n- {port: \"80\", protocol: UDP}\n");
  CHECK(findElement(list, {"port", "protocol"}, {"80", "UDP"}) == list->items[1]);
  CHECK(findElement(list, {"port"}, {"80"}) == list->items[0]);
  CHECK(findElement(list, {"port"}, {"81"}) == nullptr);
}

TEST_CASE("takeDirective reads and removes $patch from maps and lists") {
  YPtr map = tree("{$patch: replace, a: 1}");
  CHECK(*takeDirective(map) == Directive::Replace);
  CHECK(yaml(map) == "a: 1\n");
  YPtr list = tree("- {$patch: delete}\n- {name: a}\n");
  CHECK(*takeDirective(list) == Directive::Delete);
  CHECK(yaml(list) == "- name: a\n");
  YPtr notForList = tree("- {$patch: delete, name: a}\n");
  CHECK(*takeDirective(notForList) == Directive::Merge);
  CHECK(takeDirective(tree("{$patch: drop}")).status().message() ==
        "unknown patch strategy 'drop'");
}

TEST_CASE("setField clears on null and lends the replaced value's quoting") {
  YPtr map = tree("{a: \"1\", b: x, c: 1}");
  setField(*map, "a", tree("2"));
  setField(*map, "b", tree("3"));
  setField(*map, "c", toY(core::Node::null()));
  CHECK(yaml(map) == "a: \"2\"\nb: 3\n");
  CHECK(checkKind(tree("[1]"), core::Node::Kind::Map).message() ==
        "wrong node kind: expected MappingNode but got SequenceNode: node contents:\n- 1\n");
}
