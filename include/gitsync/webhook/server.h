#pragma once
// The webhook receiver: an HTTP server on its own port serving /hook/<sha256 hex>. A valid
// call (signature checked per Receiver type) sets the requestedAt annotation on the
// Receiver's targets, so the controller reconciles them at once.
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "gitsync/controller/reconciler.h"
#include "gitsync/core/status.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/http_client.h"

namespace gitsync::webhook {

class ReceiverIndex;  // receiver_index.h: webhookPath -> Receiver and its token (thread-safe)

// Reads the Receiver and its token Secret, computes status.webhookPath, records both in
// `index` (removes them when the Receiver is gone) and writes the status.
// A missing Secret or key is Ready False TokenNotFound (requeued after 30 s), a target that
// cannot be served Ready False + Stalled InvalidSpec; neither is an error, and neither is
// served. Errors: reading or writing the Receiver or reading the Secret failed (Unavailable,
// DeadlineExceeded). Ready Receivers are requeued every 10 minutes (token rotation); the
// status is only written when it changes. `client` and `index` must outlive it.
std::unique_ptr<controller::Reconciler> makeReceiverReconciler(kube::HttpKubeClient& client,
                                                               ReceiverIndex& index);

// One answered call, for the log. Never holds the token, a signature or the body.
struct CallRecord {
  std::string receiver;  // "ns/name", empty for an unknown path
  int status = 0;        // the HTTP status answered
  // "event push: annotated Kustomization/apps/web", "X-Hub-Signature-256 mismatch".
  std::string result;
};

struct ServerOptions {
  std::string address = "0.0.0.0";
  int port = 9292;                      // 0: any free port (tests)
  std::size_t maxBodyBytes = 1u << 20;  // larger bodies get 413
  // The time of the requestedAt values (RFC 3339 with nanoseconds, strictly increasing);
  // empty: std::chrono::system_clock::now.
  std::function<std::chrono::system_clock::time_point()> now;
  // Called once per call, on the handler's thread; empty: one line on stderr
  // ("webhook: apps/github 200 event push: annotated Kustomization/apps/web").
  std::function<void(const CallRecord&)> log;
};

class Server {
 public:
  virtual ~Server() = default;
  virtual int port() const = 0;  // the port actually bound
  virtual void stop() = 0;       // stops accepting and returns after in-flight calls end
};

// Starts serving on a background thread. Unavailable when the address cannot be bound.
Result<std::unique_ptr<Server>> startServer(const ServerOptions& options, ReceiverIndex& index,
                                            kube::KubeClient& client);

}  // namespace gitsync::webhook
