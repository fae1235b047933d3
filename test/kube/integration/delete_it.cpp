// Deletes with each propagation policy against the real API server (garbage collection by
// kube-controller-manager).
#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {

// A parent ConfigMap and a child owned by it.
std::string family(TestNamespace& ns, const std::string& prefix) {
  auto parent = ns.client().apply(ns.configMap(prefix + "-parent"), {});
  REQUIRE(parent.ok());
  Json child = ns.configMap(prefix + "-child");
  child["metadata"]["ownerReferences"] = Json::array({{{"apiVersion", "v1"},
                                                      {"kind", "ConfigMap"},
                                                      {"name", prefix + "-parent"},
                                                      {"uid", (*parent)["metadata"]["uid"]},
                                                      {"blockOwnerDeletion", true}}});
  REQUIRE(ns.client().apply(child, {}).ok());
  return (*parent)["metadata"]["uid"].get<std::string>();
}

bool gone(TestNamespace& ns, const std::string& name) {
  return ns.client().get({kConfigMap, ns.name(), name}).status().code() == Code::NotFound;
}

bool hasFinalizer(const Json& object, const std::string& finalizer) {
  for (const auto& f : object.at("metadata").value("finalizers", Json::array())) {
    if (f == finalizer) return true;
  }
  return false;
}

}  // namespace

TEST_CASE("delete with Foreground propagation removes the dependents first", "[delete]") {
  TestNamespace ns("kube-it-fg");
  family(ns, "fg");
  DeleteOptions options;
  options.propagation = Propagation::Foreground;
  auto deleted = ns.client().del({kConfigMap, ns.name(), "fg-parent"}, options);
  INFO(deleted.status().message());
  REQUIRE(deleted.ok());
  // The server keeps the parent, marked, until the garbage collector removed the child.
  CHECK((*deleted)["kind"] == "ConfigMap");
  CHECK((*deleted)["metadata"].contains("deletionTimestamp"));
  CHECK(hasFinalizer(*deleted, "foregroundDeletion"));
  CHECK(eventually([&] { return gone(ns, "fg-child") && gone(ns, "fg-parent"); }));
}

TEST_CASE("delete with Orphan propagation keeps the dependents", "[delete]") {
  TestNamespace ns("kube-it-orphan");
  family(ns, "or");
  DeleteOptions options;
  options.propagation = Propagation::Orphan;
  auto deleted = ns.client().del({kConfigMap, ns.name(), "or-parent"}, options);
  REQUIRE(deleted.ok());
  CHECK(hasFinalizer(*deleted, "orphan"));
  CHECK(eventually([&] { return gone(ns, "or-parent"); }));
  auto child = ns.client().get({kConfigMap, ns.name(), "or-child"});
  REQUIRE(child.ok());
  CHECK_FALSE((*child)["metadata"].contains("ownerReferences"));
}

TEST_CASE("delete with Background propagation; dry-run deletes nothing", "[delete]") {
  TestNamespace ns("kube-it-bg");
  family(ns, "bg");
  DeleteOptions dry;
  dry.dryRun = true;
  auto dryRun = ns.client().del({kConfigMap, ns.name(), "bg-parent"}, dry);
  INFO(dryRun.status().message());
  REQUIRE(dryRun.ok());
  CHECK_FALSE(gone(ns, "bg-parent"));

  auto deleted = ns.client().del({kConfigMap, ns.name(), "bg-parent"}, {});
  REQUIRE(deleted.ok());
  CHECK((*deleted)["kind"] == "Status");
  CHECK((*deleted)["status"] == "Success");
  CHECK(gone(ns, "bg-parent"));
  CHECK(eventually([&] { return gone(ns, "bg-child"); }));

  auto again = ns.client().del({kConfigMap, ns.name(), "bg-parent"}, {});
  CHECK(again.status().code() == Code::NotFound);
  CHECK(again.status().message() == "ConfigMap/" + ns.name() +
                                        "/bg-parent: delete: NotFound: configmaps \"bg-parent\" "
                                        "not found");
}
