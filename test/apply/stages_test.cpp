#include "gitsync/apply/stages.h"

#include <algorithm>

#include <catch2/catch.hpp>

using namespace gitsync::apply;
using gitsync::kube::ObjectRef;

TEST_CASE("stages: definitions, classes, resources, webhooks") {
  CHECK(stageOf("CustomResourceDefinition") == Stage::Definitions);
  CHECK(stageOf("Namespace") == Stage::Definitions);
  CHECK(stageOf("ClusterRole") == Stage::Definitions);
  CHECK(stageOf("StorageClass") == Stage::Classes);
  CHECK(stageOf("IngressClass") == Stage::Classes);
  CHECK(stageOf("Deployment") == Stage::Resources);
  CHECK(stageOf("Widget") == Stage::Resources);
  CHECK(stageOf("ValidatingWebhookConfiguration") == Stage::Webhooks);
  CHECK(stageOf("MutatingWebhookConfiguration") == Stage::Webhooks);
}

TEST_CASE("stages: a stable order inside a stage") {
  std::vector<ObjectRef> refs = {
      {{"", "v1", "Widget"}, "a", "w"},
      {{"admissionregistration.k8s.io", "v1", "ValidatingWebhookConfiguration"}, "", "hook"},
      {{"apps", "v1", "Deployment"}, "a", "web"},
      {{"", "v1", "ConfigMap"}, "b", "z"},
      {{"", "v1", "ConfigMap"}, "a", "z"},
      {{"storage.k8s.io", "v1", "StorageClass"}, "", "fast"},
      {{"", "v1", "Namespace"}, "", "a"},
      {{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"}, "", "widgets.x"},
  };
  std::sort(refs.begin(), refs.end(), appliedBefore);
  std::vector<std::string> subjects;
  for (const auto& r : refs) subjects.push_back(r.subject());
  CHECK(subjects == std::vector<std::string>{"Namespace/a",
                                             "CustomResourceDefinition/widgets.x",
                                             "StorageClass/fast", "ConfigMap/a/z", "ConfigMap/b/z",
                                             "Deployment/a/web", "Widget/a/w",
                                             "ValidatingWebhookConfiguration/hook"});
}
