#include <catch2/catch.hpp>

#include "../../src/render/refs_util.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

TEST_CASE("ids print as kustomize prints them") {
  CHECK(kustomizeIdString(ResId{Gvk{"apps", "v1", "Deployment"}, "web", "prod"}) ==
        "Deployment.v1.apps/web.prod");
  CHECK(kustomizeIdString(ResId{Gvk{"", "", ""}, "", ""}) ==
        "[noKind].[noVer].[noGrp]/[noName].[noNs]");
  CHECK(goQuote("a\"b\n") == "\"a\\\"b\\n\"");
  CHECK(goStringSlice({"a", "b"}) == "[a b]");
  CHECK(splitEscapedPath("/metadata/annotations/a\\/b", '/') ==
        std::vector<std::string>{"metadata", "annotations", "a/b"});
}

TEST_CASE("walkFieldPath walks lists and wraps errors as kustomize's fieldspec filter") {
  auto docs = core::parseYamlStream(
      "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n"
      "spec:\n  containers: [{name: a, args: [x]}, {name: b}, {name: c, args: ~}]\n",
      "pod.yaml");
  REQUIRE(docs.ok());
  core::Node& pod = docs->front();
  std::vector<std::string> seen;
  Status s = walkFieldPath(pod, "spec/containers/name", [&](core::Node& n) {
    seen.push_back(n.text());
    return okStatus();
  });
  CHECK(s.ok());
  CHECK(seen == std::vector<std::string>{"a", "b", "c"});
  s = walkFieldPath(pod, "spec/containers/args", [&](core::Node& n) {
    return n.isNull() ? okStatus() : invalidArgument("boom");
  });
  CHECK(s.message() ==
        "considering field 'spec/containers/args' of object Pod.v1.[noGrp]/p.[noNs]: visit "
        "traversal on path: [args]: boom");
  s = walkFieldPath(pod, "metadata/name/x", [](core::Node&) { return okStatus(); });
  CHECK(s.message() ==
        "considering field 'metadata/name/x' of object Pod.v1.[noGrp]/p.[noNs]: expected sequence "
        "or mapping node");
}
