#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "../../src/render/generator_objects.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

std::string emit(const core::Node& n) {
  auto y = core::emitKustomizeYaml(n);
  REQUIRE(y.ok());
  return *y;
}

std::string build(GeneratorKind kind, const GeneratorArgs& args, std::vector<KvPair> pairs) {
  auto obj = makeGeneratedObject(kind, args, pairs);
  REQUIRE(obj.ok());
  return emit(*obj);
}

}  // namespace

TEST_CASE("base64Lines wraps at 70 characters, each line (the last too) ending in a newline") {
  CHECK(base64Lines("") == "");
  CHECK(base64Lines("1") == "MQ==");
  CHECK(base64Lines("ab") == "YWI=");
  CHECK(base64Lines("abc") == "YWJj");
  // 51 bytes encode to 68 characters, 52 bytes to 72.
  CHECK(base64Lines(std::string(51, 'x')).size() == 68);
  CHECK(base64Lines(std::string(52, 'x')) ==
        "eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA\n==\n");
  CHECK(base64Lines(std::string(105, 'x')).size() == 140 + 2);
}

TEST_CASE("isValidUtf8 follows Go's utf8.Valid") {
  CHECK(isValidUtf8(""));
  CHECK(isValidUtf8("plain ascii\n"));
  CHECK(isValidUtf8("\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"));
  CHECK_FALSE(isValidUtf8("\xFF"));
  CHECK_FALSE(isValidUtf8("\xC0\x80"));          // overlong
  CHECK_FALSE(isValidUtf8("\xED\xA0\x80"));      // surrogate
  CHECK_FALSE(isValidUtf8("\xF4\x90\x80\x80"));  // above U+10FFFF
  CHECK_FALSE(isValidUtf8("\xE2\x82"));          // truncated
}

TEST_CASE("a ConfigMap puts UTF-8 values in data and others base64 in binaryData") {
  GeneratorArgs args;
  args.name = "bin";
  args.ns = "apps";
  args.options.labels = {{"app", "web"}, {"n", "1"}};
  args.options.annotations = {{"note", "<&>"}};
  args.options.immutable = true;
  std::string binary;
  for (int i = 0; i < 20; ++i) binary += std::string("\xFF\xFE\x00\x80", 4);
  CHECK(build(GeneratorKind::ConfigMap, args,
              {{"multi.txt", "line1\nline2\n"}, {"bin.dat", binary}, {"A", "1"}}) ==
        "apiVersion: v1\n"
        "binaryData:\n"
        "  bin.dat: |\n"
        "    //4AgP/+AID//gCA//4AgP/+AID//gCA//4AgP/+AID//gCA//4AgP/+AID//gCA//4AgP\n"
        "    /+AID//gCA//4AgP/+AID//gCA//4AgP/+AIA=\n"
        "data:\n"
        "  A: \"1\"\n"
        "  multi.txt: |\n"
        "    line1\n"
        "    line2\n"
        "immutable: true\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  annotations:\n"
        "    note: <&>\n"
        "  labels:\n"
        "    app: web\n"
        "    \"n\": \"1\"\n"
        "  name: bin\n"
        "  namespace: apps\n");
}

TEST_CASE("a ConfigMap without pairs has no data field") {
  GeneratorArgs args;
  args.name = "empty";
  CHECK(build(GeneratorKind::ConfigMap, args, {}) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty\n");
}

TEST_CASE("a Secret base64-encodes every value, defaults its type to Opaque") {
  GeneratorArgs args;
  args.name = "s";
  CHECK(build(GeneratorKind::Secret, args, {}) ==
        "apiVersion: v1\ndata: {}\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\n");
  args.type = "kubernetes.io/basic-auth";
  args.options.immutable = true;
  CHECK(build(GeneratorKind::Secret, args, {{"A", "1"}, {"long.txt", std::string(100, 'x')}}) ==
        "apiVersion: v1\n"
        "data:\n"
        "  A: MQ==\n"
        "  long.txt: |\n"
        "    eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eH\n"
        "    h4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eHh4eA==\n"
        "immutable: true\n"
        "kind: Secret\n"
        "metadata:\n"
        "  name: s\n"
        "type: kubernetes.io/basic-auth\n");
}

TEST_CASE("a key given twice is an error") {
  GeneratorArgs args;
  args.name = "a";
  auto obj = makeGeneratedObject(GeneratorKind::ConfigMap, args, {{"A", "1"}, {"A", "2"}});
  REQUIRE_FALSE(obj.ok());
  CHECK(obj.status().message() == "illegally repeats the key \"A\"");
}

TEST_CASE("breaksKustomizeLiteral: multi-line values starting with a tab, written as a block") {
  CHECK(breaksKustomizeLiteral("\tfoo\n"));
  CHECK(breaksKustomizeLiteral("\tfoo\nbar"));
  CHECK(breaksKustomizeLiteral("\tcaf\xC3\xA9\n\xE2\x98\x95"));
  CHECK_FALSE(breaksKustomizeLiteral("\tfoo"));             // one line: never a block
  CHECK_FALSE(breaksKustomizeLiteral("x\n\tfoo\n"));        // first line sets the indentation
  CHECK_FALSE(breaksKustomizeLiteral(" \tfoo\n"));          // gets an indentation indicator
  CHECK_FALSE(breaksKustomizeLiteral("\tfoo \nbar"));       // space before a break: quoted
  CHECK_FALSE(breaksKustomizeLiteral("\tfoo\nbar "));       // trailing space: quoted
  CHECK_FALSE(breaksKustomizeLiteral("\tfoo\r\nx"));        // control character: quoted
  CHECK_FALSE(breaksKustomizeLiteral("\tfoo\n\xF0\x9F\x98\x80"));  // beyond U+FFFF: quoted
}

TEST_CASE("a ConfigMap value kustomize cannot print is an error") {
  GeneratorArgs args;
  args.name = "a";
  auto obj = makeGeneratedObject(GeneratorKind::ConfigMap, args, {{"tab.txt", "\tfoo\n"}});
  REQUIRE_FALSE(obj.ok());
  CHECK(obj.status().message() ==
        "key \"tab.txt\": kustomize cannot print a value that spans lines and starts with a tab "
        "(yaml: found a tab character where an indentation space is expected)");
  CHECK(makeGeneratedObject(GeneratorKind::Secret, args, {{"tab.txt", "\tfoo\n"}}).ok());
}
