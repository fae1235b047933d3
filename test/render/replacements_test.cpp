#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "gitsync/render/fieldspec.h"
#include "gitsync/render/references.h"
#include "refs_test_support.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;
namespace fs = std::filesystem;

namespace {

const char* kObjects = R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
data:
  img: "repo/app:1.2.3"
  port: "8080"
  num: 5
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 1
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.0
        ports:
        - containerPort: 80
        args: ["--a", "--b"]
      - name: sidecar
        image: side:2.0
)";

// A folder for replacement files; removed at the end of the test.
struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("gitsync-repl-" + std::to_string(::getpid()));
    fs::create_directories(path);
  }
  ~TempDir() { fs::remove_all(path); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path / name) << text;
  }
};

Result<ObjectSet> replace(const std::string& replacementsYaml, const TempDir& dir,
                          const char* objects = kObjects) {
  auto field = core::parseYamlStream(replacementsYaml, "kustomization.yaml");
  REQUIRE(field.ok());
  FileLoader loader(dir.path, dir.path);
  BuildContext ctx{loader, "app/kustomization.yaml", builtinTransformerConfig()};
  return applyReplacements(objectsOf(objects), field->front(), ctx);
}

std::string error(const Result<ObjectSet>& r) {
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("replacements: delimiters, list selectors, wildcards, create and reject") {
  TempDir dir;
  auto result = replace(R"(
- source:
    kind: ConfigMap
    name: cm
    fieldPath: data.img
    options: {delimiter: ':', index: 1}
  targets:
  - select: {kind: Deployment}
    fieldPaths:
    - spec.template.spec.containers.[name=app].image
    options: {delimiter: ':', index: 1}
- source:
    kind: ConfigMap
    name: cm
    fieldPath: data.port
  targets:
  - select: {kind: Deployment}
    fieldPaths:
    - spec.template.spec.containers.*.ports.0.containerPort
    - spec.replicas
- source:
    kind: ConfigMap
    name: cm
    fieldPath: data.num
  targets:
  - select: {kind: Deployment}
    fieldPaths:
    - metadata.labels.num
    - spec.template.spec.containers.[name=side].args
    - spec.template.spec.containers.[name=app].args.1
    options: {create: true}
- source:
    kind: Deployment
    fieldPath: metadata.labels.app
  targets:
  - select: {version: v1}
    reject:
    - {kind: Deployment}
    fieldPaths: [data.app]
    options: {create: true}
  - select: {name: web}
    fieldPaths: [spec.template.spec.containers.0.args.0]
    options: {delimiter: '-', index: -1}
)",
                        dir);
  // kubectl kustomize prints exactly this for the same input.
  CHECK(printed(result) == R"(apiVersion: v1
data:
  app: web
  img: repo/app:1.2.3
  num: 5
  port: "8080"
kind: ConfigMap
metadata:
  name: cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
    num: 5
  name: web
spec:
  replicas: 8080
  template:
    spec:
      containers:
      - args:
        - web---a
        - "5"
        image: nginx:1.2.3
        name: app
        ports:
        - containerPort: 8080
      - args: 5
        image: side:2.0
        name: sidecar
)");
}

TEST_CASE("replacements: from files holding one replacement or a list") {
  TempDir dir;
  dir.write("one.yaml", R"(source: {kind: ConfigMap, fieldPath: data.port}
targets:
- select: {kind: Deployment}
  fieldPaths: [spec.replicas]
  ignored: fields are not checked in files
)");
  dir.write("list.yaml", R"(- source: {kind: Deployment}
  targets:
  - select: {kind: ConfigMap}
    fieldPaths: [data.owner]
    options: {create: true}
)");
  auto result = replace("[{path: one.yaml}, {path: list.yaml}]", dir);
  REQUIRE(result.ok());
  CHECK(result->at(1).object.at({"spec"})->get("replicas")->text() == "8080");
  CHECK(result->at(0).object.str({"data", "owner"}) == "web");
}

TEST_CASE("replacements: errors as kustomize reports them") {
  TempDir dir;
  const std::string at = "app/kustomization.yaml: replacements[0]: ";
  CHECK(error(replace("[{source: {kind: ConfigMap, name: nope}, targets: [{select: {kind: "
                      "Deployment}}]}]",
                      dir)) == at + "nothing selected by ConfigMap.[noVer].[noGrp]/nope.[noNs]");
  CHECK(error(replace("[{source: {version: v1, fieldPath: metadata.name, options: {delimiter: "
                      "':', create: true}}, targets: [{select: {kind: Deployment}}]}]",
                      dir)) ==
        at + "multiple matches for selector [noKind].v1.[noGrp]/[noName].[noNs]:metadata.name::"
             "(0), create=true");
  CHECK(error(replace("[{source: {kind: ConfigMap, fieldPath: data.nope}, targets: [{select: "
                      "{kind: Deployment}}]}]",
                      dir)) ==
        at + "fieldPath `data.nope` is missing for replacement source "
             "ConfigMap.[noVer].[noGrp]/[noName].[noNs]");
  CHECK(error(replace("[{source: {kind: ConfigMap, fieldPath: data.img, options: {delimiter: "
                      "':', index: 5}}, targets: [{select: {kind: Deployment}}]}]",
                      dir)) == at + "options.index 5 is out of bounds for value repo/app:1.2.3");
  CHECK(error(replace("[{source: {kind: ConfigMap}}]", dir)) ==
        at + "replacements must specify a source and at least one target");
  CHECK(error(replace("[{source: {kind: ConfigMap}, targets: [{fieldPaths: [a]}]}]", dir)) ==
        at + "target must specify resources to select");
  CHECK(error(replace("[{source: {kind: ConfigMap}, targets: [{select: {kind: Deployment}, "
                      "fieldPaths: [spec.nope.x]}]}]",
                      dir)) == at + "unable to find field \"spec.nope.x\" in replacement target");
  CHECK(error(replace("[{source: {kind: ConfigMap}, targets: [{select: {kind: Deployment}, "
                      "fieldPaths: [spec.template.spec.containers.5.name]}]}]",
                      dir)) ==
        at + "unable to find field \"spec.template.spec.containers.5.name\" in replacement "
             "target: index 5 specified but only 2 elements found");
  CHECK(error(replace("[{source: {kind: ConfigMap, fieldPath: data.img}, targets: [{select: "
                      "{kind: Deployment}, fieldPaths: [spec.replicas]}]}]",
                      dir)) == at + "map[string]interface {}(nil): yaml: cannot decode !!str "
                                    "`repo/app:1.2.3` as a !!int");
  CHECK(error(replace("[{source: {kinds: ConfigMap}}]", dir)) ==
        "app/kustomization.yaml: invalid Kustomization: json: unknown field \"kinds\"");
  CHECK(error(replace("[{path: missing.yaml, source: {kind: ConfigMap}}]", dir)) ==
        "app/kustomization.yaml: replacements[0]: cannot specify both path and inline "
        "replacement");
  dir.write("scalar.yaml", "just text\n");
  CHECK(error(replace("[{path: scalar.yaml}]", dir)) ==
        "app/kustomization.yaml: replacements[0]: unsupported replacement type encountered "
        "within replacement path: string");
}
