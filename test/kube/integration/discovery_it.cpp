// Discovery against the real API server: aggregated and legacy, REST mappings, refreshes.
#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

TEST_CASE("discovery maps Deployment and ClusterRole with two aggregated requests",
          "[discovery]") {
  auto client = connectOrFail();
  auto deployment = client->mapper().mapping({"apps", "v1", "Deployment"});
  INFO(deployment.status().message());
  REQUIRE(deployment.ok());
  CHECK(deployment->resource == "deployments");
  CHECK(deployment->namespaced);
  auto clusterRole = client->mapper().mapping({"rbac.authorization.k8s.io", "v1", "ClusterRole"});
  REQUIRE(clusterRole.ok());
  CHECK(clusterRole->resource == "clusterroles");
  CHECK_FALSE(clusterRole->namespaced);
  auto configMap = client->mapper().mapping(kConfigMap);
  REQUIRE(configMap.ok());
  CHECK(configMap->resource == "configmaps");
  CHECK(configMap->namespaced);
  // /api and /apis, once: the later lookups were served from the cache.
  CHECK(client->metrics().count("GET", 200) == 2);
  CHECK(client->metrics().total() == 2);
}

TEST_CASE("an unknown kind refreshes discovery at most once per interval", "[discovery]") {
  auto client = connectOrFail();
  GroupVersionKind unknown{"example.gitsync.dev", "v1", "Nothing"};
  auto first = client->mapper().mapping(unknown);
  REQUIRE(first.status().code() == Code::NotFound);
  CHECK(first.status().message() ==
        "no matches for kind \"Nothing\" in version \"example.gitsync.dev/v1\"");
  for (int i = 0; i < 20; ++i) {
    CHECK(client->mapper().mapping(unknown).status().code() == Code::NotFound);
  }
  // The first lookup loaded discovery; the others fell within minRefreshInterval.
  CHECK(client->metrics().count("GET") == 2);
  client->mapper().invalidate();
  CHECK(client->mapper().mapping(unknown).status().code() == Code::NotFound);
  CHECK(client->metrics().count("GET") == 4);
}

TEST_CASE("legacy discovery walks every group version and agrees with aggregated",
          "[discovery]") {
  ClientOptions options;
  options.discovery.aggregated = false;
  auto legacy = connectOrFail(options);
  auto aggregated = connectOrFail();
  for (const GroupVersionKind& gvk :
       {GroupVersionKind{"apps", "v1", "Deployment"},
        GroupVersionKind{"rbac.authorization.k8s.io", "v1", "ClusterRole"},
        GroupVersionKind{"", "v1", "Namespace"}, GroupVersionKind{"batch", "v1", "Job"},
        GroupVersionKind{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"}}) {
    auto a = legacy->mapper().mapping(gvk);
    auto b = aggregated->mapper().mapping(gvk);
    INFO(gvk.apiVersion() << " " << gvk.kind << " " << a.status().message());
    REQUIRE(a.ok());
    REQUIRE(b.ok());
    CHECK(a->resource == b->resource);
    CHECK(a->namespaced == b->namespaced);
  }
  // /api, /apis, then one request per group version.
  CHECK(legacy->metrics().count("GET") > 10);
  CHECK(aggregated->metrics().count("GET") == 2);
}
