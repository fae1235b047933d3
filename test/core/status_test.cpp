#include <catch2/catch.hpp>

#include "gitsync/core/status.h"

using namespace gitsync;

namespace {
Result<int> half(int v) {
  if (v % 2) return invalidArgument("odd: " + std::to_string(v));
  return v / 2;
}
Result<int> quarter(int v) {
  GITSYNC_ASSIGN_OR_RETURN(int h, half(v));
  return half(h);
}
}  // namespace

TEST_CASE("Status carries a code and a message, and prefixes keep the code") {
  Status s = notFound("ConfigMap/x");
  REQUIRE_FALSE(s.ok());
  REQUIRE(s.code() == Code::NotFound);
  Status p = s.withPrefix("render");
  REQUIRE(p.message() == "render: ConfigMap/x");
  REQUIRE(p.code() == Code::NotFound);
  REQUIRE(okStatus().withPrefix("x").ok());
  REQUIRE(std::string(codeName(Code::Unavailable)) == "Unavailable");
}

TEST_CASE("Result propagates errors through GITSYNC_ASSIGN_OR_RETURN") {
  REQUIRE(*quarter(8) == 2);
  Result<int> r = quarter(6);
  REQUIRE_FALSE(r.ok());
  REQUIRE(r.status().message() == "odd: 3");
  REQUIRE(r.status().code() == Code::InvalidArgument);
}
