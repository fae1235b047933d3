#include <catch2/catch.hpp>

#include "gitsync/core/scalar.h"

using namespace gitsync::core;

namespace {
std::string emitted(const Node& n) {
  auto e = emittedScalar(n);
  REQUIRE(e.ok());
  const char* styles[] = {"plain", "double", "literal"};
  return e->text + "|" + styles[static_cast<int>(e->request)];
}
}  // namespace

TEST_CASE("Plain scalars resolve as yaml.v3 decodes them") {
  CHECK(resolveScalar(Node::scalar("on")).type == ScalarType::String);
  CHECK(resolveScalar(Node::scalar("True")).type == ScalarType::Bool);
  CHECK(resolveScalar(Node::scalar("0777")).integer == 511);
  CHECK(resolveScalar(Node::scalar("0x1F")).integer == 31);
  CHECK(resolveScalar(Node::scalar("1_000")).integer == 1000);
  CHECK(resolveScalar(Node::scalar("1e3")).type == ScalarType::Float);
  CHECK(resolveScalar(Node::scalar("~")).type == ScalarType::Null);
  CHECK(resolveScalar(Node::string("42")).type == ScalarType::String);
  CHECK(resolveScalar(Node::scalar("42", Node::Style::Quoted, "!!int")).integer == 42);
  CHECK(resolveScalar(Node::scalar("2024-01-01")).timestamp == "2024-01-01T00:00:00Z");
}

TEST_CASE("Scalars print as goyaml.v2 prints their JSON value") {
  CHECK(emitted(Node::scalar("1.0")) == "1|plain");
  CHECK(emitted(Node::scalar("1e3")) == "1000|plain");
  CHECK(emitted(Node::scalar("0x1F")) == "31|plain");
  CHECK(emitted(Node::scalar("1e20")) == "1e+20|plain");
  CHECK(emitted(Node::scalar("1234567.5")) == "1.2345675e+06|plain");
  CHECK(emitted(Node::scalar("0.000001")) == "1e-06|plain");
  CHECK(emitted(Node::scalar("on")) == "on|double");
  CHECK(emitted(Node::string("yes")) == "yes|double");
  CHECK(emitted(Node::string("123")) == "123|double");
  CHECK(emitted(Node::string("")) == "|double");
  CHECK(emitted(Node::string("10:30")) == "10:30|double");
  CHECK(emitted(Node::string("8080:80")) == "8080:80|plain");
  CHECK(emitted(Node::string("a\nb")) == "a\nb|literal");
  CHECK(emitted(Node::scalar("2001-12-14 21:59:43.10")) == "2001-12-14T21:59:43.1Z|double");
}

TEST_CASE(".inf and .nan cannot go through JSON") {
  auto e = emittedScalar(Node::scalar(".inf"));
  REQUIRE_FALSE(e.ok());
  REQUIRE(e.status().message() == "json: unsupported value: +Inf (from '.inf')");
}

TEST_CASE("Go JSON strings escape HTML characters") {
  CHECK(goJsonString("a<b>&\"\\\n\x01") == R"("a\u003cb\u003e\u0026\"\\\n\u0001")");
  CHECK(goFormatFloat(0.1, 'g') == "0.1");
  CHECK(goFormatFloat(1e21, 'e') == "1e+21");
  CHECK(goFormatFloat(123456.5, 'g') == "123456.5");
}
