#pragma once
// The field-spec driven transformers of a kustomization: namespace, namePrefix / nameSuffix,
// labels / commonLabels, commonAnnotations, replicas, images.
#include <string_view>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

Result<ObjectSet> applyNamespace(ObjectSet set, std::string_view ns, const BuildContext& ctx);
Result<ObjectSet> applyNamePrefix(ObjectSet set, std::string_view prefix, const BuildContext& ctx);
Result<ObjectSet> applyNameSuffix(ObjectSet set, std::string_view suffix, const BuildContext& ctx);
// commonLabels and labels of `kustomization` (the whole document).
Result<ObjectSet> applyLabels(ObjectSet set, const core::Node& kustomization,
                              const BuildContext& ctx);
Result<ObjectSet> applyAnnotations(ObjectSet set, const core::Node& commonAnnotations,
                                   const BuildContext& ctx);
Result<ObjectSet> applyReplicas(ObjectSet set, const core::Node& replicas, const BuildContext& ctx);
Result<ObjectSet> applyImages(ObjectSet set, const core::Node& images, const BuildContext& ctx);

// A built-in transformer plugin config (a `transformers:` entry, apiVersion "builtin") of a
// kind this file implements: NamespaceTransformer, PrefixTransformer, SuffixTransformer,
// LabelTransformer, AnnotationsTransformer, ImageTagTransformer or ReplicaCountTransformer.
bool isFieldSpecTransformerKind(std::string_view kind);
// Runs one, configured as kustomize configures the plugin: the field specs are the config's
// own `fieldSpecs`, unknown fields are ignored. `where` starts errors
// ("app/kustomization.yaml: transformers: labels.yaml"). InvalidArgument for other kinds.
Result<ObjectSet> applyBuiltinTransformer(ObjectSet set, const core::Node& config,
                                          std::string_view where);

// True for the kinds kustomize v5.5 knows to be cluster-scoped: kyaml's built-in OpenAPI table,
// matched on group, version and kind (rbac.authorization.k8s.io/v1 ClusterRole is, a ClusterRole
// of another version is not). Kinds it does not know, custom resources included, are namespaced.
bool isClusterScoped(const Gvk& gvk);

}  // namespace gitsync::render
