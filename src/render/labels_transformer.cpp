// The kustomization's `labels:` entries and `commonLabels:` (kustomize's LabelTransformer, one
// per `labels` entry, then one for commonLabels).
#include <string>
#include <vector>

#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace {

struct LabelStep {
  std::string where;
  args::StringPairs pairs;
  std::vector<FieldSpec> specs;
};

// kustomize's FsSlice.MergeOne: a spec is already present when one with the same path is
// selected by its group/version/kind; present with a different `create` is a conflict.
Status mergeOne(std::vector<FieldSpec>& specs, const FieldSpec& spec, std::string_view where) {
  for (const FieldSpec& existing : specs) {
    if (existing.path != spec.path || !gvkSelected(spec.gvk, existing.gvk)) continue;
    if (existing.create != spec.create) {
      return invalidArgument(std::string(where) + ": conflicting field specs for path '" +
                             spec.path + "' (" + args::gvkDisplay(existing.gvk) + " and " +
                             args::gvkDisplay(spec.gvk) + ")");
    }
    return okStatus();
  }
  specs.push_back(spec);
  return okStatus();
}

Status mergeAll(std::vector<FieldSpec>& specs, const std::vector<FieldSpec>& more,
                std::string_view where) {
  for (const FieldSpec& spec : more) GITSYNC_RETURN_IF_ERROR(mergeOne(specs, spec, where));
  return okStatus();
}

Result<LabelStep> parseLabelsEntry(const core::Node& item, const std::string& where,
                                   const TransformerConfig& config) {
  GITSYNC_RETURN_IF_ERROR(args::checkFields(
      item, {"pairs", "includeSelectors", "includeTemplates", "fields"}, where));
  LabelStep step;
  step.where = where;
  bool includeSelectors = false;
  bool includeTemplates = false;
  if (!item.isNull()) {
    if (const core::Node* n = item.get("pairs")) {
      GITSYNC_ASSIGN_OR_RETURN(step.pairs, args::toStringMap(*n, where + ".pairs"));
    }
    if (const core::Node* n = item.get("includeSelectors")) {
      GITSYNC_ASSIGN_OR_RETURN(includeSelectors, args::toBool(*n, where + ".includeSelectors"));
    }
    if (const core::Node* n = item.get("includeTemplates")) {
      GITSYNC_ASSIGN_OR_RETURN(includeTemplates, args::toBool(*n, where + ".includeTemplates"));
    }
    if (const core::Node* n = item.get("fields")) {
      GITSYNC_ASSIGN_OR_RETURN(step.specs, args::toFieldSpecs(*n, where + ".fields"));
    }
  }
  if (includeSelectors) {
    GITSYNC_RETURN_IF_ERROR(mergeAll(step.specs, config.commonLabels, where));
  } else {
    if (includeTemplates) {
      GITSYNC_RETURN_IF_ERROR(mergeAll(step.specs, config.templateLabels, where));
    }
    GITSYNC_RETURN_IF_ERROR(mergeOne(step.specs, FieldSpec{Gvk{}, "metadata/labels", true}, where));
  }
  return step;
}

}  // namespace

Result<ObjectSet> applyLabels(ObjectSet set, const core::Node& kustomization,
                              const BuildContext& ctx) {
  const std::string& file = ctx.kustomizationFile;
  std::vector<LabelStep> steps;
  if (const core::Node* labels = kustomization.get("labels")) {
    GITSYNC_ASSIGN_OR_RETURN(const std::vector<core::Node>* items,
                             args::toList(*labels, file + ": labels"));
    for (size_t i = 0; i < items->size(); ++i) {
      GITSYNC_ASSIGN_OR_RETURN(
          LabelStep step,
          parseLabelsEntry((*items)[i], args::indexed(file + ": labels", i), ctx.config));
      steps.push_back(std::move(step));
    }
  }
  if (const core::Node* common = kustomization.get("commonLabels")) {
    LabelStep step;
    step.where = file + ": commonLabels";
    GITSYNC_ASSIGN_OR_RETURN(step.pairs, args::toStringMap(*common, file + ": commonLabels"));
    step.specs = ctx.config.commonLabels;
    steps.push_back(std::move(step));
  }
  for (const LabelStep& step : steps) {
    GITSYNC_RETURN_IF_ERROR(args::setStringEntries(set, step.specs, step.pairs, step.where));
  }
  return set;
}

}  // namespace gitsync::render
