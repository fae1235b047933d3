#pragma once
// Field specs: which fields of which kinds a transformer touches (kustomize's
// "configurations"). A path is '/'-separated map keys; a key written "name[]" is a list whose
// items are each walked, and a list met on the way is walked item by item anyway.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

struct FieldSpec {
  Gvk gvk;  // empty parts match anything
  std::string path;
  bool create = false;  // create missing fields (as maps, the last one null)
  bool operator==(const FieldSpec&) const = default;
};

// A kind that can be referred to by name, and the fields that refer to it.
struct NameBackReference {
  Gvk gvk;
  std::vector<FieldSpec> referrers;
};

// kustomize's TransformerConfig.
struct TransformerConfig {
  std::vector<FieldSpec> namePrefix;
  std::vector<FieldSpec> nameSuffix;
  std::vector<FieldSpec> nameSpace;
  std::vector<FieldSpec> commonLabels;
  std::vector<FieldSpec> templateLabels;
  std::vector<FieldSpec> commonAnnotations;
  std::vector<FieldSpec> varReference;
  std::vector<FieldSpec> images;
  std::vector<FieldSpec> replicas;
  std::vector<NameBackReference> nameReference;

  // Adds the specs of `other` that this config lacks (kustomize's MergeConfig): a spec is
  // already present when one with the same path is selected by its group/version/kind; if the
  // two disagree on `create`, InvalidArgument "conflicting fieldspecs". Name references stay
  // sorted by kind.
  Status merge(const TransformerConfig& other);
};

// kustomize's built-in defaults (the tables compiled into kustomize v5.5).
const TransformerConfig& builtinTransformerConfig();

// Parses a `configurations:` file. Errors name `file`.
Result<TransformerConfig> parseTransformerConfig(const core::Node& doc, std::string_view file);

// True when the spec's group/version/kind (empty = any) selects `gvk`.
bool gvkSelected(const Gvk& spec, const Gvk& gvk);

// Calls `fn` on every field of `object` at `spec.path` (when spec's gvk selects the object's).
// The path splits on '/', except where escaped as "\/" (a key holding a slash); a leading '/'
// is ignored.
// With spec.create, missing maps on the way are created and a missing leaf is created as null
// before fn sees it. Errors from fn are returned as they are.
Status forEachField(core::Node& object, const FieldSpec& spec,
                    const std::function<Status(core::Node& field)>& fn);

}  // namespace gitsync::render
