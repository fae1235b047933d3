#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <unistd.h>

#include "../../src/render/replacements_spec.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::replacement;
namespace fs = std::filesystem;

namespace {

struct Dir {
  fs::path path = fs::temp_directory_path() / ("gitsync-repl-parse-" + std::to_string(::getpid()));
  Dir() { fs::create_directories(path); }
  ~Dir() { fs::remove_all(path); }
};

Result<std::vector<Replacement>> parse(const std::string& yaml, const Dir& dir) {
  auto docs = core::parseYamlStream(yaml, "kustomization.yaml");
  REQUIRE(docs.ok());
  FileLoader loader(dir.path, dir.path);
  BuildContext ctx{loader, "kustomization.yaml", builtinTransformerConfig()};
  return parseReplacements(docs->front(), ctx);
}

}  // namespace

TEST_CASE("replacements parse with Go's case-insensitive keys and kustomize's defaults") {
  Dir dir;
  auto r = parse(R"(
- Source: {KIND: ConfigMap, name: cm, fieldpath: data.a, options: {delimiter: '.', index: 2}}
  targets:
  - select: {group: apps, version: v1, kind: Deployment, namespace: prod,
             labelSelector: app=web}
    reject: [{name: skip}]
    fieldPaths: [a.b]
    options: {create: true}
)",
                 dir);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 1);
  const Replacement& rep = r->front();
  CHECK(rep.where == "replacements[0]");
  REQUIRE(rep.source);
  CHECK(rep.source->id.gvk == Gvk{"", "", "ConfigMap"});
  CHECK(rep.source->id.name == "cm");
  CHECK(rep.source->fieldPath == "data.a");
  CHECK(rep.source->options->delimiter == ".");
  CHECK(rep.source->options->index == 2);
  REQUIRE(rep.targets->size() == 1);
  const Target& t = rep.targets->front();
  CHECK(t.select->id.gvk == Gvk{"apps", "v1", "Deployment"});
  CHECK(t.select->id.ns == "prod");
  CHECK(t.select->labelSelector == "app=web");
  CHECK(t.reject.front().id.name == "skip");
  CHECK(t.fieldPaths == std::vector<std::string>{"a.b"});
  CHECK(t.options->create);
}

TEST_CASE("replacement files hold one replacement or a list, read leniently") {
  Dir dir;
  std::ofstream(dir.path / "one.yaml") << "source: {kind: A}\ntargets: []\nextra: ignored\n";
  std::ofstream(dir.path / "list.yaml") << "- source: {kind: B}\n- source: {kind: C}\n";
  auto r = parse("[{path: one.yaml}, {path: list.yaml}, {source: {kind: D}}]", dir);
  REQUIRE(r.ok());
  REQUIRE(r->size() == 4);
  CHECK(r->at(0).where == "replacements[0]: one.yaml");
  CHECK(r->at(0).targets->empty());
  CHECK(r->at(1).where == "replacements[1]: list.yaml[0]");
  CHECK(r->at(2).source->id.gvk.kind == "C");
  CHECK(r->at(3).where == "replacements[2]");
  CHECK_FALSE(r->at(3).targets);
}

TEST_CASE("replacement parse errors") {
  Dir dir;
  CHECK(parse("{source: {}}", dir).status().message() == "replacements: must be a list");
  CHECK(parse("[{source: {kind: A}, targets: [{select: {kinds: B}}]}]", dir).status().message() ==
        "invalid Kustomization: json: unknown field \"kinds\"");
  CHECK(parse("[{source: {kind: A, options: {index: x}}}]", dir).status().message() ==
        "replacements[0]: source: options: index: must be an integer");
  CHECK(parse("[{path: a.yaml, targets: [{}]}]", dir).status().message() ==
        "replacements[0]: cannot specify both path and inline replacement");
  std::ofstream(dir.path / "empty.yaml") << "";
  CHECK(parse("[{path: empty.yaml}]", dir).status().message() ==
        "replacements[0]: unsupported replacement type encountered within replacement path: "
        "invalid");
}
