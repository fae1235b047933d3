// kustomize's target selection (types.Selector / SelectorRegex, resWrangler.Select).
#include "gitsync/render/selector.h"

#include <regex>
#include <string>

#include "gitsync/core/scalar.h"
#include "label_selector.h"

namespace gitsync::render {
namespace {

// The labels (or annotations) of an object as kyaml reads them.
LabelMap metaMap(const Resource& r, std::string_view field) {
  LabelMap out;
  const core::Node* m = r.object.at({"metadata", field});
  if (!m || !m->isMap()) return out;
  for (const auto& [k, v] : m->entries()) out.emplace_back(k, v.isScalar() ? v.text() : "");
  return out;
}

Result<bool> selectorMatches(std::string_view selector, std::string_view what, const Resource& r,
                             std::string_view field) {
  auto hit = matchesLabelSelector(selector, metaMap(r, field));
  if (!hit.ok()) return hit.status().withPrefix(std::string(what));
  return *hit;
}

// ---- Regular expressions: Go RE2 patterns anchored as kustomize anchors them.

Result<std::regex> compile(const std::string& pattern, std::string_view field) {
  std::string p = pattern;
  auto flags = std::regex::ECMAScript;
  if (p.rfind("(?i)", 0) == 0) {
    p = p.substr(4);
    flags |= std::regex::icase;
  }
  try {
    return std::regex("^(?:" + p + ")$", flags);
  } catch (const std::regex_error& e) {
    return Status(invalidArgument(std::string(field) + ": error parsing regexp '" + pattern +
                                  "': " + e.what()));
  }
}

bool regexMatches(const std::string& pattern, const std::string& text) {
  // Most targets name a kind or object literally: no need to build a regex for those.
  if (pattern.find_first_of(".^$*+?()[]{}|\\") == std::string::npos) return pattern == text;
  auto re = compile(pattern, "");
  return re.ok() && std::regex_search(text, *re);
}

}  // namespace

Result<Selector> parseSelector(const core::Node& node, std::string_view where) {
  const std::string at(where);
  if (!node.isMap()) return Status(invalidArgument(at + ": must be a map"));
  Selector s;
  for (const auto& [key, value] : node.entries()) {
    std::string* slot = key == "group"                ? &s.group
                        : key == "version"            ? &s.version
                        : key == "kind"               ? &s.kind
                        : key == "name"               ? &s.name
                        : key == "namespace"          ? &s.ns
                        : key == "labelSelector"      ? &s.labelSelector
                        : key == "annotationSelector" ? &s.annotationSelector
                                                      : nullptr;
    if (!slot) return Status(invalidArgument(at + ": unknown field \"" + key + "\""));
    if (value.isNull()) continue;
    if (!value.isScalar() || core::resolveScalar(value).type != core::ScalarType::String) {
      return Status(invalidArgument(at + ": " + key + ": must be a string"));
    }
    *slot = value.text();
  }
  for (const auto& [field, pattern] :
       {std::pair<const char*, const std::string*>{"group", &s.group},
        {"version", &s.version},
        {"kind", &s.kind},
        {"name", &s.name},
        {"namespace", &s.ns}}) {
    if (pattern->empty()) continue;
    auto re = compile(*pattern, field);
    if (!re.ok()) return re.status().withPrefix(at);
  }
  return s;
}

Result<bool> selects(const Selector& s, const Resource& r) {
  const ResId org = r.originalId();
  const ResId cur = r.id();
  if (!s.ns.empty() && !regexMatches(s.ns, org.effectiveNamespace()) &&
      !regexMatches(s.ns, cur.effectiveNamespace())) {
    return false;
  }
  if (!s.name.empty() && !regexMatches(s.name, org.name) && !regexMatches(s.name, cur.name)) {
    return false;
  }
  if (!s.group.empty() && !regexMatches(s.group, cur.gvk.group)) return false;
  if (!s.version.empty() && !regexMatches(s.version, cur.gvk.version)) return false;
  if (!s.kind.empty() && !regexMatches(s.kind, cur.gvk.kind)) return false;
  GITSYNC_ASSIGN_OR_RETURN(bool labels,
                           selectorMatches(s.labelSelector, "labelSelector", r, "labels"));
  if (!labels) return false;
  return selectorMatches(s.annotationSelector, "annotationSelector", r, "annotations");
}

}  // namespace gitsync::render
