#pragma once
// The one place where the outcome of a reconcile becomes conditions (Flux's vocabulary):
// which stage failed and how -> Ready's reason, Stalled, Healthy, Reconciling.
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "gitsync/controller/api.h"
#include "gitsync/core/status.h"

namespace gitsync::controller {

// Where a Kustomization reconcile stopped.
enum class Stage {
  Spec,          // the object is invalid (parse errors, a path leaving the artifact)
  Dependencies,  // a dependsOn Kustomization is not ready at its source's revision
  Artifact,      // no artifact of the source yet
  Build,         // render, postBuild substitution, substituteFrom reads
  Apply,
  Prune,
  Health,
};

// Ready's reason for a failure of `stage`: InvalidSpec, DependencyNotReady, ArtifactFailed,
// BuildFailed, ReconciliationFailed, PruneFailed, HealthCheckFailed, or HealthCheckCanceled
// for a health wait that was canceled.
std::string failureReason(Stage stage, bool canceled = false);

// Ready False with failureReason and `error`'s message; Stalled True (InvalidSpec) for Spec
// failures, else removed; Healthy False for Health failures; Reconciling, when present,
// gets reason ProgressingWithRetry (Flux's finalizeStatus).
void markKustomizationFailed(std::vector<Condition>& conditions, Stage stage,
                             const Status& error, bool canceled, int64_t generation,
                             const std::string& now);

// A reconcile of a new revision started: Reconciling True (Progressing, "Fetching manifests
// for revision <rev> with a timeout of <t>"), Ready Unknown ("Reconciliation in progress").
void markKustomizationProgressing(std::vector<Condition>& conditions, const std::string& revision,
                                  const std::string& timeout, int64_t generation,
                                  const std::string& now);

// Ready True (ReconciliationSucceeded, "Applied revision: <rev>"); Healthy True ("Health check
// passed in <d>") when `healthChecked` (left as it is when `healthDuration` is empty: nothing
// was waited for), else removed; Reconciling and Stalled removed.
void markKustomizationSucceeded(std::vector<Condition>& conditions, const std::string& revision,
                                bool healthChecked, const std::string& healthDuration,
                                int64_t generation, const std::string& now);

// Where a GitRepository reconcile stopped.
enum class GitStage {
  Credentials,  // spec.secretRef or spec.verify.secretRef cannot be read
  Fetch,
  Verify,       // spec.verify: the signature does not check out
  Store,        // spec.ignore copy, digest
};

// Ready's reason: AuthenticationFailed (Credentials; a Fetch refused for its credentials),
// VerificationError (Verify), StorageOperationFailed (Store), else GitOperationFailed.
std::string gitFailureReason(GitStage stage, const Status& error);

// Ready False with that reason; SourceVerified False for Verify failures; Stalled True
// (InvalidSpec) for InvalidArgument from Fetch or Verify (a malformed ref, mode or key:
// retrying cannot help), else removed; Reconciling removed; ArtifactInStorage kept.
void markGitRepositoryFailed(std::vector<Condition>& conditions, GitStage stage,
                             const Status& error, int64_t generation, const std::string& now);

// SourceVerified True (Succeeded, "verified signature of <what>"); removed when `what` is
// empty (spec.verify is not set).
void markGitRepositoryVerified(std::vector<Condition>& conditions, const std::string& what,
                               int64_t generation, const std::string& now);

// Ready and ArtifactInStorage True (Succeeded, "stored artifact for revision '<rev>'");
// Reconciling and Stalled removed.
void markGitRepositoryStored(std::vector<Condition>& conditions, const std::string& revision,
                             int64_t generation, const std::string& now);

// "1m30s", "10s", "500ms", "2h": Go's time.Duration.String for whole units.
std::string formatDuration(std::chrono::milliseconds d);

}  // namespace gitsync::controller
