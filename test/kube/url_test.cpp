#include <catch2/catch.hpp>

#include "kube/url.h"

using namespace gitsync::kube;

TEST_CASE("paths of core, grouped, namespaced and cluster-scoped resources") {
  RestMapping configMaps{{"", "v1", "ConfigMap"}, "configmaps", true, {}};
  RestMapping deployments{{"apps", "v1", "Deployment"}, "deployments", true, {}};
  RestMapping clusterRoles{{"rbac.authorization.k8s.io", "v1", "ClusterRole"}, "clusterroles",
                           false, {}};
  CHECK(resourcePath(configMaps, "prod") == "/api/v1/namespaces/prod/configmaps");
  CHECK(resourcePath(configMaps, "") == "/api/v1/configmaps");
  CHECK(resourcePath(configMaps, "prod", "a") == "/api/v1/namespaces/prod/configmaps/a");
  CHECK(resourcePath(deployments, "prod", "web", "status") ==
        "/apis/apps/v1/namespaces/prod/deployments/web/status");
  CHECK(resourcePath(clusterRoles, "ignored", "admin") ==
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/admin");
  CHECK(resourcePath(clusterRoles, "", "system:aggregate-to-view") ==
        "/apis/rbac.authorization.k8s.io/v1/clusterroles/system%3Aaggregate-to-view");
}

TEST_CASE("query strings are percent-encoded and skip empty values") {
  Query q;
  q.add("labelSelector", "app in (a,b),tier!=db").add("continue", "").add("limit", "2");
  CHECK(q.str() == "?labelSelector=app%20in%20%28a%2Cb%29%2Ctier%21%3Ddb&limit=2");
  CHECK(Query().str().empty());
  CHECK(percentEncode("a-b.c_d~e") == "a-b.c_d~e");
  CHECK(percentEncode("é/") == "%C3%A9%2F");
}
