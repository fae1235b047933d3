#include "gitsync/source/semver.h"

#include <catch2/catch.hpp>

using gitsync::Code;
using namespace gitsync::source;

namespace {

bool matches(const std::string& constraint, const std::string& version) {
  auto c = Constraint::parse(constraint);
  REQUIRE(c.ok());
  auto v = parseVersion(version);
  REQUIRE(v.ok());
  return c->matches(*v);
}

std::string parseError(const std::string& constraint) {
  auto c = Constraint::parse(constraint);
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == Code::InvalidArgument);
  return c.status().message();
}

}  // namespace

TEST_CASE("versions parse with an optional v, pre-release and build") {
  auto v = parseVersion("v1.22.3-rc.1+build.7");
  REQUIRE(v.ok());
  CHECK(v->major == 1);
  CHECK(v->minor == 22);
  CHECK(v->patch == 3);
  CHECK(v->prerelease == std::vector<std::string>{"rc", "1"});
  CHECK(v->build == "build.7");
  CHECK(formatVersion(*v) == "1.22.3-rc.1+build.7");
}

TEST_CASE("malformed versions are rejected with the reason") {
  CHECK(parseVersion("1.2").status().message() ==
        "semver: \"1.2\": not a full version (major.minor.patch)");
  CHECK(parseVersion("01.2.3").status().message() == "semver: \"01.2.3\": \"01\" is not a number");
  CHECK(parseVersion("1.2.3.4").status().message() ==
        "semver: \"1.2.3.4\": more than three version numbers");
  CHECK(parseVersion("1.2.3-").status().message() ==
        "semver: \"1.2.3-\": empty pre-release identifier");
  CHECK(parseVersion("release").status().message() ==
        "semver: \"release\": \"release\" is not a number");
  CHECK(parseVersion("1.2.3-01").status().message() ==
        "semver: \"1.2.3-01\": leading zero in pre-release");
}

TEST_CASE("precedence follows semver.org") {
  // The example chain from semver.org section 11.
  std::vector<std::string> chain = {"1.0.0-alpha",      "1.0.0-alpha.1", "1.0.0-alpha.beta",
                                    "1.0.0-beta",       "1.0.0-beta.2",  "1.0.0-beta.11",
                                    "1.0.0-rc.1",       "1.0.0",         "1.0.1",
                                    "1.1.0",            "2.0.0",         "10.0.0"};
  for (size_t i = 0; i + 1 < chain.size(); ++i) {
    INFO(chain[i] << " < " << chain[i + 1]);
    CHECK(compareVersions(*parseVersion(chain[i]), *parseVersion(chain[i + 1])) < 0);
    CHECK(compareVersions(*parseVersion(chain[i + 1]), *parseVersion(chain[i])) > 0);
  }
  CHECK(compareVersions(*parseVersion("1.0.0+a"), *parseVersion("1.0.0+b")) == 0);
}

TEST_CASE("range constraints") {
  CHECK(matches(">=1.2.0 <2.0.0", "1.2.0"));
  CHECK(matches(">=1.2.0 <2.0.0", "1.9.9"));
  CHECK_FALSE(matches(">=1.2.0 <2.0.0", "2.0.0"));
  CHECK_FALSE(matches(">=1.2.0 <2.0.0", "1.1.9"));
  CHECK(matches(">=1.2.0, <2.0.0", "1.5.0"));
  CHECK(matches(">= 1.2.0", "1.2.0"));
  CHECK(matches(">1.2", "1.3.0"));
  CHECK_FALSE(matches(">1.2", "1.2.9"));
  CHECK(matches("<=1.2", "1.2.9"));
  CHECK_FALSE(matches("<=1.2", "1.3.0"));
  CHECK(matches("!=1.2.3", "1.2.4"));
  CHECK_FALSE(matches("!=1.2.3", "1.2.3"));
  CHECK(matches("=1.2.3", "v1.2.3"));
  CHECK(matches("<1.0.0 || >=3.0.0", "0.9.0"));
  CHECK(matches("<1.0.0 || >=3.0.0", "3.1.0"));
  CHECK_FALSE(matches("<1.0.0 || >=3.0.0", "2.0.0"));
}

TEST_CASE("tilde, caret and x-ranges") {
  CHECK(matches("~1.2", "1.2.0"));
  CHECK(matches("~1.2", "1.2.99"));
  CHECK_FALSE(matches("~1.2", "1.3.0"));
  CHECK(matches("~1.2.3", "1.2.5"));
  CHECK_FALSE(matches("~1.2.3", "1.2.2"));
  CHECK(matches("~1", "1.9.0"));
  CHECK_FALSE(matches("~1", "2.0.0"));
  CHECK(matches("^1.0", "1.99.0"));
  CHECK_FALSE(matches("^1.0", "2.0.0"));
  CHECK_FALSE(matches("^1.2.3", "1.2.2"));
  CHECK(matches("^0.2.3", "0.2.9"));
  CHECK_FALSE(matches("^0.2.3", "0.3.0"));
  CHECK(matches("^0.0.3", "0.0.3"));
  CHECK_FALSE(matches("^0.0.3", "0.0.4"));
  CHECK(matches("1.x", "1.0.0"));
  CHECK(matches("1.x", "1.7.3"));
  CHECK_FALSE(matches("1.x", "2.0.0"));
  CHECK(matches("1.2.*", "1.2.7"));
  CHECK_FALSE(matches("1.2.*", "1.3.0"));
  CHECK(matches("1.2", "1.2.7"));
  CHECK(matches("*", "0.0.1"));
  CHECK(matches("*", "99.0.0"));
}

TEST_CASE("pre-releases match only when the constraint has one") {
  CHECK_FALSE(matches("*", "1.0.0-rc.1"));
  CHECK_FALSE(matches(">=1.0.0 <2.0.0", "1.5.0-beta"));
  CHECK_FALSE(matches("^1.0", "1.1.0-alpha"));
  CHECK(matches(">=1.0.0-0 <2.0.0", "1.5.0-beta"));
  CHECK(matches("^1.2.3-beta.1", "1.2.3-beta.2"));
  CHECK_FALSE(matches("^1.2.3-beta.1", "1.2.3-alpha"));
  CHECK(matches("^1.2.3-beta.1", "1.2.3"));
}

TEST_CASE("malformed constraints name the problem") {
  CHECK(parseError("") == "semver: constraint \"\": empty constraint");
  CHECK(parseError(">=1.2 ||") == "semver: constraint \">=1.2 ||\": empty constraint");
  CHECK(parseError(">=") == "semver: constraint \">=\": \">=\" without a version");
  CHECK(parseError("=>1.0") == "semver: constraint \"=>1.0\": unknown operator \"=>\"");
  CHECK(parseError("1.x.3") ==
        "semver: constraint \"1.x.3\": \"1.x.3\": a number after a wildcard");
  CHECK(parseError("!=1.2") == "semver: constraint \"!=1.2\": \"!=\" needs a full version");
  CHECK(parseError(">*") == "semver: constraint \">*\": \">\" needs a version, not a wildcard");
  CHECK(parseError("latest") ==
        "semver: constraint \"latest\": \"latest\": \"latest\" is not a number");
}

TEST_CASE("the highest matching tag wins; other tag names are ignored") {
  std::vector<std::string> tags = {"v1.0.0", "v1.2.0", "v1.10.0", "v2.0.0", "v1.11.0-rc.1",
                                   "latest", "release-3", "1.9.0"};
  CHECK(highestMatching(*Constraint::parse(">=1.0.0 <2.0.0"), tags) == "v1.10.0");
  CHECK(highestMatching(*Constraint::parse("~1.2"), tags) == "v1.2.0");
  CHECK(highestMatching(*Constraint::parse("*"), tags) == "v2.0.0");
  CHECK(highestMatching(*Constraint::parse(">=1.11.0-0 <2.0.0"), tags) == "v1.11.0-rc.1");
  CHECK(highestMatching(*Constraint::parse(">=3.0.0"), tags) == std::nullopt);
}
