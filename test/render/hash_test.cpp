#include <catch2/catch.hpp>

#include <string>

#include "gitsync/core/yaml.h"
#include "gitsync/render/generators.h"

using namespace gitsync;
using namespace gitsync::render;

namespace {

// Expected values were printed by kustomize v5.5's own hasher (api/hasher) on the same YAML.
std::string hashOf(const std::string& yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  auto h = contentHash(docs->front());
  REQUIRE(h.ok());
  return *h;
}

}  // namespace

TEST_CASE("contentHash of an empty ConfigMap: data missing, name always empty") {
  CHECK(hashOf("apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: empty\n") == "6ct58987ht");
  CHECK(hashOf("kind: ConfigMap\n") == "6ct58987ht");
  // A null data value hashes as its (empty) text, like a missing one; a scalar binaryData is left
  // out.
  CHECK(hashOf("kind: ConfigMap\ndata:\nbinaryData: x\n") == "6ct58987ht");
}

TEST_CASE("contentHash of generated ConfigMaps and Secrets matches kubectl kustomize") {
  CHECK(hashOf("apiVersion: v1\n"
               "kind: ConfigMap\n"
               "metadata:\n  name: lit\n"
               "data:\n"
               "  A: \"1\"\n  B: quoted\n  C: single\n  D: x=y\n  E: '\"unbalanced'\n"
               "  F: \"\"\n  G: ' spaced '\n") == "kk6tm27f5f");
  CHECK(hashOf("apiVersion: v1\nkind: Secret\nmetadata:\n  name: s\ntype: Opaque\n"
               "data:\n  A: MQ==\n") == "526mcbf5c2");
  CHECK(hashOf("apiVersion: v1\nkind: Secret\nmetadata:\n  name: sempty\ntype: Opaque\n"
               "data: {}\n") == "46f8b28mk5");
}

TEST_CASE("contentHash includes binaryData, with its line breaks") {
  CHECK(hashOf("kind: ConfigMap\n"
               "binaryData:\n"
               "  bin.dat: |\n"
               "    //4AgP/+AID//gCA//4AgP/+AID//gCA//4AgP/+AID//gCA//4AgP/+AID//gCA//4AgP\n"
               "    /+AID//gCA//4AgP/+AID//gCA//4AgP/+AIA=\n"
               "data:\n"
               "  multi.txt: |\n    line1\n    line2\n") == "82tdb7d9b7");
}

TEST_CASE("contentHash decodes maps as Go does: numbers become float64, <>& escaped") {
  CHECK(hashOf("kind: ConfigMap\n"
               "data:\n"
               "  a: 1\n"
               "  b: 12345678901234567890\n"
               "  c: 1.0e-7\n"
               "  d: \"<&>\"\n"
               "  e: true\n"
               "  f: null\n"
               "  g: {x: [1, 2.5]}\n"
               "  h: 1e21\n"
               "binaryData: [1]\n") == "d7m6c969fc");
}

TEST_CASE("contentHash of a Secret: scalar fields hash as their text, stringData included") {
  // (kustomize looks "metadata/name" up as a single key.)
  CHECK(hashOf("kind: Secret\ndata:\nstringData: {a: b}\ntype: 3\nmetadata/name: zz\n") ==
        "dchfgkhg6d");
}

TEST_CASE("contentHash refuses kinds kustomize hashes by their YAML node structure") {
  auto docs = core::parseYamlStream("kind: Deployment\n", "test.yaml");
  REQUIRE(docs.ok());
  auto h = contentHash(docs->front());
  REQUIRE_FALSE(h.ok());
  CHECK(h.status().code() == Code::Unimplemented);
  CHECK(h.status().message() ==
        "contentHash: kind 'Deployment': only ConfigMap and Secret names get a content hash");
}
