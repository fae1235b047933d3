#pragma once
// The reconcilers against the real cluster and a real git daemon: a namespace, a repository
// served on 127.0.0.1, the two reconcilers sharing one ArtifactStore, and helpers to create
// the custom resources and read their status.
#include <catch2/catch.hpp>

#include <algorithm>
#include <memory>
#include <string>

#include "../../kube/integration/cluster.h"
#include "../../source/git_fixture.h"
#include "gitsync/controller/api.h"
#include "gitsync/controller/reconcilers.h"
#include "gitsync/core/yaml.h"

namespace gitsync::controller::testing {

namespace fs = std::filesystem;
using kube::testing::randomSuffix;
using source::testing::commitAll;
using source::testing::GitDaemon;
using source::testing::initRepo;
using source::testing::TempDir;
using source::testing::writeFile;

inline std::string configMapYaml(const std::string& name, const std::string& value) {
  return "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: " + name + "\ndata:\n  v: \"" +
         value + "\"\n";
}

class ReconcilerFixture {
 public:
  explicit ReconcilerFixture(const std::string& prefix)
      : ns_(prefix), repo_(tmp_.path() / "srv" / "repo") {
    installCrds();
    initRepo(repo_);
    options_.cacheDir = tmp_.path() / "cache";
    options_.dependencyRequeue = std::chrono::seconds(10);
    options_.healthPollInterval = std::chrono::milliseconds(200);
    auto config = kube::loadRestConfig({}, kube::Environment::fromProcess());
    REQUIRE(config.ok());
    options_.restConfig = *config;
    git_ = makeGitRepositoryReconciler(client(), clock_, artifacts_, options_);
    kustomize_ = makeKustomizationReconciler(client(), clock_, artifacts_, options_);
  }
  ~ReconcilerFixture() {
    // Nothing runs the finalizers after the test: drop them so the namespace can go.
    auto list = client().list(kustomizationGvk(), {.ns = ns_.name()});
    if (list.ok()) {
      for (kube::Json k : list->items) {
        k["metadata"].erase("finalizers");
        (void)client().update(k, {});
      }
    }
  }

  kube::HttpKubeClient& client() { return ns_.client(); }
  const std::string& ns() const { return ns_.name(); }
  const fs::path& repo() const { return repo_; }
  ArtifactStore& artifacts() { return artifacts_; }
  const ReconcilerOptions& options() const { return options_; }
  kube::Clock& clock() { return clock_; }
  Reconciler& git() { return *git_; }
  Reconciler& kustomize() { return *kustomize_; }

  // Commits every file of the repository and returns the commit; starts the daemon on the
  // first call.
  std::string commit(const std::string& message) {
    std::string sha = commitAll(repo_, message);
    if (!daemon_) daemon_ = std::make_unique<GitDaemon>(tmp_.path() / "srv", tmp_.path() / "d.log");
    return sha;
  }
  std::string url() const { return daemon_->url("repo"); }

  void createGitRepository(const std::string& name, const kube::Json& spec = kube::Json::object()) {
    kube::Json object = {{"apiVersion", kApiVersion},
                         {"kind", "GitRepository"},
                         {"metadata", {{"name", name}, {"namespace", ns()}}},
                         {"spec", {{"url", url()}, {"interval", "1m"}, {"ref", {{"branch", "main"}}}}}};
    object["spec"].update(spec);
    create(object);
  }
  void createKustomization(const std::string& name, const kube::Json& spec) {
    kube::Json object = {{"apiVersion", kApiVersion},
                         {"kind", "Kustomization"},
                         {"metadata", {{"name", name}, {"namespace", ns()}}},
                         {"spec", {{"interval", "5m"}, {"prune", false}, {"sourceRef", {{"kind", "GitRepository"}, {"name", "repo"}}}}}};
    object["spec"].update(spec);
    create(object);
  }
  void create(const kube::Json& object) {
    auto created = client().create(object, {});
    INFO(created.status().message());
    REQUIRE(created.ok());
  }

  ReconcileResult reconcileGit(const std::string& name) { return run(*git_, name); }
  ReconcileResult reconcileKustomization(const std::string& name) {
    return run(*kustomize_, name);
  }

  kube::Json get(const kube::GroupVersionKind& gvk, const std::string& name) {
    auto got = client().get({gvk, ns(), name});
    INFO(got.status().message());
    REQUIRE(got.ok());
    return *got;
  }
  bool exists(const kube::GroupVersionKind& gvk, const std::string& name) {
    auto got = client().get({gvk, ns(), name});
    return got.ok();
  }
  Kustomization kustomization(const std::string& name) {
    auto k = parseKustomization(get(kustomizationGvk(), name));
    INFO(k.status().message());
    REQUIRE(k.ok());
    return *k;
  }
  // "Type=Status/Reason: message" of a condition, "" when absent.
  static std::string condition(const std::vector<Condition>& conditions, const char* type) {
    const Condition* c = findCondition(conditions, type);
    return c ? c->type + "=" + c->status + "/" + c->reason + ": " + c->message : "";
  }
  // "<reason>: <message>" of the Events about `name`, oldest first.
  std::vector<std::string> events(const std::string& name) {
    auto list = client().list({"", "v1", "Event"},
                              {.ns = ns(), .fieldSelector = "involvedObject.name=" + name});
    REQUIRE(list.ok());
    std::vector<std::string> out;
    for (const auto& e : list->items) {
      out.push_back(e.value("reason", "") + ": " + e.value("message", ""));
    }
    return out;
  }

 private:
  ReconcileResult run(Reconciler& r, const std::string& name) {
    auto result = r.reconcile({ns(), name}, std::stop_token{});
    INFO(result.status().message());
    REQUIRE(result.ok());
    return *result;
  }

  // The CRDs of manifests/crds (server-side apply: a no-op when they are installed).
  void installCrds() {
    for (const char* file : {"gitrepositories.yaml", "kustomizations.yaml"}) {
      auto text = core::readFileLimited(fs::path(GITSYNC_SOURCE_DIR) / "manifests/crds" / file,
                                        1 << 22);
      REQUIRE(text.ok());
      auto docs = core::parseYamlStream(*text, file);
      REQUIRE(docs.ok());
      for (const auto& doc : *docs) {
        auto json = kube::nodeToJson(doc);
        REQUIRE(json.ok());
        kube::ApplyOptions apply;
        apply.fieldManager = "gitsync-crds";
        apply.force = true;
        auto applied = client().apply(*json, apply);
        INFO(applied.status().message());
        REQUIRE(applied.ok());
      }
    }
    REQUIRE(kube::testing::eventually([&] {
      return client().list(kustomizationGvk(), {.ns = ns()}).ok() &&
             client().list(gitRepositoryGvk(), {.ns = ns()}).ok();
    }));
  }

  kube::testing::TestNamespace ns_;
  TempDir tmp_;
  fs::path repo_;
  std::unique_ptr<GitDaemon> daemon_;
  kube::SystemClock clock_;
  ArtifactStore artifacts_;
  ReconcilerOptions options_;
  std::unique_ptr<Reconciler> git_;
  std::unique_ptr<Reconciler> kustomize_;
};

inline const kube::GroupVersionKind kConfigMapGvk{"", "v1", "ConfigMap"};

// "<id> <version>" of the entries of status.inventory.
inline std::vector<std::string> inventoryIds(const Kustomization& k) {
  std::vector<std::string> ids;
  if (k.status.inventory) {
    for (const auto& e : k.status.inventory->entries) ids.push_back(e.id + " " + e.version);
  }
  return ids;
}

inline bool contains(const std::vector<std::string>& lines, const std::string& wanted) {
  return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

}  // namespace gitsync::controller::testing
