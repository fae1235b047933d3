#include "plugins.h"

#include "gitsync/render/builtin_transformers.h"
#include "gitsync/render/generators.h"
#include "gitsync/render/patches.h"
#include "gitsync/render/references.h"

namespace gitsync::render {
namespace {

Status checkBuiltin(const core::Node& config, const std::string& where) {
  std::string_view apiVersion = config.str({"apiVersion"});
  if (apiVersion != "builtin") {
    return unimplemented(where + ": plugin " + std::string(apiVersion) + "/" +
                         std::string(config.str({"kind"})) +
                         ": only kustomize's built-in plugins (apiVersion: builtin) are supported");
  }
  return okStatus();
}

// Copies `from[key]` into `to[as]` when present.
void copyField(const core::Node& from, std::string_view key, core::Node& to, std::string_view as) {
  if (const core::Node* v = from.get(key); v && !v->isNull()) to.set(as, *v);
}

core::Node listOf(core::Node item) {
  core::Node list = core::Node::seq();
  list.push(std::move(item));
  return list;
}

}  // namespace

Result<ObjectSet> runTransformerPlugin(ObjectSet set, const core::Node& config,
                                       const BuildContext& ctx, const std::string& where) {
  GITSYNC_RETURN_IF_ERROR(checkBuiltin(config, where));
  std::string kind(config.str({"kind"}));
  if (isFieldSpecTransformerKind(kind)) {
    return applyBuiltinTransformer(std::move(set), config, where);
  }
  BuildContext inner{ctx.loader, where, ctx.config};
  if (kind == "PatchTransformer") {
    core::Node entry = core::Node::map();
    for (const char* key : {"path", "patch", "target", "options"}) copyField(config, key, entry, key);
    return applyPatches(std::move(set), listOf(std::move(entry)), inner);
  }
  if (kind == "PatchStrategicMergeTransformer") {
    core::Node list = core::Node::seq();
    for (const char* key : {"paths", "patches"}) {
      const core::Node* v = config.get(key);
      if (!v || v->isNull()) continue;
      if (v->isSeq()) {
        for (const core::Node& item : v->items()) list.push(item);
      } else {
        list.push(*v);  // `patches` may be one inline string holding several documents
      }
    }
    return applyPatchesStrategicMerge(std::move(set), list, inner);
  }
  if (kind == "PatchJson6902Transformer") {
    core::Node entry = core::Node::map();
    copyField(config, "target", entry, "target");
    copyField(config, "path", entry, "path");
    copyField(config, "jsonOp", entry, "patch");
    return applyPatchesJson6902(std::move(set), listOf(std::move(entry)), inner);
  }
  if (kind == "ReplacementTransformer") {
    const core::Node* replacements = config.get("replacements");
    return applyReplacements(std::move(set), replacements ? *replacements : core::Node::seq(), inner);
  }
  return unimplemented(where + ": built-in transformer '" + kind + "' is not supported by gitsync");
}

Result<ObjectSet> runGeneratorPlugin(ObjectSet set, const core::Node& config,
                                     const BuildContext& ctx, const std::string& where) {
  GITSYNC_RETURN_IF_ERROR(checkBuiltin(config, where));
  std::string kind(config.str({"kind"}));
  const char* field = kind == "ConfigMapGenerator" ? "configMapGenerator"
                      : kind == "SecretGenerator"  ? "secretGenerator"
                                                   : nullptr;
  if (!field) {
    return unimplemented(where + ": built-in generator '" + kind + "' is not supported by gitsync");
  }
  // The plugin config is a generator entry whose name and namespace sit in metadata.
  core::Node entry = core::Node::map();
  for (const auto& [key, value] : config.entries()) {
    if (key == "apiVersion" || key == "kind" || key == "metadata") continue;
    entry.set(key, value);
  }
  copyField(config, "metadata", entry, "__metadata");
  if (const core::Node* meta = entry.get("__metadata")) {
    core::Node m = *meta;
    entry.erase("__metadata");
    copyField(m, "name", entry, "name");
    copyField(m, "namespace", entry, "namespace");
  }
  core::Node kustomization = core::Node::map();
  kustomization.set(field, listOf(std::move(entry)));
  BuildContext inner{ctx.loader, where, ctx.config};
  return runGenerators(std::move(set), kustomization, inner);
}

}  // namespace gitsync::render
