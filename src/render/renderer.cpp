#include <algorithm>

#include "gitsync/core/yaml.h"
#include "gitsync/render/generators.h"
#include "gitsync/render/references.h"
#include "gitsync/render/render.h"
#include "kustomize_target.h"
#include "sort_order.h"
#include "substitute.h"

namespace gitsync::render {
namespace fs = std::filesystem;
namespace {

// Annotations kustomize uses during a build and strips from its output (api/resource's
// BuildAnnotations plus the origin and transformer annotations). An annotations map left
// empty is removed, as kustomize removes empty annotations; values become strings.
void removeBuildAnnotations(core::Node& object) {
  static constexpr std::string_view kStripped[] = {
      "config.kubernetes.io/path", "config.kubernetes.io/index", "config.k8s.io/id",
      "config.kubernetes.io/origin", "alpha.config.kubernetes.io/transformations",
      "internal.config.kubernetes.io/path", "internal.config.kubernetes.io/index",
      "internal.config.kubernetes.io/seqindent", "internal.config.kubernetes.io/id",
      "internal.config.kubernetes.io/previousKinds", "internal.config.kubernetes.io/previousNames",
      "internal.config.kubernetes.io/previousNamespaces", "internal.config.kubernetes.io/prefixes",
      "internal.config.kubernetes.io/suffixes", "internal.config.kubernetes.io/allowNameChange",
      "internal.config.kubernetes.io/allowKindChange", "internal.config.kubernetes.io/refBy",
      "internal.config.kubernetes.io/generatorBehavior",
      "internal.config.kubernetes.io/needsHashSuffix"};
  core::Node* metadata = object.get("metadata");
  if (!metadata || !metadata->isMap()) return;
  core::Node* annotations = metadata->get("annotations");
  if (!annotations) return;
  if (annotations->isMap()) {
    for (std::string_view key : kStripped) annotations->erase(key);
    // kustomize writes annotations back as a map of strings: `a: 5` prints as `a: "5"`.
    for (auto& [key, value] : annotations->entries()) {
      if (value.isScalar() && value.style() == core::Node::Style::Plain) {
        value = core::Node::string(value.text());
      }
    }
  }
  if ((annotations->isMap() && annotations->size() == 0) || annotations->isNull()) {
    metadata->erase("annotations");
  }
}

bool isLocalConfig(const Resource& r) {
  return r.object.str({"metadata", "annotations", "config.kubernetes.io/local-config"}) == "true";
}

class KustomizeRenderer : public Renderer {
 public:
  explicit KustomizeRenderer(RenderOptions options) : options_(std::move(options)) {}

  Result<ObjectSet> render(const fs::path& path) override {
    std::error_code ec;
    if (!fs::is_directory(path, ec)) {
      return notFound("build: '" + path.string() + "' is not a folder");
    }
    FileLoader loader(options_.repoRoot, path);
    fs::path rel = loader.dir().lexically_relative(loader.repoRoot());
    if (rel.empty() || *rel.begin() == "..") {
      return invalidArgument("build: '" + path.string() + "' is outside the repository root '" +
                             options_.repoRoot.string() + "'");
    }
    GITSYNC_ASSIGN_OR_RETURN(std::optional<Kustomization> k, loadKustomization(loader));
    if (!k) {
      GITSYNC_ASSIGN_OR_RETURN(Kustomization plain, plainFolderKustomization(loader));
      k = std::move(plain);
    }
    if (k->isComponent) {
      return invalidArgument(k->file + ": a Component cannot be built on its own");
    }
    Accumulator ra;
    KustomizeTarget target(options_.repoRoot);
    GITSYNC_RETURN_IF_ERROR(target.accumulate(path, *k, ra));

    // After the whole tree, as kustomize's makeCustomizedResMap.
    GITSYNC_ASSIGN_OR_RETURN(ra.set, addHashSuffixes(std::move(ra.set)));
    GITSYNC_ASSIGN_OR_RETURN(ra.set, fixNameReferences(std::move(ra.set), ra.config));
    GITSYNC_ASSIGN_OR_RETURN(ra.set, resolveVars(std::move(ra.set), ra.vars, ra.config));
    ra.set.erase(std::remove_if(ra.set.begin(), ra.set.end(), isLocalConfig), ra.set.end());
    for (Resource& r : ra.set) removeBuildAnnotations(r.object);
    GITSYNC_ASSIGN_OR_RETURN(ra.set, sortObjects(std::move(ra.set), k->doc.get("sortOptions"), k->file));
    if (options_.substitute || !options_.variables.empty()) {
      GITSYNC_ASSIGN_OR_RETURN(ra.set, substituteVariables(std::move(ra.set), options_.variables));
    }
    return std::move(ra.set);
  }

 private:
  RenderOptions options_;
};

}  // namespace

std::unique_ptr<Renderer> makeKustomizeRenderer(RenderOptions options) {
  return std::make_unique<KustomizeRenderer>(std::move(options));
}

Result<std::string> emitObjects(const ObjectSet& objects) {
  std::string out;
  bool first = true;
  for (const Resource& r : objects) {
    auto yaml = core::emitKustomizeYaml(r.object);
    if (!yaml.ok()) return yaml.status().withPrefix(r.id().display());
    if (!first) out.append("---\n");
    first = false;
    out.append(*yaml);
  }
  return out;
}

}  // namespace gitsync::render
