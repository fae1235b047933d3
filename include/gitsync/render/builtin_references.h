#pragma once
// kustomize v5.5's built-in nameReference and varReference tables (api/internal/konfig/
// builtinpluginconsts), for builtinTransformerConfig().
#include <vector>

#include "gitsync/render/fieldspec.h"

namespace gitsync::render {

// The nameReference back-references, in the order kustomize sorts them (Gvk.IsLessThan).
std::vector<NameBackReference> builtinNameReferences();

// The varReference field specs, in kustomize's table order.
std::vector<FieldSpec> builtinVarReferences();

}  // namespace gitsync::render
