#include <catch2/catch.hpp>

#include <string>

#include "../../src/render/generator_args.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

core::Node parse(const std::string& yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  return docs->front();
}

std::string joined(const std::vector<std::string>& v) {
  std::string out;
  for (const std::string& s : v) out += "[" + s + "]";
  return out;
}

std::string argsError(const std::string& yaml, GeneratorKind kind = GeneratorKind::ConfigMap) {
  auto r = parseGeneratorArgs(parse(yaml), kind, "k.yaml: configMapGenerator[0]");
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("generator args: every field, `env` folded in after `envs`") {
  auto r = parseGeneratorArgs(parse("name: app\n"
                                    "namespace: prod\n"
                                    "behavior: merge\n"
                                    "literals: [A=1, 'B=\"x\"']\n"
                                    "files: [a.txt, k=b.txt]\n"
                                    "envs: [one.env]\n"
                                    "env: two.env\n"
                                    "type: kubernetes.io/tls\n"
                                    "options:\n"
                                    "  labels: {app: web, empty: null, n: '1'}\n"
                                    "  annotations: {a: b}\n"
                                    "  disableNameSuffixHash: yes\n"
                                    "  immutable: true\n"),
                              GeneratorKind::Secret, "k.yaml: secretGenerator[0]");
  REQUIRE(r.ok());
  CHECK(r->name == "app");
  CHECK(r->ns == "prod");
  CHECK(r->behavior == "merge");
  CHECK(r->type == "kubernetes.io/tls");
  CHECK(joined(r->literals) == "[A=1][B=\"x\"]");
  CHECK(joined(r->files) == "[a.txt][k=b.txt]");
  CHECK(joined(r->envs) == "[one.env][two.env]");
  CHECK(r->options.labels == std::map<std::string, std::string>{
                                 {"app", "web"}, {"empty", ""}, {"n", "1"}});
  CHECK(r->options.annotations.at("a") == "b");
  CHECK(r->options.disableNameSuffixHash);
  CHECK(r->options.immutable);
}

TEST_CASE("generator args: field names match case-insensitively, the last one wins") {
  auto r = parseGeneratorArgs(parse("NAME: a\nLiterals: [x=1]\nname: b\n"),
                              GeneratorKind::ConfigMap, "k.yaml: configMapGenerator[0]");
  REQUIRE(r.ok());
  CHECK(r->name == "b");
  CHECK(joined(r->literals) == "[x=1]");
}

TEST_CASE("generator args: nulls read as unset") {
  auto r = parseGeneratorArgs(parse("name: a\nnamespace: ~\nliterals:\noptions: null\n"),
                              GeneratorKind::ConfigMap, "k.yaml: configMapGenerator[0]");
  REQUIRE(r.ok());
  CHECK(r->ns.empty());
  CHECK(r->literals.empty());
  auto nullEntry = parseGeneratorArgs(parse("[~]").items()[0], GeneratorKind::ConfigMap, "x");
  REQUIRE(nullEntry.ok());
  CHECK(nullEntry->name.empty());
}

TEST_CASE("generator args: unknown fields and wrong types are errors") {
  CHECK(argsError("name: a\nliteralz: [a=b]\n") ==
        "k.yaml: configMapGenerator[0]: unknown field \"literalz\"");
  CHECK(argsError("name: a\ntype: Opaque\n") ==
        "k.yaml: configMapGenerator[0]: unknown field \"type\"");
  CHECK(argsError("name: a\nliterals: a=b\n") ==
        "k.yaml: configMapGenerator[0]: literals: must be a list of strings");
  CHECK(argsError("name: a\nliterals: [x=1, yes]\n") ==
        "k.yaml: configMapGenerator[0]: literals[1]: must be a string");
  CHECK(argsError("name: 12\n") == "k.yaml: configMapGenerator[0]: name: must be a string");
  CHECK(argsError("name: a\noptions: {labels: {a: yes}}\n") ==
        "k.yaml: configMapGenerator[0]: options: labels.a: must be a string");
  CHECK(argsError("name: a\noptions: {disableNameSuffixHash: 'true'}\n") ==
        "k.yaml: configMapGenerator[0]: options: disableNameSuffixHash: must be true or false");
  CHECK(argsError("name: a\noptions: {fileMerge: {mode: files}}\n") ==
        "k.yaml: configMapGenerator[0]: options: unknown field \"fileMerge\"");
  CHECK(argsError("- a\n") == "k.yaml: configMapGenerator[0]: must be a map");
}

TEST_CASE("generator args: quoted and word-like strings are strings") {
  auto r = parseGeneratorArgs(parse("name: '123'\nnamespace: \"true\"\nbehavior: 10:20\n"),
                              GeneratorKind::ConfigMap, "x");
  REQUIRE(r.ok());
  CHECK(r->name == "123");
  CHECK(r->ns == "true");
  CHECK(r->behavior == "10:20");
}

TEST_CASE("generatorOptions merge: local labels win, global booleans cannot be undone") {
  GeneratorOptions local;
  local.labels = {{"a", "local"}};
  local.annotations = {};
  GeneratorOptions global;
  global.labels = {{"a", "global"}, {"b", "global"}};
  global.annotations = {{"c", "global"}};
  global.disableNameSuffixHash = true;
  GeneratorOptions merged = mergeGeneratorOptions(local, global);
  CHECK(merged.labels == std::map<std::string, std::string>{{"a", "local"}, {"b", "global"}});
  CHECK(merged.annotations == std::map<std::string, std::string>{{"c", "global"}});
  CHECK(merged.disableNameSuffixHash);
  CHECK_FALSE(merged.immutable);
  local.immutable = true;
  CHECK(mergeGeneratorOptions(local, GeneratorOptions{}).immutable);
}

TEST_CASE("generator behavior: unknown words are unspecified, as in kustomize") {
  CHECK(generatorBehavior("create") == GeneratorBehavior::Create);
  CHECK(generatorBehavior("merge") == GeneratorBehavior::Merge);
  CHECK(generatorBehavior("replace") == GeneratorBehavior::Replace);
  CHECK(generatorBehavior("Merge") == GeneratorBehavior::Unspecified);
  CHECK(generatorBehavior("") == GeneratorBehavior::Unspecified);
}
