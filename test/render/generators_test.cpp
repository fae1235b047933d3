#include <catch2/catch.hpp>

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "gitsync/core/yaml.h"
#include "gitsync/render/generators.h"

using namespace gitsync;
using namespace gitsync::render;
namespace fs = std::filesystem;

namespace {

// A repository in a fresh temporary folder with the kustomization folder app/.
class TempRepo {
 public:
  TempRepo() {
    std::string pattern = (fs::temp_directory_path() / "gitsync-gen-XXXXXX").string();
    root_ = fs::path(mkdtemp(pattern.data()));
    fs::create_directories(root_ / "app");
  }
  ~TempRepo() {
    std::error_code ec;
    fs::remove_all(root_, ec);
  }
  void write(const std::string& rel, const std::string& content) const {
    fs::path p = root_ / rel;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  const fs::path& root() const { return root_; }

 private:
  fs::path root_;
};

core::Node parse(const std::string& yaml) {
  auto docs = core::parseYamlStream(yaml, "kustomization.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  return docs->front();
}

Result<ObjectSet> run(const TempRepo& repo, const std::string& kustomization, ObjectSet set = {}) {
  FileLoader loader(repo.root(), repo.root() / "app");
  TransformerConfig config;
  BuildContext ctx{loader, "app/kustomization.yaml", config};
  return runGenerators(std::move(set), parse(kustomization), ctx);
}

std::string emitAll(const ObjectSet& set) {
  std::string out;
  for (const Resource& r : set) {
    auto y = core::emitKustomizeYaml(r.object);
    REQUIRE(y.ok());
    if (!out.empty()) out += "---\n";
    out += *y;
  }
  return out;
}

std::string buildError(const TempRepo& repo, const std::string& kustomization) {
  auto r = run(repo, kustomization);
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("runGenerators: ConfigMaps first, then Secrets, with hash names after addHashSuffixes") {
  TempRepo repo;
  repo.write("app/app.env", "# settings\nLOG=debug\nQUOTED=\"kept\"\n");
  repo.write("app/conf/app.properties", "a=1\n");
  auto set = run(repo,
                 "secretGenerator:\n"
                 "- name: s\n  literals: [A=1]\n"
                 "configMapGenerator:\n"
                 "- name: lit\n"
                 "  literals: [A=1, 'B=\"quoted\"', \"C='single'\", D=x=y, 'E=\"unbalanced',"
                 " F=, 'G=\" spaced \"']\n"
                 "- name: files\n  envs: [app.env]\n  files: [conf/app.properties, k=app.env]\n");
  REQUIRE(set.ok());
  REQUIRE(set->size() == 3);
  CHECK(set->at(0).origin == "app/kustomization.yaml");
  CHECK(set->at(0).needsHashSuffix);
  CHECK(set->at(0).behavior == GeneratorBehavior::Unspecified);
  auto hashed = addHashSuffixes(std::move(set).value());
  REQUIRE(hashed.ok());
  CHECK(emitAll(*hashed) ==
        "apiVersion: v1\n"
        "data:\n  A: \"1\"\n  B: quoted\n  C: single\n  D: x=y\n  E: '\"unbalanced'\n"
        "  F: \"\"\n  G: ' spaced '\n"
        "kind: ConfigMap\nmetadata:\n  name: lit-kk6tm27f5f\n"
        "---\n"
        "apiVersion: v1\n"
        "data:\n  LOG: debug\n  QUOTED: '\"kept\"'\n  app.properties: |\n    a=1\n"
        "  k: |\n    # settings\n    LOG=debug\n    QUOTED=\"kept\"\n"
        "kind: ConfigMap\nmetadata:\n  name: files-h6bbk89mhk\n"
        "---\n"
        "apiVersion: v1\ndata:\n  A: MQ==\nkind: Secret\nmetadata:\n  name: s-526mcbf5c2\n"
        "type: Opaque\n");
  REQUIRE(hashed->at(0).previousIds.size() == 1);
  CHECK(hashed->at(0).previousIds[0].name == "lit");
  CHECK_FALSE(hashed->at(0).needsHashSuffix);
}

TEST_CASE("runGenerators: generatorOptions apply to every generator, local labels win") {
  TempRepo repo;
  auto set = run(repo,
                 "generatorOptions:\n"
                 "  labels: {team: global, tier: global}\n"
                 "  disableNameSuffixHash: true\n"
                 "configMapGenerator:\n"
                 "- name: a\n  literals: [x=1]\n"
                 "  options: {labels: {tier: local}, disableNameSuffixHash: false}\n"
                 "secretGenerator:\n"
                 "- name: s\n  type: kubernetes.io/tls\n  options: {immutable: true}\n");
  REQUIRE(set.ok());
  CHECK_FALSE(set->at(0).needsHashSuffix);
  CHECK_FALSE(set->at(1).needsHashSuffix);
  CHECK(emitAll(*set) ==
        "apiVersion: v1\ndata:\n  x: \"1\"\nkind: ConfigMap\nmetadata:\n"
        "  labels:\n    team: global\n    tier: local\n  name: a\n"
        "---\n"
        "apiVersion: v1\ndata: {}\nimmutable: true\nkind: Secret\nmetadata:\n"
        "  labels:\n    team: global\n    tier: global\n  name: s\ntype: kubernetes.io/tls\n");
}

TEST_CASE("runGenerators: merge into an object of the set") {
  TempRepo repo;
  ObjectSet set(1);
  set[0].object = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n"
                        "  namespace: default\ndata: {k: v}\n");
  auto out = run(repo, "configMapGenerator:\n- name: a\n  behavior: merge\n  literals: [x=1]\n",
                 std::move(set));
  REQUIRE(out.ok());
  REQUIRE(out->size() == 1);
  CHECK_FALSE(out->at(0).needsHashSuffix);
  CHECK(emitAll(*out) ==
        "apiVersion: v1\ndata:\n  k: v\n  x: \"1\"\nkind: ConfigMap\nmetadata:\n"
        "  name: a\n  namespace: default\n");
}

TEST_CASE("runGenerators: errors name the kustomization file, the generator and the cause") {
  TempRepo repo;
  repo.write("outside.txt", "x");
  repo.write("app/bad.env", "A=1\nB=\xff\n");
  repo.write("app/dir/x", "x");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  files: [missing.txt]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": files: file "
        "'app/missing.txt' not found");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  envs: [missing.env]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": envs: file "
        "'app/missing.env' not found");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  files: [../outside.txt]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": files: security; file "
        "'outside.txt' is not in or below 'app'");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  files: [dir]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": files: 'app/dir' is a folder");
  CHECK(buildError(repo, "secretGenerator:\n- name: s\n  envs: [bad.env]\n") ==
        "app/kustomization.yaml: secretGenerator[0] \"s\": envs: bad.env: line 2: "
        "invalid UTF-8");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  literals: [NOEQ]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": literals: invalid literal "
        "source \"NOEQ\", expected key=value");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  files: [\"=x\"]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": files: missing key name for "
        "file path \"x\" in source \"=x\"");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  literals: [A=1, A=2]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": illegally repeats the key \"A\"");
  CHECK(buildError(repo, "secretGenerator:\n- literals: [A=1]\n") ==
        "app/kustomization.yaml: secretGenerator[0]: a secret must have a name");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  files: [https://x.test/f]\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": files: 'https://x.test/f': "
        "remote files are not supported");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n  behavior: replace\n") ==
        "app/kustomization.yaml: configMapGenerator[0] \"a\": id ConfigMap/a does not exist; "
        "cannot merge or replace");
  CHECK(buildError(repo, "configMapGenerator:\n- name: a\n- name: a\n") ==
        "app/kustomization.yaml: configMapGenerator[1] \"a\": id ConfigMap/a exists; behavior "
        "must be merge or replace");
  CHECK(buildError(repo, "configMapGenerator:\n  name: a\n") ==
        "app/kustomization.yaml: configMapGenerator: must be a list");
  CHECK(buildError(repo, "generatorOptions: {labels: [a]}\n") ==
        "app/kustomization.yaml: generatorOptions: labels: must be a map of strings");
}

TEST_CASE("runGenerators: every entry is read before anything is generated") {
  TempRepo repo;
  CHECK(buildError(repo,
                   "configMapGenerator:\n- name: a\n  files: [missing.txt]\n"
                   "secretGenerator:\n- name: s\n  literals: [1]\n") ==
        "app/kustomization.yaml: secretGenerator[0]: literals[0]: must be a string");
}

TEST_CASE("addHashSuffixes leaves objects without the flag alone") {
  ObjectSet set(1);
  set[0].object = parse("apiVersion: v1\nkind: Deployment\nmetadata:\n  name: web\n");
  auto out = addHashSuffixes(std::move(set));
  REQUIRE(out.ok());
  CHECK(out->at(0).name() == "web");
  CHECK(out->at(0).previousIds.empty());
}

TEST_CASE("checkGeneratorFields reports malformed entries without reading files") {
  CHECK(checkGeneratorFields(parse("configMapGenerator:\n- name: a\n  files: [missing.txt]\n"),
                             "k.yaml")
            .ok());
  Status s = checkGeneratorFields(parse("secretGenerator:\n- name: s\n  typ: x\n"), "k.yaml");
  CHECK(s.code() == Code::InvalidArgument);
  CHECK(s.message() == "k.yaml: secretGenerator[0]: unknown field \"typ\"");
}
