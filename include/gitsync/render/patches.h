#pragma once
// Patches: strategic merge (with list merge keys from the built-in OpenAPI table) and JSON 6902.
#include <string_view>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// `patchesStrategicMerge:` (list of file paths or inline patches).
Result<ObjectSet> applyPatchesStrategicMerge(ObjectSet set, const core::Node& field,
                                             const BuildContext& ctx);
// `patches:` (each with path or patch, optional target and options).
Result<ObjectSet> applyPatches(ObjectSet set, const core::Node& field, const BuildContext& ctx);
// `patchesJson6902:` (each with target and path or patch).
Result<ObjectSet> applyPatchesJson6902(ObjectSet set, const core::Node& field,
                                       const BuildContext& ctx);

// Merges `patch` into `target` by the strategic merge rules of apiVersion/kind, exactly as
// kustomize v5.5.0 (kyaml merge2, patch list items first). A top-level `$patch: delete` leaves
// `target` null; kind, name and namespace are merged like any field (the patch fields above
// restore them). InvalidArgument for a patch node of the wrong kind or an unknown `$patch`.
Status strategicMerge(core::Node& target, const core::Node& patch);

}  // namespace gitsync::render
