// The kustomization's `namePrefix:` and `nameSuffix:` (kustomize's PrefixTransformer and
// SuffixTransformer).
#include <string>
#include <string_view>

#include "field_transformers.h"
#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace {

// Kinds whose names are never prefixed or suffixed, matched on the object's original id.
bool skipped(const Gvk& gvk) {
  return gvk.kind == "CustomResourceDefinition" || gvk.kind == "Namespace" ||
         (gvk.kind == "APIService" && gvk.group == "apiregistration.k8s.io");
}

}  // namespace

namespace fields {

Result<ObjectSet> addNameAffix(ObjectSet set, std::string_view affix, Side side,
                               const std::vector<FieldSpec>& specs, const std::string& where) {
  if (affix.empty()) return set;
  for (Resource& r : set) {
    const Gvk original = r.originalId().gvk;
    if (skipped(original)) continue;
    for (const FieldSpec& spec : specs) {
      if (!gvkSelected(spec.gvk, original)) continue;
      if (spec.path == "metadata/name") {
        (side == Side::Prefix ? r.prefixes : r.suffixes).emplace_back(affix);
        r.previousIds.push_back(r.id());
      }
      GITSYNC_RETURN_IF_ERROR(args::forEachFieldOf(r, spec, where, [&](core::Node& field) {
        if (!field.isScalar()) {
          return args::objectFieldError(where, r, spec.path,
                                        "expected a scalar value, got " + args::describe(field));
        }
        std::string value = side == Side::Prefix ? std::string(affix) + field.text()
                                                 : field.text() + std::string(affix);
        field = args::restyled(field, std::move(value));
        return okStatus();
      }));
    }
  }
  return set;
}

}  // namespace fields

Result<ObjectSet> applyNamePrefix(ObjectSet set, std::string_view prefix,
                                  const BuildContext& ctx) {
  return fields::addNameAffix(std::move(set), prefix, fields::Side::Prefix,
                              ctx.config.namePrefix, ctx.kustomizationFile + ": namePrefix");
}

Result<ObjectSet> applyNameSuffix(ObjectSet set, std::string_view suffix,
                                  const BuildContext& ctx) {
  return fields::addNameAffix(std::move(set), suffix, fields::Side::Suffix,
                              ctx.config.nameSuffix, ctx.kustomizationFile + ": nameSuffix");
}

}  // namespace gitsync::render
