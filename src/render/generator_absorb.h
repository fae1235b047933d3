#pragma once
// Adding one generated object to the set the way kustomize's resWrangler.appendReplaceOrMerge
// does: create (no object with its id may exist), or merge into / replace the one object whose
// current or any previous id is its id.
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// On merge and replace the result takes the existing object's place, name, namespace, previous
// ids, prefixes, suffixes and behavior; labels and annotations are the union (generated ones
// win); it needs a hash suffix only if both did. Merge also unites data and binaryData
// (generated values win) and keeps the existing origin; replace keeps the generated content.
// Errors (InvalidArgument) do not name the generator; the caller prefixes them.
Status absorbGenerated(ObjectSet& set, Resource generated);

}  // namespace gitsync::render
