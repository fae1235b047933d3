#pragma once
// The controller's operations endpoint (--metrics-addr): /metrics (Prometheus text format),
// /healthz (200 while the process and its manager threads run, else 500) and /readyz (200 once
// the caches synced, else 503; a standby that does not lead is ready too).
#include <functional>
#include <memory>
#include <string>

#include "gitsync/controller/metrics.h"
#include "gitsync/core/status.h"

namespace gitsync::controller {

struct OpsServerOptions {
  std::string address = "0.0.0.0";
  int port = 8080;  // 0: any free port (tests)
  std::function<bool()> healthy;  // empty: always healthy
  std::function<bool()> ready;    // empty: always ready
};

class OpsServer {
 public:
  virtual ~OpsServer() = default;
  virtual int port() const = 0;  // the port actually bound
  virtual void stop() = 0;       // idempotent; returns after the serving thread ended
};

// Starts serving on a background thread. Unavailable when the address cannot be bound.
// `registry` must outlive the server.
Result<std::unique_ptr<OpsServer>> startOpsServer(const OpsServerOptions& options,
                                                  Registry& registry);

// Splits "host:port" / ":port" (host empty: 0.0.0.0). InvalidArgument names the flag value.
Result<OpsServerOptions> parseListenAddress(const std::string& text);

}  // namespace gitsync::controller
