// PLACEHOLDER until the field-spec transformers land.
#include "gitsync/render/builtin_transformers.h"
namespace gitsync::render {
namespace {
Status todo(const char* f) { return unimplemented(std::string(f) + ": not implemented yet"); }
}  // namespace
Result<ObjectSet> applyNamespace(ObjectSet, std::string_view, const BuildContext&) { return todo("namespace"); }
Result<ObjectSet> applyNamePrefix(ObjectSet, std::string_view, const BuildContext&) { return todo("namePrefix"); }
Result<ObjectSet> applyNameSuffix(ObjectSet, std::string_view, const BuildContext&) { return todo("nameSuffix"); }
Result<ObjectSet> applyLabels(ObjectSet set, const core::Node& k, const BuildContext&) {
  if (k.get("commonLabels") || k.get("labels")) return todo("labels");
  return set;
}
Result<ObjectSet> applyAnnotations(ObjectSet, const core::Node&, const BuildContext&) { return todo("commonAnnotations"); }
Result<ObjectSet> applyReplicas(ObjectSet, const core::Node&, const BuildContext&) { return todo("replicas"); }
Result<ObjectSet> applyImages(ObjectSet, const core::Node&, const BuildContext&) { return todo("images"); }
const TransformerConfig& builtinTransformerConfig() { static TransformerConfig c; return c; }
Result<TransformerConfig> parseTransformerConfig(const core::Node&, std::string_view file) {
  return unimplemented(std::string(file) + ": configurations not implemented yet");
}
}  // namespace gitsync::render
