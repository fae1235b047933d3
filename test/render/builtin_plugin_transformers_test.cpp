#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

constexpr std::string_view kSet = R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: keep
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm2
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
subjects:
- kind: ServiceAccount
  name: sa
- kind: ServiceAccount
  name: sb
  namespace: other
- kind: User
  name: default
)";

Result<ObjectSet> run(std::string_view config) {
  return applyBuiltinTransformer(objects(kSet), doc(config), "app/kustomization.yaml: transformers");
}

}  // namespace

TEST_CASE("a NamespaceTransformer with unsetOnly and allServiceAccounts subjects") {
  CHECK(emit(run(R"(apiVersion: builtin
kind: NamespaceTransformer
metadata:
  name: ns
  namespace: prod
unsetOnly: true
setRoleBindingSubjects: allServiceAccounts
someUnknown: field
)")) == R"(apiVersion: v1
kind: ConfigMap
metadata:
  name: cm
  namespace: keep
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: cm2
  namespace: prod
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  name: rb
  namespace: prod
subjects:
- kind: ServiceAccount
  name: sa
  namespace: prod
- kind: ServiceAccount
  name: sb
  namespace: other
- kind: User
  name: default
)");
}

TEST_CASE("a NamespaceTransformer with setRoleBindingSubjects none leaves subjects alone") {
  std::string out = emit(run(R"(apiVersion: builtin
kind: NamespaceTransformer
metadata:
  name: ns
  namespace: prod
setRoleBindingSubjects: none
)"));
  CHECK(out.substr(out.rfind("subjects:")) == R"(subjects:
- kind: ServiceAccount
  name: sa
- kind: ServiceAccount
  name: sb
  namespace: other
- kind: User
  name: default
)");
}

TEST_CASE("a LabelTransformer uses its own field specs, ignoring unknown fields") {
  CHECK(emit(run(R"(apiVersion: builtin
kind: LabelTransformer
metadata:
  name: l
labels:
  team: a
fieldSpecs:
- path: metadata/labels
  create: true
  bogus: x
- path: data
  kind: ConfigMap
)")) == R"(apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    team: a
  name: cm
  namespace: keep
---
apiVersion: v1
kind: ConfigMap
metadata:
  labels:
    team: a
  name: cm2
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata:
  labels:
    team: a
  name: rb
subjects:
- kind: ServiceAccount
  name: sa
- kind: ServiceAccount
  name: sb
  namespace: other
- kind: User
  name: default
)");
}

TEST_CASE("Prefix, Suffix, Annotations, ImageTag and ReplicaCount transformers") {
  auto prefixed = run(
      "apiVersion: builtin\nkind: PrefixTransformer\nmetadata:\n  name: p\nprefix: x-\n"
      "fieldSpecs:\n- path: metadata/name\n  kind: ConfigMap\n");
  REQUIRE(prefixed.ok());
  CHECK(prefixed->at(1).name() == "x-cm2");
  CHECK(prefixed->at(2).name() == "rb");
  auto suffixed = run(
      "apiVersion: builtin\nkind: SuffixTransformer\nmetadata:\n  name: s\nsuffix: -y\n"
      "fieldSpecs:\n- path: metadata/name\n");
  REQUIRE(suffixed.ok());
  CHECK(suffixed->at(2).name() == "rb-y");
  auto annotated = run(
      "apiVersion: builtin\nkind: AnnotationsTransformer\nmetadata:\n  name: a\n"
      "annotations:\n  n: v\nfieldSpecs:\n- path: metadata/annotations\n  create: true\n");
  REQUIRE(annotated.ok());
  CHECK(annotated->at(0).object.str({"metadata", "annotations", "n"}) == "v");

  auto pod = objects("apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  image: nginx\n");
  auto tagged = applyBuiltinTransformer(
      pod,
      doc("apiVersion: builtin\nkind: ImageTagTransformer\nmetadata:\n  name: i\nimageTag:\n"
          "  name: nginx\n  newTag: v2\n  extra: ignored\nfieldSpecs:\n- path: spec/image\n"),
      "t");
  REQUIRE(tagged.ok());
  CHECK(tagged->at(0).object.str({"spec", "image"}) == "nginx:v2");
  auto scaled = applyBuiltinTransformer(
      objects("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n"),
      doc("apiVersion: builtin\nkind: ReplicaCountTransformer\nmetadata:\n  name: r\nreplica:\n"
          "  name: web\n  count: 4\nfieldSpecs:\n- path: spec/replicas\n  create: true\n"),
      "t");
  CHECK(emit(scaled) == "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n"
                        "  replicas: 4\n");
}

TEST_CASE("built-in transformer config errors") {
  CHECK(error(run("apiVersion: builtin\nkind: PrefixTransformer\nmetadata:\n  name: p\n"
                  "prefix: x-\n")) ==
        "app/kustomization.yaml: transformers: fieldSpecs is not expected to be nil");
  CHECK(error(run("apiVersion: builtin\nkind: NamespaceTransformer\nmetadata:\n  name: ns\n"
                  "  namespace: prod\nsetRoleBindingSubjects: bogus\n")) ==
        "app/kustomization.yaml: transformers: setRoleBindingSubjects: invalid value 'bogus': "
        "must be one of 'defaultOnly', 'none' or 'allServiceAccounts'");
  CHECK(error(run("apiVersion: builtin\nkind: LabelTransformer\nmetadata:\n  name: l\n"
                  "labels:\n  a: 1\n")) ==
        "app/kustomization.yaml: transformers: labels: \"a\": must be a string, not a number");
  CHECK(error(run("apiVersion: builtin\nkind: PatchTransformer\nmetadata:\n  name: p\n")) ==
        "app/kustomization.yaml: transformers: 'PatchTransformer' is not a field-spec transformer");
  CHECK(isFieldSpecTransformerKind("ImageTagTransformer"));
  CHECK_FALSE(isFieldSpecTransformerKind("HashTransformer"));
}
