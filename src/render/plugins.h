#pragma once
// kustomize's `transformers:` and `generators:` entries: configs of kustomize's built-in plugins
// (apiVersion: builtin). External (exec, container, Go) plugins are refused.
#include <string>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// Runs one transformer plugin config. `where` names the entry in errors.
Result<ObjectSet> runTransformerPlugin(ObjectSet set, const core::Node& config,
                                       const BuildContext& ctx, const std::string& where);

// Runs one generator plugin config (ConfigMapGenerator, SecretGenerator).
Result<ObjectSet> runGeneratorPlugin(ObjectSet set, const core::Node& config,
                                     const BuildContext& ctx, const std::string& where);

}  // namespace gitsync::render
