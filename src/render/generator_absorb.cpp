#include "generator_absorb.h"

#include <map>
#include <string>

#include "generator_objects.h"

namespace gitsync::render {
namespace {

using core::Node;
using StringMap = std::map<std::string, std::string>;

// kyaml's GetDataMap / GetLabels: the raw text of each scalar value ("" for other values).
StringMap readMap(const Node* n) {
  StringMap out;
  if (!n || !n->isMap()) return out;
  for (const auto& [k, v] : n->entries()) out[k] = v.isScalar() ? v.text() : std::string();
  return out;
}

// `over` wins.
StringMap unite(StringMap base, const StringMap& over) {
  for (const auto& [k, v] : over) base[k] = v;
  return base;
}

// kyaml's SetDataMap / SetLabels: drops the field, then writes the entries as strings unless
// there are none.
void writeMap(Node& parent, std::string_view field, const StringMap& m) {
  parent.erase(field);
  if (m.empty()) return;
  Node out = Node::map();
  for (const auto& [k, v] : m) out.set(k, Node::string(v));
  parent.set(field, std::move(out));
}

// kustomize's Resource.CopyMergeMetaDataFieldsFrom.
void copyMergeMetadata(Resource& res, const Resource& old) {
  const Node* oldMeta = old.object.get("metadata");
  StringMap labels = readMap(oldMeta ? oldMeta->get("labels") : nullptr);
  StringMap annotations = readMap(oldMeta ? oldMeta->get("annotations") : nullptr);

  Node& meta = res.object.ensureMap("metadata");
  writeMap(meta, "labels", unite(labels, readMap(meta.get("labels"))));
  writeMap(meta, "annotations", unite(annotations, readMap(meta.get("annotations"))));
  meta.set("name", Node::string(std::string(old.name())));
  std::string ns(old.ns());
  if (ns.empty()) {
    meta.erase("namespace");
  } else {
    meta.set("namespace", Node::string(ns));
  }
  // kustomize keeps its build annotations from the existing object, except that the hash
  // annotation survives only when the generated object carried it as well.
  res.previousIds = old.previousIds;
  res.prefixes = old.prefixes;
  res.suffixes = old.suffixes;
  res.behavior = old.behavior;
  res.needsHashSuffix = res.needsHashSuffix && old.needsHashSuffix;
}

// kyaml rewrites the merged data with the literal style for multi-line values, so a value that
// kustomize cannot print fails the build even if it came from the existing object.
Status mergeData(Resource& res, const Resource& old) {
  for (std::string_view field : {"data", "binaryData"}) {
    StringMap merged = unite(readMap(old.object.get(field)), readMap(res.object.get(field)));
    for (const auto& [k, v] : merged) {
      if (field == "data" && breaksKustomizeLiteral(v)) {
        return invalidArgument("merged data key \"" + k +
                               "\": kustomize cannot print a value that spans lines and starts "
                               "with a tab (yaml: found a tab character where an indentation "
                               "space is expected)");
      }
    }
    writeMap(res.object, field, merged);
  }
  return okStatus();
}

bool matchesAnyId(const Resource& r, const ResId& id) {
  if (r.id().sameAs(id)) return true;
  for (const ResId& prev : r.previousIds) {
    if (prev.sameAs(id)) return true;
  }
  return false;
}

}  // namespace

Status absorbGenerated(ObjectSet& set, Resource generated) {
  ResId id = generated.id();
  std::vector<size_t> matches;
  for (size_t i = 0; i < set.size(); ++i) {
    if (matchesAnyId(set[i], id)) matches.push_back(i);
  }
  bool mergeOrReplace = generated.behavior == GeneratorBehavior::Merge ||
                        generated.behavior == GeneratorBehavior::Replace;
  if (matches.empty()) {
    if (mergeOrReplace) {
      return invalidArgument("id " + id.display() + " does not exist; cannot merge or replace");
    }
    set.push_back(std::move(generated));
    return okStatus();
  }
  if (matches.size() > 1) {
    std::string list;
    for (size_t i : matches) list += (list.empty() ? "" : ", ") + set[i].id().display();
    return invalidArgument("found multiple objects [" + list + "] that could accept merge of " +
                           id.display());
  }
  if (!mergeOrReplace) {
    return invalidArgument("id " + id.display() + " exists; behavior must be merge or replace");
  }
  Resource& old = set[matches.front()];
  bool merge = generated.behavior == GeneratorBehavior::Merge;
  copyMergeMetadata(generated, old);
  if (merge) {
    GITSYNC_RETURN_IF_ERROR(mergeData(generated, old));
    if (!old.origin.empty()) generated.origin = old.origin;
  }
  old = std::move(generated);
  return okStatus();
}

}  // namespace gitsync::render
