// The Kustomization reconciler (Flux's kustomize-controller): finalizer, suspend, dependsOn,
// source artifact, build, apply, prune, health; status, conditions and Events.
#include <algorithm>
#include <map>
#include <memory>
#include <mutex>

#include "conditions.h"
#include "gitsync/controller/events.h"
#include "gitsync/controller/reconcilers.h"
#include "gitsync/render/render.h"
#include "kustomization_apply.h"
#include "kustomization_build.h"
#include "kustomization_dependencies.h"
#include "kustomization_substitute.h"
#include "status_writer.h"

namespace gitsync::controller {
namespace fs = std::filesystem;
namespace {

// The rendered output of the last successful apply of a Kustomization (monorepo change
// detection: a new revision that renders the same is not applied again).
struct AppliedMemo {
  std::string digest;
  int64_t generation = 0;
};

// "3 created, 1 configured" and the lines of the objects that changed.
std::string describeChanges(const apply::ChangeSet& changes) {
  std::string text = changes.summary();
  for (const auto& e : changes.entries) {
    if (e.action == apply::Action::Unchanged) continue;
    text += '\n';
    text += e.line();
  }
  return text;
}

bool hasChanges(const apply::ChangeSet& changes) {
  return changes.count(apply::Action::Created) + changes.count(apply::Action::Configured) +
             changes.count(apply::Action::Deleted) >
         0;
}

class KustomizationReconciler final : public Reconciler {
 public:
  KustomizationReconciler(kube::HttpKubeClient& client, kube::Clock& clock,
                          ArtifactStore& artifacts, const ReconcilerOptions& options)
      : client_(client), clock_(clock), artifacts_(artifacts), options_(options),
        events_(client, "gitsync-kustomize") {}

  Result<ReconcileResult> reconcile(const ObjectKey& key, std::stop_token stop) override {
    kube::ObjectRef ref{kustomizationGvk(), key.ns, key.name};
    Result<Json> object = client_.get(ref);
    if (!object.ok() && object.status().code() == Code::NotFound) {
      forget(key);
      return ReconcileResult{};
    }
    if (!object.ok()) return object.status();
    Result<Kustomization> parsed = parseKustomization(*object);
    if (!parsed.ok()) return invalid(ref, *object, parsed.status());
    Kustomization k = std::move(parsed).value();
    if (k.meta.deleting) return finalize(key, ref, k, *object);
    if (std::find(k.meta.finalizers.begin(), k.meta.finalizers.end(), kFinalizer) ==
        k.meta.finalizers.end()) {
      GITSYNC_RETURN_IF_ERROR(
          setFinalizer(client_, *object, kFinalizer, true, options_.fieldManager));
    }
    Attempt a{key, ref, k, statusToJson(k.status)};
    if (!k.meta.requestedAt().empty()) a.k.status.lastHandledReconcileAt = k.meta.requestedAt();
    if (k.spec.suspend) {
      GITSYNC_RETURN_IF_ERROR(writeIfChanged(a));
      return ReconcileResult{};
    }
    return run(a, stop);
  }

 private:
  struct Attempt {
    ObjectKey key;
    kube::ObjectRef ref;
    Kustomization k;
    Json before;  // the status as read
  };

  Result<ReconcileResult> run(Attempt& a, std::stop_token stop) {
    Kustomization& k = a.k;
    KustomizationStatus& st = k.status;
    const auto dependencyRequeue = options_.dependencyRequeue;
    if (Status deps = checkDependencies(client_, k, artifacts_); !deps.ok()) {
      if (deps.code() != Code::FailedPrecondition) return deps;
      return fail(a, Stage::Dependencies,
                  failedPrecondition("dependencies do not meet ready condition (" +
                                     deps.message() + "), retrying in " +
                                     formatDuration(dependencyRequeue)),
                  dependencyRequeue);
    }
    std::optional<StoredArtifact> artifact = artifacts_.get(sourceKeyOf(k));
    if (!artifact) {
      return fail(a, Stage::Artifact,
                  unavailable("Source artifact not found, retrying in " +
                              formatDuration(dependencyRequeue)),
                  dependencyRequeue);
    }
    const std::string& revision = artifact->revision;
    Result<fs::path> dir = resolvePath(artifact->dir, k.spec.path);
    if (!dir.ok()) return fail(a, Stage::Spec, dir.status(), std::chrono::milliseconds(0));
    std::error_code ec;
    if (!fs::is_directory(*dir, ec)) {
      st.lastAttemptedRevision = revision;
      return fail(a, Stage::Artifact,
                  notFound("kustomization path not found: '" + k.spec.path + "' in revision " +
                           revision),
                  k.spec.effectiveRetryInterval());
    }
    if (st.lastAppliedRevision != revision || st.observedGeneration != k.meta.generation) {
      markKustomizationProgressing(st.conditions, revision,
                                   formatDuration(k.spec.effectiveTimeout()), k.meta.generation,
                                   nowRfc3339());
      GITSYNC_RETURN_IF_ERROR(writeIfChanged(a));
    }
    st.lastAttemptedRevision = revision;

    GITSYNC_ASSIGN_OR_RETURN(kube::HttpKubeClient * objects, clientFor(k));
    BuildOptions build;
    build.artifactDir = artifact->dir;
    build.scratchDir = options_.cacheDir / "kustomize-build";
    if (k.spec.postBuild) {
      build.substitute = true;
      auto vars = substitutionVariables(*objects, k.meta.ns, *k.spec.postBuild);
      if (!vars.ok()) return fail(a, Stage::Build, vars.status(), k.spec.effectiveRetryInterval());
      build.variables = std::move(vars).value();
    }
    Result<Build> built = buildKustomization(k.spec, build);
    if (!built.ok()) return fail(a, Stage::Build, built.status(), k.spec.effectiveRetryInterval());

    if (unchangedOutput(a, revision, built->digest)) {
      st.lastAppliedRevision = revision;
      bool healthChecked = findCondition(st.conditions, kHealthy) != nullptr;
      markKustomizationSucceeded(st.conditions, revision, healthChecked, "", k.meta.generation,
                                 nowRfc3339());
      st.observedGeneration = k.meta.generation;
      GITSYNC_RETURN_IF_ERROR(writeIfChanged(a));
      (void)events_.record(involved(k), EventType::Normal, reason::kReconciliationSucceeded,
                           "no changes under '" + k.spec.path + "' in revision " + revision,
                           revision);
      return ReconcileResult{k.spec.interval};
    }

    ApplyContext context{*objects, clock_,
                         [this, &a](const Json& patch) {
                           return writeStatus(client_, a.ref, patch, options_.fieldManager);
                         },
                         options_.fieldManager, options_.healthPollInterval,
                         [&stop] { return stop.stop_requested(); }};
    ApplyOutcome outcome = applyKustomization(k, built->objects, context);
    st.inventory = outcome.inventory;
    if (outcome.failedStage) {
      std::string message = outcome.error.message();
      if (hasChanges(outcome.sync.changes)) message += "\n" + describeChanges(outcome.sync.changes);
      ReconcileResult result{outcome.canceled ? std::chrono::milliseconds(0)
                                              : k.spec.effectiveRetryInterval(),
                             outcome.canceled};
      return fail(a, *outcome.failedStage, Status(outcome.error.code(), message),
                  result.requeueAfter, outcome.canceled);
    }
    const bool newRevision = st.lastAppliedRevision != revision;
    st.lastAppliedRevision = revision;
    st.observedGeneration = k.meta.generation;
    markKustomizationSucceeded(st.conditions, revision, outcome.healthChecked,
                               formatDuration(outcome.healthDuration), k.meta.generation,
                               nowRfc3339());
    GITSYNC_RETURN_IF_ERROR(writeIfChanged(a));
    remember(a.key, {built->digest, k.meta.generation});
    if (newRevision || hasChanges(outcome.sync.changes)) {
      (void)events_.record(involved(k), EventType::Normal, reason::kReconciliationSucceeded,
                           describeChanges(outcome.sync.changes), revision);
    }
    return ReconcileResult{k.spec.interval};
  }

  // Deletion: prune the inventory (spec.prune, not suspended), then drop the finalizer.
  Result<ReconcileResult> finalize(const ObjectKey& key, const kube::ObjectRef& ref,
                                   Kustomization& k, const Json& object) {
    forget(key);
    const auto& finalizers = k.meta.finalizers;
    if (std::find(finalizers.begin(), finalizers.end(), kFinalizer) == finalizers.end()) {
      return ReconcileResult{};
    }
    if (k.spec.prune && !k.spec.suspend && k.status.inventory && !k.status.inventory->empty()) {
      std::vector<kube::ObjectRef> refs;
      for (const auto& entry : k.status.inventory->entries) {
        auto r = apply::Inventory::refOf(entry);
        if (r.ok()) refs.push_back(*r);
      }
      GITSYNC_ASSIGN_OR_RETURN(kube::HttpKubeClient * objects, clientFor(k));
      apply::PruneOptions prune;
      prune.owner = {k.meta.name, k.meta.ns};
      apply::ApplyResult pruned = apply::makePruner(*objects)->prune(refs, prune);
      if (!pruned.status.ok()) {
        Attempt a{key, ref, k, statusToJson(k.status)};
        return fail(a, Stage::Prune, pruned.status, k.spec.effectiveRetryInterval());
      }
      if (hasChanges(pruned.changes)) {
        (void)events_.record(involved(k), EventType::Normal, "Pruned",
                             describeChanges(pruned.changes));
      }
    }
    GITSYNC_RETURN_IF_ERROR(setFinalizer(client_, object, kFinalizer, false,
                                         options_.fieldManager));
    return ReconcileResult{};
  }

  Result<ReconcileResult> fail(Attempt& a, Stage stage, const Status& error,
                               std::chrono::milliseconds requeue, bool canceled = false) {
    KustomizationStatus& st = a.k.status;
    markKustomizationFailed(st.conditions, stage, error, canceled, a.k.meta.generation,
                            nowRfc3339());
    if (stage == Stage::Spec) st.observedGeneration = a.k.meta.generation;
    GITSYNC_RETURN_IF_ERROR(writeIfChanged(a));
    forget(a.key);
    (void)events_.record(involved(a.k), EventType::Warning, failureReason(stage, canceled),
                         error.message(), st.lastAttemptedRevision);
    return ReconcileResult{requeue, canceled};
  }

  // A spec that does not parse: Stalled until it changes (the finalizer is dropped on
  // deletion: what to prune cannot be known).
  Result<ReconcileResult> invalid(const kube::ObjectRef& ref, const Json& object,
                                  const Status& error) {
    GITSYNC_ASSIGN_OR_RETURN(ObjectMeta meta, parseMeta(object));
    if (meta.deleting) {
      GITSYNC_RETURN_IF_ERROR(setFinalizer(client_, object, kFinalizer, false,
                                           options_.fieldManager));
      return ReconcileResult{};
    }
    std::vector<Condition> conditions;
    markKustomizationFailed(conditions, Stage::Spec, error, false, meta.generation, nowRfc3339());
    Json status = {{"observedGeneration", meta.generation},
                   {"conditions", conditionsToJson(conditions)}};
    GITSYNC_RETURN_IF_ERROR(writeStatus(client_, ref, status, options_.fieldManager));
    return ReconcileResult{};
  }

  // True when `revision` is new, its output is what the last successful apply applied, and
  // the spec did not change since: only the revisions move.
  bool unchangedOutput(const Attempt& a, const std::string& revision, const std::string& digest) {
    if (a.k.status.lastAppliedRevision == revision || a.k.status.lastAppliedRevision.empty()) {
      return false;
    }
    std::lock_guard lock(mutex_);  // a memo exists only after a successful apply
    auto it = memos_.find(a.key);
    return it != memos_.end() && it->second.digest == digest &&
           it->second.generation == a.k.meta.generation;
  }

  void remember(const ObjectKey& key, AppliedMemo memo) {
    std::lock_guard lock(mutex_);
    memos_[key] = std::move(memo);
  }
  void forget(const ObjectKey& key) {
    std::lock_guard lock(mutex_);
    memos_.erase(key);
  }

  // The client for the objects of `k`: the controller's, or one impersonating
  // system:serviceaccount:<namespace>:<serviceAccountName> (made once, then reused).
  Result<kube::HttpKubeClient*> clientFor(const Kustomization& k) {
    if (k.spec.serviceAccountName.empty()) return &client_;
    std::string user = "system:serviceaccount:" + k.meta.ns + ":" + k.spec.serviceAccountName;
    std::lock_guard lock(mutex_);
    auto& slot = impersonating_[user];
    if (!slot) {
      kube::RestConfig config = options_.restConfig;
      config.impersonateUser = user;
      auto connected = kube::HttpKubeClient::connect(config, options_.clientOptions, clock_);
      if (!connected.ok()) return connected.status().withPrefix("impersonate " + user);
      slot = std::move(connected).value();
    }
    return slot.get();
  }

  Status writeIfChanged(Attempt& a) {
    Json after = statusToJson(a.k.status);
    if (after == a.before) return okStatus();
    GITSYNC_RETURN_IF_ERROR(writeStatus(client_, a.ref, after, options_.fieldManager));
    a.before = std::move(after);
    return okStatus();
  }

  static InvolvedObject involved(const Kustomization& k) {
    return involvedObject("Kustomization", k.meta);
  }

  kube::HttpKubeClient& client_;
  kube::Clock& clock_;
  ArtifactStore& artifacts_;
  ReconcilerOptions options_;
  EventRecorder events_;
  std::mutex mutex_;
  std::map<ObjectKey, AppliedMemo> memos_;
  std::map<std::string, std::unique_ptr<kube::HttpKubeClient>> impersonating_;
};

}  // namespace

std::unique_ptr<Reconciler> makeKustomizationReconciler(kube::HttpKubeClient& client,
                                                        kube::Clock& clock,
                                                        ArtifactStore& artifacts,
                                                        const ReconcilerOptions& options) {
  return std::make_unique<KustomizationReconciler>(client, clock, artifacts, options);
}

}  // namespace gitsync::controller
