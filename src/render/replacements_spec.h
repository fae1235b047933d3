#pragma once
// The `replacements:` entries of a kustomization as kustomize's types.Replacement holds them.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/context.h"
#include "gitsync/render/resource.h"

namespace gitsync::render::replacement {

constexpr std::string_view kDefaultFieldPath = "metadata.name";

struct Options {
  std::string delimiter;
  long long index = 0;
  bool create = false;
};

// kustomize's resid.ResId used as a selector: empty parts match anything, no regexes.
struct IdSelector {
  Gvk gvk;
  std::string name, ns;
  bool empty() const { return gvk == Gvk{} && name.empty() && ns.empty(); }
};

struct Source {
  IdSelector id;
  std::string fieldPath;
  std::optional<Options> options;
};

struct TargetSelector {
  IdSelector id;
  std::string labelSelector, annotationSelector;
};

struct Target {
  std::optional<TargetSelector> select;
  std::vector<TargetSelector> reject;
  std::vector<std::string> fieldPaths;
  std::optional<Options> options;
};

struct Replacement {
  std::string where;  // "replacements[1]" or "replacements[1]: file.yaml[0]"
  std::optional<Source> source;
  std::optional<std::vector<Target>> targets;
};

// Reads the `replacements:` field: inline entries (unknown fields are errors, as in the
// kustomization), or {path: file} naming a file that holds one replacement or a list of them
// (read leniently, as kustomize does).
Result<std::vector<Replacement>> parseReplacements(const core::Node& field,
                                                   const BuildContext& ctx);

}  // namespace gitsync::render::replacement
