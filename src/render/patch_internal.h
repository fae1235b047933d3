#pragma once
// Internal interfaces of the patch transformers (patches.cpp, patch_*.cpp); not public API.
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

#include "go_format.h"

namespace gitsync::render::patch_internal {

// ---- JSON 6902 (patch_json6902.cpp), gopkg.in/evanphx/json-patch.v4 semantics.

// One operation as decoded; fields are kept raw because the library only interprets them
// while applying (a bad `path` is an error of that operation, not of decoding).
struct JsonOp {
  std::optional<core::Node> op, path, from;  // absent or null -> nullopt
  bool hasValue = false;                     // `value` key present (even if null)
  core::Node value;                          // JSON-typed (YAML 1.1 scalars resolved)
};
using JsonPatch = std::vector<JsonOp>;

// Decodes a JSON 6902 patch the way kustomize does: text starting with '[' is JSON, anything
// else is YAML (first document) converted to JSON. A null document decodes to no operations.
// Fails (InvalidArgument) unless the document is a list of maps.
Result<JsonPatch> decodeJsonPatch(std::string_view text);

// Applies `patch` to `object` through kustomize's JSON round trip (numbers become float64,
// styles are normalized, nulls print as null). Error messages are the library's, e.g.
// "replace operation does not apply: doc is missing path: /spec/x: missing value".
Status applyJsonPatch(core::Node& object, const JsonPatch& patch);

// ---- Strategic merge patches (patches_common.cpp).

// Parses text as strategic merge patches (kustomize's RF().SliceFromBytes): every document a
// map with a kind and, unless the kind ends in "List", a metadata.name; Lists with items are
// inlined. InvalidArgument names the document at fault.
Result<std::vector<core::Node>> parseSmPatches(std::string_view text, std::string_view source);

struct SmOptions {
  bool allowNameChange = false;
  bool allowKindChange = false;
};

// kustomize's Resource.ApplySmPatch: merges `patch` into `r`, then restores the kind and name
// (unless allowed to change) and the namespace. Returns false when the patch deleted the
// object (the caller drops it). A patch that wipes metadata.annotations also drops the build
// state kustomize keeps there (previousIds, prefixes, suffixes, needsHashSuffix, behavior).
Result<bool> applySmPatch(Resource& r, const core::Node& patch, const SmOptions& options);

// kustomize's ResMap.ApplySmPatch on one resource: the patch takes the target's apiVersion
// (so a patch selected by `target` may name any version) and its labels and annotations are
// re-read as strings first (CopyMergeMetaDataFieldsFrom), then applySmPatch.
Result<bool> applySmPatchToSelected(Resource& r, core::Node patch, const SmOptions& options);

// The id of a patch (apiVersion, kind, metadata.name, metadata.namespace).
ResId patchId(const core::Node& patch);

// kustomize's ResMap.GetById: the only resource whose current or any previous id equals `id`
// (same group, version, kind, name and effective namespace). NotFound / InvalidArgument with
// kustomize's wording otherwise.
Result<size_t> findUniqueById(const ObjectSet& set, const ResId& id);

// kustomize's ResId.String(), e.g. "Deployment.v1.apps/web.[noNs]".
using render::kustomizeIdString;

using render::goQuote;

}  // namespace gitsync::render::patch_internal
