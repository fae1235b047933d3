#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

constexpr std::string_view kWorkloads = R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      x: y
  template:
    metadata:
      labels:
        x: y
---
apiVersion: v1
kind: Service
metadata:
  name: svc
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
)";

}  // namespace

TEST_CASE("commonLabels go into metadata, selectors and pod templates") {
  Context c;
  CHECK(emit(applyLabels(objects(kWorkloads), doc("commonLabels:\n  app: web\n"), c.ctx)) ==
        R"(apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    app: web
  name: web
spec:
  selector:
    matchLabels:
      app: web
      x: "y"
  template:
    metadata:
      labels:
        app: web
        x: "y"
---
apiVersion: v1
kind: Service
metadata:
  labels:
    app: web
  name: svc
spec:
  selector:
    app: web
---
apiVersion: example.com/v1
kind: Widget
metadata:
  labels:
    app: web
  name: w
)");
}

TEST_CASE("labels without includeSelectors only touch metadata.labels") {
  Context c;
  CHECK(emit(applyLabels(objects(kWorkloads), doc("labels:\n- pairs:\n    team: a\n"), c.ctx)) ==
        R"(apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    team: a
  name: web
spec:
  selector:
    matchLabels:
      x: "y"
  template:
    metadata:
      labels:
        x: "y"
---
apiVersion: v1
kind: Service
metadata:
  labels:
    team: a
  name: svc
---
apiVersion: example.com/v1
kind: Widget
metadata:
  labels:
    team: a
  name: w
)");
}

TEST_CASE("labels with includeTemplates also touch pod templates, not selectors") {
  Context c;
  auto k = doc("labels:\n- pairs:\n    tier: \"1\"\n  includeTemplates: true\n");
  auto out = emit(applyLabels(objects(kWorkloads), k, c.ctx));
  CHECK(out.substr(0, out.find("---")) == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  labels:
    tier: "1"
  name: web
spec:
  selector:
    matchLabels:
      x: "y"
  template:
    metadata:
      labels:
        tier: "1"
        x: "y"
)");
}

TEST_CASE("labels with includeSelectors behave like commonLabels") {
  Context c;
  auto a = emit(applyLabels(objects(kWorkloads),
                            doc("labels:\n- pairs:\n    app: web\n  includeSelectors: yes\n"),
                            c.ctx));
  auto b = emit(applyLabels(objects(kWorkloads), doc("commonLabels:\n  app: web\n"), c.ctx));
  CHECK(a == b);
}

TEST_CASE("labels with custom fields, created where the spec says so") {
  Context c;
  auto k = doc(R"(labels:
- pairs:
    custom: x
  fields:
  - path: spec/custom/labels
    kind: Widget
    create: true
  - path: spec/other
)");
  auto set = objects(R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  other:
    a: b
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  name: g
)");
  CHECK(emit(applyLabels(set, k, c.ctx)) == R"(apiVersion: example.com/v1
kind: Widget
metadata:
  labels:
    custom: x
  name: w
spec:
  custom:
    labels:
      custom: x
  other:
    a: b
    custom: x
---
apiVersion: example.com/v1
kind: Gadget
metadata:
  labels:
    custom: x
  name: g
)");
}

TEST_CASE("a null label map is replaced only where the spec may create it") {
  Context c;
  auto set = objects(R"(apiVersion: batch/v1
kind: Job
metadata:
  name: j
  labels: ~
spec:
  selector:
    matchLabels: ~
)");
  CHECK(emit(applyLabels(set, doc("commonLabels:\n  app: web\n"), c.ctx)) ==
        R"(apiVersion: batch/v1
kind: Job
metadata:
  labels:
    app: web
  name: j
spec:
  selector:
    matchLabels: null
  template:
    metadata:
      labels:
        app: web
)");
}

TEST_CASE("label values must be strings; null is the empty string") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
  CHECK(error(applyLabels(set, doc("commonLabels:\n  a: 1\n"), c.ctx)) ==
        "app/kustomization.yaml: commonLabels: \"a\": must be a string, not a number");
  CHECK(error(applyLabels(set, doc("commonLabels:\n  a: on\n"), c.ctx)) ==
        "app/kustomization.yaml: commonLabels: \"a\": must be a string, not a boolean");
  CHECK(error(applyLabels(set, doc("labels:\n- pairs:\n    a: [x]\n"), c.ctx)) ==
        "app/kustomization.yaml: labels[0].pairs: \"a\": must be a string, not a list");
  CHECK(emit(applyLabels(set, doc("commonLabels:\n  a: ~\n  b: \"on\"\n  c: 2001-12-14\n"),
                         c.ctx)) == R"(apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    a: ""
    b: "on"
    c: "2001-12-14"
  name: cm
)");
}

TEST_CASE("labels entries are checked like kustomize's Label struct") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
  CHECK(error(applyLabels(set, doc("labels:\n- pair:\n    a: b\n"), c.ctx)) ==
        "app/kustomization.yaml: labels[0]: unknown field \"pair\"");
  CHECK(error(applyLabels(set, doc("labels:\n  a: b\n"), c.ctx)) ==
        "app/kustomization.yaml: labels: must be a list, not a map");
  CHECK(error(applyLabels(set, doc("labels:\n- pairs: {a: b}\n  includeSelectors: \"true\"\n"),
                          c.ctx)) ==
        "app/kustomization.yaml: labels[0].includeSelectors: must be a boolean, not a string");
  CHECK(error(applyLabels(set, doc("labels:\n- pairs: {a: b}\n  fields:\n  - paths: x\n"),
                          c.ctx)) ==
        "app/kustomization.yaml: labels[0].fields[0]: unknown field \"paths\"");
}

TEST_CASE("a custom field that conflicts with metadata/labels is an error, as in kustomize") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
  auto k = doc("labels:\n- pairs: {a: b}\n  fields:\n  - path: metadata/labels\n    kind: Service\n");
  CHECK(error(applyLabels(set, k, c.ctx)) ==
        "app/kustomization.yaml: labels[0]: conflicting field specs for path 'metadata/labels' "
        "(Service and any kind)");
}

TEST_CASE("commonLabels apply after labels entries") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
  auto k = doc("commonLabels:\n  app: common\nlabels:\n- pairs:\n    app: entry\n");
  CHECK(emit(applyLabels(set, k, c.ctx)) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  labels:\n    app: common\n  name: cm\n");
}

TEST_CASE("a label map that is not a map is an error") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels: [a]\n");
  CHECK(error(applyLabels(set, doc("commonLabels:\n  app: web\n"), c.ctx)) ==
        "app/kustomization.yaml: commonLabels: ConfigMap/cm: metadata/labels: expected a map, got "
        "a list");
}
