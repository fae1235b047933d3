// The GitRepository reconciler against the real cluster, a git daemon and git http-backend.
#include <thread>

#include "../../source/integration/http_backend.h"
#include "reconcilers_fixture.h"

using namespace gitsync;
using namespace gitsync::controller;
using namespace gitsync::controller::testing;

namespace {
const kube::GroupVersionKind& kConfigMap = kConfigMapGvk;
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
  // An artifact written before (by an older version or by hand) without a digest: the failed
  // reconcile writes its conditions without sending that artifact back.
  kube::Json oldArtifact = {{"revision", "main@sha1:0000000000000000000000000000000000000000"},
                            {"path", "p"},
                            {"url", "u"},
                            {"lastUpdateTime", "2026-11-22T00:00:00Z"}};
  REQUIRE(f.client()
              .patchStatus({gitRepositoryGvk(), f.ns(), "nohost"},
                           {{"status", {{"artifact", oldArtifact}}}}, {})
              .ok());
  CHECK(f.reconcileGit("nohost").requeueAfter == std::chrono::minutes(1));
  CHECK(f.get(gitRepositoryGvk(), "nohost")["status"]["artifact"] == oldArtifact);
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
