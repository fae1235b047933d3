// The GitRepository reconciler (Flux's source-controller for Git): fetch spec.url at spec.ref
// with the credentials of spec.secretRef, hand the tree to the ArtifactStore, write
// status.artifact and the conditions.
#include <map>
#include <memory>
#include <mutex>

#include "conditions.h"
#include "gitrepository_artifact.h"
#include "gitsync/controller/events.h"
#include "gitsync/controller/reconcilers.h"
#include "gitsync/source/verify.h"
#include "status_writer.h"

namespace gitsync::controller {
namespace {

class GitRepositoryReconciler final : public Reconciler {
 public:
  GitRepositoryReconciler(kube::HttpKubeClient& client, kube::Clock& clock,
                          ArtifactStore& artifacts, const ReconcilerOptions& options)
      : client_(client), clock_(clock), artifacts_(artifacts), options_(options),
        events_(client, "gitsync-source") {}

  Result<ReconcileResult> reconcile(const ObjectKey& key, std::stop_token) override {
    kube::ObjectRef ref{gitRepositoryGvk(), key.ns, key.name};
    Result<Json> object = client_.get(ref);
    if (!object.ok() && object.status().code() == Code::NotFound) {
      artifacts_.erase(key);
      return ReconcileResult{};
    }
    if (!object.ok()) return object.status();
    Result<GitRepository> parsed = parseGitRepository(*object);
    if (!parsed.ok()) return stalled(ref, *object, parsed.status());
    GitRepository repo = std::move(parsed).value();
    if (repo.meta.deleting) {
      artifacts_.erase(key);
      return ReconcileResult{};
    }
    const Json before = statusToJson(repo.status);
    GitRepositoryStatus& st = repo.status;
    // Kept when the annotation goes away (a merge patch cannot remove it anyway).
    if (!repo.meta.requestedAt().empty()) st.lastHandledReconcileAt = repo.meta.requestedAt();
    if (repo.spec.suspend) {
      restoreArtifact(key, repo);
      GITSYNC_RETURN_IF_ERROR(writeIfChanged(ref, before, st));
      return ReconcileResult{};
    }
    const int64_t generation = repo.meta.generation;
    if (st.observedGeneration != generation) {
      setCondition(st.conditions,
                   {kReconciling, "True", reason::kProgressing, "reconciliation in progress",
                    generation, ""},
                   nowRfc3339());
      setCondition(st.conditions,
                   {kReady, "Unknown", reason::kProgressing, "reconciliation in progress",
                    generation, ""},
                   nowRfc3339());
      GITSYNC_RETURN_IF_ERROR(writeIfChanged(ref, before, st));
    }

    auto failed = [&](GitStage stage, const Status& error) -> Result<ReconcileResult> {
      markGitRepositoryFailed(st.conditions, stage, error, generation, nowRfc3339());
      if (findCondition(st.conditions, kStalled)) st.observedGeneration = generation;
      GITSYNC_RETURN_IF_ERROR(writeIfChanged(ref, before, st));
      (void)events_.record(involved(repo), EventType::Warning, gitFailureReason(stage, error),
                           error.message());
      return ReconcileResult{repo.spec.interval};
    };
    bool secretFailed = false;
    Result<source::Artifact> fetched = fetch(repo, secretFailed);
    if (!fetched.ok()) {
      return failed(secretFailed ? GitStage::Credentials : GitStage::Fetch, fetched.status());
    }
    std::string verifiedWhat;
    if (!repo.spec.verifyMode.empty()) {
      Result<std::string> verified = verify(repo, *fetched, secretFailed);
      if (!verified.ok()) {
        return failed(secretFailed ? GitStage::Credentials : GitStage::Verify,
                      verified.status());
      }
      verifiedWhat = *verified;
    }
    markGitRepositoryVerified(st.conditions, verifiedWhat, generation, nowRfc3339());
    Result<std::filesystem::path> dir = applyIgnore(fetched->dir, repo.spec.ignore.value_or(""),
                                                    options_.cacheDir);
    Result<TreeDigest> digest = dir.ok() ? digestOf(*dir) : Result<TreeDigest>(dir.status());
    if (!digest.ok()) return failed(GitStage::Store, digest.status().withPrefix(repo.spec.url));
    artifacts_.put(key, StoredArtifact{fetched->revision, digest->digest, *dir});

    const bool newRevision = !st.artifact || st.artifact->revision != fetched->revision;
    ArtifactStatus artifact;
    artifact.revision = fetched->revision;
    artifact.digest = digest->digest;
    artifact.size = digest->size;
    artifact.path = "gitrepository/" + key.ns + "/" + key.name + "/" + fetched->commit;
    artifact.url = "file://" + dir->string();
    artifact.lastUpdateTime = st.artifact && st.artifact->revision == artifact.revision &&
                                      st.artifact->digest == artifact.digest
                                  ? st.artifact->lastUpdateTime
                                  : nowRfc3339();
    st.artifact = artifact;
    st.observedGeneration = generation;
    markGitRepositoryStored(st.conditions, fetched->revision, generation, nowRfc3339());
    GITSYNC_RETURN_IF_ERROR(writeIfChanged(ref, before, st));
    if (newRevision) {
      (void)events_.record(involved(repo), EventType::Normal, "NewArtifact",
                           "stored artifact for revision '" + fetched->revision + "'",
                           fetched->revision);
    }
    return ReconcileResult{repo.spec.interval};
  }

 private:
  Result<source::Artifact> fetch(const GitRepository& repo, bool& secretFailed) {
    source::FetchOptions fetchOptions;
    fetchOptions.cacheDir = options_.cacheDir;
    auto seconds = std::chrono::ceil<std::chrono::seconds>(repo.spec.timeout);
    fetchOptions.timeout = std::max(seconds, std::chrono::seconds(1));
    if (!repo.spec.secretRef.empty()) {
      auto data = readSecretData(client_, repo.meta.ns, repo.spec.secretRef);
      if (!data.ok()) {
        secretFailed = true;
        return data.status().withPrefix(repo.spec.url + ": source: credentials");
      }
      fetchOptions.credentials = credentialsOf(*data);
    }
    // One fetch per url at a time: the cache of a url is not safe for concurrent fetches.
    std::mutex& urlMutex = mutexFor(repo.spec.url);
    std::lock_guard lock(urlMutex);
    return source::makeGitSource()->fetch(repo.spec.url, repo.spec.ref, fetchOptions);
  }

  // A suspended GitRepository keeps serving the artifact its status names; after a restart
  // the store is empty, so the commit of status.artifact is exported again (from the cache,
  // without network when the commit is there). Best effort: on failure the store stays empty
  // and the Kustomizations report ArtifactFailed.
  void restoreArtifact(const ObjectKey& key, const GitRepository& repo) {
    const auto& artifact = repo.status.artifact;
    if (!artifact || artifacts_.get(key)) return;
    size_t at = artifact->revision.rfind("sha1:");
    if (at == std::string::npos) return;
    GitRepository pinned = repo;
    pinned.spec.ref = source::GitRef{};
    pinned.spec.ref.commit = artifact->revision.substr(at + 5);
    bool secretFailed = false;
    Result<source::Artifact> fetched = fetch(pinned, secretFailed);
    if (!fetched.ok()) return;
    auto dir = applyIgnore(fetched->dir, repo.spec.ignore.value_or(""), options_.cacheDir);
    if (!dir.ok()) return;
    auto digest = digestOf(*dir);
    if (!digest.ok()) return;
    artifacts_.put(key, StoredArtifact{artifact->revision, digest->digest, *dir});
  }

  // spec.verify: the signature of the fetched commit and/or tag against the public keys of
  // spec.verify.secretRef (every value of the Secret). Returns "commit <hex> signed by <key>"
  // lines joined by "; ".
  Result<std::string> verify(const GitRepository& repo, const source::Artifact& artifact,
                             bool& secretFailed) {
    source::VerifyOptions verify;
    const std::string& mode = repo.spec.verifyMode;
    if (mode == "HEAD") verify.mode = source::VerifyMode::Head;
    else if (mode == "Tag") verify.mode = source::VerifyMode::Tag;
    else if (mode == "TagAndHEAD") verify.mode = source::VerifyMode::TagAndHead;
    else {
      return invalidArgument(repo.spec.url + ": source: verify: unsupported mode \"" + mode +
                             "\" (supported: HEAD, Tag, TagAndHEAD)");
    }
    if (!repo.spec.verifySecretRef.empty()) {
      auto data = readSecretData(client_, repo.meta.ns, repo.spec.verifySecretRef);
      if (!data.ok()) {
        secretFailed = true;
        return data.status().withPrefix(repo.spec.url + ": source: verify");
      }
      for (auto& [key, value] : *data) verify.publicKeys.push_back(value);
    }
    source::FetchOptions fetchOptions;
    fetchOptions.cacheDir = options_.cacheDir;
    GITSYNC_ASSIGN_OR_RETURN(
        std::vector<std::string> lines,
        source::verifyArtifact(repo.spec.url, repo.spec.ref, artifact, fetchOptions, verify));
    std::string out;
    for (const std::string& line : lines) out += (out.empty() ? "" : "; ") + line;
    return out;
  }

  std::mutex& mutexFor(const std::string& url) {
    std::lock_guard lock(mutex_);
    auto& m = urlMutexes_[url];
    if (!m) m = std::make_unique<std::mutex>();
    return *m;
  }

  // Exported trees never change: their digest is computed once per folder.
  Result<TreeDigest> digestOf(const std::filesystem::path& dir) {
    {
      std::lock_guard lock(mutex_);
      if (auto it = digests_.find(dir.string()); it != digests_.end()) return it->second;
    }
    GITSYNC_ASSIGN_OR_RETURN(TreeDigest d, digestTree(dir));
    std::lock_guard lock(mutex_);
    digests_[dir.string()] = d;
    return d;
  }

  Result<ReconcileResult> stalled(const kube::ObjectRef& ref, const Json& object,
                                  const Status& error) {
    auto meta = parseMeta(object);
    if (!meta.ok()) return meta.status();
    GitRepositoryStatus st;
    st.observedGeneration = meta->generation;
    markGitRepositoryFailed(st.conditions, GitStage::Fetch,
                            Status(Code::InvalidArgument, error.message()), meta->generation,
                            nowRfc3339());
    Json status = statusToJson(st);
    status.erase("artifact");  // an artifact stored before the spec broke stays listed
    GITSYNC_RETURN_IF_ERROR(writeStatus(client_, ref, status, options_.fieldManager));
    return ReconcileResult{};
  }

  // Writes the status when it changed. status.artifact is sent only when it differs from the
  // one read: an artifact written by someone else (or an older version) is left as it is,
  // never echoed back (it may not pass the schema).
  Status writeIfChanged(const kube::ObjectRef& ref, const Json& before,
                        const GitRepositoryStatus& status) {
    Json after = statusToJson(status);
    if (after == before) return okStatus();
    if (after["artifact"] == before["artifact"]) after.erase("artifact");
    return writeStatus(client_, ref, after, options_.fieldManager);
  }

  static InvolvedObject involved(const GitRepository& repo) {
    return involvedObject("GitRepository", repo.meta);
  }

  kube::HttpKubeClient& client_;
  [[maybe_unused]] kube::Clock& clock_;
  ArtifactStore& artifacts_;
  ReconcilerOptions options_;
  EventRecorder events_;
  std::mutex mutex_;
  std::map<std::string, std::unique_ptr<std::mutex>> urlMutexes_;
  std::map<std::string, TreeDigest> digests_;
};

}  // namespace

std::unique_ptr<Reconciler> makeGitRepositoryReconciler(kube::HttpKubeClient& client,
                                                        kube::Clock& clock,
                                                        ArtifactStore& artifacts,
                                                        const ReconcilerOptions& options) {
  return std::make_unique<GitRepositoryReconciler>(client, clock, artifacts, options);
}

}  // namespace gitsync::controller
