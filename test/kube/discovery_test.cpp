// Discovery caching and refresh rules, with documents shaped like kube-apiserver v1.36's.
#include <catch2/catch.hpp>

#include <map>

#include "fake_clock.h"
#include "kube/discovery.h"

using namespace gitsync;
using namespace gitsync::kube;
using gitsync::kube::testing::FakeClock;

namespace {

const char kAggregatedType[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

const char kCoreAggregated[] = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
 "metadata":{},"items":[{"metadata":{},"versions":[{"version":"v1","resources":[
  {"resource":"configmaps","responseKind":{"group":"","version":"","kind":"ConfigMap"},
   "scope":"Namespaced","singularResource":"configmap","verbs":["create","get","list"]},
  {"resource":"namespaces","responseKind":{"group":"","version":"","kind":"Namespace"},
   "scope":"Cluster","singularResource":"namespace","verbs":["get"],
   "subresources":[{"subresource":"status","responseKind":{"group":"","version":"","kind":"Namespace"},"verbs":["get"]}]}
 ],"freshness":"Current"}]}]})";

const char kGroupsAggregated[] = R"({"kind":"APIGroupDiscoveryList","apiVersion":"apidiscovery.k8s.io/v2",
 "metadata":{},"items":[
  {"metadata":{"name":"apps"},"versions":[{"version":"v1","resources":[
   {"resource":"deployments","responseKind":{"group":"","version":"","kind":"Deployment"},
    "scope":"Namespaced","verbs":["get","list","watch"]}]}]},
  {"metadata":{"name":"rbac.authorization.k8s.io"},"versions":[{"version":"v1","resources":[
   {"resource":"clusterroles","responseKind":{"group":"","version":"","kind":"ClusterRole"},
    "scope":"Cluster","verbs":["get"]}]}]}]})";

class FakeFetcher final : public DocumentFetcher {
 public:
  struct Doc {
    long code;
    std::string contentType;
    std::string body;
  };
  std::map<std::string, Doc> docs;
  std::vector<std::string> fetched;
  Status failure;

  Result<HttpResponse> fetch(const std::string& path, const std::string& accept) override {
    fetched.push_back(path);
    if (!failure.ok()) return failure;
    HttpResponse r;
    auto it = docs.find(path);
    if (it == docs.end()) {
      r.code = 404;
      r.body = "404 page not found";
      return r;
    }
    r.code = it->second.code;
    // Only a client that asked for it gets the aggregated form.
    bool wantsAggregated = accept.find("as=APIGroupDiscoveryList") != std::string::npos;
    if (it->second.contentType == kAggregatedType && !wantsAggregated) {
      r.code = 406;
    }
    r.contentType = it->second.contentType;
    r.body = it->second.body;
    return r;
  }
};

FakeFetcher aggregatedServer() {
  FakeFetcher f;
  f.docs["/api"] = {200, kAggregatedType, kCoreAggregated};
  f.docs["/apis"] = {200, kAggregatedType, kGroupsAggregated};
  return f;
}

FakeFetcher legacyServer() {
  FakeFetcher f;
  f.docs["/api"] = {200, "application/json", R"({"kind":"APIVersions","versions":["v1"]})"};
  f.docs["/apis"] = {200, "application/json", R"({"kind":"APIGroupList","groups":[
    {"name":"apps","versions":[{"groupVersion":"apps/v1","version":"v1"}]},
    {"name":"metrics.k8s.io","versions":[{"groupVersion":"metrics.k8s.io/v1beta1","version":"v1beta1"}]}]})"};
  f.docs["/api/v1"] = {200, "application/json", R"({"kind":"APIResourceList","groupVersion":"v1",
    "resources":[{"name":"configmaps","singularName":"configmap","namespaced":true,"kind":"ConfigMap","verbs":["get"]},
                 {"name":"namespaces","namespaced":false,"kind":"Namespace","verbs":["get"]},
                 {"name":"namespaces/status","namespaced":false,"kind":"Namespace","verbs":["get"]}]})"};
  f.docs["/apis/apps/v1"] = {200, "application/json", R"({"kind":"APIResourceList","groupVersion":"apps/v1",
    "resources":[{"name":"deployments","namespaced":true,"kind":"Deployment","verbs":["get"]},
                 {"name":"deployments/scale","namespaced":true,"group":"autoscaling","version":"v1","kind":"Scale","verbs":["get"]}]})"};
  f.docs["/apis/metrics.k8s.io/v1beta1"] = {503, "text/plain", "service unavailable"};
  return f;
}

const GroupVersionKind kDeployment{"apps", "v1", "Deployment"};
const GroupVersionKind kWidget{"example.dev", "v1", "Widget"};

}  // namespace

TEST_CASE("aggregated discovery: two requests, then lookups from the cache") {
  FakeFetcher fetcher = aggregatedServer();
  FakeClock clock;
  Discovery discovery(fetcher, clock, {});
  auto deployment = discovery.mapping(kDeployment);
  REQUIRE(deployment.ok());
  CHECK(*deployment == RestMapping{kDeployment, "deployments", true, {"get", "list", "watch"}});
  auto role = discovery.mapping({"rbac.authorization.k8s.io", "v1", "ClusterRole"});
  REQUIRE(role.ok());
  CHECK(role->resource == "clusterroles");
  CHECK_FALSE(role->namespaced);
  auto ns = discovery.mapping({"", "v1", "Namespace"});
  REQUIRE(ns.ok());
  CHECK(ns->resource == "namespaces");
  CHECK(fetcher.fetched == std::vector<std::string>{"/api", "/apis"});
  CHECK(discovery.refreshes() == 1);
}

TEST_CASE("an unknown kind refreshes at most once per minRefreshInterval") {
  FakeFetcher fetcher = aggregatedServer();
  FakeClock clock;
  DiscoveryOptions options;
  options.minRefreshInterval = std::chrono::seconds(10);
  Discovery discovery(fetcher, clock, options);
  for (int i = 0; i < 50; ++i) {
    auto r = discovery.mapping(kWidget);
    REQUIRE(r.status().code() == Code::NotFound);
    REQUIRE(r.status().message() == "no matches for kind \"Widget\" in version \"example.dev/v1\"");
  }
  CHECK(discovery.refreshes() == 1);
  clock.advance(std::chrono::seconds(9));
  CHECK_FALSE(discovery.mapping(kWidget).ok());
  CHECK(discovery.refreshes() == 1);
  clock.advance(std::chrono::seconds(1));
  CHECK_FALSE(discovery.mapping(kWidget).ok());
  CHECK(discovery.refreshes() == 2);

  // The CRD appears; the next refresh (here forced by invalidate) finds it.
  fetcher.docs["/apis"].body = std::string(kGroupsAggregated).replace(
      std::string(kGroupsAggregated).rfind("]}"), 0,
      R"(,{"metadata":{"name":"example.dev"},"versions":[{"version":"v1","resources":[
         {"resource":"widgets","responseKind":{"group":"","version":"","kind":"Widget"},
          "scope":"Namespaced","verbs":["get"]}]}]})");
  CHECK_FALSE(discovery.mapping(kWidget).ok());  // still within the interval
  discovery.invalidate();
  auto widget = discovery.mapping(kWidget);
  INFO(widget.status().message());
  REQUIRE(widget.ok());
  CHECK(widget->resource == "widgets");
  CHECK(discovery.refreshes() == 3);
  CHECK(fetcher.fetched.size() == 6);
}

TEST_CASE("a known kind never triggers a refresh") {
  FakeFetcher fetcher = aggregatedServer();
  FakeClock clock;
  Discovery discovery(fetcher, clock, {});
  for (int i = 0; i < 10; ++i) {
    clock.advance(std::chrono::hours(1));
    REQUIRE(discovery.mapping(kDeployment).ok());
  }
  CHECK(discovery.refreshes() == 1);
}

TEST_CASE("legacy discovery walks every group version and skips unavailable ones") {
  FakeFetcher fetcher = legacyServer();
  FakeClock clock;
  Discovery discovery(fetcher, clock, {});
  auto deployment = discovery.mapping(kDeployment);
  INFO(deployment.status().message());
  REQUIRE(deployment.ok());
  CHECK(*deployment == RestMapping{kDeployment, "deployments", true, {"get"}});
  auto ns = discovery.mapping({"", "v1", "Namespace"});
  REQUIRE(ns.ok());
  CHECK(ns->resource == "namespaces");  // not the status subresource
  CHECK(discovery.mapping({"autoscaling", "v1", "Scale"}).status().code() == Code::NotFound);
  // The first /api answer (legacy form) is used as is.
  CHECK(fetcher.fetched == std::vector<std::string>{"/api", "/apis", "/api/v1", "/apis/apps/v1",
                                                    "/apis/metrics.k8s.io/v1beta1"});
}

TEST_CASE("aggregated = false goes straight to the legacy walk") {
  FakeFetcher fetcher = legacyServer();
  FakeClock clock;
  DiscoveryOptions options;
  options.aggregated = false;
  Discovery discovery(fetcher, clock, options);
  REQUIRE(discovery.mapping(kDeployment).ok());
  CHECK(fetcher.fetched.size() == 5);
}

TEST_CASE("discovery failures are returned and nothing is cached") {
  FakeFetcher fetcher = aggregatedServer();
  FakeClock clock;
  Discovery discovery(fetcher, clock, {});
  fetcher.failure = unavailable("discovery: GET https://k/api: Connection refused");
  auto r = discovery.mapping(kDeployment);
  CHECK(r.status().code() == Code::Unavailable);
  CHECK(r.status().message() == "discovery: GET https://k/api: Connection refused");
  fetcher.failure = okStatus();
  CHECK(discovery.mapping(kDeployment).ok());

  FakeFetcher forbidden;
  forbidden.docs["/api"] = {403, "application/json",
                            R"({"kind":"Status","reason":"Forbidden","message":"no"})"};
  Discovery denied(forbidden, clock, {});
  auto d = denied.mapping(kDeployment);
  CHECK(d.status().code() == Code::FailedPrecondition);
  CHECK(d.status().message() == "discovery: GET /api: Forbidden: no");
}

TEST_CASE("parsers refuse documents of another kind") {
  CHECK(parseAggregatedDiscovery(Json::parse(R"({"kind":"APIGroupList"})")).status().message() ==
        "discovery: expected an APIGroupDiscoveryList, got kind \"APIGroupList\"");
  CHECK(parseResourceList(Json::parse("[]")).status().message() ==
        "discovery: expected an APIResourceList, got kind \"\"");
}
