// The one mapping from a reconcile's outcome to conditions.
#include <catch2/catch.hpp>

#include "controller/conditions.h"

using namespace gitsync::controller;
using gitsync::Code;
using gitsync::Status;

namespace {

// "Type=Status/Reason: message (gen N)" per condition, in order.
std::vector<std::string> lines(const std::vector<Condition>& conditions) {
  std::vector<std::string> out;
  for (const Condition& c : conditions) {
    out.push_back(c.type + "=" + c.status + "/" + c.reason + ": " + c.message + " (gen " +
                  std::to_string(c.observedGeneration) + ")");
  }
  return out;
}

}  // namespace

TEST_CASE("failureReason: every stage has its Flux reason", "[conditions]") {
  CHECK(failureReason(Stage::Spec) == "InvalidSpec");
  CHECK(failureReason(Stage::Dependencies) == "DependencyNotReady");
  CHECK(failureReason(Stage::Artifact) == "ArtifactFailed");
  CHECK(failureReason(Stage::Build) == "BuildFailed");
  CHECK(failureReason(Stage::Apply) == "ReconciliationFailed");
  CHECK(failureReason(Stage::Prune) == "PruneFailed");
  CHECK(failureReason(Stage::Health) == "HealthCheckFailed");
  CHECK(failureReason(Stage::Health, true) == "HealthCheckCanceled");
}

TEST_CASE("a Kustomization: progressing, then failing, then succeeding", "[conditions]") {
  std::vector<Condition> c;
  markKustomizationProgressing(c, "main@sha1:abc", "5m0s", 2, "t1");
  CHECK(lines(c) == std::vector<std::string>{
                        "Reconciling=True/Progressing: Fetching manifests for revision "
                        "main@sha1:abc with a timeout of 5m0s (gen 2)",
                        "Ready=Unknown/Progressing: Reconciliation in progress (gen 2)"});

  markKustomizationFailed(c, Stage::Build, Status(Code::InvalidArgument, "apps/x.yaml: line 3: bad"),
                          false, 2, "t2");
  CHECK(lines(c) == std::vector<std::string>{
                        "Reconciling=True/ProgressingWithRetry: Fetching manifests for revision "
                        "main@sha1:abc with a timeout of 5m0s (gen 2)",
                        "Ready=False/BuildFailed: apps/x.yaml: line 3: bad (gen 2)"});
  CHECK(c[1].lastTransitionTime == "t2");

  markKustomizationFailed(c, Stage::Health, Status(Code::Aborted, "health: canceled"), true, 2,
                          "t3");
  CHECK(lines(c)[1] == "Ready=False/HealthCheckCanceled: health: canceled (gen 2)");
  CHECK(c[1].lastTransitionTime == "t2");  // still False: the transition time stays
  CHECK(lines(c)[2] == "Healthy=False/HealthCheckCanceled: health: canceled (gen 2)");

  markKustomizationSucceeded(c, "main@sha1:abc", true, "1.5s", 2, "t4");
  CHECK(lines(c) == std::vector<std::string>{
                        "Ready=True/ReconciliationSucceeded: Applied revision: main@sha1:abc (gen 2)",
                        "Healthy=True/Succeeded: Health check passed in 1.5s (gen 2)"});
  CHECK(c[0].lastTransitionTime == "t4");

  // Unchanged output: nothing waited for, Healthy stays; without checks it goes.
  markKustomizationSucceeded(c, "main@sha1:def", true, "", 2, "t5");
  CHECK(lines(c)[1] == "Healthy=True/Succeeded: Health check passed in 1.5s (gen 2)");
  markKustomizationSucceeded(c, "main@sha1:def", false, "0s", 3, "t6");
  CHECK(lines(c) == std::vector<std::string>{
                        "Ready=True/ReconciliationSucceeded: Applied revision: main@sha1:def (gen 3)"});
}

TEST_CASE("an invalid Kustomization spec is Stalled", "[conditions]") {
  std::vector<Condition> c;
  markKustomizationProgressing(c, "main@sha1:abc", "1m0s", 1, "t1");
  markKustomizationFailed(c, Stage::Spec,
                          Status(Code::InvalidArgument, "spec.path \"../x\" leaves the source artifact"),
                          false, 1, "t2");
  CHECK(lines(c) == std::vector<std::string>{
                        "Ready=False/InvalidSpec: spec.path \"../x\" leaves the source artifact (gen 1)",
                        "Stalled=True/InvalidSpec: spec.path \"../x\" leaves the source artifact (gen 1)"});
  markKustomizationFailed(c, Stage::Apply, Status(Code::InvalidArgument, "boom"), false, 2, "t3");
  CHECK(lines(c) == std::vector<std::string>{"Ready=False/ReconciliationFailed: boom (gen 2)"});
}

TEST_CASE("a GitRepository: failures by stage, then a stored artifact", "[conditions]") {
  CHECK(gitFailureReason(GitStage::Fetch, Status(Code::Unavailable, "x: source: connect: refused")) ==
        "GitOperationFailed");
  CHECK(gitFailureReason(GitStage::Fetch, Status(Code::FailedPrecondition,
                                                 "x: source: connect: authentication required")) ==
        "AuthenticationFailed");
  CHECK(gitFailureReason(GitStage::Credentials, Status(Code::NotFound, "secret 'a/b': get")) ==
        "AuthenticationFailed");
  CHECK(gitFailureReason(GitStage::Fetch,
                         Status(Code::FailedPrecondition,
                                "x: source: export: a: symlink target \"..\" leaves the tree")) ==
        "GitOperationFailed");
  CHECK(gitFailureReason(GitStage::Verify, Status(Code::FailedPrecondition, "not signed")) ==
        "VerificationError");
  CHECK(gitFailureReason(GitStage::Store, Status(Code::Internal, "disk")) ==
        "StorageOperationFailed");

  std::vector<Condition> c;
  markGitRepositoryFailed(c, GitStage::Fetch,
                          Status(Code::InvalidArgument, "x: source: commit \"abc\" is not 40 hex digits"),
                          1, "t1");
  CHECK(lines(c) == std::vector<std::string>{
                        "Ready=False/GitOperationFailed: x: source: commit \"abc\" is not 40 hex "
                        "digits (gen 1)",
                        "Stalled=True/InvalidSpec: x: source: commit \"abc\" is not 40 hex digits "
                        "(gen 1)"});
  markGitRepositoryVerified(c, "commit abc signed by SSH key SHA256:k", 2, "t2");
  markGitRepositoryStored(c, "main@sha1:abc", 2, "t2");
  CHECK(lines(c) == std::vector<std::string>{
                        "Ready=True/Succeeded: stored artifact for revision 'main@sha1:abc' (gen 2)",
                        "SourceVerified=True/Succeeded: verified signature of commit abc signed by "
                        "SSH key SHA256:k (gen 2)",
                        "ArtifactInStorage=True/Succeeded: stored artifact for revision "
                        "'main@sha1:abc' (gen 2)"});
  markGitRepositoryFailed(c, GitStage::Verify,
                          Status(Code::FailedPrecondition, "x: source: verify: commit def: not signed"),
                          2, "t3");
  CHECK(lines(c) == std::vector<std::string>{
                        "Ready=False/VerificationError: x: source: verify: commit def: not signed "
                        "(gen 2)",
                        "SourceVerified=False/VerificationError: x: source: verify: commit def: not "
                        "signed (gen 2)",
                        "ArtifactInStorage=True/Succeeded: stored artifact for revision "
                        "'main@sha1:abc' (gen 2)"});
}

TEST_CASE("formatDuration prints Go's time.Duration", "[conditions]") {
  CHECK(formatDuration(std::chrono::milliseconds(0)) == "0s");
  CHECK(formatDuration(std::chrono::milliseconds(250)) == "250ms");
  CHECK(formatDuration(std::chrono::milliseconds(1500)) == "1.5s");
  CHECK(formatDuration(std::chrono::seconds(10)) == "10s");
  CHECK(formatDuration(std::chrono::seconds(90)) == "1m30s");
  CHECK(formatDuration(std::chrono::minutes(10)) == "10m0s");
  CHECK(formatDuration(std::chrono::hours(1)) == "1h0m0s");
}
