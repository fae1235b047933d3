#include <catch2/catch.hpp>

#include "../../src/render/transformer_args.h"
#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using gitsync::render::testing::doc;

namespace {

// The value of key "a" in a one-entry map, as kustomize reads it into a Go string.
std::string asString(std::string_view value) {
  auto s = args::toString(*doc("a: " + std::string(value) + "\n").get("a"), "f");
  return s.ok() ? "ok:" + *s : s.status().message();
}

}  // namespace

TEST_CASE("strings are read with YAML 1.1 rules, as sigs.k8s.io/yaml reads them") {
  CHECK(asString("web") == "ok:web");
  CHECK(asString("\"on\"") == "ok:on");
  CHECK(asString("!!str 5") == "ok:5");
  CHECK(asString("2001-12-14") == "ok:2001-12-14");
  CHECK(asString("1:20") == "ok:1:20");
  CHECK(asString("~") == "ok:");
  CHECK(asString("") == "ok:");
  CHECK(asString("0x1F") == "f: must be a string, not a number");
  CHECK(asString("0o17") == "f: must be a string, not a number");
  CHECK(asString("1_000") == "f: must be a string, not a number");
  CHECK(asString("+1") == "f: must be a string, not a number");
  CHECK(asString("1e3") == "f: must be a string, not a number");
  CHECK(asString("y") == "f: must be a string, not a boolean");
  CHECK(asString("Off") == "f: must be a string, not a boolean");
  CHECK(asString(".inf") == "f: must be a string, not a number JSON cannot hold");
  CHECK(asString("{}") == "f: must be a string, not a map");
}

TEST_CASE("booleans and integers") {
  auto boolOf = [](std::string_view v) {
    auto b = args::toBool(*doc("a: " + std::string(v) + "\n").get("a"), "f");
    return b.ok() ? (*b ? "true" : "false") : b.status().message();
  };
  CHECK(boolOf("yes") == "true");
  CHECK(boolOf("FALSE") == "false");
  CHECK(boolOf("~") == "false");
  CHECK(boolOf("\"true\"") == "f: must be a boolean, not a string");
  CHECK(boolOf("1") == "f: must be a boolean, not a number");
  auto intOf = [](std::string_view v) {
    auto i = args::toInt64(*doc("a: " + std::string(v) + "\n").get("a"), "f");
    return i.ok() ? std::to_string(*i) : i.status().message();
  };
  CHECK(intOf("5") == "5");
  CHECK(intOf("-3") == "-3");
  CHECK(intOf("0x10") == "16");
  CHECK(intOf("017") == "15");
  CHECK(intOf("1_0") == "10");
  CHECK(intOf("1e3") == "1000");
  CHECK(intOf("3.0") == "3");
  CHECK(intOf("~") == "0");
  CHECK(intOf("1.5") == "f: must be an integer, not 1.5");
  CHECK(intOf("\"3\"") == "f: must be an integer, not a string");
  CHECK(intOf("99999999999999999999") == "f: must be an integer, not 99999999999999999999");
}

TEST_CASE("field specs") {
  auto spec = args::toFieldSpec(doc("path: a/b\nkind: K\ngroup: g\nversion: v\ncreate: true\n"), "f");
  REQUIRE(spec.ok());
  CHECK(*spec == FieldSpec{Gvk{"g", "v", "K"}, "a/b", true});
  CHECK(args::toFieldSpec(doc("path: a\nfoo: b\n"), "f").status().message() ==
        "f: unknown field \"foo\"");
  CHECK(args::toFieldSpec(doc("path: a\nfoo: b\n"), "f", /*strict=*/false).ok());
}

TEST_CASE("gvkLess orders kinds as kustomize's Gvk.IsLessThan") {
  CHECK(args::gvkLess({"", "v1", "Namespace"}, {"", "v1", "ConfigMap"}));
  CHECK(args::gvkLess({"", "v1", "ConfigMap"}, {"apps", "v1", "Deployment"}));
  CHECK(args::gvkLess({"apps", "v1", "Deployment"}, {"", "v1", "Widget"}));
  CHECK(args::gvkLess({"", "v1", "Widget"}, {"", "", "MutatingWebhookConfiguration"}));
  CHECK(args::gvkLess({"a", "v1", "Widget"}, {"", "v1", "Widget"}));  // "a" < "~G"
  CHECK_FALSE(args::gvkLess({"", "v1", "Widget"}, {"", "v1", "Widget"}));
}
