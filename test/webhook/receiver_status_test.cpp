#include <catch2/catch.hpp>

#include <string>

#include "gitsync/controller/api.h"
#include "webhook/receiver_status.h"

using namespace gitsync;
using namespace gitsync::webhook;
using controller::Condition;
using kube::Json;

namespace {

Json secret(Json data) {
  return {{"apiVersion", "v1"},
          {"kind", "Secret"},
          {"metadata", {{"name", "hook-token"}, {"namespace", "apps"}}},
          {"data", std::move(data)}};
}

controller::ObjectMeta metaAt(int64_t generation, std::string requestedAt = "") {
  controller::ObjectMeta meta;
  meta.ns = "apps";
  meta.name = "hook";
  meta.generation = generation;
  if (!requestedAt.empty()) meta.annotations[controller::kRequestedAtAnnotation] = requestedAt;
  return meta;
}

const ReceiverOutcome kReady{true, "Succeeded", "Receiver initialized for path: /hook/ab",
                             "/hook/ab", false};

}  // namespace

TEST_CASE("tokenFromSecret decodes data.token exactly, whitespace included") {
  CHECK(*tokenFromSecret(secret({{"token", "dG9rIGVu"}})) == "tok en");
  CHECK(*tokenFromSecret(secret({{"token", "czNjcjN0Cg=="}})) == "s3cr3t\n");
  auto missing = tokenFromSecret(secret({{"other", "eA=="}}));
  CHECK(missing.status().code() == Code::FailedPrecondition);
  CHECK(missing.status().message() == "Secret/apps/hook-token: no key \"token\"");
  auto bad = tokenFromSecret(secret({{"token", "a=bc"}}));
  CHECK(bad.status().code() == Code::InvalidArgument);
  CHECK(bad.status().message() == "Secret/apps/hook-token: data.token: invalid base64");
  CHECK(tokenFromSecret(secret({{"token", "abc"}})).status().code() == Code::InvalidArgument);
}

TEST_CASE("validateResources names the first bad target") {
  using Ref = controller::CrossNamespaceObjectReference;
  CHECK(validateResources({Ref{"", "Kustomization", "web", "", {}},
                           Ref{"gitsync.dev/v1", "GitRepository", "*", "", {{"a", "b"}}}})
            .ok());
  CHECK(validateResources({Ref{"", "Kustomization", "web", "", {}},
                           Ref{"", "GitRepository", "*", "", {}}})
            .message() == "spec.resources[1]: name \"*\" needs matchLabels");
  CHECK(validateResources({Ref{"apps/v1", "Deployment", "web", "", {}}}).message() ==
        "spec.resources[0].apiVersion: unsupported \"apps/v1\" (supported: gitsync.dev/v1)");
  CHECK(validateResources({Ref{"", "Deployment", "web", "", {}}}).message() ==
        "spec.resources[0].kind: unsupported \"Deployment\" (supported: GitRepository, "
        "Kustomization)");
}

TEST_CASE("nextStatus: Ready with the path, then nothing to write until something changes") {
  controller::ReceiverStatus empty = currentStatus(Json::object());
  auto first = nextStatus(empty, metaAt(1), kReady, "2026-11-22T02:00:00Z");
  REQUIRE(first);
  CHECK(first->webhookPath == "/hook/ab");
  CHECK(first->observedGeneration == 1);
  CHECK(first->conditions ==
        std::vector<Condition>{{"Ready", "True", "Succeeded",
                                "Receiver initialized for path: /hook/ab", 1,
                                "2026-11-22T02:00:00Z"}});
  Json written = statusPatch(*first);
  CHECK(written == Json::parse(R"({"status": {"observedGeneration": 1,
      "webhookPath": "/hook/ab", "lastHandledReconcileAt": null,
      "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
        "message": "Receiver initialized for path: /hook/ab", "observedGeneration": 1,
        "lastTransitionTime": "2026-11-22T02:00:00Z"}]}})"));

  // Read back as the API server returns it (nulls removed by the merge patch).
  Json stored = {{"status", written["status"]}};
  stored["status"].erase("lastHandledReconcileAt");
  controller::ReceiverStatus current = currentStatus(stored);
  CHECK_FALSE(nextStatus(current, metaAt(1), kReady, "2026-11-22T03:00:00Z").has_value());

  SECTION("a requestedAt annotation is recorded as handled") {
    auto next = nextStatus(current, metaAt(1, "now-1"), kReady, "2026-11-22T03:00:00Z");
    REQUIRE(next);
    CHECK(next->lastHandledReconcileAt == "now-1");
    CHECK(next->conditions[0].lastTransitionTime == "2026-11-22T02:00:00Z");
  }
  SECTION("a lost token: Ready False, no path, a new transition time") {
    ReceiverOutcome lost{false, kTokenNotFound, "Secret/apps/hook-token: no key \"token\"", "",
                         false};
    auto next = nextStatus(current, metaAt(2), lost, "2026-11-22T03:00:00Z");
    REQUIRE(next);
    CHECK(next->webhookPath.empty());
    CHECK(next->conditions ==
          std::vector<Condition>{{"Ready", "False", "TokenNotFound",
                                  "Secret/apps/hook-token: no key \"token\"", 2,
                                  "2026-11-22T03:00:00Z"}});
    CHECK(statusPatch(*next)["status"]["webhookPath"].is_null());
  }
  SECTION("an invalid spec is Stalled too; fixing it removes Stalled") {
    ReceiverOutcome invalid{false, "InvalidSpec", "spec.resources[0]: name \"*\" needs matchLabels",
                            "", true};
    auto stalled = nextStatus(current, metaAt(2), invalid, "2026-11-22T03:00:00Z");
    REQUIRE(stalled);
    REQUIRE(stalled->conditions.size() == 2);
    CHECK(stalled->conditions[1] ==
          Condition{"Stalled", "True", "InvalidSpec",
                    "spec.resources[0]: name \"*\" needs matchLabels", 2, "2026-11-22T03:00:00Z"});
    auto fixed = nextStatus(*stalled, metaAt(3), kReady, "2026-11-22T04:00:00Z");
    REQUIRE(fixed);
    CHECK(fixed->conditions ==
          std::vector<Condition>{{"Ready", "True", "Succeeded",
                                  "Receiver initialized for path: /hook/ab", 3,
                                  "2026-11-22T04:00:00Z"}});
  }
}
