#include <catch2/catch.hpp>

#include "gitsync/render/fieldspec.h"
#include "gitsync/render/references.h"
#include "refs_test_support.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

VarDecl var(const std::string& yaml) {
  auto docs = core::parseYamlStream(yaml, "var.yaml");
  REQUIRE(docs.ok());
  return VarDecl{docs->front(), "app/kustomization.yaml"};
}

const char* kObjects = R"y(apiVersion: v1
kind: Service
metadata: {name: svc}
spec:
  ports: [{port: 80}]
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: x}
data:
  f: 1.50
  b: true
  big: 1e21
  n:
  s: "true"
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    metadata:
      annotations:
        f: $(F)
        b: $(B)
        mid: x$(BIG)y
        whole: $(BIG)
        n: $(N)
        map: $(M)
        s: $(S)
        num: 3
    spec:
      containers:
      - name: c
        command: ["$(SVC)", "--port=$(PORT)", "$(PORT)", "$(NOPE)", "$$(SVC)", "$(", "a$"]
        env:
        - name: A
          value: $(PORT)
)y";

}  // namespace

TEST_CASE("vars expand in varReference fields, keeping the type of a whole $(VAR)") {
  std::vector<VarDecl> vars = {
      var("{name: SVC, objref: {kind: Service, name: svc, apiVersion: v1}}"),
      var("{name: PORT, objref: {kind: Service, name: svc, version: v1},"
          " fieldref: {fieldPath: 'spec.ports[0].port'}}"),
      var("{name: F, objref: {kind: ConfigMap, name: cm, apiVersion: v1},"
          " fieldref: {fieldPath: data.f}}"),
      var("{name: B, objref: {kind: ConfigMap, name: cm, apiVersion: v1},"
          " fieldref: {fieldPath: data.b}}"),
      var("{name: BIG, objref: {kind: ConfigMap, name: cm, apiVersion: v1},"
          " fieldref: {fieldPath: data.big}}"),
      var("{name: N, objref: {kind: ConfigMap, name: cm, apiVersion: v1, namespace: x},"
          " fieldref: {fieldPath: data.n}}"),
      var("{name: M, objref: {kind: ConfigMap, name: cm, apiVersion: v1},"
          " fieldref: {fieldPath: data}}"),
      var("{name: S, objref: {kind: ConfigMap, name: cm, apiVersion: v1},"
          " fieldref: {fieldPath: data.s}}"),
  };
  ObjectSet set = objectsOf(kObjects);
  for (Resource& r : set) r.setName("p-" + std::string(r.name()));
  CHECK(printed(resolveVars(std::move(set), vars, builtinTransformerConfig())) ==
        R"(apiVersion: v1
kind: Service
metadata:
  name: p-svc
spec:
  ports:
  - port: 80
---
apiVersion: v1
data:
  b: true
  big: 1e+21
  f: 1.5
  "n": null
  s: "true"
kind: ConfigMap
metadata:
  name: p-cm
  namespace: x
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: p-web
spec:
  template:
    metadata:
      annotations:
        b: true
        f: 1.5
        map: $(M)
        mid: x1e+21y
        "n": ""
        num: 3
        s: "true"
        whole: 1e+21
    spec:
      containers:
      - command:
        - p-svc
        - --port=80
        - 80
        - $(NOPE)
        - $(SVC)
        - $(
        - a$
        env:
        - name: A
          value: 80
        name: c
)");
}

TEST_CASE("vars bound when their kustomization was built keep following the object") {
  ObjectSet set = objectsOf(kObjects);
  VarDecl svc = var("{name: SVC, objref: {kind: Service, name: svc, apiVersion: v1}}");
  REQUIRE(bindVar(svc, set).ok());
  for (Resource& r : set) r.setName("q-" + std::string(r.name()));
  auto result = resolveVars(std::move(set), {svc}, builtinTransformerConfig());
  REQUIRE(result.ok());
  CHECK(result->at(2).object.at({"spec", "template", "spec"})->get("containers")->items()[0]
            .get("command")->items()[0].text() == "q-svc");
}

TEST_CASE("a var whose object was not there when its kustomization was built fails") {
  VarDecl v = var("{name: SVC, objref: {kind: Service, name: svc, apiVersion: v1}}");
  REQUIRE(bindVar(v, ObjectSet{}).ok());
  auto result = resolveVars(objectsOf(kObjects), {v}, builtinTransformerConfig());
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() ==
        "app/kustomization.yaml: vars: var '{SVC Service.v1.[noGrp] {metadata.name}}' cannot be "
        "mapped to a field in the set of known resources");
}

TEST_CASE("var errors name the var as kustomize prints it") {
  ObjectSet set = objectsOf(kObjects);
  SECTION("no object matches (the objref needs the exact version)") {
    auto result = resolveVars(
        set, {var("{name: SVC, objref: {kind: Service, name: svc}}")}, builtinTransformerConfig());
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().message() ==
          "app/kustomization.yaml: vars: var '{SVC Service.[noVer].[noGrp] {metadata.name}}' "
          "cannot be mapped to a field in the set of known resources");
  }
  SECTION("the field is missing") {
    auto result = resolveVars(set,
                              {var("{name: X, objref: {kind: Service, name: svc, version: v1},"
                                   " fieldref: {fieldPath: spec.nope}}")},
                              builtinTransformerConfig());
    REQUIRE_FALSE(result.ok());
    CHECK(result.status().message() ==
          "app/kustomization.yaml: vars: field specified in var '{X Service.v1.[noGrp] "
          "{spec.nope}}' not found in corresponding resource");
  }
  SECTION("two objects match") {
    set.push_back(set[0]);
    set.back().object.at({"metadata"})->set("namespace", core::Node::string("other"));
    VarDecl v = var("{name: SVC, objref: {kind: Service, name: svc, apiVersion: v1}}");
    Status s = bindVar(v, set);
    CHECK(s.message() ==
          "app/kustomization.yaml: vars: found 2 resId matches for var {SVC Service.v1.[noGrp] "
          "{}} (unable to disambiguate)");
  }
  SECTION("unknown fields") {
    VarDecl v = var("{name: SVC, objref: {kind: Service, nam: svc}}");
    CHECK(bindVar(v, set).message() ==
          "app/kustomization.yaml: invalid Kustomization: json: unknown field \"nam\"");
  }
}

TEST_CASE("a list of non-strings in a varReference field is an error once vars exist") {
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: Service
metadata: {name: svc}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: c
        args: ["a", 1]
)");
  auto result = resolveVars(set, {var("{name: SVC, objref: {kind: Service, name: svc, version: v1}}")},
                            builtinTransformerConfig());
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() ==
        "considering field 'spec/template/spec/containers/args' of object "
        "Deployment.v1.apps/web.[noNs]: visit traversal on path: [args]: invalid value type "
        "expect a string");
  CHECK(resolveVars(set, {}, builtinTransformerConfig()).ok());
}
