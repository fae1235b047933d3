#include <catch2/catch.hpp>

#include "gitsync/render/fieldspec.h"
#include "gitsync/render/references.h"
#include "refs_test_support.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

// What namePrefix does to an object's bookkeeping.
void prefix(Resource& r, const std::string& p) {
  r.prefixes.push_back(p);
  r.setName(p + std::string(r.name()));
}

Resource* find(ObjectSet& set, std::string_view kind, std::string_view name) {
  for (Resource& r : set) {
    if (r.kind() == kind && r.name() == name) return &r;
  }
  FAIL("no " << kind << " " << name);
  return nullptr;
}

}  // namespace

TEST_CASE("references follow a name prefix and a generator hash") {
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {a: b}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      serviceAccountName: sa
      containers:
      - name: c
        envFrom:
        - configMapRef: {name: cfg}
        env:
        - name: X
          valueFrom:
            configMapKeyRef: {name: cfg, key: a}
      volumes:
      - name: v
        configMap: {name: cfg}
      - name: other
        configMap: {name: unknown}
---
apiVersion: v1
kind: ServiceAccount
metadata: {name: sa}
)");
  for (Resource& r : set) prefix(r, "p-");
  find(set, "ConfigMap", "p-cfg")->setName("p-cfg-abc");
  CHECK(printed(fixNameReferences(std::move(set), builtinTransformerConfig())) ==
        R"(apiVersion: v1
data:
  a: b
kind: ConfigMap
metadata:
  name: p-cfg-abc
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: p-web
spec:
  template:
    spec:
      containers:
      - env:
        - name: X
          valueFrom:
            configMapKeyRef:
              key: a
              name: p-cfg-abc
        envFrom:
        - configMapRef:
            name: p-cfg-abc
        name: c
      serviceAccountName: p-sa
      volumes:
      - configMap:
          name: p-cfg-abc
        name: v
      - configMap:
          name: unknown
        name: other
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: p-sa
)");
}

TEST_CASE("a namespaced referrer picks the referral in its own namespace") {
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: b}
---
apiVersion: v1
kind: Pod
metadata: {name: pod, namespace: b}
spec:
  volumes:
  - configMap: {name: cm}
)");
  set[0].setName("cm-1");
  set[1].setName("cm-2");
  CHECK(printed(fixNameReferences(std::move(set), builtinTransformerConfig())) ==
        R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-1
  namespace: a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm-2
  namespace: b
---
apiVersion: v1
kind: Pod
metadata:
  name: pod
  namespace: b
spec:
  volumes:
  - configMap:
      name: cm-2
)");
}

TEST_CASE("a cluster-scoped referrer with two possible referrals is an error") {
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: a}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm, namespace: b}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: reader}
rules:
- resourceNames: [cm]
)");
  set[0].needsHashSuffix = true;
  set[0].setName("cm-1");
  set[1].setName("cm-2");
  auto result = fixNameReferences(std::move(set), builtinTransformerConfig());
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() ==
        "updating name reference in 'rules/resourceNames' field of "
        "'ClusterRole.v1.rbac.authorization.k8s.io/reader.[noNs]': considering field "
        "'rules/resourceNames' of object ClusterRole.v1.rbac.authorization.k8s.io/reader.[noNs]: "
        "visit traversal on path: [resourceNames]: found multiple possible referrals: "
        "ConfigMap.v1.[noGrp]/cm-1.a, ConfigMap.v1.[noGrp]/cm-2.b\n"
        "\n"
        "**** Too many possible referral targets to referrer:\n"
        "apiVersion: rbac.authorization.k8s.io/v1\n"
        "kind: ClusterRole\n"
        "metadata:\n"
        "  name: reader\n"
        "rules:\n"
        "- resourceNames:\n"
        "  - cm\n"
        "\n"
        "--- possible referral 0:\n"
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  annotations:\n"
        "    internal.config.kubernetes.io/generatorBehavior: unspecified\n"
        "    internal.config.kubernetes.io/needsHashSuffix: enabled\n"
        "    internal.config.kubernetes.io/previousKinds: ConfigMap\n"
        "    internal.config.kubernetes.io/previousNames: cm\n"
        "    internal.config.kubernetes.io/previousNamespaces: a\n"
        "  name: cm-1\n"
        "  namespace: a\n"
        "\n"
        "--- possible referral 1:\n"
        "apiVersion: v1\n"
        "kind: ConfigMap\n"
        "metadata:\n"
        "  annotations:\n"
        "    internal.config.kubernetes.io/previousKinds: ConfigMap\n"
        "    internal.config.kubernetes.io/previousNames: cm\n"
        "    internal.config.kubernetes.io/previousNamespaces: b\n"
        "  name: cm-2\n"
        "  namespace: b\n"
        "\n");
}

TEST_CASE("prefixes and suffixes of the referrer pick among same-named referrals") {
  // Two bases, prefixed a- and b-, each with a ConfigMap "cm"; the Deployment came from b.
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: cm}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      volumes:
      - configMap: {name: cm}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: top}
spec:
  template:
    spec:
      volumes:
      - configMap: {name: cm}
)");
  prefix(set[0], "a-");
  prefix(set[1], "b-");
  prefix(set[2], "b-");
  CHECK(printed(fixNameReferences(std::move(set), builtinTransformerConfig())) ==
        R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: a-cm
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: b-cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: b-web
spec:
  template:
    spec:
      volumes:
      - configMap:
          name: b-cm
---
apiVersion: apps/v1
kind: Deployment
metadata:
  name: top
spec:
  template:
    spec:
      volumes:
      - configMap:
          name: cm
)");
}

TEST_CASE("RoleBinding subjects get the ServiceAccount's name and namespace") {
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: ServiceAccount
metadata: {name: sa}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: r}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: r}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: rb}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: r}
subjects:
- {kind: ServiceAccount, name: sa}
- {kind: ServiceAccount, name: sa, namespace: other}
- {kind: User, name: alice}
)");
  for (Resource& r : set) {
    if (r.kind() != "ClusterRole") r.setNamespace("prod");
    prefix(r, "x-");
  }
  set[2].setName("cluster-r");  // the ClusterRole, renamed again (a patch)
  CHECK(printed(fixNameReferences(std::move(set), builtinTransformerConfig())) ==
        R"(apiVersion: v1
kind: ServiceAccount
metadata:
  name: x-sa
  namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata:
  name: x-r
  namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cluster-r
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: x-rb
  namespace: prod
roleRef:
  apiGroup: rbac.authorization.k8s.io
  kind: ClusterRole
  name: cluster-r
subjects:
- kind: ServiceAccount
  name: x-sa
  namespace: prod
- kind: ServiceAccount
  name: sa
  namespace: other
- kind: User
  name: alice
)");
}

TEST_CASE("a map reference without a name field is a configuration error") {
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: ServiceAccount
metadata: {name: sa}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: crb}
subjects:
- {kind: ServiceAccount}
)");
  prefix(set[0], "p-");
  auto result = fixNameReferences(std::move(set), builtinTransformerConfig());
  REQUIRE_FALSE(result.ok());
  CHECK(result.status().message() ==
        "updating name reference in 'subjects' field of "
        "'ClusterRoleBinding.v1.rbac.authorization.k8s.io/crb.[noNs]': considering field "
        "'subjects' of object ClusterRoleBinding.v1.rbac.authorization.k8s.io/crb.[noNs]: "
        "path config error; no 'name' field in node");
}

TEST_CASE("objects never renamed are not referrals; custom back-references apply") {
  TransformerConfig config;
  config.nameReference.push_back(
      {Gvk{"", "v1", "Secret"}, {FieldSpec{Gvk{"example.com", "", "Db"}, "spec/secrets[]/ref"}}});
  ObjectSet set = objectsOf(R"(apiVersion: v1
kind: Secret
metadata: {name: s}
---
apiVersion: v1
kind: Secret
metadata: {name: plain}
---
apiVersion: example.com/v1
kind: Db
metadata: {name: db}
spec:
  secrets:
  - ref: s
  - ref: plain
  - ref: ~
)");
  set[0].setName("s-h");
  CHECK(printed(fixNameReferences(std::move(set), config)) == R"(apiVersion: v1
kind: Secret
metadata:
  name: s-h
---
apiVersion: v1
kind: Secret
metadata:
  name: plain
---
apiVersion: example.com/v1
kind: Db
metadata:
  name: db
spec:
  secrets:
  - ref: s-h
  - ref: plain
  - ref: null
)");
}
