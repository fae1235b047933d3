#pragma once
// Shared setup of the integration tests: a client for the cluster named by $KUBECONFIG (the
// `cluster` CTest fixture sets it) and a fresh namespace per test, deleted at the end.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include "gitsync/kube/http_client.h"
#include "gitsync/kube/kubeconfig.h"

namespace gitsync::kube::testing {

inline std::string randomSuffix() {
  std::random_device rd;
  std::string s;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) s.push_back(hex[rd() % 16]);
  return s;
}

inline const GroupVersionKind kConfigMap{"", "v1", "ConfigMap"};
inline const GroupVersionKind kNamespace{"", "v1", "Namespace"};

inline std::unique_ptr<HttpKubeClient> connectOrFail(const ClientOptions& options = {}) {
  auto config = loadRestConfig({}, Environment::fromProcess());
  INFO(config.status().message());
  REQUIRE(config.ok());
  auto client = HttpKubeClient::connect(*config, options);
  INFO(client.status().message());
  REQUIRE(client.ok());
  return std::move(client).value();
}

// Polls `done` every 100 ms for up to `limit`; true once it held.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(30)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

class TestNamespace {
 public:
  explicit TestNamespace(const std::string& prefix, const ClientOptions& options = {})
      : client_(connectOrFail(options)), name_(prefix + "-" + randomSuffix()) {
    auto created = client_->apply(
        {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name_}}}}, {});
    INFO(created.status().message());
    REQUIRE(created.ok());
    client_->resetMetrics();
  }
  ~TestNamespace() {
    (void)client_->del({kNamespace, "", name_}, {});
  }
  HttpKubeClient& client() { return *client_; }
  const std::string& name() const { return name_; }

  Json configMap(const std::string& name, const Json& data = Json::object()) const {
    return {{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", name}, {"namespace", name_}}},
            {"data", data}};
  }

 private:
  std::unique_ptr<HttpKubeClient> client_;
  std::string name_;
};

}  // namespace gitsync::kube::testing
