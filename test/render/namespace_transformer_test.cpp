#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

TEST_CASE("namespace: sets metadata.namespace on namespaced objects only") {
  Context c;
  auto set = objects(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: old
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cr
  namespace: kept
---
apiVersion: rbac.authorization.k8s.io/v1alpha1
kind: ClusterRole
metadata:
  name: not-in-kustomize-table
)");
  CHECK(emit(applyNamespace(set, "prod", c.ctx)) == R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: prod
---
apiVersion: example.com/v1
kind: Widget
metadata:
  name: w
  namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: cr
  namespace: kept
---
apiVersion: rbac.authorization.k8s.io/v1alpha1
kind: ClusterRole
metadata:
  name: not-in-kustomize-table
  namespace: prod
)");
}

TEST_CASE("namespace: renames a v1 Namespace object, and only a v1 one") {
  Context c;
  auto set = objects(R"(apiVersion: v1
kind: Namespace
metadata:
  name: old
---
apiVersion: v2
kind: Namespace
metadata:
  name: other
)");
  CHECK(emit(applyNamespace(set, "prod", c.ctx)) == R"(apiVersion: v1
kind: Namespace
metadata:
  name: prod
---
apiVersion: v2
kind: Namespace
metadata:
  name: other
  namespace: prod
)");
}

TEST_CASE("namespace: binding subjects named default get the namespace, whatever their kind") {
  Context c;
  auto set = objects(R"(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
subjects:
- kind: ServiceAccount
  name: default
- kind: ServiceAccount
  name: default
  namespace: other
- kind: ServiceAccount
  name: sa
  namespace: default
- kind: Group
  name: default
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb
subjects:
- kind: User
  name: bob
- kind: ServiceAccount
  name: default
  namespace: x
)");
  CHECK(emit(applyNamespace(set, "prod", c.ctx)) == R"(apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
  namespace: prod
subjects:
- kind: ServiceAccount
  name: default
  namespace: prod
- kind: ServiceAccount
  name: default
  namespace: prod
- kind: ServiceAccount
  name: sa
  namespace: default
- kind: Group
  name: default
  namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata:
  name: crb
subjects:
- kind: User
  name: bob
- kind: ServiceAccount
  name: default
  namespace: prod
)");
}

TEST_CASE("namespace: APIService service and CRD conversion webhook follow the field specs") {
  Context c;
  auto set = objects(R"(apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1.foo
spec:
  service:
    name: s
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crd
spec:
  conversion:
    webhook:
      clientConfig:
        service:
          name: svc
          namespace: old
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: no-webhook
spec: {}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: mwc
webhooks:
- name: a
  clientConfig:
    service:
      name: svc
      namespace: old
)");
  CHECK(emit(applyNamespace(set, "prod", c.ctx)) == R"(apiVersion: apiregistration.k8s.io/v1
kind: APIService
metadata:
  name: v1.foo
spec:
  service:
    name: s
    namespace: prod
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: crd
spec:
  conversion:
    webhook:
      clientConfig:
        service:
          name: svc
          namespace: prod
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: no-webhook
spec: {}
---
apiVersion: admissionregistration.k8s.io/v1
kind: MutatingWebhookConfiguration
metadata:
  name: mwc
webhooks:
- clientConfig:
    service:
      name: svc
      namespace: old
  name: a
)");
}

TEST_CASE("namespace: every object records its previous id, renamed or not") {
  Context c;
  auto set = objects(R"(apiVersion: v1
kind: Namespace
metadata:
  name: old
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
)");
  auto out = applyNamespace(set, "prod", c.ctx);
  REQUIRE(out.ok());
  REQUIRE(out->at(0).previousIds.size() == 1);
  CHECK(out->at(0).previousIds[0].display() == "Namespace/old");
  CHECK(out->at(0).id().display() == "Namespace/prod");
  REQUIRE(out->at(1).previousIds.size() == 1);
  CHECK(out->at(1).previousIds[0].display() == "ConfigMap/cm");
  CHECK(out->at(1).id().display() == "ConfigMap/prod/cm");
}

TEST_CASE("namespace: an empty namespace changes nothing") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
  auto out = applyNamespace(set, "", c.ctx);
  REQUIRE(out.ok());
  CHECK(out->at(0).previousIds.empty());
  CHECK(emit(out) == "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n");
}

TEST_CASE("namespace: the value is always a string") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: 1\n");
  CHECK(emit(applyNamespace(set, "007", c.ctx)) ==
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: \"007\"\n");
}

TEST_CASE("namespace: two objects ending with the same id are a conflict") {
  Context c;
  auto set = objects(R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: a
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
)");
  CHECK(error(applyNamespace(set, "prod", c.ctx)) ==
        "app/kustomization.yaml: namespace: namespace transformation produces ID conflict: "
        "ConfigMap/prod/cm");
}

TEST_CASE("namespace: a namespace field that is not a scalar is an error") {
  Context c;
  auto set = objects("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  namespace: [a]\n");
  CHECK(error(applyNamespace(set, "prod", c.ctx)) ==
        "app/kustomization.yaml: namespace: ConfigMap/cm: metadata/namespace: namespace field "
        "specs must target scalar values, got a list");
}

TEST_CASE("isClusterScoped matches kyaml's table on apiVersion and kind") {
  CHECK(isClusterScoped({"", "v1", "Namespace"}));
  CHECK(isClusterScoped({"rbac.authorization.k8s.io", "v1", "ClusterRole"}));
  CHECK(isClusterScoped({"storage.k8s.io", "v1", "StorageClass"}));
  CHECK(isClusterScoped({"apiextensions.k8s.io", "v1beta1", "CustomResourceDefinition"}));
  CHECK_FALSE(isClusterScoped({"rbac.authorization.k8s.io", "v1alpha1", "ClusterRole"}));
  CHECK_FALSE(isClusterScoped({"", "v2", "Namespace"}));
  CHECK_FALSE(isClusterScoped({"flowcontrol.apiserver.k8s.io", "v1", "FlowSchema"}));
  CHECK_FALSE(isClusterScoped({"authentication.k8s.io", "v1", "TokenReview"}));
  CHECK_FALSE(isClusterScoped({"cluster.x-k8s.io", "v1beta1", "Cluster"}));
}
