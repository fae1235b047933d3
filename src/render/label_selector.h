#pragma once
// Kubernetes label selectors ("app=web,tier in (a,b),!legacy,n>3") as kustomize evaluates them
// (kyaml's copy of k8s.io/apimachinery labels.Parse); error messages are that parser's.
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitsync/core/status.h"

namespace gitsync::render {

using LabelMap = std::vector<std::pair<std::string, std::string>>;

// True when `labels` satisfy `selector` (empty = everything). InvalidArgument for a selector
// that does not parse, e.g. "unable to parse requirement: found '', expected: ',' or ')'".
Result<bool> matchesLabelSelector(std::string_view selector, const LabelMap& labels);

}  // namespace gitsync::render
