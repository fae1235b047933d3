#pragma once
// The pure parts of the Receiver reconciler: reading the token, checking the targets and
// computing the status to write. No I/O, so each rule has its own unit test.
#include <optional>
#include <string>
#include <vector>

#include "gitsync/controller/api.h"
#include "gitsync/core/status.h"

namespace gitsync::webhook {

// Ready False reasons of a Receiver (Flux's notification-controller vocabulary).
inline constexpr char kTokenNotFound[] = "TokenNotFound";

// The decoded data.token of a Secret object. FailedPrecondition
// "Secret/<ns>/<name>: no key \"token\"" when absent or empty, InvalidArgument when it is not
// base64.
Result<std::string> tokenFromSecret(const kube::Json& secret);

// Each target must be a gitsync.dev/v1 (or no apiVersion) GitRepository or Kustomization, and
// name "*" needs matchLabels. InvalidArgument "spec.resources[<i>]: ..." naming the first bad one.
Status validateResources(const std::vector<controller::CrossNamespaceObjectReference>& resources);

// status as the object has it now, read leniently (missing or mistyped fields are empty).
controller::ReceiverStatus currentStatus(const kube::Json& object);

// What the reconcile concluded: Ready True with webhookPath, or Ready False with a reason.
struct ReceiverOutcome {
  bool ready = false;
  std::string reason;   // controller::reason::kSucceeded when ready
  std::string message;  // "Receiver initialized for path: /hook/..." when ready
  std::string webhookPath;  // empty unless ready
  bool stalled = false;     // the spec itself is wrong (InvalidSpec): Stalled True as well
};

// The status to write, or nullopt when `current` already says the same (conditions keep their
// lastTransitionTime while their status holds; `now` stamps new transitions).
std::optional<controller::ReceiverStatus> nextStatus(const controller::ReceiverStatus& current,
                                                     const controller::ObjectMeta& meta,
                                                     const ReceiverOutcome& outcome,
                                                     const std::string& now);

// The JSON merge patch {"status": {...}} that makes the object's status `status` (empty
// webhookPath and lastHandledReconcileAt are removed).
kube::Json statusPatch(const controller::ReceiverStatus& status);

}  // namespace gitsync::webhook
