// checkDependencies: Ready, for its generation, at its source's revision.
#include <catch2/catch.hpp>

#include "controller/kustomization_dependencies.h"
#include "object_fake.h"

using namespace gitsync::controller;
using gitsync::Code;
using gitsync::Status;
using gitsync::controller::testing::ObjectFake;

namespace {

Json dependency(const std::string& ready, int64_t generation, int64_t observed,
                const std::string& applied) {
  return {{"apiVersion", "gitsync.dev/v1"},
          {"kind", "Kustomization"},
          {"metadata", {{"name", "infra"}, {"namespace", "apps"}, {"generation", generation}}},
          {"spec", {{"prune", true}, {"interval", "5m"}, {"sourceRef", {{"kind", "GitRepository"}, {"name", "repo"}}}}},
          {"status",
           {{"observedGeneration", observed},
            {"lastAppliedRevision", applied},
            {"conditions",
             {{{"type", "Ready"}, {"status", ready}, {"reason", "x"}, {"message", ""},
               {"observedGeneration", generation}, {"lastTransitionTime", "t"}}}}}}};
}

Kustomization dependent() {
  Kustomization k;
  k.meta.ns = "apps";
  k.meta.name = "web";
  k.spec.dependsOn = {{"infra", ""}};
  return k;
}

}  // namespace

TEST_CASE("dependsOn: each way of not being ready, then ready", "[dependencies]") {
  ObjectFake client;
  ArtifactStore artifacts;
  artifacts.put({"apps", "repo"}, {"main@sha1:new", "sha256:d", "/tmp/x"});
  const std::string key = "Kustomization/apps/infra";

  CHECK(checkDependencies(client, dependent(), artifacts).message() ==
        "dependency 'apps/infra' not found");

  client.objects[key] = dependency("False", 2, 2, "main@sha1:new");
  CHECK(checkDependencies(client, dependent(), artifacts).message() ==
        "dependency 'apps/infra' is not ready");

  client.objects[key] = dependency("True", 3, 2, "main@sha1:new");  // status of an older spec
  CHECK(checkDependencies(client, dependent(), artifacts).message() ==
        "dependency 'apps/infra' is not ready");

  client.objects[key] = dependency("True", 2, 2, "main@sha1:old");
  Status behind = checkDependencies(client, dependent(), artifacts);
  CHECK(behind.code() == Code::FailedPrecondition);
  CHECK(behind.message() == "dependency 'apps/infra' revision is not up to date");

  client.objects[key] = dependency("True", 2, 2, "main@sha1:new");
  CHECK(checkDependencies(client, dependent(), artifacts).ok());

  client.errors[key] = Status(Code::Unavailable, "Kustomization/apps/infra: get: refused");
  Status down = checkDependencies(client, dependent(), artifacts);
  CHECK(down.code() == Code::Unavailable);
  CHECK(down.message() == "Kustomization/apps/infra: get: refused");
}

TEST_CASE("dependsOn: a dependency in another namespace", "[dependencies]") {
  ObjectFake client;
  ArtifactStore artifacts;
  Kustomization k = dependent();
  k.spec.dependsOn = {{"infra", "platform"}};
  CHECK(checkDependencies(client, k, artifacts).message() ==
        "dependency 'platform/infra' not found");
}
