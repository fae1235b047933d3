#include "gitsync/controller/ops_server.h"

#include <httplib.h>

#include <thread>

namespace gitsync::controller {
namespace {

class HttplibOpsServer final : public OpsServer {
 public:
  HttplibOpsServer(const OpsServerOptions& options, Registry& registry) : options_(options) {
    // SO_REUSEADDR only: httplib's default SO_REUSEPORT would let a second process share the
    // port silently.
    server_.set_socket_options([](int sock) {
      int yes = 1;
      setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    });
    server_.Get("/metrics", [&registry](const httplib::Request&, httplib::Response& res) {
      res.set_content(registry.expose(), "text/plain; version=0.0.4; charset=utf-8");
    });
    server_.Get("/healthz", [this](const httplib::Request&, httplib::Response& res) {
      bool ok = !options_.healthy || options_.healthy();
      res.status = ok ? 200 : 500;
      res.set_content(ok ? "ok\n" : "manager threads stopped\n", "text/plain");
    });
    server_.Get("/readyz", [this](const httplib::Request&, httplib::Response& res) {
      bool ok = !options_.ready || options_.ready();
      res.status = ok ? 200 : 503;
      res.set_content(ok ? "ok\n" : "caches not synced\n", "text/plain");
    });
  }
  ~HttplibOpsServer() override { stop(); }

  Status listen() {
    if (options_.port == 0) {
      port_ = server_.bind_to_any_port(options_.address);
    } else if (server_.bind_to_port(options_.address, options_.port)) {
      port_ = options_.port;
    }
    if (port_ <= 0) {
      return unavailable("metrics server: cannot listen on " + options_.address + ":" +
                         std::to_string(options_.port));
    }
    thread_ = std::thread([this] { server_.listen_after_bind(); });
    // httplib's stop() does nothing before the loop runs: wait for it.
    while (!server_.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    return okStatus();
  }
  int port() const override { return port_; }
  void stop() override {
    if (thread_.joinable()) {
      server_.stop();
      thread_.join();
    }
  }

 private:
  OpsServerOptions options_;
  httplib::Server server_;
  int port_ = -1;
  std::thread thread_;
};

}  // namespace

Result<std::unique_ptr<OpsServer>> startOpsServer(const OpsServerOptions& options,
                                                  Registry& registry) {
  auto server = std::make_unique<HttplibOpsServer>(options, registry);
  GITSYNC_RETURN_IF_ERROR(server->listen());
  return std::unique_ptr<OpsServer>(std::move(server));
}

Result<OpsServerOptions> parseListenAddress(const std::string& text) {
  auto colon = text.rfind(':');
  auto bad = [&] {
    return invalidArgument("address \"" + text + "\": expected host:port or :port");
  };
  if (colon == std::string::npos) return bad();
  OpsServerOptions options;
  std::string host = text.substr(0, colon);
  std::string port = text.substr(colon + 1);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (!host.empty()) options.address = host;
  if (port.empty() || port.size() > 5 ||
      port.find_first_not_of("0123456789") != std::string::npos) {
    return bad();
  }
  options.port = std::stoi(port);
  if (options.port > 65535) return bad();
  return options;
}

}  // namespace gitsync::controller
