#pragma once
// Reading a kustomization file: finding it in a folder, refusing unknown or unsupported fields
// (as kustomize does), folding deprecated fields into their successors.
#include <filesystem>
#include <optional>
#include <string>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"

namespace gitsync::render {

struct Kustomization {
  core::Node doc;       // the validated document; `bases` folded into `resources`
  std::string file;     // path relative to the repository root, for messages
  bool isComponent = false;
};

// Loads the kustomization of `loader.dir()`: kustomization.yaml, kustomization.yml or
// Kustomization. Returns nullopt when the folder has none.
Result<std::optional<Kustomization>> loadKustomization(const FileLoader& loader);

}  // namespace gitsync::render
