#pragma once
// Serves an httplib::Server on a background thread for the controller's HTTP endpoints (the
// ops server here, the webhook receiver in the webhook stage), with two httplib pitfalls handled
// in one place:
//   - socket options are SO_REUSEADDR only: httplib's default adds SO_REUSEPORT, which lets a
//     second process bind the same port and silently share its calls;
//   - stop() right after start() works: httplib's own stop() does nothing before its listen
//     loop runs, so stop() waits for the loop (or for it to have ended) first.
#include <atomic>
#include <string>
#include <thread>

#include "gitsync/core/status.h"

namespace httplib {
class Server;
}

namespace gitsync::controller {

class HttpListener {
 public:
  // Sets the socket options of `server`, which must outlive the listener. Add the routes
  // before start().
  explicit HttpListener(httplib::Server& server);
  ~HttpListener();  // stop()
  HttpListener(const HttpListener&) = delete;
  HttpListener& operator=(const HttpListener&) = delete;

  // Binds address:port (port 0: any free port) and serves on a background thread.
  // Unavailable "<errorPrefix><address>:<port>" when the address cannot be bound.
  Status start(const std::string& address, int port, const std::string& errorPrefix);
  int port() const { return port_; }  // the port bound; -1 before start()
  // Stops serving and returns after in-flight calls end. Idempotent.
  void stop();

 private:
  httplib::Server& server_;
  int port_ = -1;
  std::atomic<bool> loopEnded_{false};
  std::thread thread_;
};

}  // namespace gitsync::controller
