// Loading strategic merge patches, finding their targets by id and applying them the way
// kustomize's Resource/ResMap do (kind, name and namespace restored after the merge).
#include <cstdio>
#include <deque>

#include "gitsync/core/yaml.h"
#include "gitsync/render/patches.h"
#include "patch_internal.h"

namespace gitsync::render::patch_internal {
namespace {

using core::Node;

constexpr std::string_view kStateSentinel = "internal.config.kubernetes.io/gitsync-state";

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

bool nilOrEmpty(const Node& n) { return n.isNull() || ((n.isMap() || n.isSeq()) && n.size() == 0); }

std::string metaText(const Node& doc, std::string_view field) {
  const Node* f = doc.get(field);
  return f && f->isScalar() && !f->isNull() ? f->text() : std::string();
}

// kyaml GetValidatedMetadata.
Status validate(const Node& doc) {
  if (!doc.isMap()) return invalidArgument("missing Resource metadata");
  if (metaText(doc, "kind").empty()) return invalidArgument("missing kind in object");
  if (endsWith(metaText(doc, "kind"), "List")) return okStatus();
  if (doc.str({"metadata", "name"}).empty()) {
    return invalidArgument("missing metadata.name in object");
  }
  return okStatus();
}

// The text kyaml's GetLabels/GetAnnotations reads for a value (yaml.Node.Value). A null read
// back without its spelling is taken as `null`, its usual spelling.
std::string mapValueText(const Node& v) {
  if (!v.isScalar()) return {};
  if (v.isNull() && v.text().empty() && v.tag().empty()) return "null";
  return v.text();
}

// Restores field `name` of `map` to `saved` (nullptr = absent).
void restore(Node& map, std::string_view name, const Node* saved) {
  if (!saved) {
    map.erase(name);
  } else if (const Node* now = map.get(name); !now || now->text() != saved->text() ||
                                                   !now->isScalar()) {
    map.set(name, *saved);
  }
}

}  // namespace

Result<std::vector<core::Node>> parseSmPatches(std::string_view text, std::string_view source) {
  GITSYNC_ASSIGN_OR_RETURN(std::vector<Node> docs, core::parseYamlStream(text, source));
  std::vector<Node> valid;
  auto admit = [&](const Node& doc) -> Status {
    if (nilOrEmpty(doc)) return okStatus();
    GITSYNC_RETURN_IF_ERROR(validate(doc));
    valid.push_back(doc);
    return okStatus();
  };
  // kio.ByteReader unwraps a lone List document.
  if (docs.size() == 1 && docs[0].isMap() && metaText(docs[0], "kind") == "List" &&
      docs[0].get("items")) {
    const Node& items = *docs[0].get("items");
    for (const Node& item : items.items()) GITSYNC_RETURN_IF_ERROR(admit(item));
  } else {
    for (const Node& doc : docs) GITSYNC_RETURN_IF_ERROR(admit(doc));
  }
  // ResourceFactory.inlineAnyEmbeddedLists: FooList items go to the end of the queue.
  std::deque<Node> queue(valid.begin(), valid.end());
  std::vector<Node> result;
  while (!queue.empty()) {
    Node doc = std::move(queue.front());
    queue.pop_front();
    const std::string kind = metaText(doc, "kind");
    const Node* items = doc.get("items");
    if (!endsWith(kind, "List") || !items) {
      result.push_back(std::move(doc));
      continue;
    }
    if (items->isNull()) continue;
    if (!items->isSeq()) {
      return Status(invalidArgument("expected array in " + kind + "/items"));
    }
    for (const Node& item : items->items()) {
      if (nilOrEmpty(item)) continue;
      GITSYNC_RETURN_IF_ERROR(validate(item));
      queue.push_back(item);
    }
  }
  return result;
}

ResId patchId(const core::Node& patch) {
  ResId id;
  id.gvk = Gvk::fromApiVersion(metaText(patch, "apiVersion"), metaText(patch, "kind"));
  id.name = std::string(patch.str({"metadata", "name"}));
  id.ns = std::string(patch.str({"metadata", "namespace"}));
  return id;
}

Result<size_t> findUniqueById(const ObjectSet& set, const ResId& id) {
  auto same = [&](const ResId& a) {
    return a.gvk == id.gvk && a.name == id.name &&
           a.effectiveNamespace() == id.effectiveNamespace();
  };
  std::vector<size_t> found;
  for (size_t i = 0; i < set.size(); ++i) {
    const ResId cur = set[i].id();
    bool match = same(cur);
    // kustomize rebuilds previous ids with the current group and version.
    for (const ResId& prev : set[i].previousIds) {
      ResId p = prev;
      p.gvk.group = cur.gvk.group;
      p.gvk.version = cur.gvk.version;
      match = match || same(p);
    }
    if (match) found.push_back(i);
  }
  if (found.size() == 1) return found[0];
  const std::string s = kustomizeIdString(id);
  const std::string msg = found.empty() ? "no matches for Id " + s : "multiple matches for Id " + s;
  return Status(Status(found.empty() ? Code::NotFound : Code::InvalidArgument,
                       msg + "; failed to find unique target for patch " + s));
}

Result<bool> applySmPatch(Resource& r, const core::Node& patch, const SmOptions& options) {
  const Node* meta = r.object.get("metadata");
  const std::optional<Node> name = meta && meta->get("name") ? std::optional(*meta->get("name"))
                                                             : std::nullopt;
  const std::optional<Node> ns =
      meta && meta->get("namespace") && !meta->get("namespace")->isNull()
          ? std::optional(*meta->get("namespace"))
          : std::nullopt;
  const std::optional<Node> kind =
      r.object.get("kind") ? std::optional(*r.object.get("kind")) : std::nullopt;
  if (options.allowNameChange || options.allowKindChange) r.previousIds.push_back(r.id());
  // kustomize keeps this state in internal annotations, which a patch that nulls or replaces
  // metadata.annotations wipes (a generated ConfigMap then loses its hash suffix). A sentinel
  // annotation tells whether that happened.
  const bool hasState = !r.previousIds.empty() || !r.prefixes.empty() || !r.suffixes.empty() ||
                        r.needsHashSuffix || r.behavior != GeneratorBehavior::Unspecified;
  const bool hadAnnotations = meta && meta->get("annotations");
  if (hasState) {
    Node& annotations = r.object.ensureMap("metadata").ensureMap("annotations");
    annotations.set(kStateSentinel, Node::string("1"));
  }
  GITSYNC_RETURN_IF_ERROR(strategicMerge(r.object, patch));
  if (nilOrEmpty(r.object)) return false;
  if (hasState) {
    Node* annotations = r.object.at({"metadata", "annotations"});
    if (annotations && annotations->isMap() && annotations->erase(kStateSentinel)) {
      if (annotations->size() == 0 && !hadAnnotations) {
        r.object.at({"metadata"})->erase("annotations");
      }
    } else {
      r.previousIds.clear();
      r.prefixes.clear();
      r.suffixes.clear();
      r.needsHashSuffix = false;
      r.behavior = GeneratorBehavior::Unspecified;
    }
  }
  if (!options.allowKindChange) restore(r.object, "kind", kind ? &*kind : nullptr);
  Node& m = r.object.ensureMap("metadata");
  if (!options.allowNameChange) restore(m, "name", name ? &*name : nullptr);
  restore(m, "namespace", ns && !ns->text().empty() ? &*ns : nullptr);
  return true;
}

Result<bool> applySmPatchToSelected(Resource& r, core::Node patch, const SmOptions& options) {
  if (!patch.isMap()) return applySmPatch(r, patch, options);
  // Resource.CopyMergeMetaDataFieldsFrom on the patch copy: labels and annotations are read as
  // string maps and written back, so `labels: null` no longer deletes anything and a label
  // patched to null becomes the string "null"; an empty namespace is dropped.
  if (Node* meta = patch.get("metadata"); meta && meta->isMap()) {
    for (std::string_view field : {"labels", "annotations"}) {
      Node strings = Node::map();
      if (const Node* m = meta->get(field); m && m->isMap()) {
        for (const auto& [k, v] : m->entries()) strings.set(k, Node::string(mapValueText(v)));
      }
      meta->erase(field);
      if (strings.size() > 0) meta->set(field, std::move(strings));
    }
    if (metaText(*meta, "namespace").empty()) meta->erase("namespace");
  }
  if (const Node* av = r.object.get("apiVersion")) patch.set("apiVersion", *av);
  return applySmPatch(r, patch, options);
}

}  // namespace gitsync::render::patch_internal
