// Immutable fields: a clear error without force, delete and re-create with it.
#include "fixture.h"

using namespace gitsync;
using namespace gitsync::apply;
using namespace gitsync::apply::testing;

namespace {

std::string job(const std::string& image, bool forceAnnotation) {
  return std::string(R"(
apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
)") + (forceAnnotation ? "  annotations:\n    gitsync.dev/force: enabled\n" : "") + R"(spec:
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: migrate
        image: )" + image + "\n";
}

}  // namespace

TEST_CASE("an immutable field fails without force and is re-created with it", "[immutable]") {
  ApplyFixture f("apply-it-immutable");
  const std::string ns = f.name();
  auto first = f.sync(job("busybox:1", false));
  INFO(first.status.message());
  REQUIRE(first.status.ok());
  std::string uid = f.get("batch/v1", "Job", "migrate", ns)["metadata"]["uid"];

  auto refused = f.sync(job("busybox:2", false));
  CHECK(refused.status.code() == Code::InvalidArgument);
  INFO(refused.status.message());
  CHECK(refused.status.message().rfind("Job/" + ns +
                                           "/migrate: apply: Invalid: Job.batch \"migrate\" is "
                                           "invalid: spec.template: Invalid value:",
                                       0) == 0);
  CHECK(refused.status.message().find("field is immutable (re-create it with --force or the "
                                      "annotation gitsync.dev/force: enabled)") !=
        std::string::npos);
  REQUIRE(refused.changes.entries.size() == 1);
  CHECK(refused.changes.entries[0].action == Action::Failed);
  CHECK(refused.changes.entries[0].line().rfind(
            "Job/" + ns + "/migrate failed: apply: Invalid: Job.batch", 0) == 0);
  CHECK(f.get("batch/v1", "Job", "migrate", ns)["metadata"]["uid"] == uid);

  f.options().apply.force = true;
  auto forced = f.sync(job("busybox:2", false));
  INFO(forced.status.message());
  REQUIRE(forced.status.ok());
  CHECK(ApplyFixture::lines(forced.changes) ==
        std::vector<std::string>{"Job/" + ns + "/migrate configured: recreated"});
  Json recreated = f.get("batch/v1", "Job", "migrate", ns);
  CHECK(recreated["metadata"]["uid"] != uid);
  CHECK(recreated["spec"]["template"]["spec"]["containers"][0]["image"] == "busybox:2");

  // The annotation does the same per object.
  f.options().apply.force = false;
  uid = recreated["metadata"]["uid"];
  auto annotated = f.sync(job("busybox:3", true));
  INFO(annotated.status.message());
  REQUIRE(annotated.status.ok());
  CHECK(ApplyFixture::lines(annotated.changes) ==
        std::vector<std::string>{"Job/" + ns + "/migrate configured: recreated"});
  CHECK(f.get("batch/v1", "Job", "migrate", ns)["metadata"]["uid"] != uid);
}

TEST_CASE("an unlabeled object with a changed immutable field is re-created with force",
          "[immutable]") {
  ApplyFixture f("apply-it-immutable-adopt");
  const std::string ns = f.name();
  auto theirs = kube::nodeToJson(objectsOf(job("busybox:1", false), ns)[0].object);
  REQUIRE(theirs.ok());
  (*theirs)["metadata"]["namespace"] = ns;
  kube::ApplyOptions kubectl;
  kubectl.fieldManager = "kubectl";
  REQUIRE(f.client().apply(*theirs, kubectl).ok());

  auto refused = f.sync(job("busybox:2", false));
  CHECK(refused.status.code() == Code::InvalidArgument);
  CHECK(refused.status.message().find("field is immutable (re-create it with --force") !=
        std::string::npos);
  f.options().apply.force = true;
  auto forced = f.sync(job("busybox:2", false));
  INFO(forced.status.message());
  REQUIRE(forced.status.ok());
  CHECK(ApplyFixture::lines(forced.changes) ==
        std::vector<std::string>{"Job/" + ns + "/migrate configured: recreated"});
  Json recreated = f.get("batch/v1", "Job", "migrate", ns);
  CHECK(recreated["spec"]["template"]["spec"]["containers"][0]["image"] == "busybox:2");
  CHECK(recreated["metadata"]["labels"]["gitsync.dev/name"] == ns);
}
