#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

TEST_CASE("commonAnnotations go into metadata and pod templates, never selectors") {
  Context c;
  auto set = objects(R"(apiVersion: batch/v1
kind: CronJob
metadata:
  name: cj
  annotations:
    keep: "1"
spec:
  jobTemplate:
    spec:
      template:
        spec: {}
---
apiVersion: v1
kind: Service
metadata:
  name: svc
spec:
  selector:
    app: web
)");
  CHECK(emit(applyAnnotations(set, doc("note: \"yes\"\nurl: http://x/?a=1&b=2\n"), c.ctx)) ==
        R"(apiVersion: batch/v1
kind: CronJob
metadata:
  annotations:
    keep: "1"
    note: "yes"
    url: http://x/?a=1&b=2
  name: cj
spec:
  jobTemplate:
    metadata:
      annotations:
        note: "yes"
        url: http://x/?a=1&b=2
    spec:
      template:
        metadata:
          annotations:
            note: "yes"
            url: http://x/?a=1&b=2
        spec: {}
---
apiVersion: v1
kind: Service
metadata:
  annotations:
    note: "yes"
    url: http://x/?a=1&b=2
  name: svc
spec:
  selector:
    app: web
)");
}

TEST_CASE("an existing annotation is overwritten") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  annotations:\n"
                     "    a: old\n");
  CHECK(emit(applyAnnotations(set, doc("a: new\n"), c.ctx)) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  annotations:\n    a: new\n  name: cm\n");
}

TEST_CASE("commonAnnotations must be a map of strings") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
  CHECK(error(applyAnnotations(set, doc("- a\n"), c.ctx)) ==
        "app/kustomization.yaml: commonAnnotations: must be a map of strings, not a list");
  CHECK(error(applyAnnotations(set, doc("a: 1.5\n"), c.ctx)) ==
        "app/kustomization.yaml: commonAnnotations: \"a\": must be a string, not a number");
}
