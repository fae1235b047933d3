// The kustomization's `commonAnnotations:` (kustomize's AnnotationsTransformer).
#include <string>

#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {

Result<ObjectSet> applyAnnotations(ObjectSet set, const core::Node& commonAnnotations,
                                   const BuildContext& ctx) {
  const std::string where = ctx.kustomizationFile + ": commonAnnotations";
  GITSYNC_ASSIGN_OR_RETURN(args::StringPairs pairs, args::toStringMap(commonAnnotations, where));
  GITSYNC_RETURN_IF_ERROR(
      args::setStringEntries(set, ctx.config.commonAnnotations, pairs, where));
  return set;
}

}  // namespace gitsync::render
