// The server over real HTTP on a loopback port, with the in-memory client behind it.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

#include "fake_client.h"
#include "gitsync/webhook/receiver_index.h"
#include "gitsync/webhook/server.h"
#include "gitsync/webhook/signature.h"

using namespace gitsync;
using namespace gitsync::webhook;
using namespace gitsync::webhook::testing;

namespace {

const std::string kToken = "s3cr3t";
const std::string kBody = R"({"ref":"refs/heads/main"})";

struct Fixture {
  Fixture() {
    client.add(gitsyncObject("Kustomization", "apps", "web"));
    path = webhookPath(kToken, "github", "apps");
    index.put(path, {{"apps", "github"}, "github", {"push"}, kToken,
                     {{"", "Kustomization", "web", "", {}}}, false});
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.maxBodyBytes = 1024;
    options.now = [] {
      return std::chrono::system_clock::time_point(std::chrono::seconds(1795313770));
    };
    options.log = [this](const CallRecord& r) {
      std::lock_guard lock(mutex);
      records.push_back(r.receiver + " " + std::to_string(r.status) + " " + r.result);
    };
    auto started = startServer(options, index, client);
    INFO(started.status().message());
    REQUIRE(started.ok());
    server = std::move(started).value();
    http = std::make_unique<httplib::Client>("127.0.0.1", server->port());
  }
  ~Fixture() { server->stop(); }

  httplib::Result post(const std::string& target, const std::string& body,
                       httplib::Headers headers) {
    return http->Post(target.c_str(), headers, body, "application/json");
  }
  httplib::Headers github(const std::string& event, const std::string& body = kBody) {
    return {{"X-GitHub-Event", event},
            {"X-Hub-Signature-256", "sha256=" + hmacHex(HmacAlgorithm::Sha256, kToken, body)}};
  }

  FakeKubeClient client;
  ReceiverIndex index;
  std::string path;
  std::unique_ptr<Server> server;
  std::unique_ptr<httplib::Client> http;
  std::mutex mutex;
  std::vector<std::string> records;
};

}  // namespace

TEST_CASE("server: a signed push annotates the target and answers 200") {
  Fixture f;
  auto res = f.post(f.path, kBody, f.github("push"));
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "ok: event push: annotated Kustomization/apps/web\n");
  REQUIRE(f.client.applied.size() == 1);
  CHECK(f.client.applied[0]["metadata"]["annotations"]["reconcile.gitsync.dev/requestedAt"] ==
        "2026-11-22T02:16:10.000000000Z");

  auto again = f.post(f.path, kBody, f.github("push"));
  REQUIRE(again);
  CHECK(again->status == 200);
  CHECK(again->body == "ok: event push: pending Kustomization/apps/web\n");
  CHECK(f.client.applied.size() == 1);
  CHECK(f.records == std::vector<std::string>{
                         "apps/github 200 event push: annotated Kustomization/apps/web",
                         "apps/github 200 event push: pending Kustomization/apps/web"});
}

TEST_CASE("server: rejected, ignored and refused calls change nothing") {
  Fixture f;
  auto check = [&](httplib::Result res, int status, const std::string& body) {
    REQUIRE(res);
    CHECK(res->status == status);
    CHECK(res->body == body);
  };
  auto wrong = f.github("push");
  wrong.erase("X-Hub-Signature-256");
  wrong.emplace("X-Hub-Signature-256", "sha256=" + hmacHex(HmacAlgorithm::Sha256, "x", kBody));
  check(f.post(f.path, kBody, wrong), 401, "unauthorized: X-Hub-Signature-256 mismatch\n");
  check(f.post(f.path, kBody, {{"X-GitHub-Event", "push"}}), 401,
        "unauthorized: X-Hub-Signature-256 missing\n");
  check(f.post(f.path, kBody, f.github("ping")), 200, "ok: ping\n");
  check(f.post(f.path, kBody, f.github("issues")), 200,
        "ok: event issues not in spec.events\n");
  check(f.post("/hook/" + std::string(64, '0'), kBody, f.github("push")), 404, "not found\n");
  check(f.http->Get(f.path.c_str()), 405, "method not allowed\n");
  check(f.http->Get("/"), 404, "");
  CHECK(f.client.applied.empty());
  CHECK(f.records ==
        std::vector<std::string>{"apps/github 401 X-Hub-Signature-256 mismatch",
                                 "apps/github 401 X-Hub-Signature-256 missing",
                                 "apps/github 200 ping: ignored",
                                 "apps/github 200 event issues not in spec.events: ignored",
                                 " 404 unknown path"});
  for (const auto& record : f.records) CHECK(record.find(kToken) == std::string::npos);
}

TEST_CASE("server: bodies over maxBodyBytes get 413, by Content-Length or while reading") {
  Fixture f;
  std::string big(1025, 'x');
  auto res = f.post(f.path, big, f.github("push", big));
  REQUIRE(res);
  CHECK(res->status == 413);
  CHECK(res->body == "request body too large\n");

  // Chunked: no Content-Length, the limit holds while reading.
  auto chunked = f.http->Post(
      f.path.c_str(), f.github("push", big),
      [&](size_t offset, httplib::DataSink& sink) {
        if (offset < big.size()) {
          sink.write(big.data() + offset, std::min<size_t>(100, big.size() - offset));
        } else {
          sink.done();
        }
        return true;
      },
      "application/json");
  REQUIRE(chunked);
  CHECK(chunked->status == 413);

  std::string fits(1024, 'x');
  auto ok = f.post(f.path, fits, f.github("push", fits));
  REQUIRE(ok);
  CHECK(ok->status == 200);
  CHECK(f.client.applied.size() == 1);
}

TEST_CASE("server: a suspended Receiver answers 503; API failures 500") {
  Fixture f;
  auto entry = *f.index.find(f.path);
  entry.suspended = true;
  f.index.put(f.path, entry);
  auto res = f.post(f.path, kBody, f.github("push"));
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK(res->body == "receiver is suspended\n");

  entry.suspended = false;
  f.index.put(f.path, entry);
  f.client.failGets = true;
  auto failed = f.post(f.path, kBody, f.github("push"));
  REQUIRE(failed);
  CHECK(failed->status == 500);
  CHECK(failed->body == "reconcile request failed\n");
  CHECK(f.records.back() ==
        "apps/github 500 event push: no targets; Kustomization/apps/web: get: connection refused");
}

TEST_CASE("server: a taken port is Unavailable") {
  Fixture f;
  ReceiverIndex index;
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = f.server->port();
  auto second = startServer(options, index, f.client);
  REQUIRE_FALSE(second.ok());
  CHECK(second.status().code() == Code::Unavailable);
  CHECK(second.status().message() ==
        "webhook: listen: cannot bind 127.0.0.1:" + std::to_string(f.server->port()));
}
