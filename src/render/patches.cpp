// PLACEHOLDER until patches land: every entry point reports Unimplemented.
#include "gitsync/render/patches.h"
namespace gitsync::render {
Result<ObjectSet> applyPatchesStrategicMerge(ObjectSet, const core::Node&, const BuildContext&) {
  return unimplemented("patchesStrategicMerge: not implemented yet");
}
Result<ObjectSet> applyPatches(ObjectSet, const core::Node&, const BuildContext&) {
  return unimplemented("patches: not implemented yet");
}
Result<ObjectSet> applyPatchesJson6902(ObjectSet, const core::Node&, const BuildContext&) {
  return unimplemented("patchesJson6902: not implemented yet");
}
Status strategicMerge(core::Node&, const core::Node&) { return unimplemented("strategicMerge"); }
}  // namespace gitsync::render
