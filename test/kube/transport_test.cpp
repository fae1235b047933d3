// The libcurl transport on the wire, against a loopback HTTP server: retries and Retry-After,
// backoff, connection reuse, timeouts, headers, credentials, rate limiting and metrics.
#include <catch2/catch.hpp>

#include <atomic>

#include "fake_clock.h"
#include "kube/transport.h"
#include "loopback_server.h"
#include "temp_dir.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;
using std::chrono::milliseconds;

namespace {

ClientOptions fastOptions() {
  ClientOptions o;
  o.rateLimit.qps = 0;  // only the retry waits show on the clock
  o.retry.initialBackoff = milliseconds(100);
  o.retry.maxBackoff = milliseconds(1000);
  o.retry.jitter = 0;
  o.retry.maxAttempts = 4;
  return o;
}

std::unique_ptr<Transport> transport(const std::string& server, const ClientOptions& options,
                                     Clock& clock, RestConfig config = {}) {
  config.server = server;
  auto t = Transport::create(config, options, clock);
  INFO(t.status().message());
  REQUIRE(t.ok());
  return std::move(t).value();
}

HttpRequest get(const std::string& path) {
  HttpRequest r;
  r.path = path;
  return r;
}

}  // namespace

TEST_CASE("429 is retried after the Retry-After delay, on the same connection") {
  std::atomic<int> calls{0};
  LoopbackServer server([&](const LoopbackRequest&) {
    LoopbackResponse r;
    if (++calls <= 2) {
      r.code = 429;
      r.headers = {{"Retry-After", "2"}, {"Content-Type", "application/json"}};
      r.body = R"({"kind":"Status","reason":"TooManyRequests","code":429})";
    } else {
      r.headers = {{"Content-Type", "application/json"}};
      r.body = R"({"kind":"ConfigMap"})";
    }
    return r;
  });
  FakeClock clock;
  auto t = transport(server.url(), fastOptions(), clock);
  auto response = t->send(get("/api/v1/namespaces/a/configmaps/b"), "ConfigMap/a/b: get");
  INFO(response.status().message());
  REQUIRE(response.ok());
  CHECK(response->code == 200);
  CHECK(response->attempts == 3);
  CHECK(response->body == R"({"kind":"ConfigMap"})");
  CHECK(response->contentType == "application/json");
  CHECK(clock.waitsMs() == std::vector<long>{2000, 2000});
  RequestMetrics m = t->metrics();
  CHECK(m.count("GET", 429) == 2);
  CHECK(m.count("GET", 200) == 1);
  CHECK(m.total() == 3);
  CHECK(server.connections() == 1);
}

TEST_CASE("503 is retried with exponential backoff for GET, not for POST") {
  LoopbackServer server([](const LoopbackRequest&) {
    LoopbackResponse r;
    r.code = 503;
    r.body = "busy";
    return r;
  });
  FakeClock clock;
  auto t = transport(server.url(), fastOptions(), clock);
  auto response = t->send(get("/api"), "discovery");
  REQUIRE(response.ok());  // the last answer is returned for the caller to map
  CHECK(response->code == 503);
  CHECK(response->attempts == 4);
  CHECK(clock.waitsMs() == std::vector<long>{100, 200, 400});

  HttpRequest post;
  post.method = "POST";
  post.verb = "CREATE";
  post.path = "/api/v1/namespaces/a/configmaps";
  post.hasBody = true;
  post.contentType = "application/json";
  post.body = "{}";
  auto created = t->send(post, "ConfigMap/a/b: create");
  REQUIRE(created.ok());
  CHECK(created->attempts == 1);
  CHECK(t->metrics().count("CREATE", 503) == 1);
  CHECK(t->metrics().count("GET", 503) == 4);
}

TEST_CASE("failures to connect are retried, then Unavailable") {
  FakeClock clock;
  auto options = fastOptions();
  options.retry.maxAttempts = 3;
  auto t = transport("http://127.0.0.1:1", options, clock);
  auto response = t->send(get("/api"), "discovery");
  CHECK(response.status().code() == Code::Unavailable);
  CHECK_THAT(response.status().message(),
             Catch::StartsWith("discovery: GET http://127.0.0.1:1/api: Failed to connect to "
                               "127.0.0.1 port 1 after ") &&
                 Catch::EndsWith("Couldn't connect to server (after 3 attempts)"));
  CHECK(clock.waitsMs() == std::vector<long>{100, 200});
  CHECK(t->metrics().count("GET", 0) == 3);
}

TEST_CASE("a request that outlives the timeout is DeadlineExceeded and not retried") {
  LoopbackServer server([](const LoopbackRequest&) {
    LoopbackResponse r;
    r.delay = milliseconds(1500);
    return r;
  });
  FakeClock clock;
  auto options = fastOptions();
  options.timeout = milliseconds(200);
  auto t = transport(server.url(), options, clock);
  auto response = t->send(get("/api/v1/namespaces/a/configmaps/b"), "ConfigMap/a/b: get");
  CHECK(response.status().code() == Code::DeadlineExceeded);
  CHECK_THAT(response.status().message(),
             Catch::StartsWith("ConfigMap/a/b: get: GET " + server.url() +
                               "/api/v1/namespaces/a/configmaps/b: Operation timed out after "));
  CHECK(clock.waitsMs().empty());
  CHECK(server.requests().size() == 1);
}

TEST_CASE("a dropped connection is retried for idempotent verbs") {
  std::atomic<int> calls{0};
  LoopbackServer server([&](const LoopbackRequest&) {
    LoopbackResponse r;
    r.closeWithoutAnswer = ++calls == 1;
    r.body = "{}";
    return r;
  });
  FakeClock clock;
  auto t = transport(server.url(), fastOptions(), clock);
  HttpRequest apply;
  apply.method = "PATCH";
  apply.verb = "APPLY";
  apply.path = "/api/v1/namespaces/a/configmaps/b?fieldManager=gitsync";
  apply.hasBody = true;
  apply.contentType = "application/apply-patch+yaml";
  apply.body = R"({"kind":"ConfigMap"})";
  auto response = t->send(apply, "ConfigMap/a/b: apply");
  INFO(response.status().message());
  REQUIRE(response.ok());
  CHECK(response->attempts == 2);
  CHECK(t->metrics().count("APPLY", 0) == 1);
  CHECK(t->metrics().count("APPLY", 200) == 1);
  auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[1].method == "PATCH");
  CHECK(requests[1].target == "/api/v1/namespaces/a/configmaps/b?fieldManager=gitsync");
  CHECK(requests[1].headers["content-type"] == "application/apply-patch+yaml");
  CHECK(requests[1].headers["accept"] == "application/json");
  CHECK(requests[1].headers["user-agent"] == "gitsync");
  CHECK(requests[1].body == R"({"kind":"ConfigMap"})");
}

TEST_CASE("the bearer token is sent and follows its file") {
  LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{}; });
  TempDir dir;
  std::string file = dir.write("token", "one\n");
  auto t0 = std::filesystem::last_write_time(file);
  RestConfig config;
  config.token = "static";
  config.tokenFile = file;
  FakeClock clock;
  auto t = transport(server.url(), fastOptions(), clock, config);
  REQUIRE(t->send(get("/version"), "version").ok());
  dir.write("token", "two\n");
  std::filesystem::last_write_time(file, t0 + std::chrono::seconds(3));
  REQUIRE(t->send(get("/version"), "version").ok());
  auto requests = server.requests();
  REQUIRE(requests.size() == 2);
  CHECK(requests[0].headers["authorization"] == "Bearer one");
  CHECK(requests[1].headers["authorization"] == "Bearer two");
}

TEST_CASE("basic auth when there is no token") {
  LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{}; });
  RestConfig config;
  config.username = "admin";
  config.password = "secret";
  FakeClock clock;
  auto t = transport(server.url(), fastOptions(), clock, config);
  REQUIRE(t->send(get("/version"), "version").ok());
  CHECK(server.requests().at(0).headers["authorization"] == "Basic YWRtaW46c2VjcmV0");
}

TEST_CASE("the rate limiter spaces requests after the burst") {
  LoopbackServer server([](const LoopbackRequest&) { return LoopbackResponse{}; });
  FakeClock clock;
  auto options = fastOptions();
  options.rateLimit.qps = 20;
  options.rateLimit.burst = 2;
  auto t = transport(server.url(), options, clock);
  for (int i = 0; i < 5; ++i) REQUIRE(t->send(get("/version"), "version").ok());
  CHECK(clock.waitsMs() == std::vector<long>{50, 50, 50});
  CHECK(t->metrics().count("GET", 200) == 5);
}

TEST_CASE("a body over maxResponseBytes is ResourceExhausted") {
  LoopbackServer server([](const LoopbackRequest&) {
    LoopbackResponse r;
    r.body = std::string(4096, 'x');
    return r;
  });
  FakeClock clock;
  auto options = fastOptions();
  options.maxResponseBytes = 1000;
  auto t = transport(server.url(), options, clock);
  auto response = t->send(get("/api/v1/configmaps"), "ConfigMap: list");
  CHECK(response.status().code() == Code::ResourceExhausted);
  CHECK(response.status().message() == "ConfigMap: list: GET " + server.url() +
                                           "/api/v1/configmaps: response larger than 1000 bytes");
}

TEST_CASE("streams deliver chunks while 2xx and stop on request") {
  LoopbackServer server([](const LoopbackRequest& req) {
    LoopbackResponse r;
    if (req.target == "/gone") {
      r.code = 410;
      r.body = R"({"kind":"Status","reason":"Expired","code":410})";
    } else {
      r.body = "{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n";
    }
    return r;
  });
  FakeClock clock;
  auto t = transport(server.url(), fastOptions(), clock);
  std::string received;
  auto streamed = t->stream(
      get("/watch"), "ConfigMap: watch",
      [&](std::string_view chunk) {
        received.append(chunk);
        return true;
      },
      {}, milliseconds(5000));
  REQUIRE(streamed.ok());
  CHECK(streamed->response.code == 200);
  CHECK_FALSE(streamed->stopped);
  CHECK(received == "{\"type\":\"ADDED\"}\n{\"type\":\"MODIFIED\"}\n");
  CHECK(streamed->response.body.empty());

  auto stopped = t->stream(get("/watch"), "ConfigMap: watch",
                           [](std::string_view) { return false; }, {}, milliseconds(5000));
  REQUIRE(stopped.ok());
  CHECK(stopped->stopped);

  auto gone = t->stream(get("/gone"), "ConfigMap: watch",
                        [](std::string_view) { return true; }, {}, milliseconds(5000));
  REQUIRE(gone.ok());
  CHECK(gone->response.code == 410);
  CHECK(gone->response.body == R"({"kind":"Status","reason":"Expired","code":410})");
}

TEST_CASE("unreadable credential files fail at create") {
  TempDir dir;
  RestConfig config;
  config.server = "https://127.0.0.1:1";
  config.certFile = dir.str("admin.crt");
  config.keyFile = dir.str("admin.key");
  FakeClock clock;
  auto t = Transport::create(config, {}, clock);
  CHECK(t.status().code() == Code::NotFound);
  CHECK(t.status().message() ==
        "client: client-certificate: " + dir.str("admin.crt") + ": No such file or directory");
  config.server = "127.0.0.1:1";
  CHECK(Transport::create(config, {}, clock).status().message() ==
        "client: server \"127.0.0.1:1\" is not an http(s) URL");
}
