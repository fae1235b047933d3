#pragma once
// How Go and kustomize print things in their error messages, so gitsync's errors read the same.
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/render/resource.h"

namespace gitsync::render {

// Go's %q for a string of printable text.
std::string goQuote(std::string_view s);
// Go's %v of a []string: "[a b c]".
std::string goStringSlice(const std::vector<std::string>& parts);
// resid.Gvk.String() of kustomize's api: "<kind>.<version>.<group>" with [noKind] etc.
std::string kustomizeGvkString(const Gvk& gvk);
// resid.ResId.String(): "<gvk>/<name>.<namespace>", with [noName] / [noNs] for empty parts.
std::string kustomizeIdString(const ResId& id);

}  // namespace gitsync::render
