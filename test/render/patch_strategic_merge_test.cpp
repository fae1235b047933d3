// Expected outputs below are `kubectl kustomize` (Kustomize v5.5.0) output for the same base
// and patch (a `patches:` entry without target).
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "gitsync/core/yaml.h"
#include "gitsync/render/patches.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

core::Node parse(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  return docs->front();
}

std::string merge(std::string_view base, std::string_view patch) {
  core::Node target = parse(base);
  Status s = strategicMerge(target, parse(patch));
  if (!s.ok()) return "error: " + s.message();
  auto out = core::emitKustomizeYaml(target);
  REQUIRE(out.ok());
  return *out;
}

}  // namespace

TEST_CASE("strategicMerge merges containers, env and ports by key, patch items first") {
  CHECK(merge(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  finalizers: [f1, f2]
spec:
  template:
    spec:
      containers:
      - name: x
        image: x:1
      - name: app
        image: app:1
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        - {name: D, value: "4"}
        ports:
        - {containerPort: 8080, protocol: TCP}
        - {containerPort: 9090}
        - {containerPort: 53, protocol: UDP}
      - name: y
        image: y:1
)",
              R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  finalizers: [f3, f1]
spec:
  template:
    spec:
      containers:
      - name: app
        image: app:2
        env:
        - {name: C, value: "3"}
        - {name: B, value: "22"}
        ports:
        - {containerPort: 7070}
        - {containerPort: 9090, name: metrics}
        - {containerPort: 53, protocol: TCP}
      - name: z
        image: z:1
)") == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  finalizers:
  - f3
  - f1
  - f2
  name: web
spec:
  template:
    spec:
      containers:
      - env:
        - name: C
          value: "3"
        - name: B
          value: "22"
        - name: A
          value: "1"
        - name: D
          value: "4"
        image: app:2
        name: app
        ports:
        - containerPort: 7070
        - containerPort: 53
          protocol: TCP
        - containerPort: 8080
          protocol: TCP
        - containerPort: 9090
          name: metrics
        - containerPort: 53
          protocol: UDP
      - image: z:1
        name: z
      - image: x:1
        name: x
      - image: y:1
        name: "y"
)");
}

TEST_CASE("strategicMerge merges Service ports on port and protocol") {
  CHECK(merge(R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - {port: 80}
  - {port: 443, protocol: TCP}
  - {port: 53, protocol: UDP}
  - {port: 8080, name: x}
)",
              R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - {port: 8443}
  - {port: 53, protocol: UDP, name: dns}
)") == R"(apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - port: 8443
  - port: 80
  - port: 443
    protocol: TCP
  - name: dns
    port: 53
    protocol: UDP
  - name: x
    port: 8080
)");
}

TEST_CASE("strategicMerge drops a patch port whose empty protocol matches a base port (kyaml 0.18.1)") {
  CHECK(merge(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        ports:
        - {containerPort: 8080, name: a}
        - {containerPort: 9090, protocol: TCP, name: b}
)",
              R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        ports:
        - {containerPort: 9090, name: m2}
        - {containerPort: 8080, protocol: TCP, name: m1}
)") == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        ports:
        - containerPort: 8080
          name: a
        - containerPort: 9090
          name: b
          protocol: TCP
)");
}

TEST_CASE("strategicMerge null deletes a field, an empty base field disappears, plain lists are replaced") {
  CHECK(merge(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {a: "1", b: "2"}
  annotations: {keep: "yes"}
spec:
  replicas: 1
  paused:
  template:
    spec:
      containers:
      - name: app
        args: [a, b]
        command: [x]
)",
              R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {a: null}
spec:
  replicas: ~
  template:
    spec:
      containers:
      - name: app
        args: null
        command: [y, z]
)") == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  annotations:
    keep: "yes"
  labels:
    b: "2"
  name: web
spec:
  template:
    spec:
      containers:
      - command:
        - "y"
        - z
        name: app
)");
}

TEST_CASE("strategicMerge $patch delete, replace on maps and list items (an item replace is undone)") {
  CHECK(merge(R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {a: "1", b: "2"}
  template:
    spec:
      containers:
      - {name: a, image: a}
      - {name: b, image: b, env: [{name: X, value: "1"}]}
      - {name: c, image: c}
      volumes:
      - {name: v1, emptyDir: {}}
      - {name: v2, emptyDir: {}}
)",
              R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    $patch: replace
    matchLabels: {c: "3"}
  template:
    spec:
      containers:
      - {name: a, $patch: delete}
      - name: b
        $patch: replace
        image: b2
      volumes:
      - $patch: replace
      - {name: v3, emptyDir: {}}
)") == R"(apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      c: "3"
  template:
    spec:
      containers:
      - env:
        - name: X
          value: "1"
        image: b
        name: b
      - image: c
        name: c
      volumes:
      - emptyDir: {}
        name: v3
)");
}

TEST_CASE("strategicMerge replaces lists of custom resources, merges an embedded built-in kind") {
  CHECK(merge(R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  containers:
  - {name: a, image: a}
  - {name: b, image: b}
  template:
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
          - {name: a, image: a}
          - {name: b, image: b}
)",
              R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  containers:
  - {name: b, image: b2}
  template:
    spec:
      template:
        spec:
          containers:
          - {name: b, image: b2}
)") == R"(apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
spec:
  containers:
  - image: b2
    name: b
  template:
    apiVersion: apps/v1
    kind: Deployment
    spec:
      template:
        spec:
          containers:
          - image: b2
            name: b
          - image: a
            name: a
)");
}

TEST_CASE("strategicMerge a plain value written over a quoted one becomes a string") {
  CHECK(merge(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  quoted: "1"
  plain: x
  lit: |
    text
  tagged: !!str 4
)",
              R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cfg
data:
  quoted: 2
  plain: 3
  lit: true
  tagged: 5
  new: 6
)") == R"(apiVersion: v1
data:
  lit: "true"
  new: 6
  plain: 3
  quoted: "2"
  tagged: 5
kind: ConfigMap
metadata:
  name: cfg
)");
}

TEST_CASE("strategicMerge deletes the whole object on a top-level $patch: delete") {
  core::Node target = parse("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n");
  REQUIRE(strategicMerge(target, parse("kind: ConfigMap\nmetadata:\n  name: a\n$patch: delete\n"))
              .ok());
  CHECK(target.isNull());
}

TEST_CASE("strategicMerge keeps the object on a top-level $patch: replace") {
  CHECK(merge("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\ndata:\n  x: \"1\"\n",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: a\n$patch: replace\n"
              "data:\n  y: \"2\"\n") ==
        "apiVersion: v1\ndata:\n  x: \"1\"\nkind: ConfigMap\nmetadata:\n  name: a\n");
}

TEST_CASE("strategicMerge merges finalizers as a set and replaces tolerations") {
  CHECK(merge(R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  finalizers: [a, b, a]
spec:
  tolerations: [{key: x}]
)",
              R"(apiVersion: v1
kind: Pod
metadata:
  name: p
  finalizers: [c, b]
spec:
  tolerations: [{key: y}]
)") == R"(apiVersion: v1
kind: Pod
metadata:
  finalizers:
  - c
  - b
  - a
  name: p
spec:
  tolerations:
  - key: "y"
)");
}

TEST_CASE("strategicMerge reports a patch of the wrong node kind") {
  CHECK(merge("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata: [a, b]\n") ==
        "error: wrong node kind: expected MappingNode but got SequenceNode: node contents:\n"
        "- a\n- b\n");
}

TEST_CASE("strategicMerge rejects an unknown $patch directive") {
  CHECK(merge("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cfg\ndata:\n  a: b\n",
              "kind: ConfigMap\ndata:\n  $patch: foo\n") ==
        "error: unknown patch strategy 'foo'");
}
