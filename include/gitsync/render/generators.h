#pragma once
// configMapGenerator / secretGenerator (with generatorOptions), and the content-hash name
// suffix that kustomize adds after the whole tree is built.
#include <string>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// Runs the generators of `kustomization` (the whole kustomization document), adding to `set`
// or, for behavior merge/replace, changing the object of the same id already in it.
Result<ObjectSet> runGenerators(ObjectSet set, const core::Node& kustomization,
                                const BuildContext& ctx);

// Checks the fields of configMapGenerator, secretGenerator and generatorOptions (unknown
// fields, wrong types) without reading any file. kustomize rejects such a kustomization when it
// loads it, before building its resources; runGenerators checks again. Errors name `file`.
Status checkGeneratorFields(const core::Node& kustomization, const std::string& file);

// kustomize's name hash of a ConfigMap or Secret (10 characters).
Result<std::string> contentHash(const core::Node& object);

// Appends "-<hash>" to the name of every resource with needsHashSuffix (recording the
// previous id), then clears the flag.
Result<ObjectSet> addHashSuffixes(ObjectSet set);

}  // namespace gitsync::render
