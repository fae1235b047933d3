// The kustomization fields `patchesStrategicMerge`, `patches` and `patchesJson6902`
// (kustomize v5.5.0's PatchStrategicMergeTransformer, PatchTransformer and
// PatchJson6902Transformer).
#include "gitsync/render/patches.h"

#include <map>
#include <optional>
#include <set>

#include "gitsync/core/scalar.h"
#include "gitsync/render/selector.h"
#include "patch_internal.h"

namespace gitsync::render {
namespace {

using core::Node;
using namespace patch_internal;

std::string trimSpace(std::string_view s) {
  const char* ws = " \t\n\r\v\f";
  size_t b = s.find_first_not_of(ws);
  if (b == std::string_view::npos) return {};
  size_t e = s.find_last_not_of(ws);
  return std::string(s.substr(b, e - b + 1));
}

Result<std::string> stringValue(const Node& v, const std::string& where) {
  if (v.isNull()) return std::string();
  if (!v.isScalar() || core::resolveScalar(v).type != core::ScalarType::String) {
    return Status(invalidArgument(where + ": must be a string"));
  }
  return v.text();
}

Result<const std::vector<Node>*> listField(const Node& field, const std::string& where) {
  if (!field.isSeq()) return Status(invalidArgument(where + ": must be a list"));
  return &field.items();
}

// One entry of `patches` / `patchesJson6902` (kustomize's types.Patch).
struct PatchEntry {
  std::string path;
  std::string patch;
  std::optional<Selector> target;
  SmOptions options;
};

Result<PatchEntry> parseEntry(const Node& n, const std::string& where) {
  if (!n.isMap()) return Status(invalidArgument(where + ": must be a map"));
  PatchEntry e;
  for (const auto& [key, value] : n.entries()) {
    if (key == "path") {
      GITSYNC_ASSIGN_OR_RETURN(e.path, stringValue(value, where + ": path"));
    } else if (key == "patch") {
      GITSYNC_ASSIGN_OR_RETURN(e.patch, stringValue(value, where + ": patch"));
    } else if (key == "target") {
      if (value.isNull()) continue;
      GITSYNC_ASSIGN_OR_RETURN(e.target, parseSelector(value, where + ": target"));
    } else if (key == "options") {
      if (value.isNull()) continue;
      if (!value.isMap()) return Status(invalidArgument(where + ": options: must be a map"));
      for (const auto& [opt, flag] : value.entries()) {
        if (!flag.isScalar() || core::resolveScalar(flag).type != core::ScalarType::Bool) {
          return Status(invalidArgument(where + ": options: " + opt + ": must be a boolean"));
        }
        const bool on = core::resolveScalar(flag).boolean;
        if (opt == "allowNameChange") e.options.allowNameChange = on;
        if (opt == "allowKindChange") e.options.allowKindChange = on;
      }
    } else {
      return Status(invalidArgument(where + ": unknown field \"" + key + "\""));
    }
  }
  return e;
}

// resWrangler.Select: the indexes of the selected resources, in order.
Result<std::vector<size_t>> select(const ObjectSet& set, const Selector& target) {
  std::vector<size_t> out;
  for (size_t i = 0; i < set.size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(bool hit, selects(target, set[i]));
    if (hit) out.push_back(i);
  }
  return out;
}

void dropDeleted(ObjectSet& set, const std::vector<bool>& deleted) {
  ObjectSet kept;
  for (size_t i = 0; i < set.size(); ++i) {
    if (!deleted[i]) kept.push_back(std::move(set[i]));
  }
  set = std::move(kept);
}

// Applies one strategic merge patch to the resources at `indexes` (ResMap.ApplySmPatch).
Status applyToSelected(ObjectSet& set, const std::vector<size_t>& indexes, const Node& patch,
                       const SmOptions& options, const std::string& where) {
  std::vector<bool> deleted(set.size(), false);
  for (size_t i : indexes) {
    auto kept = applySmPatchToSelected(set[i], patch, options);
    if (!kept.ok()) return kept.status().withPrefix(where + ": " + set[i].id().display());
    deleted[i] = !*kept;
  }
  dropDeleted(set, deleted);
  // The ResMap is rebuilt from the patched objects, which refuses two with one id (a name
  // changed with allowNameChange can collide).
  std::set<std::string> seen;
  for (const Resource& r : set) {
    const ResId id = r.id();
    ResId key = id;
    key.ns = id.effectiveNamespace();
    if (!seen.insert(kustomizeIdString(key)).second) {
      return invalidArgument(where + ": may not add resource with an already registered id: " +
                             kustomizeIdString(id));
    }
  }
  return okStatus();
}

Status applyJsonToSelected(ObjectSet& set, const std::vector<size_t>& indexes,
                           const JsonPatch& ops, bool storePreviousId, const std::string& where) {
  for (size_t i : indexes) {
    Resource& r = set[i];
    const std::string display = r.id().display();
    if (storePreviousId) r.previousIds.push_back(r.id());
    GITSYNC_RETURN_IF_ERROR(applyJsonPatch(r.object, ops).withPrefix(where + ": " + display));
  }
  return okStatus();
}

}  // namespace

Result<ObjectSet> applyPatchesStrategicMerge(ObjectSet set, const core::Node& field,
                                             const BuildContext& ctx) {
  const std::string where = ctx.kustomizationFile + ": patchesStrategicMerge";
  GITSYNC_ASSIGN_OR_RETURN(auto* entries, listField(field, where));
  struct Loaded {
    std::string where;
    Node patch;
  };
  std::vector<Loaded> patches;
  for (size_t i = 0; i < entries->size(); ++i) {
    const std::string at = where + "[" + std::to_string(i) + "]";
    GITSYNC_ASSIGN_OR_RETURN(std::string entry, stringValue((*entries)[i], at));
    // For legacy reasons kustomize first reads the entry itself as patch content.
    auto inline_ = parseSmPatches(entry, at);
    std::vector<Node> docs;
    std::string source = at;
    if (inline_.ok()) {
      docs = std::move(inline_).value();
    } else {
      auto text = ctx.loader.read(entry);
      if (!text.ok()) {
        // Several lines cannot be a file name: the inline patch itself is at fault.
        if (entry.find('\n') != std::string::npos) return inline_.status().withPrefix(at);
        return text.status().withPrefix(at);
      }
      source = at + ": " + entry;
      auto parsed = parseSmPatches(*text, entry);
      if (!parsed.ok()) return parsed.status().withPrefix(source);
      docs = std::move(parsed).value();
    }
    for (Node& d : docs) patches.push_back({source, std::move(d)});
  }
  if (patches.empty()) {
    if (entries->empty()) return set;
    return Status(invalidArgument(where + ": patch appears to be empty"));
  }
  for (const Loaded& p : patches) {
    auto target = findUniqueById(set, patchId(p.patch));
    if (!target.ok()) return target.status().withPrefix(p.where);
    GITSYNC_RETURN_IF_ERROR(applyToSelected(set, {*target}, p.patch, {}, p.where));
  }
  return set;
}

Result<ObjectSet> applyPatches(ObjectSet set, const core::Node& field, const BuildContext& ctx) {
  const std::string base = ctx.kustomizationFile + ": patches";
  GITSYNC_ASSIGN_OR_RETURN(auto* entries, listField(field, base));
  for (size_t i = 0; i < entries->size(); ++i) {
    const std::string where = base + "[" + std::to_string(i) + "]";
    GITSYNC_ASSIGN_OR_RETURN(PatchEntry e, parseEntry((*entries)[i], where));
    e.patch = trimSpace(e.patch);
    if (e.patch.empty() && e.path.empty()) {
      return Status(invalidArgument(where + ": must specify one of patch and path"));
    }
    if (!e.patch.empty() && !e.path.empty()) {
      return Status(invalidArgument(where + ": patch and path can't be set at the same time"));
    }
    std::string text = e.patch;
    std::string source = "[patch: " + goQuote(e.patch) + "]";
    if (!e.path.empty()) {
      auto loaded = ctx.loader.read(e.path);
      if (!loaded.ok()) {
        return loaded.status().withPrefix(where + ": failed to get the patch file from path(" +
                                          e.path + ")");
      }
      text = std::move(loaded).value();
      source = "[path: " + goQuote(e.path) + "]";
    }
    auto sm = parseSmPatches(text, e.path.empty() ? "patch" : e.path);
    auto json = text.empty() ? Result<JsonPatch>(invalidArgument("empty json patch operations"))
                             : decodeJsonPatch(text);
    if (sm.ok() && json.ok()) {
      return Status(
          invalidArgument(where + ": illegally qualifies as both an SM and JSON patch: " + source));
    }
    if (!sm.ok() && !json.ok()) {
      return Status(invalidArgument(where + ": unable to parse SM or JSON patch from " + source));
    }
    if (sm.ok() && !sm->empty()) {
      if (e.target) {
        if (sm->size() > 1) {
          return Status(invalidArgument(
              where + ": Multiple Strategic-Merge Patches in one `patches` entry is not allowed "
                      "to set `patches.target` field: " + source));
        }
        auto selected = select(set, *e.target);
        if (!selected.ok()) {
          return selected.status().withPrefix(where + ": target");
        }
        GITSYNC_RETURN_IF_ERROR(applyToSelected(set, *selected, sm->front(), e.options, where));
        continue;
      }
      for (const Node& patch : *sm) {
        const ResId id = patchId(patch);
        auto target = findUniqueById(set, id);
        if (!target.ok()) {
          return target.status().withPrefix(where + ": no resource matches strategic merge patch " +
                                            goQuote(kustomizeIdString(id)));
        }
        Resource& r = set[*target];
        auto kept = applySmPatch(r, patch, e.options);
        if (!kept.ok()) return kept.status().withPrefix(where + ": " + r.id().display());
        if (!*kept) set.erase(set.begin() + static_cast<std::ptrdiff_t>(*target));
      }
      continue;
    }
    // A JSON 6902 patch (an empty SM document set also lands here, as in kustomize).
    if (!e.target) {
      return Status(invalidArgument(where + ": must specify a target for JSON patch " + source));
    }
    JsonPatch ops = json.ok() ? std::move(json).value() : JsonPatch{};
    auto selected = select(set, *e.target);
    if (!selected.ok()) return selected.status().withPrefix(where + ": target");
    GITSYNC_RETURN_IF_ERROR(applyJsonToSelected(set, *selected, ops, true, where));
  }
  return set;
}

Result<ObjectSet> applyPatchesJson6902(ObjectSet set, const core::Node& field,
                                       const BuildContext& ctx) {
  const std::string base = ctx.kustomizationFile + ": patchesJson6902";
  GITSYNC_ASSIGN_OR_RETURN(auto* entries, listField(field, base));
  for (size_t i = 0; i < entries->size(); ++i) {
    const std::string where = base + "[" + std::to_string(i) + "]";
    GITSYNC_ASSIGN_OR_RETURN(PatchEntry e, parseEntry((*entries)[i], where));
    if (!e.target) return Status(invalidArgument(where + ": must specify a target"));
    if (e.target->name.empty()) {
      return Status(invalidArgument(where + ": must specify the target name"));
    }
    if (e.path.empty() && e.patch.empty()) {
      return Status(invalidArgument(where + ": empty file path and empty jsonOp"));
    }
    std::string text = e.patch;
    if (!e.path.empty()) {
      if (!e.patch.empty()) {
        return Status(invalidArgument(where + ": must specify a file path or jsonOp, not both"));
      }
      auto loaded = ctx.loader.read(e.path);
      if (!loaded.ok()) return loaded.status().withPrefix(where);
      text = std::move(loaded).value();
      if (text.empty()) {
        return Status(
            invalidArgument(where + ": patch file '" + e.path + "' empty seems to be empty"));
      }
    }
    auto ops = decodeJsonPatch(text);
    if (!ops.ok()) return ops.status().withPrefix(where + ": decoding patch");
    if (ops->empty()) return Status(invalidArgument(where + ": patch appears to be empty"));
    auto selected = select(set, *e.target);
    if (!selected.ok()) return selected.status().withPrefix(where + ": target");
    GITSYNC_RETURN_IF_ERROR(applyJsonToSelected(set, *selected, *ops, false, where));
  }
  return set;
}

}  // namespace gitsync::render
