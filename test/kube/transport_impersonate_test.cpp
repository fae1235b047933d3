// RestConfig::impersonateUser / impersonateGroups on the wire.
#include <catch2/catch.hpp>

#include "fake_clock.h"
#include "kube/transport.h"
#include "loopback_server.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {

HttpRequest getVersion() {
  HttpRequest r;
  r.path = "/version";
  return r;
}

std::unique_ptr<Transport> transportFor(const std::string& server, RestConfig config,
                                        Clock& clock) {
  config.server = server;
  ClientOptions options;
  options.rateLimit.qps = 0;
  auto t = Transport::create(config, options, clock);
  INFO(t.status().message());
  REQUIRE(t.ok());
  return std::move(t).value();
}

}  // namespace

TEST_CASE("impersonation: Impersonate-User and Impersonate-Group next to the credentials",
          "[impersonate]") {
  LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{}; });
  RestConfig config;
  config.token = "controller";
  config.impersonateUser = "system:serviceaccount:apps:deployer";
  config.impersonateGroups = {"system:serviceaccounts"};
  FakeClock clock;
  auto t = transportFor(server.url(), config, clock);
  REQUIRE(t->send(getVersion(), "version").ok());
  auto request = server.requests().at(0);
  CHECK(request.headers["impersonate-user"] == "system:serviceaccount:apps:deployer");
  CHECK(request.headers["impersonate-group"] == "system:serviceaccounts");
  CHECK(request.headers["authorization"] == "Bearer controller");
}

TEST_CASE("impersonation: none without a user", "[impersonate]") {
  LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{}; });
  RestConfig config;
  config.impersonateGroups = {"ignored-without-a-user"};
  FakeClock clock;
  auto t = transportFor(server.url(), config, clock);
  REQUIRE(t->send(getVersion(), "version").ok());
  auto request = server.requests().at(0);
  CHECK(request.headers.count("impersonate-user") == 0);
  CHECK(request.headers.count("impersonate-group") == 0);
}
