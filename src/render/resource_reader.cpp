#include "resource_reader.h"

#include <unordered_set>

namespace gitsync::render {
namespace {

Status checkObject(const core::Node& doc, const std::string& where) {
  if (!doc.isMap()) return invalidArgument(where + ": a resource must be a YAML mapping");
  if (doc.str({"kind"}).empty()) return invalidArgument(where + ": missing kind in object");
  const core::Node* name = doc.at({"metadata", "name"});
  if (!name || !name->isScalar() || name->isNull() || name->text().empty()) {
    return invalidArgument(where + ": missing metadata.name in object of kind " +
                           std::string(doc.str({"kind"})));
  }
  return okStatus();
}

std::string idKey(const ResId& id) {
  return id.gvk.apiVersion() + "|" + id.gvk.kind + "|" + id.effectiveNamespace() + "|" + id.name;
}

}  // namespace

Result<ObjectSet> resourcesFromDocuments(std::vector<core::Node> docs, const std::string& origin) {
  ObjectSet out;
  out.reserve(docs.size());
  for (size_t i = 0; i < docs.size(); ++i) {
    core::Node& doc = docs[i];
    std::string where = origin + ": document " + std::to_string(i + 1) +
                        (doc.line() ? " (line " + std::to_string(doc.line()) + ")" : "");
    std::string_view kind = doc.isMap() ? doc.str({"kind"}) : std::string_view();
    const core::Node* items = doc.isMap() ? doc.get("items") : nullptr;
    if (kind.size() >= 4 && kind.substr(kind.size() - 4) == "List" && items) {
      if (items->isNull()) continue;
      if (!items->isSeq()) return invalidArgument(where + ": items of a List must be a list");
      core::Node list = std::move(doc);
      for (core::Node& item : list.get("items")->items()) {
        GITSYNC_RETURN_IF_ERROR(checkObject(item, where));
        out.push_back(Resource{std::move(item), origin});
      }
      continue;
    }
    GITSYNC_RETURN_IF_ERROR(checkObject(doc, where));
    out.push_back(Resource{std::move(doc), origin});
  }
  return out;
}

IdIndex::IdIndex(const ObjectSet& set) {
  seen_.reserve(set.size());
  for (const Resource& r : set) seen_.insert(idKey(r.id()));
}

Status IdIndex::append(ObjectSet& set, ObjectSet more) {
  for (Resource& r : more) {
    ResId id = r.id();
    if (!seen_.insert(idKey(id)).second) {
      return invalidArgument("may not add resource with an already registered id: " +
                             id.display() + " (from " + r.origin + ")");
    }
    set.push_back(std::move(r));
  }
  return okStatus();
}

}  // namespace gitsync::render
