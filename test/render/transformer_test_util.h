#pragma once
// Shared set-up for the field-spec transformer tests: objects from YAML, a build context with
// kustomize's built-in config, and the objects printed the way `kubectl kustomize` prints them.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "gitsync/core/yaml.h"
#include "gitsync/render/builtin_transformers.h"
#include "gitsync/render/context.h"
#include "gitsync/render/fieldspec.h"
#include "gitsync/render/render.h"

namespace gitsync::render::testing {

inline ObjectSet objects(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "input.yaml");
  REQUIRE(docs.ok());
  ObjectSet set;
  for (core::Node& doc : *docs) set.push_back(Resource{std::move(doc)});
  return set;
}

inline core::Node doc(std::string_view yaml) {
  auto docs = core::parseYamlStream(yaml, "kustomization.yaml");
  REQUIRE(docs.ok());
  REQUIRE(docs->size() == 1);
  return docs->front();
}

inline std::string emit(const Result<ObjectSet>& set) {
  if (!set.ok()) FAIL(set.status().message());
  auto out = emitObjects(*set);
  REQUIRE(out.ok());
  return *out;
}

inline std::string error(const Result<ObjectSet>& set) {
  REQUIRE_FALSE(set.ok());
  return set.status().message();
}

// A build context for "app/kustomization.yaml" with the built-in field specs (plus `extra`).
struct Context {
  explicit Context(const TransformerConfig& extra = {}) {
    config.merge(builtinTransformerConfig());
    config.merge(extra);
  }
  FileLoader loader{".", "."};
  TransformerConfig config;
  BuildContext ctx{loader, "app/kustomization.yaml", config};
};

}  // namespace gitsync::render::testing
