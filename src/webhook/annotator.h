#pragma once
// Asking for an immediate reconcile of a Receiver's targets: the requestedAt annotation, set by
// server-side apply of a minimal object (field manager "gitsync-webhook", force). At most one
// request per target is pending: a target whose annotation still holds the value this
// annotator set, and whose status.lastHandledReconcileAt differs from it, is left alone.
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/kube/client.h"
#include "gitsync/webhook/receiver_index.h"

namespace gitsync::webhook {

inline constexpr char kWebhookFieldManager[] = "gitsync-webhook";

// What one call did to each target ("Kind/ns/name").
struct AnnotateOutcome {
  std::vector<std::string> annotated;  // written now
  std::vector<std::string> pending;    // an earlier request of ours is not handled yet
  std::vector<std::string> missing;    // named but not found: nothing to do
  Status status;                       // the first failure to read or write (others go on)
};

// "2026-11-22T02:16:10.123456789Z": RFC 3339, UTC, nine fractional digits.
std::string rfc3339Nano(std::chrono::system_clock::time_point t);

class TargetAnnotator {
 public:
  using Now = std::function<std::chrono::system_clock::time_point()>;

  // `client` must outlive the annotator. Values come from `now`, made strictly increasing.
  TargetAnnotator(kube::KubeClient& client, Now now);

  // Targets: each resource by name (namespace default: the Receiver's), or name "*": every
  // object of the kind in the namespace with all of matchLabels. Safe on many threads.
  AnnotateOutcome annotate(const ReceiverEntry& receiver);

 private:
  struct TargetState {
    std::mutex mutex;  // held from reading the target until its write is done
    std::string pendingValue;
  };

  std::shared_ptr<TargetState> stateOf(const std::string& subject);
  std::string nextValue();
  // Reads `ref` afresh under its lock, then writes unless a request of ours is pending.
  void annotateOne(const kube::ObjectRef& ref, AnnotateOutcome& outcome);

  kube::KubeClient& client_;
  Now now_;
  std::mutex mutex_;  // guards states_ and last_
  std::map<std::string, std::shared_ptr<TargetState>> states_;
  std::chrono::system_clock::time_point last_{};
};

}  // namespace gitsync::webhook
