// Error mapping of the smart-HTTP transport for a server-side failure (503), which the real
// `git http-backend` cannot be made to produce: a loopback stub answers every request with it.
// 401 and 404 are tested against the real backend in http_backend_it.cpp.
#include "../../loopback_listener.h"
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <thread>

#include "../git_fixture.h"
#include "gitsync/source/source.h"

using namespace gitsync::source;
using namespace gitsync::source::testing;
using gitsync::Code;

namespace {

class StatusServer {
 public:
  explicit StatusServer(std::string response) : response_(std::move(response)) {
    auto listener = gitsync::testing::listenOnLoopback(8);
    listener_ = listener.fd;
    port_ = listener.port;
    thread_ = std::thread([this] { run(); });
  }
  ~StatusServer() {
    stop_ = true;
    thread_.join();
    ::close(listener_);
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/repo.git"; }
  int requests() const { return requests_; }

 private:
  void run() {
    while (!stop_) {
      pollfd p{listener_, POLLIN, 0};
      if (::poll(&p, 1, 50) <= 0) continue;
      int fd = ::accept(listener_, nullptr, nullptr);
      if (fd < 0) continue;
      std::string req;
      char buf[4096];
      while (req.find("\r\n\r\n") == std::string::npos) {
        ssize_t n = ::read(fd, buf, sizeof(buf));
        if (n <= 0) break;
        req.append(buf, static_cast<size_t>(n));
      }
      ++requests_;
      (void)!::write(fd, response_.data(), response_.size());
      ::close(fd);
    }
  }

  std::string response_;
  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stop_{false};
  std::atomic<int> requests_{0};
  std::thread thread_;
};

GitRef mainBranch() {
  GitRef r;
  r.branch = "main";
  return r;
}

}  // namespace

TEST_CASE("HTTP 503 is Unavailable", "[http]") {
  StatusServer server(
      "HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
  TempDir tmp;
  FetchOptions o;
  o.cacheDir = tmp.path();
  GitSource source;
  auto a = source.fetch(server.url(), mainBranch(), o);
  REQUIRE_FALSE(a.ok());
  CHECK(a.status().code() == Code::Unavailable);
  CHECK(a.status().message() ==
        server.url() + ": source: connect: unexpected http status code: 503");
}
