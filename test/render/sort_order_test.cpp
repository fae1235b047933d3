#include <catch2/catch.hpp>

#include "../../src/render/sort_order.h"
#include "gitsync/core/yaml.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {
ObjectSet objects(const std::string& yaml) {
  ObjectSet set;
  auto docs = core::parseYamlStream(yaml, "t");
  for (auto& d : *docs) set.push_back(Resource{d, "t"});
  return set;
}
std::string names(const ObjectSet& set) {
  std::string out;
  for (const Resource& r : set) out += std::string(r.kind()) + "/" + std::string(r.name()) + " ";
  return out;
}
const char* kMixed =
    "apiVersion: v1\nkind: Service\nmetadata: {name: b}\n---\n"
    "apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\n---\n"
    "apiVersion: v1\nkind: Service\nmetadata: {name: a}\n---\n"
    "apiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata: {name: m}\n---\n"
    "apiVersion: v1\nkind: Namespace\nmetadata: {name: n}\n";
}  // namespace

TEST_CASE("legacy order: orderFirst kinds, then others by gvk, webhooks last") {
  auto sorted = sortObjects(objects(kMixed), nullptr, "k.yaml");
  REQUIRE(names(*sorted) == "Namespace/n Service/a Service/b Widget/w MutatingWebhookConfiguration/m ");
}

TEST_CASE("fifo keeps the build order; bad options are errors") {
  auto opts = core::parseYamlStream("order: fifo\n", "t");
  auto sorted = sortObjects(objects(kMixed), &(*opts)[0], "k.yaml");
  REQUIRE(names(*sorted) == "Service/b Widget/w Service/a MutatingWebhookConfiguration/m Namespace/n ");
  auto bad = core::parseYamlStream("order: random\n", "t");
  REQUIRE(sortObjects(objects(kMixed), &(*bad)[0], "k.yaml").status().message() ==
          "k.yaml: the field 'sortOptions.order' must be one of [fifo, legacy]");
}

TEST_CASE("legacy order with custom orderFirst") {
  auto opts = core::parseYamlStream(
      "order: legacy\nlegacySortOptions:\n  orderFirst: [Widget]\n  orderLast: [Namespace]\n", "t");
  auto sorted = sortObjects(objects(kMixed), &(*opts)[0], "k.yaml");
  REQUIRE(names(*sorted) == "Widget/w MutatingWebhookConfiguration/m Service/a Service/b Namespace/n ");
}
