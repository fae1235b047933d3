#include "conditions.h"

#include <cstdio>

namespace gitsync::controller {
namespace {

constexpr char kProgressingWithRetry[] = "ProgressingWithRetry";
constexpr char kStorageOperationFailed[] = "StorageOperationFailed";
constexpr char kSourceVerified[] = "SourceVerified";

Condition condition(const char* type, const char* status, std::string reason,
                    std::string message, int64_t generation) {
  return Condition{type, status, std::move(reason), std::move(message), generation, ""};
}

}  // namespace

std::string failureReason(Stage stage, bool canceled) {
  switch (stage) {
    case Stage::Spec: return reason::kInvalidSpec;
    case Stage::Dependencies: return reason::kDependencyNotReady;
    case Stage::Artifact: return reason::kArtifactFailed;
    case Stage::Build: return reason::kBuildFailed;
    case Stage::Apply: return reason::kReconciliationFailed;
    case Stage::Prune: return reason::kPruneFailed;
    case Stage::Health:
      return canceled ? reason::kHealthCheckCanceled : reason::kHealthCheckFailed;
  }
  return reason::kReconciliationFailed;
}

void markKustomizationFailed(std::vector<Condition>& conditions, Stage stage,
                             const Status& error, bool canceled, int64_t generation,
                             const std::string& now) {
  std::string why = failureReason(stage, canceled);
  setCondition(conditions, condition(kReady, "False", why, error.message(), generation), now);
  if (stage == Stage::Spec) {
    setCondition(conditions, condition(kStalled, "True", why, error.message(), generation), now);
    removeCondition(conditions, kReconciling);
  } else {
    removeCondition(conditions, kStalled);
  }
  if (stage == Stage::Health) {
    setCondition(conditions, condition(kHealthy, "False", why, error.message(), generation), now);
  }
  for (Condition& c : conditions) {
    if (c.type == kReconciling) {
      c.reason = kProgressingWithRetry;
      c.observedGeneration = generation;
    }
  }
}

void markKustomizationProgressing(std::vector<Condition>& conditions, const std::string& revision,
                                  const std::string& timeout, int64_t generation,
                                  const std::string& now) {
  setCondition(conditions,
               condition(kReconciling, "True", reason::kProgressing,
                         "Fetching manifests for revision " + revision + " with a timeout of " +
                             timeout,
                         generation),
               now);
  setCondition(conditions,
               condition(kReady, "Unknown", reason::kProgressing, "Reconciliation in progress",
                         generation),
               now);
}

void markKustomizationSucceeded(std::vector<Condition>& conditions, const std::string& revision,
                                bool healthChecked, const std::string& healthDuration,
                                int64_t generation, const std::string& now) {
  setCondition(conditions,
               condition(kReady, "True", reason::kReconciliationSucceeded,
                         "Applied revision: " + revision, generation),
               now);
  if (healthChecked && healthDuration.empty()) {
    // Nothing was waited for this time (unchanged output): Healthy stays as it was.
  } else if (healthChecked) {
    setCondition(conditions,
                 condition(kHealthy, "True", reason::kSucceeded,
                           "Health check passed in " + healthDuration, generation),
                 now);
  } else {
    removeCondition(conditions, kHealthy);
  }
  removeCondition(conditions, kReconciling);
  removeCondition(conditions, kStalled);
}

std::string gitFailureReason(GitStage stage, const Status& error) {
  switch (stage) {
    case GitStage::Credentials: return reason::kAuthenticationFailed;
    case GitStage::Verify: return reason::kVerificationError;
    case GitStage::Store: return kStorageOperationFailed;
    case GitStage::Fetch: break;
  }
  if (error.code() == Code::FailedPrecondition &&
      error.message().find("authentication") != std::string::npos) {
    return reason::kAuthenticationFailed;
  }
  return reason::kGitOperationFailed;
}

void markGitRepositoryFailed(std::vector<Condition>& conditions, GitStage stage,
                             const Status& error, int64_t generation, const std::string& now) {
  std::string why = gitFailureReason(stage, error);
  setCondition(conditions, condition(kReady, "False", why, error.message(), generation), now);
  if (stage == GitStage::Verify) {
    setCondition(conditions,
                 condition(kSourceVerified, "False", why, error.message(), generation), now);
  }
  bool invalid = error.code() == Code::InvalidArgument &&
                 (stage == GitStage::Fetch || stage == GitStage::Verify);
  if (invalid) {
    setCondition(conditions,
                 condition(kStalled, "True", reason::kInvalidSpec, error.message(), generation),
                 now);
  } else {
    removeCondition(conditions, kStalled);
  }
  removeCondition(conditions, kReconciling);
}

void markGitRepositoryVerified(std::vector<Condition>& conditions, const std::string& what,
                               int64_t generation, const std::string& now) {
  if (what.empty()) {
    removeCondition(conditions, kSourceVerified);
    return;
  }
  setCondition(conditions,
               condition(kSourceVerified, "True", reason::kSucceeded,
                         "verified signature of " + what, generation),
               now);
}

void markGitRepositoryStored(std::vector<Condition>& conditions, const std::string& revision,
                             int64_t generation, const std::string& now) {
  std::string message = "stored artifact for revision '" + revision + "'";
  setCondition(conditions, condition(kReady, "True", reason::kSucceeded, message, generation),
               now);
  setCondition(conditions,
               condition(kArtifactInStorage, "True", reason::kSucceeded, message, generation), now);
  removeCondition(conditions, kReconciling);
  removeCondition(conditions, kStalled);
}

std::string formatDuration(std::chrono::milliseconds d) {
  long long ms = d.count();
  if (ms == 0) return "0s";
  if (ms < 1000) return std::to_string(ms) + "ms";
  std::string out;
  long long h = ms / 3'600'000, m = ms / 60'000 % 60, s = ms / 1000 % 60, rest = ms % 1000;
  if (h > 0) out += std::to_string(h) + "h";
  if (h > 0 || m > 0) out += std::to_string(m) + "m";
  out += std::to_string(s);
  if (rest > 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%03lld", rest);
    std::string f = frac;
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  return out + "s";
}

}  // namespace gitsync::controller
