// PLACEHOLDER until references land.
#include "gitsync/render/references.h"
namespace gitsync::render {
Result<ObjectSet> applyReplacements(ObjectSet, const core::Node&, const BuildContext&) {
  return unimplemented("replacements: not implemented yet");
}
Result<ObjectSet> fixNameReferences(ObjectSet set, const TransformerConfig&) { return set; }
Result<ObjectSet> resolveVars(ObjectSet set, const std::vector<VarDecl>& vars, const TransformerConfig&) {
  if (!vars.empty()) return unimplemented("vars: not implemented yet");
  return set;
}
}  // namespace gitsync::render
