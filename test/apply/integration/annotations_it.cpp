// Per-object annotations: reconcile disabled, ssa IfNotPresent / Ignore.
#include "fixture.h"

using namespace gitsync;
using namespace gitsync::apply;
using namespace gitsync::apply::testing;

namespace {

std::string objects(const std::string& value) {
  return R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: disabled
  annotations: {gitsync.dev/reconcile: disabled}
data: {v: ")" + value + R"("}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: once
  annotations: {gitsync.dev/ssa: IfNotPresent}
data: {v: ")" + value + R"("}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: ignored
  annotations: {gitsync.dev/ssa: Ignore}
data: {v: ")" + value + R"("}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: merged
  annotations: {gitsync.dev/ssa: Merge}
data: {v: ")" + value + R"("}
)";
}

}  // namespace

TEST_CASE("reconcile: disabled and ssa: Ignore are skipped; IfNotPresent only creates",
          "[annotations]") {
  ApplyFixture f("apply-it-annotations");
  const std::string ns = f.name();
  auto first = f.sync(objects("1"));
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(ApplyFixture::lines(first.changes) ==
        std::vector<std::string>{
            "ConfigMap/" + ns + "/disabled skipped: gitsync.dev/reconcile: disabled",
            "ConfigMap/" + ns + "/ignored skipped: gitsync.dev/ssa: Ignore",
            "ConfigMap/" + ns + "/merged created", "ConfigMap/" + ns + "/once created"});
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "disabled"}).status().code() ==
        Code::NotFound);
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "ignored"}).status().code() ==
        Code::NotFound);

  auto second = f.sync(objects("2"));
  INFO(second.status.message());
  REQUIRE(second.status.ok());
  CHECK(ApplyFixture::lines(second.changes) ==
        std::vector<std::string>{
            "ConfigMap/" + ns + "/disabled skipped: gitsync.dev/reconcile: disabled",
            "ConfigMap/" + ns + "/ignored skipped: gitsync.dev/ssa: Ignore",
            "ConfigMap/" + ns + "/merged configured",
            "ConfigMap/" + ns + "/once skipped: gitsync.dev/ssa: IfNotPresent: exists"});
  CHECK(f.get("v1", "ConfigMap", "once", ns)["data"]["v"] == "1");
  CHECK(f.get("v1", "ConfigMap", "merged", ns)["data"]["v"] == "2");
  // Skipped objects stay in the inventory: they are not pruned.
  CHECK(second.inventory.entries.size() == 4);
}
