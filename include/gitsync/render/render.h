#pragma once
// The render stage: a folder of a repository in, the desired set of manifests out, exactly as
// `kubectl kustomize` (Kustomize v5.5.0) builds it.
#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

struct RenderOptions {
  // Nothing outside this folder is ever read, through symlinks either. Required.
  std::filesystem::path repoRoot;
  // Flux-style post-build substitution of ${VAR}, ${VAR:=default} and ${VAR:-default}; off
  // when empty and `substitute` is false.
  bool substitute = false;
  std::map<std::string, std::string> variables;
};

class Renderer {
 public:
  virtual ~Renderer() = default;
  // Builds `path` (a kustomization folder, or a plain folder of YAML files). Errors name the
  // kustomization file, the field or resource, and what is wrong.
  virtual Result<ObjectSet> render(const std::filesystem::path& path) = 0;
};

std::unique_ptr<Renderer> makeKustomizeRenderer(RenderOptions options);

// Prints objects as `kubectl kustomize` does: each as YAML, joined by "---\n".
Result<std::string> emitObjects(const ObjectSet& objects);

}  // namespace gitsync::render
