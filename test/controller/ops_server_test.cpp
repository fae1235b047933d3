#include "gitsync/controller/ops_server.h"

#include <catch2/catch.hpp>
#include <httplib.h>

#include <atomic>

using namespace gitsync;
using namespace gitsync::controller;

TEST_CASE("the ops server serves /metrics, /healthz and /readyz") {
  Registry registry;
  registry.gauge("gitsync_leader", "1 while leading.", {}).set({}, 1);
  std::atomic<bool> healthy{true}, ready{false};
  OpsServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  options.healthy = [&] { return healthy.load(); };
  options.ready = [&] { return ready.load(); };
  auto server = startOpsServer(options, registry);
  INFO(server.status().message());
  REQUIRE(server.ok());
  REQUIRE((*server)->port() > 0);
  httplib::Client client("127.0.0.1", (*server)->port());

  auto metrics = client.Get("/metrics");
  REQUIRE(metrics);
  CHECK(metrics->status == 200);
  CHECK(metrics->get_header_value("Content-Type") == "text/plain; version=0.0.4; charset=utf-8");
  CHECK(metrics->body ==
        "# HELP gitsync_leader 1 while leading.\n# TYPE gitsync_leader gauge\ngitsync_leader 1\n");

  auto notReady = client.Get("/readyz");
  REQUIRE(notReady);
  CHECK(notReady->status == 503);
  CHECK(notReady->body == "caches not synced\n");
  ready = true;
  auto isReady = client.Get("/readyz");
  REQUIRE(isReady);
  CHECK(isReady->status == 200);

  auto health = client.Get("/healthz");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(health->body == "ok\n");
  healthy = false;
  auto unhealthy = client.Get("/healthz");
  REQUIRE(unhealthy);
  CHECK(unhealthy->status == 500);

  auto missing = client.Get("/nope");
  REQUIRE(missing);
  CHECK(missing->status == 404);
  (*server)->stop();
  (*server)->stop();
}

TEST_CASE("a taken port is Unavailable") {
  Registry registry;
  OpsServerOptions options;
  options.address = "127.0.0.1";
  options.port = 0;
  auto first = startOpsServer(options, registry);
  REQUIRE(first.ok());
  options.port = (*first)->port();
  auto second = startOpsServer(options, registry);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Code::Unavailable);
  CHECK(second.status().message() ==
        "metrics server: cannot listen on 127.0.0.1:" + std::to_string(options.port));
}

TEST_CASE("listen addresses are host:port or :port") {
  auto any = parseListenAddress(":8080");
  REQUIRE(any.ok());
  CHECK(any->address == "0.0.0.0");
  CHECK(any->port == 8080);
  auto local = parseListenAddress("127.0.0.1:0");
  REQUIRE(local.ok());
  CHECK(local->address == "127.0.0.1");
  CHECK(local->port == 0);
  auto v6 = parseListenAddress("[::1]:9292");
  REQUIRE(v6.ok());
  CHECK(v6->address == "::1");
  for (const char* bad : {"8080", ":", ":http", ":70000"}) {
    auto parsed = parseListenAddress(bad);
    REQUIRE_FALSE(parsed.ok());
    CHECK(parsed.status().message() ==
          std::string("address \"") + bad + "\": expected host:port or :port");
  }
}
