// Server-side apply, dry runs, create/update/patchStatus against the real API server.
#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {
std::string rvOf(const Json& object) {
  return object.at("metadata").at("resourceVersion").get<std::string>();
}
}  // namespace

TEST_CASE("apply creates a ConfigMap; a second identical apply changes nothing", "[apply]") {
  TestNamespace ns("kube-it-apply");
  auto& client = ns.client();
  Json cm = ns.configMap("settings", {{"color", "blue"}});
  auto first = client.apply(cm, {});
  INFO(first.status().message());
  REQUIRE(first.ok());
  CHECK((*first)["data"] == Json({{"color", "blue"}}));
  auto second = client.apply(cm, {});
  REQUIRE(second.ok());
  CHECK(rvOf(*second) == rvOf(*first));
  auto got = client.get({kConfigMap, ns.name(), "settings"});
  REQUIRE(got.ok());
  CHECK(rvOf(*got) == rvOf(*first));
  CHECK((*got)["metadata"]["managedFields"][0]["manager"] == "gitsync");
  CHECK((*got)["metadata"]["managedFields"][0]["operation"] == "Apply");

  cm["data"]["color"] = "green";
  auto third = client.apply(cm, {});
  REQUIRE(third.ok());
  CHECK(rvOf(*third) != rvOf(*first));
  CHECK((*third)["data"]["color"] == "green");

  RequestMetrics m = client.metrics();
  CHECK(m.count("APPLY", 200) == 2);  // the creating apply answers 201
  CHECK(m.count("APPLY", 201) == 1);
  CHECK(m.count("GET", 200) == 1);  // discovery was loaded by TestNamespace already
  CHECK(m.total() == 4);
}

TEST_CASE("a dry-run apply validates without creating", "[apply]") {
  TestNamespace ns("kube-it-dryrun");
  auto& client = ns.client();
  ApplyOptions options;
  options.dryRun = true;
  auto applied = client.apply(ns.configMap("ghost", {{"a", "b"}}), options);
  INFO(applied.status().message());
  REQUIRE(applied.ok());
  CHECK((*applied)["metadata"]["name"] == "ghost");
  CHECK((*applied)["metadata"].contains("uid"));
  auto got = client.get({kConfigMap, ns.name(), "ghost"});
  CHECK(got.status().code() == Code::NotFound);
  CHECK(got.status().message() == "ConfigMap/" + ns.name() +
                                      "/ghost: get: NotFound: configmaps \"ghost\" not found");
}

TEST_CASE("apply from a core::Node, with the client's default namespace", "[apply]") {
  TestNamespace ns("kube-it-node");
  core::Node object = core::Node::map();
  object.set("apiVersion", core::Node::scalar("v1"));
  object.set("kind", core::Node::scalar("ConfigMap"));
  object.ensureMap("metadata").set("name", core::Node::scalar("from-node"));
  object.ensureMap("data").set("port", core::Node::string("8080"));
  auto json = nodeToJson(object);
  REQUIRE(json.ok());
  CHECK(json->dump() ==
        R"({"apiVersion":"v1","data":{"port":"8080"},"kind":"ConfigMap","metadata":{"name":"from-node"}})");
  (*json)["metadata"]["namespace"] = ns.name();
  auto applied = ns.client().apply(*json, {});
  INFO(applied.status().message());
  REQUIRE(applied.ok());
  CHECK((*applied)["data"]["port"] == "8080");
}

TEST_CASE("create, update with a stale resourceVersion, and patchStatus", "[apply]") {
  TestNamespace ns("kube-it-write");
  auto& client = ns.client();
  auto created = client.create(ns.configMap("plain", {{"k", "1"}}), {});
  INFO(created.status().message());
  REQUIRE(created.ok());
  auto again = client.create(ns.configMap("plain", {{"k", "1"}}), {});
  CHECK(again.status().code() == Code::AlreadyExists);
  CHECK(again.status().message() == "ConfigMap/" + ns.name() +
                                        "/plain: create: AlreadyExists: configmaps \"plain\" "
                                        "already exists");
  Json changed = *created;
  changed["data"]["k"] = "2";
  auto updated = client.update(changed, {});
  REQUIRE(updated.ok());
  CHECK((*updated)["data"]["k"] == "2");
  // `changed` still carries the old resourceVersion.
  changed["data"]["k"] = "3";
  auto stale = client.update(changed, {});
  CHECK(stale.status().code() == Code::Aborted);
  CHECK(stale.status().message() ==
        "ConfigMap/" + ns.name() +
            "/plain: update: Conflict: Operation cannot be fulfilled on configmaps \"plain\": the "
            "object has been modified; please apply your changes to the latest version and try "
            "again");
  CHECK(client.metrics().count("CREATE", 201) == 1);
  CHECK(client.metrics().count("CREATE", 409) == 1);  // a conflict is not retried
  CHECK(client.metrics().count("UPDATE", 409) == 1);

  // Status subresource: a Namespace's status is writable by merge patch.
  GroupVersionKind nsKind{"", "v1", "Namespace"};
  auto patched = client.patchStatus({nsKind, "", ns.name()},
                                    {{"status", {{"conditions", Json::array({{{"type", "GitsyncTest"},
                                                                             {"status", "True"}}})}}}},
                                    {});
  INFO(patched.status().message());
  REQUIRE(patched.ok());
  CHECK((*patched)["status"]["conditions"][0]["type"] == "GitsyncTest");
  CHECK((*patched)["status"]["phase"] == "Active");
}
