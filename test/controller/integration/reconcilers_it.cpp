// The GitRepository and Kustomization reconcilers against the real cluster and a git daemon.
#include <thread>

#include "../../source/integration/http_backend.h"
#include "reconcilers_fixture.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::controller::testing;

namespace {

const kube::GroupVersionKind kConfigMap{"", "v1", "ConfigMap"};

std::vector<std::string> inventoryIds(const Kustomization& k) {
  std::vector<std::string> ids;
  if (k.status.inventory) {
    for (const auto& e : k.status.inventory->entries) ids.push_back(e.id + " " + e.version);
  }
  return ids;
}

bool contains(const std::vector<std::string>& lines, const std::string& wanted) {
  return std::find(lines.begin(), lines.end(), wanted) != lines.end();
}

}  // namespace

TEST_CASE("GitRepository: Ready with the exact revision; an unchanged poll writes nothing",
          "[gitrepository]") {
  ReconcilerFixture f("reconcilers-git");
  writeFile(f.repo() / "apps/a/a1.yaml", configMapYaml("a1", "1"));
  std::string sha = f.commit("first");
  f.createGitRepository("repo");

  ReconcileResult r = f.reconcileGit("repo");
  CHECK(r.requeueAfter == std::chrono::minutes(1));
  auto repo = parseGitRepository(f.get(gitRepositoryGvk(), "repo"));
  REQUIRE(repo.ok());
  const std::string revision = "main@sha1:" + sha;
  REQUIRE(repo->status.artifact);
  CHECK(repo->status.artifact->revision == revision);
  CHECK(repo->status.artifact->digest.rfind("sha256:", 0) == 0);
  CHECK(repo->status.artifact->digest.size() == 71);
  CHECK(repo->status.artifact->size == static_cast<int64_t>(configMapYaml("a1", "1").size()));
  CHECK(repo->status.artifact->path == "gitrepository/" + f.ns() + "/repo/" + sha);
  CHECK(repo->status.observedGeneration == 1);
  CHECK(ReconcilerFixture::condition(repo->status.conditions, kReady) ==
        "Ready=True/Succeeded: stored artifact for revision '" + revision + "'");
  CHECK(ReconcilerFixture::condition(repo->status.conditions, kArtifactInStorage) ==
        "ArtifactInStorage=True/Succeeded: stored artifact for revision '" + revision + "'");
  CHECK(ReconcilerFixture::condition(repo->status.conditions, kReconciling).empty());
  auto stored = f.artifacts().get({f.ns(), "repo"});
  REQUIRE(stored);
  CHECK(stored->revision == revision);
  CHECK(stored->digest == repo->status.artifact->digest);
  CHECK(contains(f.events("repo"), "NewArtifact: stored artifact for revision '" + revision + "'"));

  // Same revision: same digest, nothing written.
  const std::string rv = repo->meta.resourceVersion;
  f.reconcileGit("repo");
  CHECK(f.get(gitRepositoryGvk(), "repo")["metadata"]["resourceVersion"] == rv);

  // A new commit moves the revision.
  writeFile(f.repo() / "apps/a/a1.yaml", configMapYaml("a1", "2"));
  std::string second = f.commit("second");
  f.reconcileGit("repo");
  auto moved = parseGitRepository(f.get(gitRepositoryGvk(), "repo"));
  REQUIRE(moved.ok());
  CHECK(moved->status.artifact->revision == "main@sha1:" + second);
  CHECK(moved->status.artifact->digest != repo->status.artifact->digest);
}

TEST_CASE("GitRepository: a suspended one serves its last artifact after a restart",
          "[gitrepository]") {
  ReconcilerFixture f("reconcilers-gitsusp");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  std::string first = "main@sha1:" + f.commit("first");
  f.createGitRepository("repo");
  f.reconcileGit("repo");
  kube::Json object = f.get(gitRepositoryGvk(), "repo");
  object["spec"]["suspend"] = true;
  REQUIRE(f.client().update(object, {}).ok());
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "2"));
  f.commit("second");

  // A new process: an empty store.
  ArtifactStore restarted;
  auto reconciler = makeGitRepositoryReconciler(f.client(), f.clock(), restarted, f.options());
  auto result = reconciler->reconcile({f.ns(), "repo"}, std::stop_token{});
  REQUIRE(result.ok());
  CHECK(result->requeueAfter == std::chrono::milliseconds(0));
  auto stored = restarted.get({f.ns(), "repo"});
  REQUIRE(stored);
  CHECK(stored->revision == first);
  CHECK(stored->digest == f.artifacts().get({f.ns(), "repo"})->digest);
  auto repo = parseGitRepository(f.get(gitRepositoryGvk(), "repo"));
  REQUIRE(repo.ok());
  CHECK(repo->status.artifact->revision == first);
}

TEST_CASE("GitRepository: an unreachable url is GitOperationFailed, a missing secret "
          "AuthenticationFailed", "[gitrepository]") {
  ReconcilerFixture f("reconcilers-gitfail");
  f.commit("empty");
  f.createGitRepository("nohost", {{"url", "git://127.0.0.1:1/repo"}});
  f.createGitRepository("nosecret", {{"secretRef", {{"name", "absent"}}}});
  CHECK(f.reconcileGit("nohost").requeueAfter == std::chrono::minutes(1));
  f.reconcileGit("nosecret");
  auto nohost = parseGitRepository(f.get(gitRepositoryGvk(), "nohost"));
  auto nosecret = parseGitRepository(f.get(gitRepositoryGvk(), "nosecret"));
  REQUIRE(nohost.ok());
  REQUIRE(nosecret.ok());
  CHECK(ReconcilerFixture::condition(nohost->status.conditions, kReady)
            .rfind("Ready=False/GitOperationFailed: git://127.0.0.1:1/repo: source: ", 0) == 0);
  CHECK(ReconcilerFixture::condition(nosecret->status.conditions, kReady) ==
        "Ready=False/AuthenticationFailed: " + f.url() + ": source: credentials: secret '" +
            f.ns() + "/absent': Secret/" + f.ns() + "/absent: get: NotFound: secrets \"absent\" "
            "not found");
  CHECK_FALSE(f.artifacts().get({f.ns(), "nohost"}));
}

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

TEST_CASE("GitRepository: spec.verify accepts a commit signed by a given key and refuses an "
          "unsigned one", "[gitrepository]") {
  ReconcilerFixture f("reconcilers-verify");
  TempDir keys;
  source::testing::sh(keys.path(), "ssh-keygen -q -t ed25519 -N '' -C signer -f key");
  std::string publicKey = source::testing::readFile(keys.path() / "key.pub");
  std::string fingerprint =
      source::testing::sh(keys.path(), "ssh-keygen -l -f key.pub | cut -d' ' -f2");
  source::testing::sh(f.repo(), "git config gpg.format ssh && git config user.signingkey " +
                                    source::testing::quote((keys.path() / "key").string()));
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  source::testing::sh(f.repo(), "git add -A && git commit -q -S -m signed");
  std::string signedSha = source::testing::sh(f.repo(), "git rev-parse HEAD");
  f.commit("unused");  // starts the daemon; an empty, unsigned commit on top
  source::testing::sh(f.repo(), "git reset -q --hard " + signedSha);

  kube::Json secret = {{"apiVersion", "v1"},
                       {"kind", "Secret"},
                       {"metadata", {{"name", "keys"}, {"namespace", f.ns()}}},
                       {"stringData", {{"signer.pub", publicKey}}}};
  f.create(secret);
  f.createGitRepository("repo", {{"verify", {{"mode", "HEAD"}, {"secretRef", {{"name", "keys"}}}}}});
  f.reconcileGit("repo");
  auto repo = parseGitRepository(f.get(gitRepositoryGvk(), "repo"));
  REQUIRE(repo.ok());
  CHECK(ReconcilerFixture::condition(repo->status.conditions, "SourceVerified") ==
        "SourceVerified=True/Succeeded: verified signature of commit " + signedSha +
            " signed by SSH key " + fingerprint);
  CHECK(ReconcilerFixture::condition(repo->status.conditions, kReady) ==
        "Ready=True/Succeeded: stored artifact for revision 'main@sha1:" + signedSha + "'");

  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "2"));
  std::string unsignedSha = f.commit("not signed");
  f.reconcileGit("repo");
  repo = parseGitRepository(f.get(gitRepositoryGvk(), "repo"));
  REQUIRE(repo.ok());
  CHECK(ReconcilerFixture::condition(repo->status.conditions, kReady) ==
        "Ready=False/VerificationError: " + f.url() + ": source: verify: commit " + unsignedSha +
            ": not signed");
  // The unverified commit is not handed out.
  CHECK(f.artifacts().get({f.ns(), "repo"})->revision == "main@sha1:" + signedSha);
  CHECK(repo->status.artifact->revision == "main@sha1:" + signedSha);
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

TEST_CASE("requestedAt annotations are copied into lastHandledReconcileAt", "[gitrepository]") {
  ReconcilerFixture f("reconcilers-req");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  f.commit("first");
  f.createGitRepository("repo");
  f.createKustomization("apps", kube::Json::object());
  for (const auto& gvk : {gitRepositoryGvk(), kustomizationGvk()}) {
    const char* name = gvk.kind == "GitRepository" ? "repo" : "apps";
    kube::Json object = f.get(gvk, name);
    object["metadata"]["annotations"][kRequestedAtAnnotation] = "2026-11-22T01:02:03Z";
    REQUIRE(f.client().update(object, {}).ok());
  }
  f.reconcileGit("repo");
  f.reconcileKustomization("apps");
  auto repo = parseGitRepository(f.get(gitRepositoryGvk(), "repo"));
  REQUIRE(repo.ok());
  CHECK(repo->status.lastHandledReconcileAt == "2026-11-22T01:02:03Z");
  CHECK(f.kustomization("apps").status.lastHandledReconcileAt == "2026-11-22T01:02:03Z");
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

TEST_CASE("GitRepository: HTTPS Basic credentials from spec.secretRef", "[gitrepository]") {
  ReconcilerFixture f("reconcilers-auth");
  writeFile(f.repo() / "a1.yaml", configMapYaml("a1", "1"));
  std::string sha = f.commit("first");
  source::testing::GitHttpServer server(f.repo().parent_path(),
                                        std::string("dXNlcjpwYXNz"));  // user:pass
  const std::string url = server.url("repo");
  for (auto [name, password] : {std::pair{"right", "pass"}, std::pair{"wrong", "s3cret-wrong"}}) {
    f.create({{"apiVersion", "v1"},
              {"kind", "Secret"},
              {"metadata", {{"name", name}, {"namespace", f.ns()}}},
              {"stringData", {{"username", "user"}, {"password", password}}}});
    f.createGitRepository(name, {{"url", url}, {"secretRef", {{"name", name}}}});
    f.reconcileGit(name);
  }
  auto right = parseGitRepository(f.get(gitRepositoryGvk(), "right"));
  auto wrong = parseGitRepository(f.get(gitRepositoryGvk(), "wrong"));
  REQUIRE(right.ok());
  REQUIRE(wrong.ok());
  CHECK(ReconcilerFixture::condition(right->status.conditions, kReady) ==
        "Ready=True/Succeeded: stored artifact for revision 'main@sha1:" + sha + "'");
  CHECK(ReconcilerFixture::condition(wrong->status.conditions, kReady) ==
        "Ready=False/AuthenticationFailed: " + url +
            ": source: connect: authentication failed (username and password refused)");
  CHECK(contains(f.events("wrong"), "AuthenticationFailed: " + url +
                                        ": source: connect: authentication failed (username and "
                                        "password refused)"));
}
