#include "kustomize_target.h"

#include <algorithm>

#include "gitsync/render/builtin_transformers.h"
#include "gitsync/render/generators.h"
#include "gitsync/render/patches.h"
#include "gitsync/core/yaml.h"
#include "crds.h"
#include "plugins.h"
#include "resource_reader.h"

namespace gitsync::render {
namespace fs = std::filesystem;
namespace {

bool looksRemote(std::string_view s) {
  return s.find("://") != std::string_view::npos || s.rfind("git@", 0) == 0 ||
         s.rfind("github.com/", 0) == 0 || s.rfind("gitlab.com/", 0) == 0 ||
         s.rfind("bitbucket.org/", 0) == 0;
}

// The list under `field`, or nullptr when absent or null. Errors when it is not a list.
Result<const core::Node*> listField(const Kustomization& k, std::string_view field) {
  const core::Node* n = k.doc.get(field);
  if (!n || n->isNull()) return static_cast<const core::Node*>(nullptr);
  if (!n->isSeq()) return invalidArgument(k.file + ": " + std::string(field) + ": must be a list");
  return n;
}

Result<std::string> stringItem(const Kustomization& k, std::string_view field, size_t i,
                               const core::Node& item) {
  if (!item.isScalar() || item.isNull()) {
    return invalidArgument(k.file + ": " + std::string(field) + "[" + std::to_string(i) +
                           "]: must be a string");
  }
  return item.text();
}

// kustomize's MergeVars: a var name may be declared once in a whole build.
Status addVar(std::vector<VarDecl>& vars, VarDecl var, const std::string& file) {
  std::string_view name = var.spec.str({"name"});
  for (const VarDecl& existing : vars) {
    if (existing.spec.str({"name"}) == name) {
      return invalidArgument(file + ": vars: var '" + std::string(name) + "' already encountered");
    }
  }
  vars.push_back(std::move(var));
  return okStatus();
}

}  // namespace

Status KustomizeTarget::accumulate(const fs::path& dir, const Kustomization& k, Accumulator& ra) {
  fs::path canonical = fs::weakly_canonical(dir);
  if (std::find(visiting_.begin(), visiting_.end(), canonical) != visiting_.end()) {
    return invalidArgument(k.file + ": cycle detected: '" + FileLoader(repoRoot_, dir).display(canonical) +
                           "' includes itself");
  }
  visiting_.push_back(canonical);
  FileLoader loader(repoRoot_, dir);
  GITSYNC_RETURN_IF_ERROR(checkGeneratorFields(k.doc, k.file));

  GITSYNC_RETURN_IF_ERROR(accumulateResources(loader, k, ra));

  // Transformer config: kustomize's defaults plus this level's `configurations`.
  GITSYNC_RETURN_IF_ERROR(ra.config.merge(builtinTransformerConfig()).withPrefix(k.file));
  GITSYNC_ASSIGN_OR_RETURN(const core::Node* configurations, listField(k, "configurations"));
  if (configurations) {
    for (size_t i = 0; i < configurations->items().size(); ++i) {
      GITSYNC_ASSIGN_OR_RETURN(std::string file,
                               stringItem(k, "configurations", i, configurations->items()[i]));
      auto docs = loader.readYaml(file);
      if (!docs.ok()) return docs.status().withPrefix(k.file + ": configurations");
      // kustomize reads only the first document of a configurations file.
      for (const core::Node& doc : *docs) {
        auto cfg = parseTransformerConfig(doc, loader.display(loader.dir() / file));
        if (!cfg.ok()) return cfg.status().withPrefix(k.file + ": configurations");
        GITSYNC_RETURN_IF_ERROR(ra.config.merge(*cfg).withPrefix(k.file + ": configurations"));
        break;
      }
    }
  }
  if (const core::Node* crds = k.doc.get("crds")) {
    GITSYNC_ASSIGN_OR_RETURN(TransformerConfig fromCrds, configFromCrds(loader, *crds, k.file));
    GITSYNC_RETURN_IF_ERROR(ra.config.merge(fromCrds).withPrefix(k.file + ": crds"));
  }
  if (const core::Node* bm = k.doc.get("buildMetadata"); bm && !bm->isNull() && bm->size() > 0) {
    return unimplemented(k.file + ": field 'buildMetadata' is not supported by gitsync");
  }

  BuildContext ctx{loader, k.file, ra.config};
  {
    auto generated = runGenerators(std::move(ra.set), k.doc, ctx);
    if (!generated.ok()) return generated.status();
    ra.set = std::move(generated).value();
  }
  GITSYNC_ASSIGN_OR_RETURN(ObjectSet generators, loadPluginConfigs(loader, k, "generators"));
  for (const Resource& config : generators) {
    std::string where = k.file + ": generators: " + config.id().display();
    GITSYNC_ASSIGN_OR_RETURN(ra.set, runGeneratorPlugin(std::move(ra.set), config.object, ctx, where));
  }
  GITSYNC_RETURN_IF_ERROR(accumulateComponents(loader, k, ra));
  GITSYNC_RETURN_IF_ERROR(runTransformers(ctx, k, ra));

  GITSYNC_ASSIGN_OR_RETURN(const core::Node* vars, listField(k, "vars"));
  if (vars) {
    for (const core::Node& v : vars->items()) {
      GITSYNC_RETURN_IF_ERROR(addVar(ra.vars, VarDecl{v, k.file}, k.file));
      GITSYNC_RETURN_IF_ERROR(bindVar(ra.vars.back(), ra.set));  // objects this level can see
    }
  }
  visiting_.pop_back();
  return okStatus();
}

Status KustomizeTarget::accumulateResources(const FileLoader& loader, const Kustomization& k,
                                            Accumulator& ra) {
  GITSYNC_ASSIGN_OR_RETURN(const core::Node* resources, listField(k, "resources"));
  if (!resources) return okStatus();
  IdIndex index(ra.set);  // nothing renames objects while resources accumulate
  for (size_t i = 0; i < resources->items().size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(std::string entry,
                             stringItem(k, "resources", i, resources->items()[i]));
    std::string where = k.file + ": resources: '" + entry + "'";
    fs::path joined = loader.dir() / entry;
    std::error_code ec;
    if (!fs::exists(joined, ec)) {
      if (looksRemote(entry)) {
        return unimplemented(where + ": remote resources are not supported");
      }
      return notFound(where + ": no such file or folder");
    }
    if (fs::is_directory(joined, ec)) {
      auto dir = loader.resolveDir(entry);
      if (!dir.ok()) return dir.status().withPrefix(where);
      GITSYNC_RETURN_IF_ERROR(accumulateFolder(*dir, k, ra, &index));
      continue;
    }
    auto docs = loader.readYaml(entry);
    if (!docs.ok()) return docs.status().withPrefix(where);
    auto objects = resourcesFromDocuments(std::move(docs).value(),
                                          loader.display(*loader.resolve(entry)));
    if (!objects.ok()) return objects.status();
    Status s = index.append(ra.set, std::move(objects).value());
    if (!s.ok()) return s.withPrefix(k.file);
  }
  return okStatus();
}

Status KustomizeTarget::accumulateComponents(const FileLoader& loader, const Kustomization& k,
                                             Accumulator& ra) {
  GITSYNC_ASSIGN_OR_RETURN(const core::Node* components, listField(k, "components"));
  if (!components) return okStatus();
  for (size_t i = 0; i < components->items().size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(std::string entry,
                             stringItem(k, "components", i, components->items()[i]));
    std::string where = k.file + ": components: '" + entry + "'";
    std::error_code ec;
    if (!fs::exists(loader.dir() / entry, ec)) {
      if (looksRemote(entry)) return unimplemented(where + ": remote components are not supported");
      return notFound(where + ": no such folder");
    }
    auto dir = loader.resolveDir(entry);
    if (!dir.ok()) return dir.status().withPrefix(where);
    GITSYNC_RETURN_IF_ERROR(accumulateFolder(*dir, k, ra, nullptr));
  }
  return okStatus();
}

Status KustomizeTarget::accumulateFolder(const fs::path& dir, const Kustomization& parent,
                                         Accumulator& ra, IdIndex* index) {
  bool component = index == nullptr;
  FileLoader loader(repoRoot_, dir);
  GITSYNC_ASSIGN_OR_RETURN(std::optional<Kustomization> sub, loadKustomization(loader));
  if (!sub) {
    return notFound(parent.file + ": unable to find one of 'kustomization.yaml', " +
                    "'kustomization.yml' or 'Kustomization' in folder '" + loader.display(dir) +
                    "'");
  }
  if (component) {
    if (!sub->isComponent) {
      return invalidArgument(parent.file + ": components: expected kind 'Component' for '" +
                             loader.display(dir) + "' but got 'Kustomization'");
    }
    // A component works on the accumulator of the kustomization that includes it.
    return accumulate(dir, *sub, ra);
  }
  if (sub->isComponent) {
    return invalidArgument(parent.file + ": resources: expected kind != 'Component' for '" +
                           loader.display(dir) + "'");
  }
  Accumulator subRa;
  GITSYNC_RETURN_IF_ERROR(accumulate(dir, *sub, subRa));
  Status s = index->append(ra.set, std::move(subRa.set));
  if (!s.ok()) return s.withPrefix(parent.file);
  GITSYNC_RETURN_IF_ERROR(ra.config.merge(subRa.config).withPrefix(parent.file));
  for (VarDecl& v : subRa.vars) {
    GITSYNC_RETURN_IF_ERROR(addVar(ra.vars, std::move(v), parent.file));
  }
  return okStatus();
}

Status KustomizeTarget::runTransformers(const BuildContext& ctx, const Kustomization& k,
                                        Accumulator& ra) {
  const core::Node& doc = k.doc;
  auto present = [&](std::string_view field) -> const core::Node* {
    const core::Node* n = doc.get(field);
    return n && !n->isNull() ? n : nullptr;
  };
  auto step = [&](Result<ObjectSet> result) -> Status {
    if (!result.ok()) return result.status();
    ra.set = std::move(result).value();
    return okStatus();
  };
  if (auto* f = present("patchesStrategicMerge")) {
    GITSYNC_RETURN_IF_ERROR(step(applyPatchesStrategicMerge(std::move(ra.set), *f, ctx)));
  }
  if (auto* f = present("patches")) {
    GITSYNC_RETURN_IF_ERROR(step(applyPatches(std::move(ra.set), *f, ctx)));
  }
  if (auto* f = present("namespace")) {
    GITSYNC_RETURN_IF_ERROR(step(applyNamespace(std::move(ra.set), f->text(), ctx)));
  }
  if (auto* f = present("namePrefix")) {
    GITSYNC_RETURN_IF_ERROR(step(applyNamePrefix(std::move(ra.set), f->text(), ctx)));
  }
  if (auto* f = present("nameSuffix")) {
    GITSYNC_RETURN_IF_ERROR(step(applyNameSuffix(std::move(ra.set), f->text(), ctx)));
  }
  if (present("commonLabels") || present("labels")) {
    GITSYNC_RETURN_IF_ERROR(step(applyLabels(std::move(ra.set), doc, ctx)));
  }
  if (auto* f = present("commonAnnotations")) {
    GITSYNC_RETURN_IF_ERROR(step(applyAnnotations(std::move(ra.set), *f, ctx)));
  }
  if (auto* f = present("patchesJson6902")) {
    GITSYNC_RETURN_IF_ERROR(step(applyPatchesJson6902(std::move(ra.set), *f, ctx)));
  }
  if (auto* f = present("replicas")) {
    GITSYNC_RETURN_IF_ERROR(step(applyReplicas(std::move(ra.set), *f, ctx)));
  }
  if (const core::Node* images = present("images"), *tags = present("imageTags"); images || tags) {
    core::Node all = core::Node::seq();
    for (const core::Node* list : {images, tags}) {
      if (list && list->isSeq()) {
        for (const core::Node& item : list->items()) all.push(item);
      }
    }
    GITSYNC_RETURN_IF_ERROR(step(applyImages(std::move(ra.set), all, ctx)));
  }
  if (auto* f = present("replacements")) {
    GITSYNC_RETURN_IF_ERROR(step(applyReplacements(std::move(ra.set), *f, ctx)));
  }
  GITSYNC_ASSIGN_OR_RETURN(ObjectSet plugins, loadPluginConfigs(ctx.loader, k, "transformers"));
  for (const Resource& config : plugins) {
    std::string where = k.file + ": transformers: " + config.id().display();
    GITSYNC_RETURN_IF_ERROR(step(runTransformerPlugin(std::move(ra.set), config.object, ctx, where)));
  }
  return okStatus();
}

Result<ObjectSet> KustomizeTarget::loadPluginConfigs(const FileLoader& loader,
                                                     const Kustomization& k,
                                                     std::string_view field) {
  GITSYNC_ASSIGN_OR_RETURN(const core::Node* entries, listField(k, field));
  ObjectSet configs;
  if (!entries) return configs;
  // Files and folders load as resources do; inline YAML is parsed in place.
  Kustomization files{core::Node::map(), k.file, false};
  core::Node& list = files.doc.set("resources", core::Node::seq());
  for (size_t i = 0; i < entries->items().size(); ++i) {
    const core::Node& item = entries->items()[i];
    std::string where = k.file + ": " + std::string(field) + "[" + std::to_string(i) + "]";
    if (item.isScalar() && item.text().find('\n') != std::string::npos) {
      auto docs = core::parseYamlStream(item.text(), where);
      if (!docs.ok()) return docs.status();
      auto objects = resourcesFromDocuments(std::move(docs).value(), where);
      if (!objects.ok()) return objects.status();
      for (Resource& r : *objects) configs.push_back(std::move(r));
      continue;
    }
    list.push(item);
  }
  Accumulator sub;
  GITSYNC_RETURN_IF_ERROR(accumulateResources(loader, files, sub));
  for (Resource& r : sub.set) configs.push_back(std::move(r));
  return configs;
}

Result<Kustomization> plainFolderKustomization(const FileLoader& loader) {
  std::vector<std::string> files;
  std::error_code ec;
  for (auto it = fs::recursive_directory_iterator(loader.dir(), ec);
       !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (it->is_directory() && it->path().filename().string().rfind('.', 0) == 0) {
      it.disable_recursion_pending();  // .git and other hidden folders
      continue;
    }
    std::string ext = it->path().extension().string();
    if (it->is_regular_file() && (ext == ".yaml" || ext == ".yml")) {
      files.push_back(it->path().lexically_relative(loader.dir()).string());
    }
  }
  if (ec) return unavailable(loader.display(loader.dir()) + ": " + ec.message());
  std::sort(files.begin(), files.end());
  Kustomization k;
  k.file = loader.display(loader.dir() / "kustomization.yaml") + " (generated for a plain folder)";
  k.doc = core::Node::map();
  core::Node& resources = k.doc.set("resources", core::Node::seq());
  for (std::string& f : files) resources.push(core::Node::string(std::move(f)));
  return k;
}

}  // namespace gitsync::render
