// The Kustomization reconciler against the real cluster and a git daemon.
#include <thread>

#include "reconcilers_fixture.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::controller::testing;

namespace {
const kube::GroupVersionKind& kConfigMap = kConfigMapGvk;
}  // namespace

TEST_CASE("Kustomization: apply with the inventory in status, prune a deleted file, a broken "
          "commit prunes nothing, deletion prunes", "[kustomization]") {
  ReconcilerFixture f("reconcilers-ks");
  writeFile(f.repo() / "apps/a/a1.yaml", configMapYaml("a1", "1"));
  writeFile(f.repo() / "apps/a/a2.yaml", configMapYaml("a2", "1"));
  std::string first = "main@sha1:" + f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization("apps", {{"path", "./apps/a"}, {"prune", true}});
  f.reconcileGit("repo");

  ReconcileResult r = f.reconcileKustomization("apps");
  CHECK(r.requeueAfter == std::chrono::minutes(5));
  CHECK_FALSE(r.canceled);
  Kustomization k = f.kustomization("apps");
  const std::string ns = f.ns();
  CHECK(inventoryIds(k) == std::vector<std::string>{ns + "_a1__ConfigMap v1",
                                                    ns + "_a2__ConfigMap v1"});
  CHECK(k.status.lastAppliedRevision == first);
  CHECK(k.status.lastAttemptedRevision == first);
  CHECK(k.status.observedGeneration == 1);
  CHECK(k.meta.finalizers == std::vector<std::string>{kFinalizer});
  CHECK(ReconcilerFixture::condition(k.status.conditions, kReady) ==
        "Ready=True/ReconciliationSucceeded: Applied revision: " + first);
  CHECK(ReconcilerFixture::condition(k.status.conditions, kReconciling).empty());
  CHECK(ReconcilerFixture::condition(k.status.conditions, kHealthy).empty());
  kube::Json a1 = f.get(kConfigMap, "a1");
  CHECK(a1["metadata"]["labels"]["gitsync.dev/name"] == "apps");
  CHECK(a1["metadata"]["labels"]["gitsync.dev/namespace"] == ns);
  CHECK(contains(f.events("apps"), "ReconciliationSucceeded: 2 created\nConfigMap/" + ns +
                                       "/a1 created\nConfigMap/" + ns + "/a2 created"));

  // A deleted file is pruned.
  fs::remove(f.repo() / "apps/a/a2.yaml");
  std::string second = "main@sha1:" + f.commit("drop a2");
  f.reconcileGit("repo");
  f.reconcileKustomization("apps");
  k = f.kustomization("apps");
  CHECK(inventoryIds(k) == std::vector<std::string>{ns + "_a1__ConfigMap v1"});
  CHECK(k.status.lastAppliedRevision == second);
  CHECK_FALSE(f.exists(kConfigMap, "a2"));
  CHECK(contains(f.events("apps"), "ReconciliationSucceeded: 1 unchanged, 1 deleted\nConfigMap/" +
                                       ns + "/a2 deleted"));

  // A broken file: BuildFailed naming it, nothing applied or pruned.
  writeFile(f.repo() / "apps/a/a1.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: [a1\n");
  std::string broken = "main@sha1:" + f.commit("broken");
  f.reconcileGit("repo");
  r = f.reconcileKustomization("apps");
  CHECK(r.requeueAfter == std::chrono::minutes(5));  // retryInterval defaults to interval
  k = f.kustomization("apps");
  std::string ready = ReconcilerFixture::condition(k.status.conditions, kReady);
  CHECK(ready ==
        "Ready=False/BuildFailed: apps/a/kustomization.yaml (generated for a plain folder): "
        "resources: 'a1.yaml': apps/a/a1.yaml: line 3: did not find expected ',' or ']'");
  CHECK(k.status.lastAppliedRevision == second);
  CHECK(k.status.lastAttemptedRevision == broken);
  CHECK(inventoryIds(k) == std::vector<std::string>{ns + "_a1__ConfigMap v1"});
  CHECK(f.exists(kConfigMap, "a1"));
  CHECK(ReconcilerFixture::condition(k.status.conditions, kReconciling) ==
        "Reconciling=True/ProgressingWithRetry: Fetching manifests for revision " + broken +
            " with a timeout of 5m0s");

  // Deleting the Kustomization (prune: true) deletes its inventory, then the finalizer goes.
  REQUIRE(f.client().del({kustomizationGvk(), ns, "apps"}, {}).ok());
  f.reconcileKustomization("apps");
  CHECK_FALSE(f.exists(kConfigMap, "a1"));
  CHECK_FALSE(f.exists(kustomizationGvk(), "apps"));
}

TEST_CASE("Kustomization: a suspended one is deleted without deleting anything",
          "[kustomization]") {
  ReconcilerFixture f("reconcilers-suspend");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization("apps", {{"prune", true}});
  f.reconcileGit("repo");
  f.reconcileKustomization("apps");
  REQUIRE(f.exists(kConfigMap, "a1"));

  kube::Json k = f.get(kustomizationGvk(), "apps");
  k["spec"]["suspend"] = true;
  REQUIRE(f.client().update(k, {}).ok());
  REQUIRE(f.client().del({kustomizationGvk(), f.ns(), "apps"}, {}).ok());
  f.reconcileKustomization("apps");
  CHECK_FALSE(f.exists(kustomizationGvk(), "apps"));
  CHECK(f.exists(kConfigMap, "a1"));
}

TEST_CASE("Kustomization: dependsOn waits until the dependency is Ready at its revision",
          "[dependson]") {
  ReconcilerFixture f("reconcilers-deps");
  writeFile(f.repo() / "infra/i.yaml", configMapYaml("infra", "1"));
  writeFile(f.repo() / "apps/a.yaml", configMapYaml("app", "1"));
  f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization("infra", {{"path", "infra"}});
  f.createKustomization("app", {{"path", "apps"}, {"dependsOn", {{{"name", "infra"}}}}});
  f.reconcileGit("repo");

  ReconcileResult r = f.reconcileKustomization("app");
  CHECK(r.requeueAfter == std::chrono::seconds(10));
  Kustomization app = f.kustomization("app");
  CHECK(ReconcilerFixture::condition(app.status.conditions, kReady) ==
        "Ready=False/DependencyNotReady: dependencies do not meet ready condition (dependency '" +
            f.ns() + "/infra' is not ready), retrying in 10s");
  CHECK_FALSE(f.exists(kConfigMap, "app"));

  f.reconcileKustomization("infra");
  CHECK(f.reconcileKustomization("app").requeueAfter == std::chrono::minutes(5));
  app = f.kustomization("app");
  CHECK(ReconcilerFixture::condition(app.status.conditions, kReady).rfind(
            "Ready=True/ReconciliationSucceeded: Applied revision: main@sha1:", 0) == 0);
  CHECK(f.exists(kConfigMap, "app"));

  // A new revision: infra is behind until it is reconciled again.
  writeFile(f.repo() / "apps/a.yaml", configMapYaml("app", "2"));
  f.commit("second");
  f.reconcileGit("repo");
  f.reconcileKustomization("app");
  app = f.kustomization("app");
  CHECK(ReconcilerFixture::condition(app.status.conditions, kReady) ==
        "Ready=False/DependencyNotReady: dependencies do not meet ready condition (dependency '" +
            f.ns() + "/infra' revision is not up to date), retrying in 10s");
}

TEST_CASE("Kustomization: a source without an artifact is ArtifactFailed", "[dependson]") {
  ReconcilerFixture f("reconcilers-noart");
  f.createKustomization("apps", kube::Json::object());
  CHECK(f.reconcileKustomization("apps").requeueAfter == std::chrono::seconds(10));
  CHECK(ReconcilerFixture::condition(f.kustomization("apps").status.conditions, kReady) ==
        "Ready=False/ArtifactFailed: Source artifact not found, retrying in 10s");
}

TEST_CASE("Kustomization: a health wait ends promptly when the stop_token is requested",
          "[cancel]") {
  ReconcilerFixture f("reconcilers-cancel");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization(
      "apps", {{"timeout", "10m"},
               {"healthChecks",
                {{{"apiVersion", "v1"}, {"kind", "ConfigMap"}, {"name", "never"}}}}});
  f.reconcileGit("repo");

  std::stop_source stop;
  Result<ReconcileResult> result = internalError("not run");
  std::thread worker([&] { result = f.kustomize().reconcile({f.ns(), "apps"}, stop.get_token()); });
  // Wait until the apply is done and the health wait runs, then cancel it.
  REQUIRE(kube::testing::eventually([&] { return f.exists(kConfigMap, "a1"); }));
  stop.request_stop();
  worker.join();
  INFO(result.status().message());
  REQUIRE(result.ok());
  CHECK(result->canceled);
  CHECK(result->requeueAfter == std::chrono::milliseconds(0));
  Kustomization k = f.kustomization("apps");
  CHECK(ReconcilerFixture::condition(k.status.conditions, kReady)
            .rfind("Ready=False/HealthCheckCanceled: health: canceled with 1 object not ready: "
                   "ConfigMap/" + f.ns() + "/never: NotFound: ",
                   0) == 0);
  CHECK(ReconcilerFixture::condition(k.status.conditions, kHealthy)
            .rfind("Healthy=False/HealthCheckCanceled: ", 0) == 0);
  CHECK(k.status.lastAppliedRevision.empty());
}

TEST_CASE("Kustomization: a commit outside its path moves the revision without applying; the "
          "next reconcile at that revision corrects drift", "[monorepo]") {
  ReconcilerFixture f("reconcilers-mono");
  writeFile(f.repo() / "apps/a/a1.yaml", configMapYaml("a1", "1"));
  writeFile(f.repo() / "apps/b/b1.yaml", configMapYaml("b1", "1"));
  f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization("a", {{"path", "./apps/a"}});
  f.reconcileGit("repo");
  f.reconcileKustomization("a");
  REQUIRE(f.get(kConfigMap, "a1")["data"]["v"] == "1");

  // Drift made by someone else.
  kube::Json live = f.get(kConfigMap, "a1");
  live["data"]["v"] = "drift";
  kube::WriteOptions byHand;
  byHand.fieldManager = "by-hand";
  REQUIRE(f.client().update(live, byHand).ok());

  writeFile(f.repo() / "apps/b/b1.yaml", configMapYaml("b1", "2"));
  std::string other = "main@sha1:" + f.commit("touch b only");
  f.reconcileGit("repo");
  f.reconcileKustomization("a");
  Kustomization k = f.kustomization("a");
  CHECK(k.status.lastAppliedRevision == other);
  CHECK(k.status.lastAttemptedRevision == other);
  CHECK(ReconcilerFixture::condition(k.status.conditions, kReady) ==
        "Ready=True/ReconciliationSucceeded: Applied revision: " + other);
  CHECK(f.get(kConfigMap, "a1")["data"]["v"] == "drift");  // not applied
  CHECK(contains(f.events("a"), "ReconciliationSucceeded: no changes under './apps/a' in "
                                "revision " + other));

  // The interval's reconcile at the same revision applies.
  f.reconcileKustomization("a");
  CHECK(f.get(kConfigMap, "a1")["data"]["v"] == "1");
}

TEST_CASE("Kustomization: overrides and postBuild substitution from a ConfigMap", "[kustomization]") {
  ReconcilerFixture f("reconcilers-over");
  writeFile(f.repo() / "app/kustomization.yaml", "resources:\n- cm.yaml\n");
  writeFile(f.repo() / "app/cm.yaml",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\ndata:\n  env: ${ENV}\n"
            "  team: ${TEAM:=none}\n  region: ${REGION}\n");
  f.commit("first");
  f.create({{"apiVersion", "v1"},
            {"kind", "ConfigMap"},
            {"metadata", {{"name", "vars"}, {"namespace", f.ns()}}},
            {"data", {{"ENV", "from-configmap"}, {"REGION", "eu"}}}});
  f.createGitRepository("repo");
  f.createKustomization(
      "apps", {{"path", "app"},
               {"namePrefix", "p-"},
               {"postBuild",
                {{"substitute", {{"ENV", "prod"}}},
                 {"substituteFrom",
                  {{{"kind", "ConfigMap"}, {"name", "vars"}},
                   {{"kind", "Secret"}, {"name", "missing"}, {"optional", true}}}}}}});
  f.reconcileGit("repo");
  f.reconcileKustomization("apps");
  INFO(ReconcilerFixture::condition(f.kustomization("apps").status.conditions, kReady));
  kube::Json cm = f.get(kConfigMap, "p-cm");
  CHECK(cm["data"] == kube::Json({{"env", "prod"}, {"team", "none"}, {"region", "eu"}}));
  CHECK(inventoryIds(f.kustomization("apps")) ==
        std::vector<std::string>{f.ns() + "_p-cm__ConfigMap v1"});
}

TEST_CASE("Kustomization: serviceAccountName applies as that service account", "[kustomization]") {
  ReconcilerFixture f("reconcilers-sa");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  f.commit("first");
  f.create({{"apiVersion", "v1"},
            {"kind", "ServiceAccount"},
            {"metadata", {{"name", "deployer"}, {"namespace", f.ns()}}}});
  f.createGitRepository("repo");
  f.createKustomization("apps", {{"serviceAccountName", "deployer"}});
  f.reconcileGit("repo");

  // No rights yet: the API refuses the impersonated user.
  f.reconcileKustomization("apps");
  std::string ready = ReconcilerFixture::condition(f.kustomization("apps").status.conditions, kReady);
  INFO(ready);
  CHECK(ready.rfind("Ready=False/ReconciliationFailed: ConfigMap/" + f.ns() + "/a1: ", 0) == 0);
  CHECK(ready.find("\"system:serviceaccount:" + f.ns() + ":deployer\" cannot") != std::string::npos);
  CHECK_FALSE(f.exists(kConfigMap, "a1"));

  f.create({{"apiVersion", "rbac.authorization.k8s.io/v1"},
            {"kind", "Role"},
            {"metadata", {{"name", "deployer"}, {"namespace", f.ns()}}},
            {"rules",
             {{{"apiGroups", {""}}, {"resources", {"configmaps"}}, {"verbs", {"*"}}}}}});
  f.create({{"apiVersion", "rbac.authorization.k8s.io/v1"},
            {"kind", "RoleBinding"},
            {"metadata", {{"name", "deployer"}, {"namespace", f.ns()}}},
            {"roleRef",
             {{"apiGroup", "rbac.authorization.k8s.io"}, {"kind", "Role"}, {"name", "deployer"}}},
            {"subjects",
             {{{"kind", "ServiceAccount"}, {"name", "deployer"}, {"namespace", f.ns()}}}}});
  f.reconcileKustomization("apps");
  CHECK(ReconcilerFixture::condition(f.kustomization("apps").status.conditions, kReady)
            .rfind("Ready=True/ReconciliationSucceeded: ", 0) == 0);
  CHECK(f.exists(kConfigMap, "a1"));
}

TEST_CASE("Kustomization: wait makes Healthy; an empty render prunes nothing; a path leaving "
          "the artifact is Stalled", "[kustomization]") {
  ReconcilerFixture f("reconcilers-edge");
  writeFile(f.repo() / "apps/a1.yaml", configMapYaml("a1", "1"));
  writeFile(f.repo() / "apps/.keep", "");
  f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization("apps", {{"path", "apps"}, {"prune", true}, {"wait", true}});
  f.createKustomization("escape", {{"path", "../outside"}});
  f.reconcileGit("repo");

  f.reconcileKustomization("apps");
  Kustomization k = f.kustomization("apps");
  CHECK(ReconcilerFixture::condition(k.status.conditions, kHealthy)
            .rfind("Healthy=True/Succeeded: Health check passed in ", 0) == 0);

  fs::remove(f.repo() / "apps/a1.yaml");
  std::string empty = "main@sha1:" + f.commit("empty the folder");
  f.reconcileGit("repo");
  f.reconcileKustomization("apps");
  k = f.kustomization("apps");
  CHECK(ReconcilerFixture::condition(k.status.conditions, kReady) ==
        "Ready=False/PruneFailed: prune: refusing to delete all 1 objects of the inventory (the "
        "render shares none of them); allow it with allow-empty");
  CHECK(f.exists(kConfigMap, "a1"));
  CHECK(inventoryIds(k) == std::vector<std::string>{f.ns() + "_a1__ConfigMap v1"});
  CHECK(k.status.lastAttemptedRevision == empty);

  CHECK(f.reconcileKustomization("escape").requeueAfter == std::chrono::milliseconds(0));
  Kustomization escape = f.kustomization("escape");
  CHECK(ReconcilerFixture::condition(escape.status.conditions, kStalled) ==
        "Stalled=True/InvalidSpec: spec.path \"../outside\" leaves the source artifact");
  CHECK(ReconcilerFixture::condition(escape.status.conditions, kReady) ==
        "Ready=False/InvalidSpec: spec.path \"../outside\" leaves the source artifact");
  CHECK(escape.status.observedGeneration == 1);
}

TEST_CASE("Kustomization: a failed health check is HealthCheckFailed", "[cancel]") {
  ReconcilerFixture f("reconcilers-unhealthy");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  f.commit("first");
  f.createGitRepository("repo");
  // A Stalled object (kstatus: Failed): a GitRepository whose commit is not 40 hex digits.
  f.createGitRepository("broken", {{"ref", {{"commit", "abc"}}}});
  f.reconcileGit("broken");
  f.createKustomization(
      "apps", {{"retryInterval", "30s"},
               {"healthChecks",
                {{{"apiVersion", kApiVersion}, {"kind", "GitRepository"}, {"name", "broken"}}}}});
  f.reconcileGit("repo");
  ReconcileResult r = f.reconcileKustomization("apps");
  CHECK(r.requeueAfter == std::chrono::seconds(30));
  CHECK_FALSE(r.canceled);
  Kustomization k = f.kustomization("apps");
  std::string ready = ReconcilerFixture::condition(k.status.conditions, kReady);
  CHECK(ready.rfind("Ready=False/HealthCheckFailed: health: 1 object failed: GitRepository/" +
                        f.ns() + "/broken: Failed: ",
                    0) == 0);
  CHECK(ReconcilerFixture::condition(k.status.conditions, kHealthy)
            .rfind("Healthy=False/HealthCheckFailed: health: 1 object failed: ", 0) == 0);
  CHECK(k.status.lastAppliedRevision.empty());
  CHECK(f.exists(kConfigMap, "a1"));  // applied; only the health check failed
}
