#pragma once
// Steps that connect objects: replacements (per kustomization), and, after the whole tree,
// the name-reference fix-up and vars.
#include <optional>
#include <string>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// `replacements:` (inline, or {path: file}).
Result<ObjectSet> applyReplacements(ObjectSet set, const core::Node& field,
                                    const BuildContext& ctx);

// Updates fields that refer to objects renamed by prefix, suffix, hash or namespace changes,
// per config.nameReference and kustomize's disambiguation rules.
Result<ObjectSet> fixNameReferences(ObjectSet set, const TransformerConfig& config);

// Resolves $(VAR) in config.varReference fields. `vars` are the `vars:` entries gathered from
// the whole tree (each a map: name, objref, fieldref), with the file that declared each.
struct VarDecl {
  core::Node spec;
  std::string file;
  // Set by bindVar: the ids (previous ones, oldest first, then the current one) of the object
  // the var's objref matched when its kustomization was built; empty when nothing matched.
  // Unset, resolveVars matches the objref against the final objects instead.
  std::optional<std::vector<ResId>> boundTo;
};

// kustomize's MergeVars for one `vars:` entry: checks the entry and binds it to the object its
// objref names among `set`, the objects of the declaring kustomization after its transformers
// ran (an object added later by an overlay is not found, as in kustomize). InvalidArgument
// "<file>: vars: found 2 resId matches for var {...} (unable to disambiguate)".
Status bindVar(VarDecl& var, const ObjectSet& set);

Result<ObjectSet> resolveVars(ObjectSet set, const std::vector<VarDecl>& vars,
                              const TransformerConfig& config);

}  // namespace gitsync::render
