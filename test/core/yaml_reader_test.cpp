#include <catch2/catch.hpp>

#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::core;

TEST_CASE("parseYamlStream reads documents, keeps styles and drops empty documents") {
  auto docs = parseYamlStream("a: 1\nb: '1'\nc: ~\n---\n---\n- x\n", "f.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 2);
  const Node& d = (*docs)[0];
  REQUIRE(d.get("a")->style() == Node::Style::Plain);
  REQUIRE(d.get("b")->style() == Node::Style::Quoted);
  REQUIRE(d.get("c")->isNull());
  REQUIRE(d.get("b")->line() == 2);
  REQUIRE((*docs)[1].isSeq());
}

TEST_CASE("Aliases and merge keys expand") {
  auto docs = parseYamlStream("base: &b {x: 1, y: 2}\nuse: *b\nmerged:\n  <<: *b\n  y: 3\n", "f");
  REQUIRE(docs.ok());
  const Node& d = (*docs)[0];
  REQUIRE(d.str({"use", "x"}) == "1");
  REQUIRE(d.str({"merged", "x"}) == "1");
  REQUIRE(d.str({"merged", "y"}) == "3");
}

TEST_CASE("Bad YAML gets an error naming the source and line") {
  auto dup = parseYamlStream("a: 1\nb: 2\na: 3\n", "dup.yaml");
  REQUIRE_FALSE(dup.ok());
  REQUIRE(dup.status().message() == "dup.yaml: line 3: mapping key \"a\" already defined at line 1");
  auto bad = parseYamlStream("a: [1, 2\n", "bad.yaml");
  REQUIRE_FALSE(bad.ok());
  REQUIRE(bad.status().code() == Code::InvalidArgument);
  REQUIRE(bad.status().message().rfind("bad.yaml: line ", 0) == 0);
}

TEST_CASE("Limits: alias bombs, depth and size are refused") {
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n";
  std::string prev = "a";
  for (char c : std::string("bcdefghi")) {
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += (i ? ", *" : "*") + prev;
    bomb += "]\n";
    prev = std::string(1, c);
  }
  auto r = parseYamlStream(bomb, "bomb.yaml");
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.status().message() ==
          "bomb.yaml: line 6: aliases expand to more than 100000 nodes (a YAML alias bomb?)");

  YamlLimits shallow;
  shallow.maxDepth = 3;
  auto deep = parseYamlStream("a: {b: {c: {d: 1}}}\n", "deep.yaml", shallow);
  REQUIRE_FALSE(deep.ok());
  REQUIRE(deep.status().message() == "deep.yaml: line 1: nesting deeper than 3 levels");

  YamlLimits small;
  small.maxFileBytes = 4;
  auto big = parseYamlStream("a: 12345\n", "big.yaml", small);
  REQUIRE(big.status().code() == Code::ResourceExhausted);
  REQUIRE(big.status().message() == "big.yaml: file is larger than 4 bytes");
}
