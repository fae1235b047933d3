#pragma once
// Helpers shared by the name-reference fix-up, vars and replacements: kustomize's id strings
// (as its error messages print them) and its field-spec walk (api/filters/fieldspec) with the
// error wrapping kustomize adds on the way.
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

#include "go_format.h"

namespace gitsync::render {



// kyaml's utils.PathSplitter: splits on `delimiter`, "\<delimiter>" escapes it, a leading
// delimiter is dropped.
std::vector<std::string> splitEscapedPath(std::string_view path, char delimiter);

// kustomize's fieldspec.Filter without field creation: calls `set` on every node found at the
// '/'-separated `path` of `object` (lists met on the way are walked item by item, a null or
// missing step ends the walk). Errors are wrapped as kustomize wraps them:
// "considering field '<path>' of object <id>: [visit traversal on path: [rest]: ]...<error>".
Status walkFieldPath(core::Node& object, std::string_view path,
                     const std::function<Status(core::Node&)>& set);

}  // namespace gitsync::render
