#pragma once
// The webhook receiver: an HTTP server on its own port serving /hook/<sha256 hex>. A valid
// call (signature checked per Receiver type) sets the requestedAt annotation on the
// Receiver's targets, so the controller reconciles them at once.
#include <cstdint>
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
std::unique_ptr<controller::Reconciler> makeReceiverReconciler(kube::HttpKubeClient& client,
                                                               ReceiverIndex& index);

struct ServerOptions {
  std::string address = "0.0.0.0";
  int port = 9292;                      // 0: any free port (tests)
  std::size_t maxBodyBytes = 1u << 20;  // larger bodies get 413
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
