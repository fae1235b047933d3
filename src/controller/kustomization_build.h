#pragma once
// Building a Kustomization's manifests from its source artifact: spec.path inside the
// artifact, the spec's overrides added to the kustomization there (as Flux's kustomize
// generator does), postBuild substitution, and a digest of the result.
#include <filesystem>
#include <map>
#include <string>

#include "gitsync/controller/api.h"
#include "gitsync/render/resource.h"

namespace gitsync::controller {

// `artifactDir / path`, lexically normalized. InvalidArgument when `path` is absolute or
// leaves the artifact ("spec.path \"../x\" leaves the source artifact").
Result<std::filesystem::path> resolvePath(const std::filesystem::path& artifactDir,
                                          const std::string& path);

// True when the spec changes the kustomization: targetNamespace, namePrefix, nameSuffix,
// patches, images or components.
bool hasOverrides(const KustomizationSpec& spec);

// Adds the spec's overrides to `kustomization` (the YAML document of a kustomization file)
// the way Flux does: namespace, namePrefix and nameSuffix replaced; patches appended; images
// replacing those of the same name, else appended; components appended. InvalidArgument when
// spec.patches or spec.images do not convert to YAML.
Status addOverrides(core::Node& kustomization, const KustomizationSpec& spec);

struct BuildOptions {
  std::filesystem::path artifactDir;  // read-only, shared by every Kustomization of the source
  // A folder for private copies of the artifact (on the artifact's file system, so that the
  // copy is made of hard links). Used, and cleaned up, only when the spec has overrides.
  std::filesystem::path scratchDir;
  bool substitute = false;  // spec.postBuild is set
  std::map<std::string, std::string> variables;
};

struct Build {
  render::ObjectSet objects;
  std::string digest;  // "sha256:<hex>" of the objects as `gitsync build` prints them
};

// Renders spec.path (already checked by resolvePath). With overrides the artifact is copied
// (hard links) into a fresh folder under scratchDir, the kustomization file there is replaced
// by one with the overrides (generated, listing every YAML file like a plain folder, when
// there is none), and that copy is rendered; the copy is removed afterwards. Errors are the
// renderer's (they name the file and line) or file system errors (Internal).
Result<Build> buildKustomization(const KustomizationSpec& spec, const BuildOptions& options);

}  // namespace gitsync::controller
