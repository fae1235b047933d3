// Expected objects are `kubectl kustomize` (Kustomize v5.5.0) output for the same trees, in
// input order (kustomize then sorts them).
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include "gitsync/core/yaml.h"
#include "gitsync/render/patches.h"
#include "gitsync/render/render.h"

using namespace gitsync;
using namespace gitsync::render;
namespace fs = std::filesystem;

namespace {

constexpr std::string_view kResources = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  template:
    spec:
      containers:
      - {name: app, image: app:1}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app: web}
spec:
  ports:
  - {port: 80}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data: {a: "1"}
)";

// A kustomization folder in a temporary directory holding patch files.
struct Tree {
  Tree() {
    write("dep.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - {name: app, image: app:2}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
$patch: delete
)");
    write("ops.yaml", "- op: add\n  path: /metadata/annotations\n  value: {patched: \"true\"}\n");
    write("empty.yaml", "");
  }
  ~Tree() { fs::remove_all(root); }
  void write(const std::string& name, std::string_view text) {
    std::ofstream(root / name) << text;
  }

  // Unique per process (ctest runs test cases in parallel processes).
  static fs::path makeRoot() {
    fs::path p = fs::temp_directory_path() / ("gitsync-patches-test-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
  }

  fs::path root = makeRoot();
  FileLoader loader{root, root};
  TransformerConfig config;
  BuildContext ctx{loader, "app/kustomization.yaml", config};
};

ObjectSet objects() {
  auto docs = core::parseYamlStream(kResources, "res.yaml");
  REQUIRE(docs.ok());
  ObjectSet set;
  for (core::Node& d : *docs) set.push_back(Resource{d});
  return set;
}

core::Node field(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "kustomization.yaml");
  REQUIRE(docs.ok());
  return docs->front();
}

std::string emit(const Result<ObjectSet>& set) {
  if (!set.ok()) return "error: " + set.status().message();
  auto out = emitObjects(*set);
  REQUIRE(out.ok());
  return *out;
}

}  // namespace

TEST_CASE("patches applies SM patches by id or target and JSON patches by target") {
  Tree t;
  CHECK(emit(applyPatches(objects(), field(R"(- path: dep.yaml
- target: {labelSelector: app=web}
  path: ops.yaml
- target: {kind: Service}
  options: {allowNameChange: true}
  patch: |-
    apiVersion: v1
    kind: Service
    metadata:
      name: web-renamed
    spec:
      type: NodePort
)"),
                          t.ctx)) == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    patched: "true"
  labels:
    app: web
  name: web
spec:
  template:
    spec:
      containers:
      - image: app:2
        name: app
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    patched: "true"
  labels:
    app: web
  name: web-renamed
spec:
  ports:
  - port: 80
  type: NodePort
)");
}

TEST_CASE("patches keeps the target's name unless allowNameChange and records ids") {
  Tree t;
  auto set = applyPatches(objects(), field(R"(- target: {kind: ConfigMap}
  patch: |-
    apiVersion: v1
    kind: ConfigMap
    metadata:
      name: other
      namespace: elsewhere
    data: {b: "2"}
- target: {kind: ConfigMap}
  patch: '[{"op": "replace", "path": "/metadata/name", "value": "renamed"}]'
)"),
                          t.ctx);
  REQUIRE(set.ok());
  const Resource& cm = set->back();
  CHECK(cm.name() == "renamed");
  CHECK(cm.ns().empty());
  CHECK(cm.object.str({"data", "b"}) == "2");
  REQUIRE(cm.previousIds.size() == 1);
  CHECK(cm.previousIds[0].name == "cfg");
}

TEST_CASE("patches reports malformed entries and missing targets") {
  Tree t;
  auto err = [&](std::string_view yaml) { return emit(applyPatches(objects(), field(yaml), t.ctx)); };
  CHECK(err("- paths: a.yaml\n") == "error: app/kustomization.yaml: patches[0]: unknown field \"paths\"");
  CHECK(err("- target: {kinds: Service}\n  path: ops.yaml\n") ==
        "error: app/kustomization.yaml: patches[0]: target: unknown field \"kinds\"");
  CHECK(err("- target: {kind: Service}\n") ==
        "error: app/kustomization.yaml: patches[0]: must specify one of patch and path");
  CHECK(err("- path: ops.yaml\n  patch: x\n") ==
        "error: app/kustomization.yaml: patches[0]: patch and path can't be set at the same time");
  CHECK(err("- path: ops.yaml\n") == "error: app/kustomization.yaml: patches[0]: must specify a "
                                     "target for JSON patch [path: \"ops.yaml\"]");
  CHECK(err("- patch: |\n    kind: ConfigMap\n    data: {a: b}\n") ==
        "error: app/kustomization.yaml: patches[0]: unable to parse SM or JSON patch from "
        "[patch: \"kind: ConfigMap\\ndata: {a: b}\"]");
  CHECK(err("- patch: |\n    apiVersion: v1\n    kind: Secret\n    metadata:\n      name: s\n") ==
        "error: app/kustomization.yaml: patches[0]: no resource matches strategic merge patch "
        "\"Secret.v1.[noGrp]/s.[noNs]\": no matches for Id Secret.v1.[noGrp]/s.[noNs]; failed to "
        "find unique target for patch Secret.v1.[noGrp]/s.[noNs]");
  CHECK(err("- target: {kind: Service}\n  path: dep.yaml\n") ==
        "error: app/kustomization.yaml: patches[0]: Multiple Strategic-Merge Patches in one "
        "`patches` entry is not allowed to set `patches.target` field: [path: \"dep.yaml\"]");
  CHECK(err("- target: {kind: ConfigMap}\n  patch: '[{\"op\": \"remove\", \"path\": \"/x\"}]'\n") ==
        "error: app/kustomization.yaml: patches[0]: ConfigMap/cfg: error in remove for path: "
        "'/x': Unable to remove nonexistent key: x: missing value");
  CHECK(err("- target: {labelSelector: \"a in (b\"}\n  path: ops.yaml\n") ==
        "error: app/kustomization.yaml: patches[0]: target: labelSelector: unable to parse "
        "requirement: found '', expected: ',' or ')'");
  CHECK(err("- path: missing.yaml\n").rfind(
            "error: app/kustomization.yaml: patches[0]: failed to get the patch file from "
            "path(missing.yaml): file '",
            0) == 0);
}

TEST_CASE("patchesStrategicMerge takes inline patches and multi-document files") {
  Tree t;
  CHECK(emit(applyPatchesStrategicMerge(objects(), field(R"(- dep.yaml
- |-
  apiVersion: v1
  kind: Service
  metadata:
    name: web
  spec:
    ports:
    - {port: 443}
)"),
                                        t.ctx)) == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
spec:
  template:
    spec:
      containers:
      - image: app:2
        name: app
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
  name: web
spec:
  ports:
  - port: 443
  - port: 80
)");
}

TEST_CASE("patchesStrategicMerge reports patches without a target") {
  Tree t;
  t.write("secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\n");
  CHECK(emit(applyPatchesStrategicMerge(objects(), field("- secret.yaml\n"), t.ctx)) ==
        "error: app/kustomization.yaml: patchesStrategicMerge[0]: secret.yaml: no matches for Id "
        "Secret.v1.[noGrp]/s.[noNs]; failed to find unique target for patch "
        "Secret.v1.[noGrp]/s.[noNs]");
  CHECK(emit(applyPatchesStrategicMerge(objects(), field("- empty.yaml\n"), t.ctx)) ==
        "error: app/kustomization.yaml: patchesStrategicMerge: patch appears to be empty");
}

TEST_CASE("patchesJson6902 applies file and inline operations to its target") {
  Tree t;
  CHECK(emit(applyPatchesJson6902(objects(), field(R"(- target: {version: v1, kind: Service, name: web}
  path: ops.yaml
- target: {group: apps, version: v1, kind: Deployment, name: web}
  patch: '[{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "app:3"}]'
)"),
                                  t.ctx)) == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
spec:
  template:
    spec:
      containers:
      - image: app:3
        name: app
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    patched: "true"
  labels:
    app: web
  name: web
spec:
  ports:
  - port: 80
---
apiVersion: v1
data:
  a: "1"
kind: ConfigMap
metadata:
  name: cfg
)");
}

TEST_CASE("patchesJson6902 reports incomplete entries") {
  Tree t;
  auto err = [&](std::string_view yaml) {
    return emit(applyPatchesJson6902(objects(), field(yaml), t.ctx));
  };
  CHECK(err("- path: ops.yaml\n") ==
        "error: app/kustomization.yaml: patchesJson6902[0]: must specify a target");
  CHECK(err("- target: {kind: Service}\n  path: ops.yaml\n") ==
        "error: app/kustomization.yaml: patchesJson6902[0]: must specify the target name");
  CHECK(err("- target: {name: web}\n") ==
        "error: app/kustomization.yaml: patchesJson6902[0]: empty file path and empty jsonOp");
  CHECK(err("- target: {name: web}\n  path: ops.yaml\n  patch: x\n") ==
        "error: app/kustomization.yaml: patchesJson6902[0]: must specify a file path or jsonOp, "
        "not both");
  CHECK(err("- target: {name: web}\n  path: empty.yaml\n") ==
        "error: app/kustomization.yaml: patchesJson6902[0]: patch file 'empty.yaml' empty seems "
        "to be empty");
  CHECK(err("- target: {name: web}\n  patch: '[]'\n") ==
        "error: app/kustomization.yaml: patchesJson6902[0]: patch appears to be empty");
}

TEST_CASE("patches refuses a renaming target patch that gives two objects one id") {
  Tree t;
  CHECK(emit(applyPatches(objects(), field(R"(- target: {kind: ConfigMap}
  options: {allowNameChange: true, allowKindChange: true}
  patch: |-
    apiVersion: v1
    kind: Service
    metadata:
      name: web
)"),
                          t.ctx)) == "error: app/kustomization.yaml: patches[0]: may not add "
                                     "resource with an already registered id: "
                                     "Service.v1.[noGrp]/web.[noNs]");
}

TEST_CASE("patchesStrategicMerge reports what is wrong with an inline patch") {
  Tree t;
  CHECK(emit(applyPatchesStrategicMerge(objects(),
                                        field("- |\n  apiVersion: v1\n  kind: Service\n"
                                              "  spec: {type: NodePort}\n"),
                                        t.ctx)) ==
        "error: app/kustomization.yaml: patchesStrategicMerge[0]: missing metadata.name in object");
}
