#include <catch2/catch.hpp>

#include "gitsync/core/yaml.h"

using namespace gitsync::core;

namespace {
std::string roundTrip(const std::string& in) {
  auto docs = parseYamlStream(in, "t");
  REQUIRE(docs.ok());
  auto out = emitKustomizeYaml((*docs)[0]);
  REQUIRE(out.ok());
  return *out;
}
}  // namespace

TEST_CASE("Emitter sorts keys like goyaml.v2 and lays out blocks like kustomize") {
  CHECK(roundTrip("b: 1\na:\n  - x: 1\n    y: [1, 2]\n  - []\nkey10: 1\nkey9: 2\nc: {}\n") ==
        "a:\n- x: 1\n  \"y\":\n  - 1\n  - 2\n- []\nb: 1\nc: {}\nkey9: 2\nkey10: 1\n");
}

TEST_CASE("Emitter folds long plain strings at 80 columns") {
  std::string words;
  for (int i = 0; i < 20; ++i) words += "word ";
  words.pop_back();
  CHECK(roundTrip("k: " + words + "\n") ==
        "k: word word word word word word word word word word word word word word word word\n"
        "  word word word word\n");
}

TEST_CASE("Emitter writes literal blocks with chomping hints") {
  CHECK(roundTrip("k: |\n  a\n  b\n") == "k: |\n  a\n  b\n");
  CHECK(roundTrip("k: \"a\\nb\"\n") == "k: |-\n  a\n  b\n");
  CHECK(roundTrip("k: \" a\\nb \"\n") == "k: \" a\\nb \"\n");
}

TEST_CASE("toGoJson sorts keys bytewise and types scalars") {
  auto docs = parseYamlStream("b: '1'\na: 1\nB: [true, ~, 1.5]\n", "t");
  REQUIRE(docs.ok());
  auto json = toGoJson((*docs)[0]);
  REQUIRE(json.ok());
  CHECK(*json == R"({"B":[true,null,1.5],"a":1,"b":"1"})");
}
