// Expected outputs and messages below are `kubectl kustomize` (Kustomize v5.5.0) output for the
// same object patched by a `patches:` entry with a target.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "../../src/render/patch_internal.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render::patch_internal;

namespace {

constexpr std::string_view kBase = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
  labels: {a: "1"}
data:
  x: "1"
list: [a, b, c]
num: 1.50
big: 12345678901234567890
)";

std::string patchText(std::string_view base, std::string_view patch) {
  auto docs = core::parseYamlStream(base, "base.yaml");
  REQUIRE(docs.ok());
  core::Node object = docs->front();
  auto ops = decodeJsonPatch(patch);
  if (!ops.ok()) return "decode error: " + ops.status().message();
  Status s = applyJsonPatch(object, *ops);
  if (!s.ok()) return "error: " + s.message();
  auto out = core::emitKustomizeYaml(object);
  REQUIRE(out.ok());
  return *out;
}

}  // namespace

TEST_CASE("applyJsonPatch applies add, remove, replace, move, copy and test") {
  CHECK(patchText(kBase, R"(- {op: add, path: /list/1, value: inserted}
- {op: add, path: /list/-, value: last}
- {op: add, path: /list/-1, value: beforeLast}
- {op: remove, path: /list/0}
- {op: replace, path: /data/x, value: 2}
- {op: replace, path: /data/missing, value: added}
- {op: move, from: /metadata/labels/a, path: /data/moved}
- {op: copy, from: /list, path: /copied}
- {op: test, path: /data/moved, value: "1"}
- {op: add, path: /values, value: [yes, on, 1_000, 0o17, 1.0, ~, "s"]}
- {op: add, path: /m~1k~0, value: {nested: true}}
)") == R"(apiVersion: v1
big: 12345678901234567000
copied:
- inserted
- b
- c
- last
- beforeLast
data:
  missing: added
  moved: "1"
  x: 2
kind: ConfigMap
list:
- inserted
- b
- c
- last
- beforeLast
m/k~:
  nested: true
metadata:
  labels: {}
  name: cfg
num: 1.5
values:
- true
- true
- 1000
- 15
- 1
- null
- s
)");
}

TEST_CASE("applyJsonPatch reports errors with json-patch's messages") {
  CHECK(patchText(kBase, R"([{"op": "replace", "path": "/spec/x", "value": 1}])") ==
        R"(error: replace operation does not apply: doc is missing path: /spec/x: missing value)");
  CHECK(patchText(kBase, R"([{"op": "remove", "path": "/list/9"}])") ==
        R"(error: error in remove for path: '/list/9': Unable to access invalid index: 9: invalid index referenced)");
  CHECK(patchText(kBase, R"([{"op": "add", "path": "/list/x", "value": 1}])") ==
        R"(error: error in add for path: '/list/x': value was not a proper array index: 'x': strconv.Atoi: parsing "x": invalid syntax)");
  CHECK(patchText(kBase, R"([{"op": "test", "path": "/data/x", "value": "2"}])") ==
        R"(error: testing value /data/x failed: test failed)");
  CHECK(patchText(kBase, R"([{"op": "frob", "path": "/a"}])") ==
        R"(error: Unexpected kind: frob)");
  CHECK(patchText(kBase, R"([{"op": "add", "value": 1}])") ==
        R"(error: add operation failed to decode path: missing value)");
  CHECK(patchText(kBase, R"([{"op": "replace", "path": 5, "value": 1}])") ==
        R"(error: replace operation failed to decode path: json: cannot unmarshal number into Go value of type string)");
  CHECK(patchText(kBase, R"([{"op": "move", "from": "/nope/a", "path": "/b"}])") ==
        R"(error: move operation does not apply: doc is missing from path: /nope/a: missing value)");
  CHECK(patchText(kBase, R"([{"op": "copy", "from": "/data/x", "path": "/nope/b"}])") ==
        R"(error: copy operation does not apply: doc is missing destination path: /nope/b: missing value)");
  CHECK(patchText(kBase, R"([{"op": "remove", "path": "/list/-"}])") ==
        R"(error: error in remove for path: '/list/-': strconv.Atoi: parsing "-": invalid syntax)");
  CHECK(patchText(kBase, R"([{"op": "replace", "path": "", "value": [1]}])") ==
        R"(error: json: cannot unmarshal array into Go value of type map[string]interface {})");
  CHECK(patchText(kBase, R"([{"op": "replace", "path": "/list/5", "value": 1}])") ==
        R"(error: replace operation does not apply: doc is missing key: /list/5: missing value)");
  CHECK(patchText(kBase, R"([{"op": "move", "from": "/data/nope", "path": "/b"}])") ==
        R"(error: error in move for path: 'nope': Unable to remove nonexistent key: nope: missing value)");
  CHECK(patchText(kBase, R"([{"op": "remove", "path": "/list/-9"}])") ==
        R"(error: error in remove for path: '/list/-9': Unable to access invalid index: -9: invalid index referenced)");
  CHECK(patchText(kBase, R"([{"op": "add", "path": "/list/99999999999999999999", "value": 1}])") ==
        R"(error: error in add for path: '/list/99999999999999999999': value was not a proper array index: '99999999999999999999': strconv.Atoi: parsing "99999999999999999999": value out of range)");
}


TEST_CASE("applyJsonPatch: a null in the document is missing to test, replace of the root") {
  CHECK(patchText("a: null\n", R"([{"op": "test", "path": "/a", "value": null}])") ==
        "a: null\n");
  CHECK(patchText("a: 1\n", R"([{"op": "test", "path": "/b", "value": null}])") == "a: 1\n");
  CHECK(patchText("a: null\n", R"([{"op": "test", "path": "/a", "value": {}}])") ==
        "error: testing value /a failed: test failed");
  CHECK(patchText("a: {}\n", R"([{"op": "test", "path": "/a", "value": null}])") ==
        "error: testing value /a failed: test failed");
  CHECK(patchText("a: 1\n", R"([{"op": "replace", "path": "", "value": 5}])") == "a: 1\n");
  CHECK(patchText("a: 1\n", R"([{"op": "replace", "path": "", "value": {"b": 2}}])") ==
        "b: 2\n");
}

TEST_CASE("applyJsonPatch: replace of a missing map key adds it, paths without a slash") {
  CHECK(patchText("a: 1\n", "- {op: replace, path: /b, value: 2}\n") == "a: 1\nb: 2\n");
  CHECK(patchText("a: 1\n", "- {op: add, path: c, value: 3}\n") ==
        "error: add operation does not apply: doc is missing path: \"c\": missing value");
  CHECK(patchText("a: 1\n", "- {op: add, path: c/d, value: 3}\n") == "a: 1\nd: 3\n");
}

TEST_CASE("decodeJsonPatch accepts YAML, JSON and an empty document") {
  CHECK(decodeJsonPatch("- {op: add, path: /a, value: 1}\n")->size() == 1);
  CHECK(decodeJsonPatch(R"([{"op": "add", "path": "/a"}, null])")->size() == 2);
  CHECK(decodeJsonPatch("# nothing\n")->empty());
  CHECK(decodeJsonPatch("op: add\n").status().message() ==
        "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  CHECK(decodeJsonPatch("- op\n").status().message() ==
        "json: cannot unmarshal string into Go value of type jsonpatch.Operation");
}
