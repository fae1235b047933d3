#pragma once
// kustomize's `crds:` field: OpenAPI definitions of custom types whose x-kubernetes-*
// extensions name the fields transformers must visit (name references, labels, annotations,
// name prefixes).
#include <string>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/fieldspec.h"

namespace gitsync::render {

// Reads every file listed in `crds` (JSON or YAML: definition name -> {Schema: {properties}})
// into a transformer config. Errors name `file` (the kustomization) and the CRD file.
Result<TransformerConfig> configFromCrds(const FileLoader& loader, const core::Node& crds,
                                         const std::string& file);

}  // namespace gitsync::render
