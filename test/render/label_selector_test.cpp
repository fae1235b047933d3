// Expected messages are those `kubectl kustomize` (Kustomize v5.5.0) prints for a patch target
// with the same labelSelector.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "../../src/render/label_selector.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

const LabelMap kLabels = {{"app", "web"}, {"tier", "fe"}, {"n", "5"}};

bool hit(std::string_view selector) {
  auto r = matchesLabelSelector(selector, kLabels);
  REQUIRE(r.ok());
  return *r;
}

std::string labelError(std::string_view selector) {
  auto r = matchesLabelSelector(selector, kLabels);
  REQUIRE_FALSE(r.ok());
  return r.status().message();
}

}  // namespace

TEST_CASE("matchesLabelSelector supports every operator") {
  CHECK(hit(""));
  CHECK(hit("app=web"));
  CHECK(hit("app==web,tier"));
  CHECK_FALSE(hit("app!=web"));
  CHECK(hit("app in (api,web)"));
  CHECK_FALSE(hit("app notin (api,web)"));
  CHECK(hit("app notin ()"));
  CHECK(hit("!legacy"));
  CHECK_FALSE(hit("!tier"));
  CHECK(hit("n>4"));
  CHECK_FALSE(hit("n<5"));
  CHECK(hit("x.io/app!=web"));
  CHECK(hit("app in (web,,x)"));
  CHECK_FALSE(hit("app=in"));
  CHECK(hit(" app = web , tier in ( fe ) "));
}

TEST_CASE("matchesLabelSelector reports syntax errors as Kubernetes does") {
  CHECK(labelError(R"x(app in (a)x") ==
        R"x(unable to parse requirement: found '', expected: ',' or ')')x");
  CHECK(labelError(R"x(=x)x") ==
        R"x(found '=', expected: !, identifier, or 'end of string')x");
  CHECK(labelError(R"x(app==web,,)x") ==
        R"x(found ',', expected: identifier after ',')x");
  CHECK(labelError(R"x(a b)x") ==
        R"x(unable to parse requirement: found 'b', expected: '=', '!=', '==', 'in', notin')x");
  CHECK(labelError(R"x(app!x)x") ==
        R"x(unable to parse requirement: found '!', expected: '=', '!=', '==', 'in', notin')x");
  CHECK(labelError(R"x(Bad_Key-=1)x") ==
        R"x(unable to parse requirement: invalid label key "Bad_Key-": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]'))x");
  CHECK(labelError(R"x(a/b/c=1)x") ==
        R"x(unable to parse requirement: invalid label key "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName'))x");
  CHECK(labelError(R"x(n<x)x") ==
        R"x(unable to parse requirement: for 'Gt', 'Lt' operators, the value must be an integer)x");
  CHECK(labelError(R"x(app=-bad-)x") ==
        R"x(unable to parse requirement: invalid label value: "-bad-": at key: "app": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?'))x");
  CHECK(labelError(R"x(()x") ==
        R"x(found '(', expected: !, identifier, or 'end of string')x");
  CHECK(labelError(R"x(!=)x") ==
        R"x(found '!=', expected: !, identifier, or 'end of string')x");
  CHECK(labelError(R"x(app in web)x") ==
        R"x(unable to parse requirement: found 'web' expected: '(')x");
}
