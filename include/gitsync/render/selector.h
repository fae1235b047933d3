#pragma once
// Target selection shared by patches and replacements: group/version/kind/name/namespace
// matched as anchored regular expressions, plus label and annotation selectors in
// Kubernetes' selector syntax ("app=web,tier in (a,b),!legacy").
#include <optional>
#include <regex>
#include <string>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

struct Selector {
  std::string group, version, kind, name, ns;  // empty = any
  std::string labelSelector;
  std::string annotationSelector;
};

// Parses a `target:` / `select:` map (keys group, version, kind, name, namespace,
// labelSelector, annotationSelector). `where` prefixes errors.
Result<Selector> parseSelector(const core::Node& node, std::string_view where);

// True when `r` is selected. Regular expressions are anchored (^...$) as in kustomize.
Result<bool> selects(const Selector& selector, const Resource& r);

}  // namespace gitsync::render
