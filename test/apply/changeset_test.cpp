#include "gitsync/apply/changeset.h"

#include <catch2/catch.hpp>

#include "gitsync/apply/owner.h"

using namespace gitsync::apply;

TEST_CASE("changeset: lines and summary") {
  ChangeSet set;
  CHECK(set.summary() == "no objects");
  set.entries.push_back({{{"apps", "v1", "Deployment"}, "prod", "web"}, Action::Configured, ""});
  set.entries.push_back({{{"", "v1", "Namespace"}, "", "prod"}, Action::Unchanged, ""});
  set.entries.push_back({{{"", "v1", "ConfigMap"}, "prod", "c"}, Action::Skipped, "why"});
  set.entries.push_back({{{"", "v1", "ConfigMap"}, "prod", "d"}, Action::Unchanged, ""});
  CHECK(set.entries[0].line() == "Deployment/prod/web configured");
  CHECK(set.entries[2].line() == "ConfigMap/prod/c skipped: why");
  CHECK(set.summary() == "1 configured, 2 unchanged, 1 skipped");
}

TEST_CASE("owner: selector and ownership") {
  Owner owner{"app", "team"};
  CHECK(owner.labelSelector() == "gitsync.dev/name=app,gitsync.dev/namespace=team");
  gitsync::kube::Json object = {
      {"metadata", {{"labels", {{"gitsync.dev/name", "app"}, {"gitsync.dev/namespace", "team"}}}}}};
  CHECK(owner.owns(object));
  object["metadata"]["labels"]["gitsync.dev/namespace"] = "other";
  CHECK_FALSE(owner.owns(object));
  CHECK_FALSE(owner.owns(gitsync::kube::Json::object()));
}

TEST_CASE("summarizeFailures keeps the first failure and counts the rest") {
  using gitsync::Code;
  CHECK(gitsync::apply::summarizeFailures({}).ok());
  gitsync::Status one = gitsync::apply::summarizeFailures({gitsync::invalidArgument("a: bad")});
  CHECK(one.message() == "a: bad");
  gitsync::Status two = gitsync::apply::summarizeFailures(
      {gitsync::unavailable("a: down"), gitsync::invalidArgument("b: bad")});
  CHECK(two.code() == Code::Unavailable);
  CHECK(two.message() == "a: down (2 objects failed)");
}
