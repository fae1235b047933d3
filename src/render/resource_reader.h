#pragma once
// Turning YAML documents of a resource file into Resources (List kinds expanded).
#include <string>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// Each document must be a mapping with a kind and metadata.name. Documents whose kind ends in
// "List" and that hold `items` contribute their items instead. `origin` names the file.
Result<ObjectSet> resourcesFromDocuments(std::vector<core::Node> docs, const std::string& origin);

// Appends `more` to `set`, refusing an object whose id (kind, name, effective namespace) is
// already present.
Status appendUnique(ObjectSet& set, ObjectSet more);

}  // namespace gitsync::render
