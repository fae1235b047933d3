// reconcileAndWait and the status readers with a fake KubeClient (a scripted controller) and a
// fake clock: the polls, the timeout and the printed lines, exactly and without waiting.
#include <catch2/catch.hpp>

#include <regex>
#include <sstream>

#include "cli/custom_resources.h"
#include "kube/fake_clock.h"

namespace gitsync::cli {
namespace {

using kube::Json;

// One Kustomization or GitRepository; the "controller" handles the request on the
// `handleOnGet`-th GET after the apply (0: never).
class FakeClient final : public kube::KubeClient {
 public:
  explicit FakeClient(Json object) : object_(std::move(object)) {}

  Result<Json> get(const kube::ObjectRef& ref) override {
    gets.push_back(ref.subject());
    if (object_.is_null() || ref.name != object_["metadata"]["name"]) {
      return notFound(ref.subject() + ": get: NotFound: not found");
    }
    if (!requested_.empty() && ++getsSinceApply_ == handleOnGet) {
      object_["status"]["lastHandledReconcileAt"] = requested_;
      object_["status"]["conditions"] = handledConditions;
    }
    return object_;
  }
  Result<kube::ObjectList> list(const kube::GroupVersionKind&, const kube::ListOptions&) override {
    return internalError("list: not expected");
  }
  Result<Json> apply(const Json& object, const kube::ApplyOptions& options) override {
    applied.push_back(object);
    applyOptions.push_back(options);
    requested_ = object["metadata"]["annotations"]["reconcile.gitsync.dev/requestedAt"];
    getsSinceApply_ = 0;
    return object_;
  }
  Result<Json> del(const kube::ObjectRef&, const kube::DeleteOptions&) override {
    return internalError("delete: not expected");
  }

  int handleOnGet = 0;
  Json handledConditions = Json::array();
  std::vector<std::string> gets;
  std::vector<Json> applied;
  std::vector<kube::ApplyOptions> applyOptions;

 private:
  Json object_;
  std::string requested_;
  int getsSinceApply_ = 0;
};

Json kustomization(bool suspend = false) {
  return {{"apiVersion", "gitsync.dev/v1"},
          {"kind", "Kustomization"},
          {"metadata", {{"name", "apps"}, {"namespace", "prod"}}},
          {"spec", {{"suspend", suspend}}},
          {"status", {{"lastAppliedRevision", "main@sha1:aaa"}}}};
}

Json ready(const char* status, const char* reason, const char* message) {
  return Json::array({{{"type", "Reconciling"}, {"status", "False"}},
                      {{"type", "Ready"}, {"status", status}, {"reason", reason},
                       {"message", message}}});
}

ReconcileRequest request(std::chrono::seconds timeout = std::chrono::seconds(10)) {
  ReconcileRequest r;
  r.ns = "prod";
  r.name = "apps";
  r.timeout = timeout;
  r.timeoutText = std::to_string(timeout.count()) + "s";
  return r;
}

TEST_CASE("reconcileAndWait: annotates, polls once a second until handled, prints Ready") {
  FakeClient client(kustomization());
  client.handleOnGet = 3;
  client.handledConditions =
      ready("True", "ReconciliationSucceeded", "Applied revision: main@sha1:aaa");
  kube::testing::FakeClock clock;
  std::ostringstream out, err;
  REQUIRE(reconcileAndWait(client, clock, request(), out, err) == 0);
  CHECK(out.str() ==
        "► annotating Kustomization apps in prod namespace\n"
        "✔ Kustomization annotated\n"
        "◎ waiting for Kustomization reconciliation\n"
        "✔ Ready True ReconciliationSucceeded: Applied revision: main@sha1:aaa\n"
        "✔ applied revision main@sha1:aaa\n");
  CHECK(err.str().empty());
  CHECK(clock.waitsMs() == std::vector<long>{1000, 1000});
  CHECK(client.gets.size() == 4);  // the check before the apply, then three polls

  REQUIRE(client.applied.size() == 1);
  Json applied = client.applied[0];
  std::string value = applied["metadata"]["annotations"]["reconcile.gitsync.dev/requestedAt"];
  CHECK(std::regex_match(value, std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z)")));
  CHECK(applied == Json{{"apiVersion", "gitsync.dev/v1"},
                        {"kind", "Kustomization"},
                        {"metadata",
                         {{"name", "apps"},
                          {"namespace", "prod"},
                          {"annotations", {{"reconcile.gitsync.dev/requestedAt", value}}}}}});
  CHECK(client.applyOptions[0].fieldManager == "gitsync-cli");
  CHECK(client.applyOptions[0].force);
}

TEST_CASE("reconcileAndWait: not Ready after the reconcile is exit 1 with the last revision") {
  FakeClient client(kustomization());
  client.handleOnGet = 1;
  client.handledConditions = ready("False", "BuildFailed", "kustomize build failed:\nline 2");
  kube::testing::FakeClock clock;
  std::ostringstream out, err;
  REQUIRE(reconcileAndWait(client, clock, request(), out, err) == 1);
  CHECK(out.str() ==
        "► annotating Kustomization apps in prod namespace\n"
        "✔ Kustomization annotated\n"
        "◎ waiting for Kustomization reconciliation\n"
        "✗ Ready False BuildFailed: kustomize build failed:\nline 2\n"
        "  last applied revision main@sha1:aaa\n");
  CHECK(err.str() == "error: kustomization 'apps' is not ready\n");
  CHECK(clock.waitsMs().empty());
}

TEST_CASE("reconcileAndWait: a handled request without a Ready condition is not ready") {
  FakeClient client(kustomization());
  client.handleOnGet = 1;
  kube::testing::FakeClock clock;
  std::ostringstream out, err;
  REQUIRE(reconcileAndWait(client, clock, request(), out, err) == 1);
  CHECK(out.str().find("✗ Ready False: waiting to be reconciled\n") != std::string::npos);
}

TEST_CASE("reconcileAndWait: times out on the injected clock with the values compared") {
  FakeClient client(kustomization());
  kube::testing::FakeClock clock;
  std::ostringstream out, err;
  REQUIRE(reconcileAndWait(client, clock, request(std::chrono::seconds(3)), out, err) == 1);
  CHECK(clock.waitsMs() == std::vector<long>{1000, 1000, 1000});
  std::string value =
      client.applied.at(0)["metadata"]["annotations"]["reconcile.gitsync.dev/requestedAt"];
  CHECK(err.str() ==
        "error: kustomization 'apps' in namespace 'prod': timed out after 3s waiting for the "
        "controller to handle the reconcile request (status.lastHandledReconcileAt is '', want '" +
            value + "'); is the controller running?\n");
}

TEST_CASE("reconcileAndWait: missing and suspended objects are not annotated") {
  kube::testing::FakeClock clock;
  std::ostringstream out, err;
  FakeClient missing(Json(nullptr));
  CHECK(reconcileAndWait(missing, clock, request(), out, err) == 1);
  CHECK(err.str() == "error: kustomization 'apps' not found in namespace 'prod'\n");
  CHECK(missing.applied.empty());

  FakeClient suspended(kustomization(true));
  std::ostringstream out2, err2;
  CHECK(reconcileAndWait(suspended, clock, request(), out2, err2) == 1);
  CHECK(err2.str() == "error: kustomization 'apps' is suspended\n");
  CHECK(out2.str().empty());
  CHECK(suspended.applied.empty());
}

TEST_CASE("reconcileAndWait: wait=false returns once annotated") {
  FakeClient client(kustomization());
  kube::testing::FakeClock clock;
  std::ostringstream out, err;
  ReconcileRequest r = request();
  r.wait = false;
  REQUIRE(reconcileAndWait(client, clock, r, out, err) == 0);
  CHECK(out.str() ==
        "► annotating Kustomization apps in prod namespace\n"
        "✔ Kustomization annotated\n");
  CHECK(client.gets.size() == 1);
}

TEST_CASE("status readers: Ready, suspend and the revision per kind") {
  Json repo = {{"spec", {{"suspend", true}}},
               {"status",
                {{"artifact", {{"revision", "v1@sha1:bbb"}}},
                 {"conditions", ready("Unknown", "Progressing", "fetching")}}}};
  CHECK(isSuspended(repo));
  CHECK_FALSE(isSuspended(Json{{"spec", {{"suspend", "true"}}}}));  // a string is not a bool
  CHECK(revisionOf(ResourceKind::GitRepository, repo) == "v1@sha1:bbb");
  CHECK(revisionOf(ResourceKind::Kustomization, repo).empty());
  CHECK(revisionOf(ResourceKind::Receiver, repo).empty());
  ReadyView view = readyOf(repo);
  CHECK(view.present);
  CHECK(view.status == "Unknown");
  CHECK(view.reason == "Progressing");
  CHECK(view.message == "fetching");

  ReadyView none = readyOf(Json{{"status", {{"conditions", "oops"}}}});
  CHECK_FALSE(none.present);
  CHECK(none.status == "False");
  CHECK(none.message == "waiting to be reconciled");
  CHECK(stringAt(Json{{"a", 1}}, "/a").empty());
}

}  // namespace
}  // namespace gitsync::cli

TEST_CASE("parseTimeoutFlag: a duration, else the usage error") {
  std::ostringstream err;
  CHECK(gitsync::cli::parseTimeoutFlag("90s", err) == std::chrono::milliseconds(90000));
  CHECK(err.str().empty());
  CHECK_FALSE(gitsync::cli::parseTimeoutFlag("soon", err));
  CHECK(err.str() == "error: --timeout 'soon': expected a duration like 90s, 5m, 1h\n");
}
