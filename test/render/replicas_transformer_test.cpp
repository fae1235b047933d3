#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

constexpr std::string_view kSet = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "2"
---
apiVersion: example.com/v1
kind: Deployment
metadata:
  name: web2
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 1
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: web
)";

}  // namespace

TEST_CASE("replicas sets the count of every object of a replicas kind with that name") {
  Context c;
  CHECK(emit(applyReplicas(objects(kSet), doc("- name: web\n  count: 5\n- name: web2\n"), c.ctx)) ==
        R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: "5"
---
apiVersion: example.com/v1
kind: Deployment
metadata:
  name: web2
spec:
  replicas: 0
---
apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: web
spec:
  replicas: 5
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: web
)");
}

TEST_CASE("replicas finds objects by a name they had before a prefix") {
  Context c;
  auto prefixed = applyNamePrefix(objects(kSet), "b-", c.ctx);
  REQUIRE(prefixed.ok());
  auto out = applyReplicas(std::move(prefixed).value(), doc("- name: web2\n  count: 0x10\n"), c.ctx);
  REQUIRE(out.ok());
  CHECK(emit(out).find("  name: b-web2\nspec:\n  replicas: 16\n") != std::string::npos);
}

TEST_CASE("replicas for a name nothing has is an error") {
  Context c;
  CHECK(error(applyReplicas(objects(kSet), doc("- name: nothing\n  count: 1\n"), c.ctx)) ==
        "app/kustomization.yaml: replicas[0]: no resource named 'nothing' has one of the replicas "
        "field spec kinds (Deployment, ReplicationController, ReplicaSet, StatefulSet)");
}

TEST_CASE("replicas entries are checked like kustomize's Replica struct") {
  Context c;
  CHECK(error(applyReplicas(objects(kSet), doc("- name: web\n  count: \"3\"\n"), c.ctx)) ==
        "app/kustomization.yaml: replicas[0].count: must be an integer, not a string");
  CHECK(error(applyReplicas(objects(kSet), doc("- name: web\n  count: 1.5\n"), c.ctx)) ==
        "app/kustomization.yaml: replicas[0].count: must be an integer, not 1.5");
  CHECK(error(applyReplicas(objects(kSet), doc("- name: web\n  replicas: 3\n"), c.ctx)) ==
        "app/kustomization.yaml: replicas[0]: unknown field \"replicas\"");
  CHECK(error(applyReplicas(objects(kSet), doc("name: web\n"), c.ctx)) ==
        "app/kustomization.yaml: replicas: must be a list, not a map");
  CHECK(emit(applyReplicas(objects(kSet), doc("- name: web2\n  count: 3.0\n"), c.ctx))
            .find("  name: web2\nspec:\n  replicas: 3\n") != std::string::npos);
}
