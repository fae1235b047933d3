// Lists with label selectors and pagination against the real API server.
#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {
std::vector<std::string> names(const ObjectList& list) {
  std::vector<std::string> out;
  for (const auto& item : list.items) out.push_back(item["metadata"]["name"].get<std::string>());
  return out;
}
}  // namespace

TEST_CASE("list with a label selector, page by page (limit 2 over 5 objects)", "[list]") {
  TestNamespace ns("kube-it-list");
  auto& client = ns.client();
  for (int i = 1; i <= 5; ++i) {
    Json cm = ns.configMap("item-" + std::to_string(i));
    cm["metadata"]["labels"] = {{"gitsync.dev/test", "list"}};
    REQUIRE(client.apply(cm, {}).ok());
  }
  REQUIRE(client.apply(ns.configMap("unlabelled"), {}).ok());
  client.resetMetrics();

  ListOptions options;
  options.ns = ns.name();
  options.labelSelector = "gitsync.dev/test=list";
  options.limit = 2;
  options.singlePage = true;
  auto page1 = client.list(kConfigMap, options);
  INFO(page1.status().message());
  REQUIRE(page1.ok());
  CHECK(names(*page1) == std::vector<std::string>{"item-1", "item-2"});
  CHECK_FALSE(page1->continueToken.empty());
  CHECK_FALSE(page1->resourceVersion.empty());
  CHECK(page1->items[0]["kind"] == "ConfigMap");
  CHECK(page1->items[0]["apiVersion"] == "v1");

  options.continueToken = page1->continueToken;
  auto page2 = client.list(kConfigMap, options);
  REQUIRE(page2.ok());
  CHECK(names(*page2) == std::vector<std::string>{"item-3", "item-4"});
  CHECK(page2->resourceVersion == page1->resourceVersion);  // one consistent snapshot

  options.continueToken = page2->continueToken;
  auto page3 = client.list(kConfigMap, options);
  REQUIRE(page3.ok());
  CHECK(names(*page3) == std::vector<std::string>{"item-5"});
  CHECK(page3->continueToken.empty());
  CHECK(client.metrics().count("LIST", 200) == 3);

  client.resetMetrics();
  ListOptions all;
  all.ns = ns.name();
  all.labelSelector = "gitsync.dev/test=list";
  all.limit = 2;
  auto whole = client.list(kConfigMap, all);
  REQUIRE(whole.ok());
  CHECK(names(*whole) ==
        std::vector<std::string>{"item-1", "item-2", "item-3", "item-4", "item-5"});
  CHECK(whole->continueToken.empty());
  CHECK(client.metrics().count("LIST", 200) == 3);

  ListOptions byField;
  byField.ns = ns.name();
  byField.fieldSelector = "metadata.name=unlabelled";
  auto one = client.list(kConfigMap, byField);
  REQUIRE(one.ok());
  CHECK(names(*one) == std::vector<std::string>{"unlabelled"});
}
