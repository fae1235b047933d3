#pragma once
// kyaml's dotted field paths as replacements and vars use them: "spec.containers.[name=app].image",
// "spec.ports.0.port", "metadata.annotations.[a.b/c]", "spec.containers.*.image".
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"

namespace gitsync::render {

// kyaml's utils.SmarterPathSplitter on '.': bracketed parts stay whole; "[a.b]" without '='
// loses its brackets.
std::vector<std::string> splitFieldPath(std::string_view path);

// Also splits "ports[0]" into "ports", "0" (kyaml's convertSliceIndex, used by vars).
std::vector<std::string> splitSliceIndexes(const std::vector<std::string>& parts);

// kyaml's yaml.Lookup (PathGetter) without creation: map keys, list indexes ("0", "-" for
// the last item), and "[field=value]" / "[=value]" list items matched exactly. Returns nullptr
// when a step is missing; errors as kyaml's ("wrong node kind: ...").
Result<core::Node*> lookupFieldPath(core::Node& root, const std::vector<std::string>& parts);

// A field found (or created) by matchFieldPath.
struct MatchedField {
  core::Node* node;
  bool created;  // the leaf did not exist and was created empty
};

// kyaml's yaml.PathMatcher: like lookupFieldPath but "[field=regex]" / "[=regex]" match every
// item whose value matches the (unanchored) regular expression, and "*" every item. With
// `create`, missing steps are created (maps, lists, list items "[name=value]" and the item at
// index len(list)); a created leaf gets kind `*create`.
Result<std::vector<MatchedField>> matchFieldPath(core::Node& root,
                                                 const std::vector<std::string>& parts,
                                                 std::optional<core::Node::Kind> create);

// kyaml's InvalidNodeKindError text: "wrong node kind: expected X but got Y: node contents:\n..."
std::string wrongNodeKind(const core::Node& node, core::Node::Kind expected);

}  // namespace gitsync::render
