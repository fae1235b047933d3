#pragma once
// Building one kustomization folder into an accumulator, recursively (kustomize's KustTarget).
#include <filesystem>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/render/fieldspec.h"
#include "gitsync/render/kustomization.h"
#include "gitsync/render/references.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

class IdIndex;

// What a build gathers: objects, the transformer config merged from every level, and vars.
struct Accumulator {
  ObjectSet set;
  TransformerConfig config;
  std::vector<VarDecl> vars;
};

class KustomizeTarget {
 public:
  explicit KustomizeTarget(std::filesystem::path repoRoot) : repoRoot_(std::move(repoRoot)) {}

  // Builds `k` (the kustomization of `dir`) into `ra`: resources, configurations, generators,
  // components, transformers, vars, in kustomize's order.
  Status accumulate(const std::filesystem::path& dir, const Kustomization& k, Accumulator& ra);

 private:
  Status accumulateResources(const FileLoader& loader, const Kustomization& k, Accumulator& ra);
  Status accumulateComponents(const FileLoader& loader, const Kustomization& k, Accumulator& ra);
  // A resource folder (`index` of the including level's objects) or, with a null index, a
  // component, which works on `ra` itself.
  Status accumulateFolder(const std::filesystem::path& dir, const Kustomization& parent,
                          Accumulator& ra, IdIndex* index);
  Status runTransformers(const BuildContext& ctx, const Kustomization& k, Accumulator& ra);
  // The plugin configs named by `field` (transformers, generators): files, kustomization
  // folders (their output), or inline YAML, in order.
  Result<ObjectSet> loadPluginConfigs(const FileLoader& loader, const Kustomization& k,
                                      std::string_view field);

  std::filesystem::path repoRoot_;
  std::vector<std::filesystem::path> visiting_;
};

// A kustomization for a folder without one (Flux's behaviour): every *.yaml / *.yml file below
// it, recursively, in path order.
Result<Kustomization> plainFolderKustomization(const FileLoader& loader);

}  // namespace gitsync::render
