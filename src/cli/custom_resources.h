#pragma once
// What `get`, `suspend`, `resume` and `reconcile kustomization|source` share: the gitsync.dev
// kinds under the names the command line accepts, the cluster flags, the few status fields the
// commands show, and the reconcile request (the requestedAt annotation) with the wait for the
// controller to handle it.
#include <chrono>
#include <iosfwd>
#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "gitsync/core/status.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/http_client.h"
#include "gitsync/kube/types.h"

namespace gitsync::cli {

enum class ResourceKind { Kustomization, GitRepository, Receiver };

kube::GroupVersionKind resourceGvk(ResourceKind kind);
// "Kustomization", "GitRepository", "Receiver": progress lines name the kind.
const char* kindName(ResourceKind kind);
// "kustomization", "gitrepository", "receiver": errors and suspend/resume lines.
const char* lowerKindName(ResourceKind kind);

// --kubeconfig, --context and -n/--namespace, as every command that talks to the cluster.
struct ClusterFlags {
  std::string kubeconfig;
  std::string context;
  std::string ns;  // empty: the namespace of the kubeconfig context
};
void addClusterFlags(CLI::App& cmd, ClusterFlags& flags);

// Connects with the flags; `clock` must outlive the client.
Result<std::unique_ptr<kube::HttpKubeClient>> connectFromFlags(const ClusterFlags& flags,
                                                                kube::Clock& clock);
// connectFromFlags for a command: on failure prints "error: <message>" to `err` and returns
// null (the command exits 1).
std::unique_ptr<kube::HttpKubeClient> connectOrReport(const ClusterFlags& flags,
                                                      kube::Clock& clock, std::ostream& err);
// -n/--namespace when given, else the namespace of the kubeconfig context.
std::string namespaceOf(const ClusterFlags& flags, const kube::HttpKubeClient& client);

// --timeout as a duration ("90s", "5m", "1h"); otherwise prints
// "error: --timeout '<text>': expected a duration like 90s, 5m, 1h" to `err` and returns
// nullopt (the command exits 2).
std::optional<std::chrono::milliseconds> parseTimeoutFlag(const std::string& text,
                                                          std::ostream& err);

// The object; NotFound says "kustomization 'apps' not found in namespace 'prod'".
Result<kube::Json> getResource(kube::KubeClient& client, ResourceKind kind, const std::string& ns,
                               const std::string& name);

// The fields the commands show, read from the object as the server returns it (a display
// command must show objects whatever else is wrong with them, so nothing is validated).
struct ReadyView {
  std::string status = "False";  // Ready's status; "False" when there is no Ready condition
  std::string reason;
  std::string message = "waiting to be reconciled";  // flux's words when Ready is absent
  bool present = false;
};
ReadyView readyOf(const kube::Json& object);
bool isSuspended(const kube::Json& object);
// Kustomization: status.lastAppliedRevision; GitRepository: status.artifact.revision; Receiver: "".
std::string revisionOf(ResourceKind kind, const kube::Json& object);
// A string at a JSON pointer ("/status/lastHandledReconcileAt"), "" when absent or not a string.
std::string stringAt(const kube::Json& object, const char* pointer);

// The current time in RFC 3339 with nanoseconds, UTC ("2026-11-22T02:16:10.123456789Z").
std::string nowRfc3339Nano();

struct ReconcileRequest {
  ResourceKind kind = ResourceKind::Kustomization;
  std::string ns;
  std::string name;
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  std::string timeoutText = "5m";  // as given, for the timeout message
  bool wait = true;                 // false: return once the annotation is set
};

// Asks the controller to reconcile now and waits until it has: sets the requestedAt annotation
// (server-side apply, field manager "gitsync-cli", force), polls once a second (on `clock`)
// until status.lastHandledReconcileAt equals the value set, then prints Ready and the revision.
// Progress goes to `out`, the error to `err` ("error: ..."). Returns the exit code: 0 only when
// Ready is True; 1 when the object is missing or suspended, on a timeout, or when not Ready.
// With request.wait false it returns 0 once the annotation is set.
int reconcileAndWait(kube::KubeClient& client, kube::Clock& clock,
                     const ReconcileRequest& request, std::ostream& out, std::ostream& err);

}  // namespace gitsync::cli
