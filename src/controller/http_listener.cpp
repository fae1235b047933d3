#include "gitsync/controller/http_listener.h"

#include <httplib.h>
#include <sys/socket.h>

#include <chrono>

namespace gitsync::controller {

HttpListener::HttpListener(httplib::Server& server) : server_(server) {
  server_.set_socket_options([](socket_t sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
}

HttpListener::~HttpListener() { stop(); }

Status HttpListener::start(const std::string& address, int port, const std::string& errorPrefix) {
  if (port == 0) {
    port_ = server_.bind_to_any_port(address);
  } else if (server_.bind_to_port(address, port)) {
    port_ = port;
  }
  if (port_ <= 0) {
    port_ = -1;
    return unavailable(errorPrefix + address + ":" + std::to_string(port));
  }
  thread_ = std::thread([this] {
    server_.listen_after_bind();
    loopEnded_ = true;
  });
  return okStatus();
}

void HttpListener::stop() {
  if (!thread_.joinable()) return;
  while (!server_.is_running() && !loopEnded_) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  server_.stop();
  thread_.join();
}

}  // namespace gitsync::controller
