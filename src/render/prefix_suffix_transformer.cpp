// The kustomization's `namePrefix:` and `nameSuffix:` (kustomize's PrefixTransformer and
// SuffixTransformer).
#include <string>
#include <string_view>

#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace {

// Kinds whose names are never prefixed or suffixed, matched on the object's original id.
bool skipped(const Gvk& gvk) {
  return gvk.kind == "CustomResourceDefinition" || gvk.kind == "Namespace" ||
         (gvk.kind == "APIService" && gvk.group == "apiregistration.k8s.io");
}

enum class Side { Prefix, Suffix };

Result<ObjectSet> applyAffix(ObjectSet set, std::string_view affix, Side side,
                             const std::vector<FieldSpec>& specs, const BuildContext& ctx) {
  if (affix.empty()) return set;
  const std::string where =
      ctx.kustomizationFile + (side == Side::Prefix ? ": namePrefix" : ": nameSuffix");
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

}  // namespace

Result<ObjectSet> applyNamePrefix(ObjectSet set, std::string_view prefix,
                                  const BuildContext& ctx) {
  return applyAffix(std::move(set), prefix, Side::Prefix, ctx.config.namePrefix, ctx);
}

Result<ObjectSet> applyNameSuffix(ObjectSet set, std::string_view suffix,
                                  const BuildContext& ctx) {
  return applyAffix(std::move(set), suffix, Side::Suffix, ctx.config.nameSuffix, ctx);
}

}  // namespace gitsync::render
