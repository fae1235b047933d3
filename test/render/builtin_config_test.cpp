#include <catch2/catch.hpp>

#include "transformer_test_util.h"

using namespace gitsync;
using namespace gitsync::render;
using namespace gitsync::render::testing;

namespace {

Result<TransformerConfig> parse(std::string_view yaml) {
  return parseTransformerConfig(doc(yaml), "app/config.yaml");
}

std::string parseError(std::string_view yaml) {
  auto c = parse(yaml);
  REQUIRE_FALSE(c.ok());
  return c.status().message();
}

}  // namespace

TEST_CASE("the built-in config holds kustomize v5.5's default field specs") {
  const TransformerConfig& c = builtinTransformerConfig();
  CHECK(c.namePrefix == std::vector<FieldSpec>{{Gvk{}, "metadata/name", false}});
  CHECK(c.nameSuffix == std::vector<FieldSpec>{{Gvk{}, "metadata/name", false}});
  CHECK(c.commonLabels.size() == 32);
  CHECK(c.templateLabels.size() == 10);
  CHECK(c.commonAnnotations.size() == 9);
  CHECK(c.images.size() == 4);
  CHECK(c.replicas.size() == 4);
  CHECK(c.nameReference.size() == 16);
  CHECK(c.varReference.size() == 72);
  CHECK(c.nameSpace == std::vector<FieldSpec>{
                           {Gvk{"", "", "Namespace"}, "metadata/name", true},
                           {Gvk{"apiregistration.k8s.io", "", "APIService"}, "spec/service/namespace",
                            true},
                           {Gvk{"apiextensions.k8s.io", "", "CustomResourceDefinition"},
                            "spec/conversion/webhook/clientConfig/service/namespace", false}});
  CHECK(c.commonLabels.front() == FieldSpec{Gvk{"", "v1", "Service"}, "spec/selector", true});
  CHECK(c.commonLabels[22] == FieldSpec{Gvk{}, "metadata/labels", true});
  CHECK(c.templateLabels[6] ==
        FieldSpec{Gvk{"apps", "", "StatefulSet"}, "spec/volumeClaimTemplates[]/metadata/labels", true});
  CHECK(c.images.front() == FieldSpec{Gvk{}, "spec/containers[]/image", true});
  CHECK(c.replicas.back() == FieldSpec{Gvk{"", "", "StatefulSet"}, "spec/replicas", true});
}

TEST_CASE("a configurations file is parsed into field specs") {
  auto c = parse(R"(images:
- path: spec/runner/image
  kind: Widget
commonLabels:
- path: spec/selector/labels
  group: example.com
  version: v1
  kind: Widget
  create: yes
nameReference:
- kind: ConfigMap
  version: v1
  fieldSpecs:
  - path: spec/configName
    kind: Widget
- kind: Secret
  fieldSpecs: ~
varReference: []
)");
  REQUIRE(c.ok());
  CHECK(c->images == std::vector<FieldSpec>{{Gvk{"", "", "Widget"}, "spec/runner/image", false}});
  CHECK(c->commonLabels ==
        std::vector<FieldSpec>{{Gvk{"example.com", "v1", "Widget"}, "spec/selector/labels", true}});
  REQUIRE(c->nameReference.size() == 2);
  // Sorted as kustomize sorts them: ConfigMap before Secret.
  CHECK(c->nameReference[0].gvk == Gvk{"", "v1", "ConfigMap"});
  CHECK(c->nameReference[0].referrers ==
        std::vector<FieldSpec>{{Gvk{"", "", "Widget"}, "spec/configName", false}});
  CHECK(c->nameReference[1].gvk == Gvk{"", "", "Secret"});
  CHECK(c->nameReference[1].referrers.empty());
  CHECK(c->varReference.empty());
}

TEST_CASE("name references are sorted by kustomize's kind order") {
  auto c = parse(R"(nameReference:
- kind: Widget
- kind: Deployment
- kind: Service
- kind: ValidatingWebhookConfiguration
- kind: Aardvark
- kind: Namespace
)");
  REQUIRE(c.ok());
  std::vector<std::string> kinds;
  for (const NameBackReference& r : c->nameReference) kinds.push_back(r.gvk.kind);
  CHECK(kinds == std::vector<std::string>{"Namespace", "Service", "Deployment", "Aardvark",
                                          "Widget", "ValidatingWebhookConfiguration"});
}

TEST_CASE("configurations files are strict") {
  CHECK(parseError("commonLabel:\n- path: a\n") == "app/config.yaml: unknown field \"commonLabel\"");
  CHECK(parseError("images:\n- path: a\n  kinds: B\n") ==
        "app/config.yaml: images[0]: unknown field \"kinds\"");
  CHECK(parseError("images:\n  path: a\n") == "app/config.yaml: images: must be a list, not a map");
  CHECK(parseError("replicas:\n- path: a\n  create: \"true\"\n") ==
        "app/config.yaml: replicas[0].create: must be a boolean, not a string");
  CHECK(parseError("nameReference:\n- kind: A\n  fieldSpecs:\n  - path: 1\n") ==
        "app/config.yaml: nameReference[0].fieldSpecs[0].path: must be a string, not a number");
  CHECK(parseError("nameReference:\n- kind: A\n  referrers: []\n") ==
        "app/config.yaml: nameReference[0]: unknown field \"referrers\"");
  CHECK(parseError("- a\n") == "app/config.yaml: a transformer configuration must be a map, not a list");
}

TEST_CASE("labels field specs in a configurations file are not supported yet") {
  auto c = parse("labels:\n- path: spec/x\n");
  REQUIRE_FALSE(c.ok());
  CHECK(c.status().code() == Code::Unimplemented);
  CHECK(c.status().message() ==
        "app/config.yaml: labels: field specs for 'labels' are not supported by gitsync");
  CHECK(parse("labels: []\n").ok());
}
