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
