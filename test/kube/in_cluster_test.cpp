// The in-cluster service-account configuration, from an injected folder.
#include <catch2/catch.hpp>

#include "gitsync/kube/kubeconfig.h"
#include "temp_dir.h"

using namespace gitsync;
using namespace gitsync::kube;
using gitsync::kube::testing::TempDir;

namespace {
const std::string kCaPem = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n";

Environment inCluster(const TempDir& dir, const std::string& host = "10.96.0.1") {
  Environment env;
  env.serviceHost = host;
  env.servicePort = "443";
  env.serviceAccountDir = dir.path();
  return env;
}
}  // namespace

TEST_CASE("in-cluster config reads the service account folder") {
  TempDir dir;
  dir.write("token", "eyJhbGciOi.token\n");
  dir.write("ca.crt", kCaPem);
  dir.write("namespace", "gitsync-system\n");
  auto config = inClusterConfig(inCluster(dir));
  INFO(config.status().message());
  REQUIRE(config.ok());
  CHECK(config->server == "https://10.96.0.1:443");
  CHECK(config->tokenFile == dir.str("token"));
  CHECK(config->token.empty());  // read per request from tokenFile
  CHECK(config->caData == kCaPem);
  CHECK(config->ns == "gitsync-system");
  CHECK(config->source == "in-cluster");

  auto overridden = inClusterConfig(inCluster(dir), "other");
  REQUIRE(overridden.ok());
  CHECK(overridden->ns == "other");

  auto v6 = inClusterConfig(inCluster(dir, "fd00::1"));
  REQUIRE(v6.ok());
  CHECK(v6->server == "https://[fd00::1]:443");
}

TEST_CASE("in-cluster config without a namespace file uses default") {
  TempDir dir;
  dir.write("token", "t");
  dir.write("ca.crt", kCaPem);
  auto config = inClusterConfig(inCluster(dir));
  REQUIRE(config.ok());
  CHECK(config->ns == "default");
}

TEST_CASE("in-cluster config errors") {
  TempDir dir;
  Environment none;
  none.serviceAccountDir = dir.path();
  auto unset = inClusterConfig(none);
  CHECK(unset.status().code() == Code::FailedPrecondition);
  CHECK(unset.status().message() ==
        "in-cluster config: KUBERNETES_SERVICE_HOST and KUBERNETES_SERVICE_PORT must be set");

  auto noToken = inClusterConfig(inCluster(dir));
  CHECK(noToken.status().code() == Code::NotFound);
  CHECK(noToken.status().message() ==
        "in-cluster config: " + dir.str("token") + ": No such file or directory");

  dir.write("token", "t");
  auto noCa = inClusterConfig(inCluster(dir));
  CHECK(noCa.status().code() == Code::NotFound);
  CHECK(noCa.status().message() ==
        "in-cluster config: " + dir.str("ca.crt") + ": No such file or directory");
}

TEST_CASE("loadRestConfig falls back to in-cluster when no kubeconfig file exists") {
  TempDir dir;
  dir.write("sa/token", "t");
  dir.write("sa/ca.crt", kCaPem);
  Environment env;
  env.kubeconfig = dir.str("absent");
  env.serviceHost = "10.0.0.1";
  env.servicePort = "6443";
  env.serviceAccountDir = dir.path() / "sa";
  auto config = loadRestConfig({"", "", "mine"}, env);
  INFO(config.status().message());
  REQUIRE(config.ok());
  CHECK(config->server == "https://10.0.0.1:6443");
  CHECK(config->ns == "mine");
  CHECK(config->source == "in-cluster");
}
