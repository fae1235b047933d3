// A CustomResourceDefinition and its custom resources in one set; a Namespace and its objects.
#include "fixture.h"

using namespace gitsync;
using namespace gitsync::apply;
using namespace gitsync::apply::testing;

TEST_CASE("a CRD and its custom resources apply in one sync", "[crd]") {
  ApplyFixture f("apply-it-crd");
  const std::string ns = f.name();
  const std::string group = ns + ".example.com";
  std::string yaml = R"(
apiVersion: GROUP/v1
kind: Widget
metadata:
  name: one
spec:
  size: 3
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.GROUP
spec:
  group: GROUP
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
)";
  for (size_t pos = 0; (pos = yaml.find("GROUP", pos)) != std::string::npos;) {
    yaml.replace(pos, 5, group);
  }
  auto first = f.sync(yaml);
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(ApplyFixture::lines(first.changes) ==
        std::vector<std::string>{"CustomResourceDefinition/widgets." + group + " created",
                                 "Widget/" + ns + "/one created"});
  CHECK(f.get(group + "/v1", "Widget", "one", ns)["spec"]["size"] == 3);

  f.client().resetMetrics();
  auto again = f.sync(yaml);
  INFO(again.status.message());
  REQUIRE(again.status.ok());
  CHECK(again.changes.summary() == "2 unchanged");
  CHECK(f.client().metrics().count("APPLY") == 0);

  f.options().allowEmpty = true;
  auto pruned = f.sync("");
  INFO(pruned.status.message());
  REQUIRE(pruned.status.ok());
  // Reverse order: the custom resource before its definition.
  CHECK(ApplyFixture::lines(pruned.changes) ==
        std::vector<std::string>{"Widget/" + ns + "/one deleted",
                                 "CustomResourceDefinition/widgets." + group + " deleted"});
}

TEST_CASE("a Namespace and objects in it; a Namespace with foreign objects is kept",
          "[namespace]") {
  ApplyFixture f("apply-it-ns");
  const std::string owner = f.name();
  const std::string target = owner + "-app";
  std::string yaml = R"(
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: TARGET
---
apiVersion: v1
kind: Namespace
metadata:
  name: TARGET
)";
  yaml.replace(yaml.find("TARGET"), 6, target);
  yaml.replace(yaml.find("TARGET"), 6, target);
  auto first = f.sync(yaml);
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  CHECK(ApplyFixture::lines(first.changes) ==
        std::vector<std::string>{"Namespace/" + target + " created",
                                 "ConfigMap/" + target + "/settings created"});

  // Someone else's object in the namespace keeps it from being pruned.
  Json foreign = {{"apiVersion", "v1"},
                  {"kind", "ConfigMap"},
                  {"metadata", {{"name", "theirs"}, {"namespace", target}}}};
  REQUIRE(f.client().apply(foreign, {}).ok());
  f.options().allowEmpty = true;
  auto kept = f.sync("");
  INFO(kept.status.message());
  REQUIRE(kept.status.ok());
  CHECK(ApplyFixture::lines(kept.changes) ==
        std::vector<std::string>{
            "ConfigMap/" + target + "/settings deleted",
            "Namespace/" + target + " skipped: holds objects not managed by gitsync.dev/name=" +
                owner + ",gitsync.dev/namespace=" + owner + ": ConfigMap/" + target +
                "/theirs"});
  auto ns = f.get("v1", "Namespace", target, "");
  CHECK_FALSE(ns["metadata"].contains("deletionTimestamp"));

  // Once the namespace holds only the owner's objects, it is pruned.
  REQUIRE(f.sync(yaml).status.ok());
  REQUIRE(f.client().del({{"", "v1", "ConfigMap"}, target, "theirs"}, {}).ok());
  auto pruned = f.sync("");
  INFO(pruned.status.message());
  REQUIRE(pruned.status.ok());
  CHECK(ApplyFixture::lines(pruned.changes) ==
        std::vector<std::string>{"ConfigMap/" + target + "/settings deleted",
                                 "Namespace/" + target + " deleted"});
}

TEST_CASE("a failed stage ends the apply: later stages are not attempted", "[namespace]") {
  ApplyFixture f("apply-it-stages");
  const std::string ns = f.name();
  std::vector<std::string> progress;
  f.options().apply.onEntry = [&](const ChangeSetEntry& e) { progress.push_back(e.line()); };
  auto result = f.sync(R"(
apiVersion: v1
kind: Namespace
metadata: {name: Bad_Namespace}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
)");
  CHECK(result.status.code() == Code::InvalidArgument);
  CHECK(result.status.message().rfind("Namespace/Bad_Namespace: apply: Invalid: ", 0) == 0);
  REQUIRE(result.changes.entries.size() == 1);
  CHECK(result.changes.entries[0].action == Action::Failed);
  CHECK(progress == ApplyFixture::lines(result.changes));
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "a"}).status().code() == Code::NotFound);
  CHECK(f.store().load()->empty());
}
