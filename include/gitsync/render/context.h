#pragma once
// What a transformer may use while it runs: the file loader of its kustomization (with load
// restrictions) and the transformer config accumulated so far.
#include <filesystem>
#include <string>
#include <string_view>

#include "gitsync/core/status.h"
#include "gitsync/core/yaml.h"
#include "gitsync/render/fieldspec.h"

namespace gitsync::render {

// Reads files for one kustomization folder. Every path, after symlinks are resolved, must stay
// inside the folder (kustomize's LoadRestrictionsRootOnly) and inside the repository root.
class FileLoader {
 public:
  FileLoader(std::filesystem::path repoRoot, std::filesystem::path dir);

  // Resolves `rel` (relative to the folder) to a canonical path inside the folder, or an
  // InvalidArgument naming it ("security; file '...' is not in or below '...'").
  Result<std::filesystem::path> resolve(std::string_view rel) const;
  // Like resolve, for a folder (a base or component) that may lie anywhere inside the
  // repository root but not in an ancestor of this folder.
  Result<std::filesystem::path> resolveDir(std::string_view rel) const;
  // Reads a file (resolve() rules, size limited).
  Result<std::string> read(std::string_view rel) const;
  // Reads and parses a YAML file (limits of core::YamlLimits).
  Result<std::vector<core::Node>> readYaml(std::string_view rel) const;

  const std::filesystem::path& dir() const { return dir_; }
  const std::filesystem::path& repoRoot() const { return repoRoot_; }
  // `p` relative to the repository root, for messages.
  std::string display(const std::filesystem::path& p) const;

 private:
  std::filesystem::path repoRoot_;
  std::filesystem::path dir_;
};

struct BuildContext {
  const FileLoader& loader;
  // The kustomization file being built, relative to the repository root (for messages).
  std::string kustomizationFile;
  const TransformerConfig& config;
};

}  // namespace gitsync::render
