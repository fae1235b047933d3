#include "gitsync/controller/ops_server.h"

#include "gitsync/controller/http_listener.h"

#include <httplib.h>


namespace gitsync::controller {
namespace {

class HttplibOpsServer final : public OpsServer {
 public:
  HttplibOpsServer(const OpsServerOptions& options, Registry& registry) : options_(options) {
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
    return listener_.start(options_.address, options_.port, "metrics server: cannot listen on ");
  }
  int port() const override { return listener_.port(); }
  void stop() override { listener_.stop(); }

 private:
  OpsServerOptions options_;
  httplib::Server server_;
  HttpListener listener_{server_};  // after server_: stops before it goes
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
