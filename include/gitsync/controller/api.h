#pragma once
// The gitsync.dev/v1 custom resources (GitRepository, Kustomization, Receiver) as value types,
// read from the JSON the API server returns. Field names and meanings follow Flux's v1 API
// (source.toolkit.fluxcd.io/v1, kustomize.toolkit.fluxcd.io/v1,
// notification.toolkit.fluxcd.io/v1) so a Flux manifest ports by changing its apiVersion.
// The CRDs in manifests/ are the schema; docs/api.md is the reference.
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "gitsync/apply/inventory.h"
#include "gitsync/core/status.h"
#include "gitsync/kube/types.h"
#include "gitsync/source/source.h"

namespace gitsync::controller {

using kube::Json;

inline constexpr char kGroup[] = "gitsync.dev";
inline constexpr char kVersion[] = "v1";
inline constexpr char kApiVersion[] = "gitsync.dev/v1";

kube::GroupVersionKind gitRepositoryGvk();  // gitsync.dev/v1 GitRepository
kube::GroupVersionKind kustomizationGvk();  // gitsync.dev/v1 Kustomization
kube::GroupVersionKind receiverGvk();       // gitsync.dev/v1 Receiver

// Set (to any new value, by convention an RFC 3339 time) to ask for an immediate reconcile;
// the controller copies the value it handled into status.lastHandledReconcileAt.
inline constexpr char kRequestedAtAnnotation[] = "reconcile.gitsync.dev/requestedAt";
// Kustomizations with spec.prune carry it so deleting them deletes their inventory first.
inline constexpr char kFinalizer[] = "finalizers.gitsync.dev";

// Condition types and reasons (Flux's vocabulary, kstatus-compatible).
inline constexpr char kReady[] = "Ready";
inline constexpr char kReconciling[] = "Reconciling";
inline constexpr char kStalled[] = "Stalled";
inline constexpr char kHealthy[] = "Healthy";
inline constexpr char kArtifactInStorage[] = "ArtifactInStorage";
namespace reason {
inline constexpr char kSucceeded[] = "Succeeded";                   // GitRepository Ready
inline constexpr char kReconciliationSucceeded[] = "ReconciliationSucceeded";  // Kustomization
inline constexpr char kProgressing[] = "Progressing";
inline constexpr char kGitOperationFailed[] = "GitOperationFailed";
inline constexpr char kAuthenticationFailed[] = "AuthenticationFailed";
inline constexpr char kArtifactFailed[] = "ArtifactFailed";
inline constexpr char kBuildFailed[] = "BuildFailed";
inline constexpr char kReconciliationFailed[] = "ReconciliationFailed";
inline constexpr char kPruneFailed[] = "PruneFailed";
inline constexpr char kHealthCheckFailed[] = "HealthCheckFailed";
inline constexpr char kHealthCheckCanceled[] = "HealthCheckCanceled";
inline constexpr char kDependencyNotReady[] = "DependencyNotReady";
inline constexpr char kInvalidSpec[] = "InvalidSpec";  // Stalled: fix the object
inline constexpr char kSuspended[] = "Suspended";
inline constexpr char kVerificationError[] = "VerificationError";
}  // namespace reason

struct Condition {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::string reason;
  std::string message;
  int64_t observedGeneration = 0;
  std::string lastTransitionTime;  // RFC 3339
  bool operator==(const Condition&) const = default;
};

struct ObjectMeta {
  std::string ns;
  std::string name;
  std::string uid;
  std::string resourceVersion;
  int64_t generation = 0;
  std::map<std::string, std::string> labels;
  std::map<std::string, std::string> annotations;
  std::vector<std::string> finalizers;
  bool deleting = false;  // metadata.deletionTimestamp is set

  // The value of kRequestedAtAnnotation, empty when absent.
  std::string requestedAt() const;
};

// {apiVersion, kind, name, namespace}; namespace empty means the referrer's namespace.
struct CrossNamespaceObjectReference {
  std::string apiVersion;
  std::string kind;
  std::string name;
  std::string ns;
  std::map<std::string, std::string> matchLabels;  // Receiver resources with name "*"
};

// ---------------------------------------------------------------- GitRepository

struct GitRepositorySpec {
  std::string url;
  source::GitRef ref;
  std::chrono::milliseconds interval{std::chrono::minutes(1)};
  std::chrono::milliseconds timeout{std::chrono::seconds(60)};
  // Secret in the same namespace: username/password, bearerToken, identity (+ password as
  // the key's passphrase) with known_hosts, ca.crt.
  std::string secretRef;
  std::optional<std::string> ignore;  // .gitignore-syntax lines, applied after .sourceignore
  bool suspend = false;
  // verify: {mode: HEAD|Tag|TagAndHEAD, secretRef: {name}}; empty mode: no verification.
  std::string verifyMode;
  std::string verifySecretRef;
};

struct ArtifactStatus {
  std::string path;
  std::string url;
  std::string revision;        // "main@sha1:<hex>"
  std::string digest;          // "sha256:<hex>" of the exported tree
  std::string lastUpdateTime;  // RFC 3339
  int64_t size = 0;
};

struct GitRepositoryStatus {
  int64_t observedGeneration = 0;
  std::vector<Condition> conditions;
  std::optional<ArtifactStatus> artifact;
  std::string lastHandledReconcileAt;
};

struct GitRepository {
  ObjectMeta meta;
  GitRepositorySpec spec;
  GitRepositoryStatus status;
};

// ---------------------------------------------------------------- Kustomization

struct DependencyReference {
  std::string name;
  std::string ns;  // empty: the Kustomization's namespace
};

struct SubstituteReference {
  std::string kind;  // "ConfigMap" or "Secret"
  std::string name;
  bool optional = false;
};

struct PostBuild {
  std::map<std::string, std::string> substitute;
  std::vector<SubstituteReference> substituteFrom;
};

struct KustomizationSpec {
  CrossNamespaceObjectReference sourceRef;  // kind GitRepository
  std::string path;                         // "" means the root of the artifact
  std::chrono::milliseconds interval{std::chrono::minutes(10)};
  std::optional<std::chrono::milliseconds> retryInterval;  // default: interval
  std::optional<std::chrono::milliseconds> timeout;        // default: interval
  bool prune = false;
  bool wait = false;
  std::vector<CrossNamespaceObjectReference> healthChecks;
  std::vector<DependencyReference> dependsOn;
  std::string targetNamespace;
  std::string namePrefix;
  std::string nameSuffix;
  Json patches = Json::array();  // [{patch: "...", target: {...}}], as in kustomization.yaml
  Json images = Json::array();   // [{name, newName, newTag, digest}]
  std::vector<std::string> components;
  std::optional<PostBuild> postBuild;
  bool force = false;
  bool suspend = false;
  std::string serviceAccountName;  // impersonated for apply, prune and health checks

  std::chrono::milliseconds effectiveRetryInterval() const;
  std::chrono::milliseconds effectiveTimeout() const;
};

struct KustomizationStatus {
  int64_t observedGeneration = 0;
  std::vector<Condition> conditions;
  std::string lastAppliedRevision;
  std::string lastAttemptedRevision;
  std::string lastHandledReconcileAt;
  std::optional<apply::Inventory> inventory;  // status.inventory.entries [{id, v}]
};

struct Kustomization {
  ObjectMeta meta;
  KustomizationSpec spec;
  KustomizationStatus status;
};

// ---------------------------------------------------------------- Receiver

struct ReceiverSpec {
  std::string type;  // github, gitlab, bitbucket, generic, generic-hmac
  std::vector<std::string> events;  // empty: every event
  std::string secretRef;            // Secret with key "token"
  std::vector<CrossNamespaceObjectReference> resources;
  bool suspend = false;
};

struct ReceiverStatus {
  int64_t observedGeneration = 0;
  std::vector<Condition> conditions;
  std::string webhookPath;  // "/hook/" + hex sha256(token + name + namespace)
  std::string lastHandledReconcileAt;
};

struct Receiver {
  ObjectMeta meta;
  ReceiverSpec spec;
  ReceiverStatus status;
};

// ---------------------------------------------------------------- reading and writing

// Parse an object as the API server returns it. InvalidArgument names the object and the
// field ("Kustomization/apps/web: spec.interval: invalid duration \"5x\""); defaults are
// applied as the CRDs apply them, for objects created before a default existed.
Result<GitRepository> parseGitRepository(const Json& object);
Result<Kustomization> parseKustomization(const Json& object);
Result<Receiver> parseReceiver(const Json& object);
Result<ObjectMeta> parseMeta(const Json& object);

// Flux duration syntax ("1m30s", "10m", "1h", "500ms"); nullopt when malformed.
std::optional<std::chrono::milliseconds> parseDuration(const std::string& text);

// JSON of conditions / inventory as they appear in status.
Json conditionsToJson(const std::vector<Condition>& conditions);
Json inventoryToJson(const apply::Inventory& inventory);  // {"entries": [{id, v}, ...]}

// The condition of `type`, or nullptr.
const Condition* findCondition(const std::vector<Condition>& conditions, const std::string& type);
// Replaces or appends `condition`; keeps lastTransitionTime when the status did not change,
// else sets it to `now` (RFC 3339).
void setCondition(std::vector<Condition>& conditions, Condition condition, const std::string& now);
void removeCondition(std::vector<Condition>& conditions, const std::string& type);

// True when Ready is True and its observedGeneration equals meta.generation.
bool isReady(const ObjectMeta& meta, const std::vector<Condition>& conditions);

// The current wall-clock time in RFC 3339 with second precision, UTC ("2026-11-22T02:16:10Z").
std::string nowRfc3339();

}  // namespace gitsync::controller
