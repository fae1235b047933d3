// makeEvent: the core/v1 Event the recorder creates.
#include <catch2/catch.hpp>

#include "gitsync/controller/events.h"

using namespace gitsync::controller;
using gitsync::kube::Json;

TEST_CASE("events: a Warning about a Kustomization, with the revision", "[events]") {
  InvolvedObject k{"gitsync.dev/v1", "Kustomization", "apps", "web", "uid-1", "42"};
  Json e = makeEvent(k, EventType::Warning, "BuildFailed", "apps/x.yaml: line 3: bad",
                     "main@sha1:abc", "gitsync-kustomize", "2026-11-22T02:16:10Z", 0xabc);
  CHECK(e == Json::parse(R"({
    "apiVersion": "v1", "kind": "Event",
    "metadata": {"name": "web.0000000000000abc", "namespace": "apps",
                 "annotations": {"gitsync.dev/revision": "main@sha1:abc"}},
    "involvedObject": {"apiVersion": "gitsync.dev/v1", "kind": "Kustomization",
                       "namespace": "apps", "name": "web", "uid": "uid-1",
                       "resourceVersion": "42"},
    "reason": "BuildFailed", "message": "apps/x.yaml: line 3: bad", "type": "Warning",
    "source": {"component": "gitsync-kustomize"}, "reportingComponent": "gitsync-kustomize",
    "reportingInstance": "gitsync-kustomize", "count": 1,
    "firstTimestamp": "2026-11-22T02:16:10Z", "lastTimestamp": "2026-11-22T02:16:10Z"})"));
}

TEST_CASE("events: long messages are cut at 1024 bytes on a UTF-8 boundary", "[events]") {
  InvolvedObject g{"gitsync.dev/v1", "GitRepository", "apps", "repo", "", ""};
  std::string message = std::string(1023, 'a') + "\xc3\xa9" + "tail";  // é straddles 1024
  Json e = makeEvent(g, EventType::Normal, "NewArtifact", message, "", "c", "t", 1);
  CHECK(e["message"].get<std::string>() == std::string(1023, 'a'));
  CHECK(e["type"] == "Normal");
  CHECK_FALSE(e["metadata"].contains("annotations"));
}

TEST_CASE("involvedObject: the controller's own object, from its metadata") {
  gitsync::controller::ObjectMeta meta;
  meta.ns = "apps";
  meta.name = "web";
  meta.uid = "uid-1";
  meta.resourceVersion = "42";
  meta.generation = 3;
  auto o = gitsync::controller::involvedObject("Kustomization", meta);
  CHECK(o.apiVersion == "gitsync.dev/v1");
  CHECK(o.kind == "Kustomization");
  CHECK(o.ns == "apps");
  CHECK(o.name == "web");
  CHECK(o.uid == "uid-1");
  CHECK(o.resourceVersion == "42");
}
