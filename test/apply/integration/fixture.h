#pragma once
// Shared setup of the apply integration tests: a client for the cluster named by $KUBECONFIG,
// a fresh namespace and owner per test (deleted at the end), and YAML -> ObjectSet.
#include <catch2/catch.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <thread>
#include <memory>
#include <random>
#include <string>

#include "gitsync/apply/applier.h"
#include "gitsync/apply/inventory.h"
#include "gitsync/apply/pruner.h"
#include "gitsync/apply/sync.h"
#include "gitsync/core/yaml.h"
#include "gitsync/kube/http_client.h"
#include "gitsync/kube/kubeconfig.h"

namespace gitsync::apply::testing {

using kube::Json;

inline std::string randomSuffix() {
  std::random_device rd;
  std::string s;
  const char* hex = "0123456789abcdef";
  for (int i = 0; i < 8; ++i) s.push_back(hex[rd() % 16]);
  return s;
}

// Every "NS" in `yaml` becomes the test's namespace.
inline render::ObjectSet objectsOf(const std::string& yaml, const std::string& ns) {
  std::string text = yaml;
  for (size_t pos = 0; (pos = text.find("NS", pos)) != std::string::npos;) {
    text.replace(pos, 2, ns);
    pos += ns.size();
  }
  auto nodes = core::parseYamlStream(text, "test.yaml");
  INFO(nodes.status().message());
  REQUIRE(nodes.ok());
  render::ObjectSet set;
  for (auto& node : *nodes) set.push_back(render::Resource{std::move(node)});
  return set;
}

class ApplyFixture {
 public:
  explicit ApplyFixture(const std::string& prefix) : name_(prefix + "-" + randomSuffix()) {
    auto config = kube::loadRestConfig({}, kube::Environment::fromProcess());
    INFO(config.status().message());
    REQUIRE(config.ok());
    auto client = kube::HttpKubeClient::connect(*config);
    INFO(client.status().message());
    REQUIRE(client.ok());
    client_ = std::move(client).value();
    auto created = client_->apply(
        {{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", name_}}}}, {});
    INFO(created.status().message());
    REQUIRE(created.ok());
    applier_ = makeServerSideApplier(*client_, client_->mapper(), clock_);
    pruner_ = makePruner(*client_);
    options_.apply.owner = {name_, name_};
    options_.apply.defaultNamespace = name_;
    options_.prune = true;
    store_ = makeConfigMapInventoryStore(*client_, options_.apply.owner, name_);
  }
  ~ApplyFixture() {
    (void)client_->del({{"", "v1", "Namespace"}, "", name_}, {});
  }

  kube::HttpKubeClient& client() { return *client_; }
  const std::string& name() const { return name_; }
  SyncOptions& options() { return options_; }
  InventoryStore& store() { return *store_; }
  Applier& applier() { return *applier_; }

  SyncResult sync(const std::string& yaml) {
    return apply::sync(objectsOf(yaml, name_), *applier_, *pruner_, *store_, options_);
  }

  // "Kind/ns/name action[: message]" lines of a ChangeSet, in order.
  static std::vector<std::string> lines(const ChangeSet& changes) {
    std::vector<std::string> out;
    for (const auto& e : changes.entries) out.push_back(e.line());
    return out;
  }

  Json get(const std::string& apiVersion, const std::string& kind, const std::string& name,
           const std::string& ns) {
    auto gvk = kube::gvkOf(apiVersion, kind);
    REQUIRE(gvk.ok());
    auto got = client_->get({*gvk, ns, name});
    INFO(got.status().message());
    REQUIRE(got.ok());
    return *got;
  }

 private:
  kube::SystemClock clock_;
  std::string name_;
  std::unique_ptr<kube::HttpKubeClient> client_;
  std::unique_ptr<Applier> applier_;
  std::unique_ptr<Pruner> pruner_;
  std::unique_ptr<InventoryStore> store_;
  SyncOptions options_;
};

// Polls `done` every 100 ms for up to `limit`; true once it held.
inline bool eventually(const std::function<bool()>& done,
                       std::chrono::milliseconds limit = std::chrono::seconds(60)) {
  auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return done();
}

inline std::string rvOf(const Json& object) {
  return object.at("metadata").at("resourceVersion").get<std::string>();
}

}  // namespace gitsync::apply::testing
