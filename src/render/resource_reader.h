#pragma once
// Turning YAML documents of a resource file into Resources (List kinds expanded).
#include <string>
#include <unordered_set>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// Each document must be a mapping with a kind and metadata.name. Documents whose kind ends in
// "List" and that hold `items` contribute their items instead. `origin` names the file.
Result<ObjectSet> resourcesFromDocuments(std::vector<core::Node> docs, const std::string& origin);

// Appends objects to a set, refusing an object whose id (group, version, kind, name,
// effective namespace) is already present. The index is built once from the set, so it stays
// valid only while nothing else renames or adds objects in the set.
class IdIndex {
 public:
  explicit IdIndex(const ObjectSet& set);
  Status append(ObjectSet& set, ObjectSet more);

 private:
  std::unordered_set<std::string> seen_;
};

}  // namespace gitsync::render
