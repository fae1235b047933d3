// The Receiver reconciler and the webhook server against the real cluster: a Secret, Receivers
// and a Kustomization in a fresh namespace, real HTTP calls on a loopback port.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <random>
#include <sstream>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "gitsync/controller/api.h"
#include "gitsync/core/yaml.h"
#include "gitsync/kube/http_client.h"
#include "gitsync/kube/kubeconfig.h"
#include "gitsync/webhook/receiver_index.h"
#include "gitsync/webhook/server.h"
#include "gitsync/webhook/signature.h"

using namespace gitsync;
using namespace gitsync::webhook;
using kube::Json;

namespace {

const std::string kToken = "it-token";
constexpr char kRequestedAt[] = "reconcile.gitsync.dev/requestedAt";

std::string randomSuffix() {
  std::random_device rd;
  std::string s;
  for (int i = 0; i < 8; ++i) s.push_back("0123456789abcdef"[rd() % 16]);
  return s;
}

std::unique_ptr<kube::HttpKubeClient> connect() {
  auto config = kube::loadRestConfig({}, kube::Environment::fromProcess());
  INFO(config.status().message());
  REQUIRE(config.ok());
  auto client = kube::HttpKubeClient::connect(*config);
  INFO(client.status().message());
  REQUIRE(client.ok());
  return std::move(client).value();
}

// The CRDs of manifests/crds, applied and Established.
void installCrds(kube::HttpKubeClient& client) {
  for (const char* file : {"gitrepositories.yaml", "kustomizations.yaml", "receivers.yaml"}) {
    auto path = std::filesystem::path(GITSYNC_SOURCE_DIR) / "manifests/crds" / file;
    std::ifstream in(path);
    REQUIRE(in.good());
    std::stringstream text;
    text << in.rdbuf();
    auto nodes = core::parseYamlStream(text.str(), path.string());
    REQUIRE(nodes.ok());
    for (const auto& node : *nodes) {
      auto object = kube::nodeToJson(node);
      REQUIRE(object.ok());
      kube::ApplyOptions options;
      options.fieldManager = "gitsync-test";
      options.force = true;
      auto applied = client.apply(*object, options);
      INFO(applied.status().message());
      REQUIRE(applied.ok());
      std::string name = (*object)["metadata"]["name"];
      bool established = false;
      for (int i = 0; i < 300 && !established; ++i) {
        auto crd =
            client.get({{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"}, "", name});
        REQUIRE(crd.ok());
        Json status = crd->value("status", Json::object());
        for (const auto& c : status.value("conditions", Json::array())) {
          established = established || (c["type"] == "Established" && c["status"] == "True");
        }
        if (!established) std::this_thread::sleep_for(std::chrono::milliseconds(100));
      }
      REQUIRE(established);
    }
  }
  client.mapper().invalidate();
}

struct ClusterFixture {
  ClusterFixture()
      : ns("webhook-it-" + randomSuffix()), client(connect()), serverClient(connect()) {
    installCrds(*client);
    create({{"apiVersion", "v1"}, {"kind", "Namespace"}, {"metadata", {{"name", ns}}}});
    create({{"apiVersion", "v1"},
            {"kind", "Secret"},
            {"metadata", {{"name", "hook-token"}, {"namespace", ns}}},
            {"stringData", {{"token", kToken}}}});
    create(kustomization("web"));
    reconciler = makeReceiverReconciler(*client, index);
  }
  ~ClusterFixture() {
    if (server) server->stop();
    (void)client->del({{"", "v1", "Namespace"}, "", ns}, {});
  }

  Json create(const Json& object) {
    auto applied = client->apply(object, {});
    INFO(applied.status().message());
    REQUIRE(applied.ok());
    return *applied;
  }
  Json kustomization(const std::string& name) const {
    return {{"apiVersion", "gitsync.dev/v1"},
            {"kind", "Kustomization"},
            {"metadata", {{"name", name}, {"namespace", ns}}},
            {"spec",
             {{"interval", "10m"},
              {"prune", false},
              {"sourceRef", {{"kind", "GitRepository"}, {"name", "repo"}}}}}};
  }
  Json receiver(const std::string& name, const std::string& type,
               Json extra = Json::object()) const {
    Json spec = {{"type", type},
                 {"secretRef", {{"name", "hook-token"}}},
                 {"resources", Json::array({{{"kind", "Kustomization"}, {"name", "web"}}})}};
    spec.update(extra);
    return {{"apiVersion", "gitsync.dev/v1"},
            {"kind", "Receiver"},
            {"metadata", {{"name", name}, {"namespace", ns}}},
            {"spec", spec}};
  }
  Json get(const std::string& kind, const std::string& name) {
    auto got = client->get({{"gitsync.dev", "v1", kind}, ns, name});
    INFO(got.status().message());
    REQUIRE(got.ok());
    return *got;
  }
  void reconcile(const std::string& name) {
    auto result = reconciler->reconcile({ns, name}, std::stop_token());
    INFO(result.status().message());
    REQUIRE(result.ok());
  }
  // What the Kustomization controller does with a request: record it as handled.
  void handle(const std::string& name) {
    Json object = get("Kustomization", name);
    std::string value = object["metadata"]["annotations"][kRequestedAt];
    auto patched = client->patchStatus({{"gitsync.dev", "v1", "Kustomization"}, ns, name},
                                       {{"status", {{"lastHandledReconcileAt", value}}}}, {});
    INFO(patched.status().message());
    REQUIRE(patched.ok());
  }
  void startServer(std::size_t maxBodyBytes = 1u << 20) {
    ServerOptions options;
    options.address = "127.0.0.1";
    options.port = 0;
    options.maxBodyBytes = maxBodyBytes;
    auto started = webhook::startServer(options, index, *serverClient);
    INFO(started.status().message());
    REQUIRE(started.ok());
    server = std::move(started).value();
    http = std::make_unique<httplib::Client>("127.0.0.1", server->port());
  }
  std::string pathOf(const std::string& name) const {
    return "/hook/" + sha256Hex(kToken + name + ns);
  }
  httplib::Headers github(const std::string& event, const std::string& body) {
    return {{"X-GitHub-Event", event},
            {"X-Hub-Signature-256", "sha256=" + hmacHex(HmacAlgorithm::Sha256, kToken, body)}};
  }
  std::string requestedAt(const std::string& name) {
    Json object = get("Kustomization", name);
    return object["metadata"].value("annotations", Json::object()).value(kRequestedAt, "");
  }

  std::string ns;
  std::unique_ptr<kube::HttpKubeClient> client;
  std::unique_ptr<kube::HttpKubeClient> serverClient;  // its counters are the server's alone
  ReceiverIndex index;
  std::unique_ptr<controller::Reconciler> reconciler;
  std::unique_ptr<Server> server;
  std::unique_ptr<httplib::Client> http;
};

const std::string kBody = R"({"ref":"refs/heads/main","after":"0123abc"})";

}  // namespace

TEST_CASE("Receiver status: webhookPath, Ready, requestedAt, missing token, deletion",
          "[receiver]") {
  ClusterFixture f;
  f.create(f.receiver("github", "github", {{"events", {"push"}}}));
  f.reconcile("github");
  Json receiver = f.get("Receiver", "github");
  std::string path = f.pathOf("github");
  CHECK(receiver["status"]["webhookPath"] == path);
  CHECK(receiver["status"]["observedGeneration"] == 1);
  REQUIRE(receiver["status"]["conditions"].size() == 1);
  CHECK(receiver["status"]["conditions"][0]["type"] == "Ready");
  CHECK(receiver["status"]["conditions"][0]["status"] == "True");
  CHECK(receiver["status"]["conditions"][0]["reason"] == "Succeeded");
  CHECK(receiver["status"]["conditions"][0]["message"] == "Receiver initialized for path: " + path);
  REQUIRE(f.index.find(path));
  CHECK(f.index.find(path)->key == controller::ObjectKey{f.ns, "github"});

  // Nothing changed: a second reconcile reads the Receiver and its Secret and writes nothing.
  f.client->resetMetrics();
  f.reconcile("github");
  CHECK(f.client->metrics().count("GET") == 2);
  CHECK(f.client->metrics().count("PATCH") == 0);

  Json annotated = f.receiver("github", "github", {{"events", {"push"}}});
  annotated["metadata"]["annotations"] = {{kRequestedAt, "2026-11-22T02:00:00Z"}};
  f.create(annotated);
  f.reconcile("github");
  CHECK(f.get("Receiver", "github")["status"]["lastHandledReconcileAt"] == "2026-11-22T02:00:00Z");

  f.create(f.receiver("lost", "github", {{"secretRef", {{"name", "missing"}}}}));
  f.reconcile("lost");
  Json lost = f.get("Receiver", "lost");
  CHECK_FALSE(lost["status"].contains("webhookPath"));
  CHECK(lost["status"]["conditions"][0]["status"] == "False");
  CHECK(lost["status"]["conditions"][0]["reason"] == "TokenNotFound");
  CHECK(lost["status"]["conditions"][0]["message"] ==
        "Secret/" + f.ns + "/missing: get: NotFound: secrets \"missing\" not found");
  CHECK(f.index.size() == 1);

  REQUIRE(f.client->del({controller::receiverGvk(), f.ns, "github"}, {}).ok());
  f.reconcile("github");
  CHECK_FALSE(f.index.find(path));
  CHECK(f.index.size() == 0);
}

TEST_CASE("webhook server: real calls against the cluster", "[server]") {
  ClusterFixture f;
  f.create(f.receiver("github", "github", {{"events", {"push"}}}));
  f.create(f.receiver("gitlab", "gitlab"));
  f.create(f.receiver("hmac", "generic-hmac"));
  f.create(f.receiver("paused", "generic", {{"suspend", true}}));
  for (const char* name : {"github", "gitlab", "hmac", "paused"}) f.reconcile(name);
  f.startServer(4096);
  auto& http = *f.http;
  std::string github = f.pathOf("github");

  // A signed push: 200 and the annotation is set by the webhook's field manager.
  REQUIRE(f.requestedAt("web").empty());
  auto pushed = http.Post(github.c_str(), f.github("push", kBody), kBody, "application/json");
  REQUIRE(pushed);
  CHECK(pushed->status == 200);
  CHECK(pushed->body == "ok: event push: annotated Kustomization/" + f.ns + "/web\n");
  Json web = f.get("Kustomization", "web");
  std::string first = web["metadata"]["annotations"][kRequestedAt];
  CHECK(first.size() == std::string("2026-11-22T02:16:10.123456789Z").size());
  bool managed = false;
  for (const auto& m : web["metadata"]["managedFields"]) {
    managed = managed || (m["manager"] == "gitsync-webhook" && m["operation"] == "Apply");
  }
  CHECK(managed);
  f.handle("web");

  // Rejected and ignored calls change nothing.
  auto badHeaders = f.github("push", kBody + " ");
  auto bad = http.Post(github.c_str(), badHeaders, kBody, "application/json");
  REQUIRE(bad);
  CHECK(bad->status == 401);
  auto ping = http.Post(github.c_str(), f.github("ping", kBody), kBody, "application/json");
  REQUIRE(ping);
  CHECK(ping->status == 200);
  CHECK(ping->body == "ok: ping\n");
  auto unknown = http.Post(("/hook/" + std::string(64, 'f')).c_str(), f.github("push", kBody),
                           kBody, "application/json");
  REQUIRE(unknown);
  CHECK(unknown->status == 404);
  std::string big(4097, 'x');
  auto large = http.Post(github.c_str(), f.github("push", big), big, "application/json");
  REQUIRE(large);
  CHECK(large->status == 413);
  auto paused = http.Post(f.pathOf("paused").c_str(), kBody, "application/json");
  REQUIRE(paused);
  CHECK(paused->status == 503);
  // (Only the webhook writes the annotation; a controller elsewhere in the shared cluster may
  // write the status, so the resourceVersion proves nothing.)
  CHECK(f.requestedAt("web") == first);

  // generic-hmac with sha512.
  auto hmac = http.Post(
      f.pathOf("hmac").c_str(),
      {{"X-Signature", "sha512=" + hmacHex(HmacAlgorithm::Sha512, kToken, kBody)}}, kBody,
      "application/json");
  REQUIRE(hmac);
  CHECK(hmac->status == 200);
  CHECK(hmac->body == "ok: X-Signature sha512: annotated Kustomization/" + f.ns + "/web\n");
  std::string second = f.requestedAt("web");
  CHECK(second > first);
  f.handle("web");

  // GitLab's token header.
  auto gitlab = http.Post(f.pathOf("gitlab").c_str(),
                          {{"X-Gitlab-Token", kToken}, {"X-Gitlab-Event", "Push Hook"}}, kBody,
                          "application/json");
  REQUIRE(gitlab);
  CHECK(gitlab->status == 200);
  CHECK(gitlab->body == "ok: event Push Hook: annotated Kustomization/" + f.ns + "/web\n");
  CHECK(f.requestedAt("web") > second);
  f.handle("web");

  // A flood: 50 valid calls from 5 threads. A watch records every change of the target: the
  // webhook writes a new value only after the previous one was handled, and with nobody
  // handling (no controller here) it writes once.
  std::string before = f.requestedAt("web");
  std::string fromRv = f.get("Kustomization", "web")["metadata"]["resourceVersion"];
  struct Seen {
    std::string requestedAt, lastHandled, rv;
  };
  std::vector<Seen> seen;
  std::atomic<bool> flooded{false};
  std::string finalRv;
  std::mutex finalMutex;
  std::thread watcher([&] {
    kube::WatchOptions options;
    options.ns = f.ns;
    options.fieldSelector = "metadata.name=web";
    options.resourceVersion = fromRv;
    options.timeout = std::chrono::seconds(60);
    // The last change may have come before the flood ended: stop on the next poll then.
    auto reachedFinal = [&] {
      return flooded && std::any_of(seen.begin(), seen.end(),
                                    [&](const Seen& s) { return s.rv == finalRv; });
    };
    options.stopRequested = [&] {
      std::lock_guard lock(finalMutex);
      return reachedFinal();
    };
    auto end = f.client->watch(controller::kustomizationGvk(), options,
                               [&](const kube::WatchEvent& e) {
                                 if (e.type == kube::WatchEventType::Bookmark) return true;
                                 const Json& o = e.object;
                                 seen.push_back(
                                     {o["metadata"].value("annotations", Json::object())
                                          .value(kRequestedAt, ""),
                                      o.value("status", Json::object())
                                          .value("lastHandledReconcileAt", ""),
                                      o["metadata"]["resourceVersion"]});
                                 std::lock_guard lock(finalMutex);
                                 return !reachedFinal();
                               });
    CHECK(end.ok());
  });
  f.serverClient->resetMetrics();
  std::vector<std::thread> senders;
  std::atomic<int> ok{0};
  for (int t = 0; t < 5; ++t) {
    senders.emplace_back([&] {
      httplib::Client own("127.0.0.1", f.server->port());
      for (int i = 0; i < 10; ++i) {
        auto res = own.Post(github.c_str(), f.github("push", kBody), kBody, "application/json");
        if (res && res->status == 200) ++ok;
      }
    });
  }
  for (auto& s : senders) s.join();
  {
    std::lock_guard lock(finalMutex);
    finalRv = f.get("Kustomization", "web")["metadata"]["resourceVersion"];
    flooded = true;
  }
  watcher.join();
  CHECK(ok == 50);
  // The changes up to the state read after the flood (a controller may have written more).
  auto last = std::find_if(seen.begin(), seen.end(),
                           [&](const Seen& s) { return s.rv == finalRv; });
  REQUIRE(last != seen.end());
  seen.erase(last + 1, seen.end());
  // Walk the changes in order: each new value appears only once the previous one was handled.
  std::string current = before;
  std::string handled = before;  // f.handle() above
  int writes = 0;
  int handledDuringFlood = 0;
  for (const Seen& s : seen) {
    if (s.requestedAt != current) {
      INFO("new value " << s.requestedAt << " while " << current << " was pending");
      CHECK(handled == current);
      current = s.requestedAt;
      ++writes;
    }
    if (s.lastHandled != handled) {
      handled = s.lastHandled;
      ++handledDuringFlood;
    }
  }
  auto metrics = f.serverClient->metrics();
  CHECK(metrics.count("APPLY") == static_cast<uint64_t>(writes));
  CHECK(metrics.count("GET") == 50);
  // Nobody handled the requests: exactly one write. A controller handling them elsewhere in
  // the shared cluster allows one more write per request it handled.
  CHECK(writes <= 1 + handledDuringFlood);
  CHECK(writes >= 1);
  if (handledDuringFlood == 0) CHECK(writes == 1);
}

TEST_CASE("webhook server: name * with matchLabels annotates the matching objects", "[labels]") {
  ClusterFixture f;
  Json labeled = f.kustomization("api");
  labeled["metadata"]["labels"] = {{"team", "x"}};
  f.create(labeled);
  Json other = f.kustomization("db");
  other["metadata"]["labels"] = {{"team", "y"}};
  f.create(other);
  f.create(f.receiver("labels", "generic",
                      {{"resources", Json::array({{{"kind", "Kustomization"},
                                                   {"name", "*"},
                                                   {"matchLabels", {{"team", "x"}}}}})}}));
  f.reconcile("labels");
  f.startServer();
  auto res = f.http->Post(f.pathOf("labels").c_str(), kBody, "application/json");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(res->body == "ok: generic: annotated Kustomization/" + f.ns + "/api\n");
  CHECK_FALSE(f.requestedAt("api").empty());
  CHECK(f.requestedAt("db").empty());
  CHECK(f.requestedAt("web").empty());
}
