#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "fake_client.h"
#include "webhook/annotator.h"

using namespace gitsync;
using namespace gitsync::webhook;
using namespace gitsync::webhook::testing;
using std::chrono::system_clock;

namespace {

// 2026-11-22T02:16:10Z, a fixed clock: successive values differ by one nanosecond.
system_clock::time_point fixedTime() {
  return system_clock::time_point(std::chrono::seconds(1795313770));
}

ReceiverEntry receiverWith(std::vector<controller::CrossNamespaceObjectReference> resources) {
  return {{"apps", "hook"}, "generic", {}, "token", std::move(resources), false};
}

}  // namespace

TEST_CASE("rfc3339Nano prints UTC with nine fractional digits") {
  CHECK(rfc3339Nano(fixedTime()) == "2026-11-22T02:16:10.000000000Z");
  CHECK(rfc3339Nano(fixedTime() + std::chrono::nanoseconds(123456789)) ==
        "2026-11-22T02:16:10.123456789Z");
}

TEST_CASE("annotate applies a minimal object with the uid, as gitsync-webhook with force") {
  FakeKubeClient client;
  client.add(gitsyncObject("Kustomization", "apps", "web"));
  TargetAnnotator annotator(client, fixedTime);
  auto outcome = annotator.annotate(receiverWith({{"", "Kustomization", "web", "", {}}}));
  CHECK(outcome.status.ok());
  CHECK(outcome.annotated == std::vector<std::string>{"Kustomization/apps/web"});
  REQUIRE(client.applied.size() == 1);
  CHECK(client.applied[0] ==
        Json::parse(R"({"apiVersion": "gitsync.dev/v1", "kind": "Kustomization",
          "metadata": {"name": "web", "namespace": "apps", "uid": "uid-web",
            "annotations": {"reconcile.gitsync.dev/requestedAt":
                            "2026-11-22T02:16:10.000000000Z"}}})"));
  CHECK(client.fieldManagers == std::vector<std::string>{"gitsync-webhook force"});
}

TEST_CASE("one pending request per target until the controller handled it") {
  FakeKubeClient client;
  client.add(gitsyncObject("Kustomization", "apps", "web"));
  TargetAnnotator annotator(client, fixedTime);
  auto receiver = receiverWith({{"gitsync.dev/v1", "Kustomization", "web", "", {}}});
  REQUIRE(annotator.annotate(receiver).annotated.size() == 1);
  for (int i = 0; i < 5; ++i) {
    auto outcome = annotator.annotate(receiver);
    CHECK(outcome.pending == std::vector<std::string>{"Kustomization/apps/web"});
    CHECK(outcome.annotated.empty());
  }
  CHECK(client.applied.size() == 1);

  SECTION("handled: the next call writes a new value") {
    client.setLastHandled("Kustomization/apps/web", "2026-11-22T02:16:10.000000000Z");
    auto outcome = annotator.annotate(receiver);
    CHECK(outcome.annotated == std::vector<std::string>{"Kustomization/apps/web"});
    REQUIRE(client.applied.size() == 2);
    CHECK(client.applied[1]["metadata"]["annotations"]["reconcile.gitsync.dev/requestedAt"] ==
          "2026-11-22T02:16:10.000000001Z");
  }
  SECTION("someone else set another value: ours is no longer the pending one") {
    Json object = client.object("Kustomization/apps/web");
    object["metadata"]["annotations"]["reconcile.gitsync.dev/requestedAt"] = "by-hand";
    client.add(object);
    CHECK(annotator.annotate(receiver).annotated.size() == 1);
    CHECK(client.applied.size() == 2);
  }
}

TEST_CASE("name * annotates every object of the kind with the labels, in the namespace") {
  FakeKubeClient client;
  client.add(gitsyncObject("GitRepository", "apps", "a", {{"team", "x"}, {"tier", "1"}}));
  client.add(gitsyncObject("GitRepository", "apps", "b", {{"team", "x"}}));
  client.add(gitsyncObject("GitRepository", "other", "c", {{"team", "x"}, {"tier", "1"}}));
  client.add(gitsyncObject("Kustomization", "apps", "d", {{"team", "x"}, {"tier", "1"}}));
  TargetAnnotator annotator(client, fixedTime);
  auto outcome = annotator.annotate(
      receiverWith({{"", "GitRepository", "*", "", {{"team", "x"}, {"tier", "1"}}}}));
  CHECK(outcome.status.ok());
  CHECK(client.selectors == std::vector<std::string>{"team=x,tier=1"});
  CHECK(outcome.annotated == std::vector<std::string>{"GitRepository/apps/a"});
}

TEST_CASE("targets that are gone are reported missing; read failures are errors") {
  FakeKubeClient client;
  client.add(gitsyncObject("Kustomization", "other", "web"));
  TargetAnnotator annotator(client, fixedTime);
  auto receiver = receiverWith({{"", "Kustomization", "gone", "", {}},
                                {"", "Kustomization", "web", "other", {}}});
  auto outcome = annotator.annotate(receiver);
  CHECK(outcome.status.ok());
  CHECK(outcome.missing == std::vector<std::string>{"Kustomization/apps/gone"});
  CHECK(outcome.annotated == std::vector<std::string>{"Kustomization/other/web"});

  SECTION("deleted between the read and the write: the uid precondition keeps it deleted") {
    client.setLastHandled("Kustomization/other/web", "2026-11-22T02:16:10.000000000Z");
    client.deleteAfterGet = true;
    auto again = annotator.annotate(receiver);
    CHECK(again.status.ok());
    CHECK(again.missing ==
          std::vector<std::string>{"Kustomization/apps/gone", "Kustomization/other/web"});
  }
  SECTION("an unreachable API server") {
    client.failGets = true;
    auto failed = annotator.annotate(receiver);
    CHECK(failed.status.code() == Code::Unavailable);
    CHECK(failed.status.message() == "Kustomization/apps/gone: get: connection refused");
  }
}
