#include <catch2/catch.hpp>

#include "gitsync/core/node.h"

using gitsync::core::Node;

TEST_CASE("Node maps keep insertion order and replace values in place") {
  Node m = Node::map();
  m.set("b", Node::scalar("1"));
  m.set("a", Node::scalar("2"));
  m.set("b", Node::scalar("3"));
  REQUIRE(m.entries().size() == 2);
  REQUIRE(m.entries()[0].first == "b");
  REQUIRE(m.get("b")->text() == "3");
  REQUIRE(m.erase("b"));
  REQUIRE_FALSE(m.erase("b"));
  REQUIRE(m.get("b") == nullptr);
}

TEST_CASE("Node path helpers") {
  Node obj = Node::map();
  obj.ensureMap("metadata").set("name", Node::string("web"));
  REQUIRE(obj.str({"metadata", "name"}) == "web");
  REQUIRE(obj.str({"metadata", "namespace"}).empty());
  REQUIRE(obj.at({"metadata", "name", "x"}) == nullptr);
  obj.ensureMap("metadata").set("namespace", Node::null());
  REQUIRE(obj.str({"metadata", "namespace"}).empty());
}

TEST_CASE("Node equality distinguishes types, not key order") {
  Node a = Node::map();
  a.set("x", Node::scalar("1"));
  a.set("y", Node::string("1"));
  Node b = Node::map();
  b.set("y", Node::string("1"));
  b.set("x", Node::scalar("1"));
  REQUIRE(a == b);
  b.set("x", Node::string("1"));
  REQUIRE_FALSE(a == b);
  REQUIRE(Node::scalar("null").isNull());
  REQUIRE(Node().isNull());
  REQUIRE_FALSE(Node::string("null").isNull());
}
