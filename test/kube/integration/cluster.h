#pragma once
// Shared setup of the integration tests: a client for the cluster named by $KUBECONFIG (the
// `cluster` CTest fixture sets it) and a fresh namespace per test, deleted at the end.
#include <catch2/catch.hpp>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <thread>

#include <curl/curl.h>

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

// Compacts the fixture cluster's etcd up to `revision` through its HTTP gateway (the port is in
// $GITSYNC_CLUSTER_DIR/ports.env). Compacting below an earlier compaction is a no-op.
inline void compactEtcd(long revision) {
  const char* dir = std::getenv("GITSYNC_CLUSTER_DIR");  // NOLINT(concurrency-mt-unsafe)
  REQUIRE(dir != nullptr);
  std::ifstream ports(std::string(dir) + "/ports.env");
  std::string line, port;
  while (std::getline(ports, line)) {
    if (line.rfind("ETCD_PORT=", 0) == 0) port = line.substr(10);
  }
  REQUIRE_FALSE(port.empty());
  CURL* curl = curl_easy_init();
  REQUIRE(curl != nullptr);
  std::string url = "http://127.0.0.1:" + port + "/v3/kv/compaction";
  std::string body = R"({"revision":")" + std::to_string(revision) + R"(","physical":true})";
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION,
                   +[](char*, size_t size, size_t count, void*) { return size * count; });
  CURLcode rc = curl_easy_perform(curl);
  long code = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &code);
  curl_easy_cleanup(curl);
  REQUIRE(rc == CURLE_OK);
  // 400 when already compacted further ("required revision has been compacted").
  REQUIRE((code == 200 || code == 400));
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
