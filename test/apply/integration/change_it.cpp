// Changing, removing and protecting objects in the source.
#include "fixture.h"

using namespace gitsync;
using namespace gitsync::apply;
using namespace gitsync::apply::testing;

namespace {

std::string app(const std::string& color, int replicas, bool withOld) {
  std::string yaml = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
data:
  color: )" + color + R"(
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: )" + std::to_string(replicas) + R"(
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: kept
  annotations:
    gitsync.dev/prune: disabled
)";
  if (withOld) {
    yaml += R"(---
apiVersion: v1
kind: ConfigMap
metadata:
  name: old
data:
  a: b
)";
  }
  return yaml;
}

}  // namespace

TEST_CASE("changing one field configures only that object", "[change]") {
  ApplyFixture f("apply-it-change");
  const std::string ns = f.name();
  auto first = f.sync(app("blue", 1, false));
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(first.changes.summary() == "3 created");

  f.client().resetMetrics();
  auto changed = f.sync(app("green", 1, false));
  INFO(changed.status.message());
  REQUIRE(changed.status.ok());
  CHECK(ApplyFixture::lines(changed.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/kept unchanged",
                                 "ConfigMap/" + ns + "/settings configured",
                                 "Deployment/" + ns + "/web unchanged"});
  // A data change of a ConfigMap is certain: one apply, no dry run.
  CHECK(f.client().metrics().count("APPLY") == 1);
  CHECK(f.get("v1", "ConfigMap", "settings", ns)["data"]["color"] == "green");

  f.client().resetMetrics();
  auto scaled = f.sync(app("green", 3, false));
  REQUIRE(scaled.status.ok());
  CHECK(ApplyFixture::lines(scaled.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/kept unchanged",
                                 "ConfigMap/" + ns + "/settings unchanged",
                                 "Deployment/" + ns + "/web configured"});
  // A spec change may be normalization: confirmed by one dry run, then applied.
  CHECK(f.client().metrics().count("APPLY") == 2);
  CHECK(f.get("apps/v1", "Deployment", "web", ns)["spec"]["replicas"] == 3);
}

TEST_CASE("a field removed from the source is removed from the object", "[change]") {
  ApplyFixture f("apply-it-removed");
  const std::string ns = f.name();
  const std::string two = R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: "1", b: "2"}
)";
  const std::string one = R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {a: "1"}
)";
  REQUIRE(f.sync(two).status.ok());
  auto removed = f.sync(one);
  INFO(removed.status.message());
  REQUIRE(removed.status.ok());
  CHECK(ApplyFixture::lines(removed.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/settings configured"});
  CHECK(f.get("v1", "ConfigMap", "settings", ns)["data"] == Json({{"a", "1"}}));
  CHECK(f.sync(one).changes.summary() == "1 unchanged");
}

TEST_CASE("an object removed from the source is pruned; prune: disabled is kept", "[prune]") {
  ApplyFixture f("apply-it-prune");
  const std::string ns = f.name();
  auto first = f.sync(app("blue", 1, true));
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(first.inventory.toJson() ==
        "[{\"id\":\"" + ns + "_kept__ConfigMap\",\"v\":\"v1\"},{\"id\":\"" + ns +
            "_old__ConfigMap\",\"v\":\"v1\"},{\"id\":\"" + ns +
            "_settings__ConfigMap\",\"v\":\"v1\"},{\"id\":\"" + ns +
            "_web_apps_Deployment\",\"v\":\"v1\"}]");
  auto stored = f.store().load();
  REQUIRE(stored.ok());
  CHECK(*stored == first.inventory);

  auto pruned = f.sync(app("blue", 1, false));
  INFO(pruned.status.message());
  REQUIRE(pruned.status.ok());
  CHECK(ApplyFixture::lines(pruned.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/kept unchanged",
                                 "ConfigMap/" + ns + "/settings unchanged",
                                 "Deployment/" + ns + "/web unchanged",
                                 "ConfigMap/" + ns + "/old deleted"});
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "old"}).status().code() == Code::NotFound);
  CHECK(f.store().load()->entries.size() == 3);

  // Removing the protected object from the source drops it from the inventory, not the cluster.
  std::string withoutKept = app("blue", 1, false);
  withoutKept = withoutKept.substr(
      0, withoutKept.find("---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: kept"));
  auto kept = f.sync(withoutKept);
  INFO(kept.status.message());
  REQUIRE(kept.status.ok());
  CHECK(ApplyFixture::lines(kept.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/settings unchanged",
                                 "Deployment/" + ns + "/web unchanged",
                                 "ConfigMap/" + ns + "/kept skipped: gitsync.dev/prune: disabled"});
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "kept"}).ok());
  CHECK(f.store().load()->entries.size() == 2);

  // Without --prune, an object removed from the source stays and stays in the inventory.
  f.options().prune = false;
  auto noPrune = f.sync(R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: settings}
data: {color: blue}
)");
  REQUIRE(noPrune.status.ok());
  CHECK(noPrune.changes.summary() == "1 unchanged");
  CHECK(f.store().load()->entries.size() == 2);
  CHECK(f.client().get({{"apps", "v1", "Deployment"}, ns, "web"}).ok());
}

TEST_CASE("an object another owner labels is not pruned", "[prune]") {
  ApplyFixture f("apply-it-foreign");
  const std::string ns = f.name();
  const std::string both = R"(
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: b}
)";
  REQUIRE(f.sync(both).status.ok());
  Json relabel = {{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata",
                   {{"name", "b"},
                    {"namespace", ns},
                    {"labels", {{"gitsync.dev/name", "other"}}}}}};
  kube::ApplyOptions other;
  other.fieldManager = "other";
  other.force = true;
  REQUIRE(f.client().apply(relabel, other).ok());
  auto result = f.sync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  INFO(result.status.message());
  REQUIRE(result.status.ok());
  CHECK(ApplyFixture::lines(result.changes) ==
        std::vector<std::string>{
            "ConfigMap/" + ns + "/a unchanged",
            "ConfigMap/" + ns + "/b skipped: not labeled gitsync.dev/name=" + ns +
                ",gitsync.dev/namespace=" + ns});
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "b"}).ok());
}

TEST_CASE("a sync that would delete every object is refused unless allowEmpty", "[empty]") {
  ApplyFixture f("apply-it-empty");
  const std::string ns = f.name();
  REQUIRE(f.sync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n").status.ok());
  auto refused = f.sync("");
  CHECK(refused.status.code() == Code::FailedPrecondition);
  CHECK(refused.status.message() ==
        "prune: refusing to delete all 1 objects of the inventory (the render shares none of "
        "them); allow it with allow-empty");
  CHECK(refused.changes.entries.empty());
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "a"}).ok());
  CHECK(f.store().load()->entries.size() == 1);

  f.options().allowEmpty = true;
  auto emptied = f.sync("");
  INFO(emptied.status.message());
  REQUIRE(emptied.status.ok());
  CHECK(ApplyFixture::lines(emptied.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/a deleted"});
  CHECK(f.store().load()->empty());
}

TEST_CASE("a partial apply records what it applied plus the old entries and prunes nothing",
          "[prune]") {
  ApplyFixture f("apply-it-partial");
  const std::string ns = f.name();
  REQUIRE(f.sync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                 "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n")
              .status.ok());
  auto partial = f.sync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n"
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\n"
                        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: Bad_Name}\n");
  CHECK(partial.status.code() == Code::InvalidArgument);
  CHECK(partial.status.message().rfind("ConfigMap/" + ns + "/Bad_Name: apply: Invalid: ", 0) ==
        0);
  CHECK(partial.changes.summary() == "1 created, 1 unchanged, 1 failed");
  CHECK(partial.inventory.toJson() ==
        "[{\"id\":\"" + ns + "_a__ConfigMap\",\"v\":\"v1\"},{\"id\":\"" + ns +
            "_b__ConfigMap\",\"v\":\"v1\"},{\"id\":\"" + ns + "_c__ConfigMap\",\"v\":\"v1\"}]");
  CHECK(*f.store().load() == partial.inventory);
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "b"}).ok());
}

TEST_CASE("an existing object without the owner's labels is adopted (configured)", "[change]") {
  ApplyFixture f("apply-it-adopt");
  const std::string ns = f.name();
  Json theirs = {{"apiVersion", "v1"},
                 {"kind", "ConfigMap"},
                 {"metadata", {{"name", "a"}, {"namespace", ns}}},
                 {"data", {{"k", "1"}}}};
  kube::ApplyOptions kubectl;
  kubectl.fieldManager = "kubectl";
  REQUIRE(f.client().apply(theirs, kubectl).ok());
  auto adopted = f.sync("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: \"1\"}\n"
                        "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
  INFO(adopted.status.message());
  REQUIRE(adopted.status.ok());
  CHECK(ApplyFixture::lines(adopted.changes) ==
        std::vector<std::string>{"ConfigMap/" + ns + "/a configured",
                                 "ConfigMap/" + ns + "/b created"});
  CHECK(f.get("v1", "ConfigMap", "a", ns)["metadata"]["labels"]["gitsync.dev/name"] == ns);
}
