#pragma once
// Helpers for the reference tests: objects from a YAML stream, printed back as kustomize does.
#include <catch2/catch.hpp>

#include <string>

#include "gitsync/core/yaml.h"
#include "gitsync/render/render.h"
#include "gitsync/render/resource.h"

namespace gitsync::render::testing {

inline ObjectSet objectsOf(const std::string& yaml) {
  auto docs = core::parseYamlStream(yaml, "test.yaml");
  REQUIRE(docs.ok());
  ObjectSet set;
  for (core::Node& doc : *docs) set.push_back(Resource{std::move(doc)});
  return set;
}

inline std::string printed(const Result<ObjectSet>& set) {
  if (!set.ok()) FAIL(set.status().message());
  auto text = emitObjects(*set);
  REQUIRE(text.ok());
  return *text;
}

inline ResId idOf(std::string apiVersion, std::string kind, std::string name, std::string ns = "") {
  return ResId{Gvk::fromApiVersion(apiVersion, kind), std::move(name), std::move(ns)};
}

}  // namespace gitsync::render::testing
