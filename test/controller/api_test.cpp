#include "gitsync/controller/api.h"

#include <catch2/catch.hpp>

using namespace gitsync;
using namespace gitsync::controller;
using Json = nlohmann::json;
using namespace std::chrono_literals;

TEST_CASE("parseDuration reads Flux durations", "[api]") {
  CHECK(parseDuration("1m30s") == std::chrono::milliseconds(90'000));
  CHECK(parseDuration("10m") == std::chrono::milliseconds(600'000));
  CHECK(parseDuration("1h") == std::chrono::milliseconds(3'600'000));
  CHECK(parseDuration("500ms") == std::chrono::milliseconds(500));
  CHECK(parseDuration("1.5s") == std::chrono::milliseconds(1500));
  CHECK_FALSE(parseDuration(""));
  CHECK_FALSE(parseDuration("5"));
  CHECK_FALSE(parseDuration("5x"));
  CHECK_FALSE(parseDuration("s"));
  CHECK_FALSE(parseDuration("1.s"));
}

TEST_CASE("parseGitRepository reads spec, status and defaults", "[api]") {
  Json o = Json::parse(R"({
    "apiVersion": "gitsync.dev/v1", "kind": "GitRepository",
    "metadata": {"name": "podinfo", "namespace": "flux", "generation": 3, "uid": "u1",
                 "annotations": {"reconcile.gitsync.dev/requestedAt": "now"},
                 "deletionTimestamp": "2026-11-22T00:00:00Z"},
    "spec": {"url": "https://example.com/podinfo", "interval": "5m",
             "ref": {"branch": "main", "semver": ">=1.0.0"},
             "secretRef": {"name": "creds"}, "ignore": "/docs\n",
             "verify": {"mode": "HEAD", "secretRef": {"name": "keys"}}},
    "status": {"observedGeneration": 2,
               "artifact": {"revision": "main@sha1:abc", "digest": "sha256:d", "size": 12},
               "conditions": [{"type": "Ready", "status": "True", "reason": "Succeeded",
                               "message": "ok", "observedGeneration": 2,
                               "lastTransitionTime": "2026-11-21T00:00:00Z"}]}
  })");
  auto r = parseGitRepository(o);
  REQUIRE(r.ok());
  CHECK(r->meta.name == "podinfo");
  CHECK(r->meta.ns == "flux");
  CHECK(r->meta.generation == 3);
  CHECK(r->meta.deleting);
  CHECK(r->meta.requestedAt() == "now");
  CHECK(r->spec.url == "https://example.com/podinfo");
  CHECK(r->spec.interval == 5min);
  CHECK(r->spec.timeout == 60s);
  CHECK(r->spec.ref.branch == "main");
  CHECK(r->spec.ref.semver == ">=1.0.0");
  CHECK(r->spec.secretRef == "creds");
  CHECK(r->spec.ignore == std::optional<std::string>("/docs\n"));
  CHECK(r->spec.verifyMode == "HEAD");
  CHECK(r->spec.verifySecretRef == "keys");
  REQUIRE(r->status.artifact);
  CHECK(r->status.artifact->revision == "main@sha1:abc");
  CHECK(r->status.artifact->size == 12);
  REQUIRE(r->status.conditions.size() == 1);
  CHECK(r->status.conditions[0].reason == "Succeeded");
  CHECK_FALSE(isReady(r->meta, r->status.conditions));  // generation 3 != observed 2
}

TEST_CASE("parse errors name the object and the field", "[api]") {
  Json o = {{"apiVersion", "gitsync.dev/v1"},
            {"kind", "Kustomization"},
            {"metadata", {{"name", "web"}, {"namespace", "apps"}}},
            {"spec", {{"sourceRef", {{"kind", "GitRepository"}, {"name", "repo"}}},
                      {"interval", "5x"}}}};
  auto r = parseKustomization(o);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == Code::InvalidArgument);
  CHECK(r.status().message() == "Kustomization/apps/web: spec.interval: invalid duration \"5x\"");

  o["spec"]["interval"] = "1m";
  o["spec"]["sourceRef"]["kind"] = "Bucket";
  CHECK(parseKustomization(o).status().message() ==
        "Kustomization/apps/web: spec.sourceRef.kind: unsupported kind \"Bucket\" "
        "(supported: GitRepository)");

  o["spec"]["sourceRef"] = {{"kind", "GitRepository"}};
  CHECK(parseKustomization(o).status().message() ==
        "Kustomization/apps/web: spec.sourceRef.name: required");

  Json g = {{"metadata", {{"name", "g"}, {"namespace", "n"}}}, {"spec", {{"suspend", "yes"}}}};
  CHECK(parseGitRepository(g).status().message() == "GitRepository/n/g: spec.url: required");
  g["spec"]["url"] = "ssh://git@host/repo";
  CHECK(parseGitRepository(g).status().message() ==
        "GitRepository/n/g: spec.suspend: expected a boolean");

  Json rc = {{"metadata", {{"name", "hook"}, {"namespace", "n"}}},
             {"spec", {{"type", "gitea"}, {"secretRef", {{"name", "s"}}}}}};
  CHECK(parseReceiver(rc).status().message() ==
        "Receiver/n/hook: spec.type: unsupported type \"gitea\" (supported: github, gitlab, "
        "bitbucket, generic, generic-hmac)");
}

TEST_CASE("parseKustomization reads every spec field and the inventory", "[api]") {
  Json o = Json::parse(R"({
    "metadata": {"name": "apps", "namespace": "gitsync-system", "generation": 1},
    "spec": {"sourceRef": {"kind": "GitRepository", "name": "repo", "namespace": "other"},
             "path": "./apps", "interval": "10m", "retryInterval": "1m", "prune": true,
             "wait": true, "dependsOn": [{"name": "infra"}],
             "healthChecks": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "web",
                               "namespace": "apps"}],
             "targetNamespace": "apps", "namePrefix": "p-", "nameSuffix": "-s",
             "patches": [{"patch": "- op: remove\n  path: /x", "target": {"kind": "Deployment"}}],
             "images": [{"name": "nginx", "newTag": "1.27"}], "components": ["../c"],
             "postBuild": {"substitute": {"env": "prod"},
                           "substituteFrom": [{"kind": "ConfigMap", "name": "vars", "optional": true}]},
             "force": true, "serviceAccountName": "deployer"},
    "status": {"inventory": {"entries": [{"id": "apps_web_apps_Deployment", "v": "v1"}]},
               "lastAppliedRevision": "main@sha1:1"}
  })");
  auto r = parseKustomization(o);
  REQUIRE(r.ok());
  const KustomizationSpec& s = r->spec;
  CHECK(s.sourceRef.name == "repo");
  CHECK(s.sourceRef.ns == "other");
  CHECK(s.path == "./apps");
  CHECK(s.interval == 10min);
  CHECK(s.effectiveRetryInterval() == 1min);
  CHECK(s.effectiveTimeout() == 10min);
  CHECK(s.prune);
  CHECK(s.wait);
  REQUIRE(s.dependsOn.size() == 1);
  CHECK(s.dependsOn[0].name == "infra");
  CHECK(s.dependsOn[0].ns.empty());
  REQUIRE(s.healthChecks.size() == 1);
  CHECK(s.healthChecks[0].kind == "Deployment");
  CHECK(s.targetNamespace == "apps");
  CHECK(s.namePrefix == "p-");
  CHECK(s.nameSuffix == "-s");
  CHECK(s.patches.size() == 1);
  CHECK(s.images[0]["newTag"] == "1.27");
  CHECK(s.components == std::vector<std::string>{"../c"});
  REQUIRE(s.postBuild);
  CHECK(s.postBuild->substitute.at("env") == "prod");
  CHECK(s.postBuild->substituteFrom[0].optional);
  CHECK(s.force);
  CHECK_FALSE(s.suspend);
  CHECK(s.serviceAccountName == "deployer");
  REQUIRE(r->status.inventory);
  CHECK(r->status.inventory->entries[0].id == "apps_web_apps_Deployment");
  CHECK(inventoryToJson(*r->status.inventory).dump() ==
        R"({"entries":[{"id":"apps_web_apps_Deployment","v":"v1"}]})");
}

TEST_CASE("setCondition keeps the transition time while the status holds", "[api]") {
  std::vector<Condition> conditions;
  setCondition(conditions, {"Ready", "False", "BuildFailed", "bad", 1, ""}, "t1");
  REQUIRE(conditions.size() == 1);
  CHECK(conditions[0].lastTransitionTime == "t1");
  setCondition(conditions, {"Ready", "False", "HealthCheckFailed", "worse", 2, ""}, "t2");
  CHECK(conditions[0].lastTransitionTime == "t1");
  CHECK(conditions[0].reason == "HealthCheckFailed");
  setCondition(conditions, {"Ready", "True", "ReconciliationSucceeded", "ok", 2, ""}, "t3");
  CHECK(conditions[0].lastTransitionTime == "t3");
  setCondition(conditions, {"Reconciling", "True", "Progressing", "", 2, ""}, "t4");
  CHECK(conditions.size() == 2);
  CHECK(findCondition(conditions, "Reconciling")->lastTransitionTime == "t4");
  removeCondition(conditions, "Reconciling");
  CHECK(findCondition(conditions, "Reconciling") == nullptr);
  ObjectMeta meta;
  meta.generation = 2;
  CHECK(isReady(meta, conditions));
  CHECK(conditionsToJson(conditions).dump() ==
        R"([{"lastTransitionTime":"t3","message":"ok","observedGeneration":2,"reason":"ReconciliationSucceeded","status":"True","type":"Ready"}])");
}
