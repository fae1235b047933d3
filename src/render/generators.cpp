// PLACEHOLDER until the generators land: every entry point reports Unimplemented.
#include "gitsync/render/generators.h"
namespace gitsync::render {
Result<ObjectSet> runGenerators(ObjectSet set, const core::Node& k, const BuildContext&) {
  if (k.get("configMapGenerator") || k.get("secretGenerator"))
    return unimplemented("configMapGenerator/secretGenerator: not implemented yet");
  return set;
}
Result<std::string> contentHash(const core::Node&) { return unimplemented("contentHash"); }
Result<ObjectSet> addHashSuffixes(ObjectSet set) { return set; }
}  // namespace gitsync::render
