// kustomize's replacements (api/filters/replacement, builtins/ReplacementTransformer.go).
#include <algorithm>
#include <cctype>
#include <optional>

#include "gitsync/core/scalar.h"
#include "gitsync/render/references.h"
#include "gitsync/render/selector.h"
#include "kyaml_path.h"
#include "replacements_spec.h"
#include "refs_util.h"

namespace gitsync::render {
namespace {

using core::Node;
using core::ScalarType;
using namespace replacement;

// ---- selecting ----

std::string optionsString(const std::optional<Options>& o) {
  if (!o || (o->delimiter.empty() && !o->create)) return "";
  return o->delimiter + "(" + std::to_string(o->index) + "), create=" +
         (o->create ? "true" : "false");
}

ResId asResId(const IdSelector& s) { return ResId{s.gvk, s.name, s.ns}; }

std::string sourceString(const Source& s) {
  std::string out = kustomizeIdString(asResId(s.id));
  if (!s.fieldPath.empty()) out += ":" + s.fieldPath;
  std::string opts = optionsString(s.options);
  if (!opts.empty()) out += ":" + opts;
  return out;
}

// The ids kustomize's MakeResIds gives an object with the namespace each is compared by: the
// current one ("default" when unset, whatever the kind) then the previous ones.
std::vector<std::pair<ResId, std::string>> idsOf(const Resource& r) {
  std::vector<std::pair<ResId, std::string>> ids;
  ResId current = r.id();
  std::string ns = current.ns.empty() ? "default" : current.ns;
  ids.emplace_back(std::move(current), std::move(ns));
  for (const ResId& id : r.previousIds) ids.emplace_back(id, id.effectiveNamespace());
  return ids;
}

// resid.ResId.IsSelectedBy.
bool selectedBy(const std::pair<ResId, std::string>& id, const IdSelector& s) {
  return (s.name.empty() || s.name == id.first.name) &&
         (s.ns.empty() || s.ns == id.second) && gvkSelected(s.gvk, id.first.gvk);
}

bool anySelectedBy(const std::vector<std::pair<ResId, std::string>>& ids, const IdSelector& s) {
  return std::any_of(ids.begin(), ids.end(), [&](const auto& id) { return selectedBy(id, s); });
}

Result<bool> matchesLabels(const TargetSelector& s, const Resource& r) {
  if (s.labelSelector.empty() && s.annotationSelector.empty()) return true;
  Selector labels;
  labels.labelSelector = s.labelSelector;
  labels.annotationSelector = s.annotationSelector;
  return selects(labels, r);
}

Result<bool> isTarget(const Target& t, const Resource& r) {
  GITSYNC_ASSIGN_OR_RETURN(bool selected, matchesLabels(*t.select, r));
  if (!selected) return false;
  for (const TargetSelector& reject : t.reject) {
    if (reject.labelSelector.empty() && reject.annotationSelector.empty()) continue;
    GITSYNC_ASSIGN_OR_RETURN(bool rejected, matchesLabels(reject, r));
    if (rejected) return false;
  }
  auto ids = idsOf(r);
  if (!anySelectedBy(ids, t.select->id)) return false;
  for (const TargetSelector& reject : t.reject) {
    if (!reject.id.empty() && anySelectedBy(ids, reject.id)) return false;
  }
  return true;
}

// ---- values ----

std::vector<std::string> split(const std::string& s, const std::string& sep) {
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    size_t pos = s.find(sep, start);
    if (pos == std::string::npos) break;
    out.push_back(s.substr(start, pos - start));
    start = pos + sep.size();
  }
  out.push_back(s.substr(start));
  return out;
}

std::string joinParts(const std::vector<std::string>& parts, const std::string& sep) {
  std::string out;
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out += sep;
    out += parts[i];
  }
  return out;
}

// kyaml's GetValue: the scalar's text, "" for null and non-scalars.
std::string valueText(const Node& n) { return n.isScalar() && !n.isNull() ? n.text() : ""; }

Result<Node> sourceValue(const Source& source, const ObjectSet& set) {
  const Resource* found = nullptr;
  for (const Resource& r : set) {
    if (!anySelectedBy(idsOf(r), source.id)) continue;
    if (found) return invalidArgument("multiple matches for selector " + sourceString(source));
    found = &r;
  }
  if (!found) return invalidArgument("nothing selected by " + sourceString(source));
  std::string fieldPath = source.fieldPath.empty() ? std::string(kDefaultFieldPath)
                                                   : source.fieldPath;
  Node object = found->object;
  auto node = lookupFieldPath(object, splitFieldPath(fieldPath));
  if (!node.ok()) {
    return invalidArgument("error looking up replacement source: " + node.status().message());
  }
  const Node* value = *node;
  if (!value || value->isNull() || ((value->isMap() || value->isSeq()) && value->size() == 0)) {
    return invalidArgument("fieldPath `" + fieldPath + "` is missing for replacement source " +
                           kustomizeIdString(asResId(source.id)));
  }
  if (!source.options || source.options->delimiter.empty()) return *value;
  if (!value->isScalar()) {
    return invalidArgument("delimiter option can only be used with scalar nodes");
  }
  std::vector<std::string> parts = split(valueText(*value), source.options->delimiter);
  long long index = source.options->index;
  if (index < 0 || index >= static_cast<long long>(parts.size())) {
    return invalidArgument("options.index " + std::to_string(index) +
                           " is out of bounds for value " + valueText(*value));
  }
  return Node::scalar(parts[static_cast<size_t>(index)], value->style(), value->tag());
}

const char* tagName(ScalarType t) {
  switch (t) {
    case ScalarType::Null: return "!!null";
    case ScalarType::Bool: return "!!bool";
    case ScalarType::Int:
    case ScalarType::Uint: return "!!int";
    case ScalarType::Float: return "!!float";
    case ScalarType::String: return "!!str";
  }
  return "!!str";
}

bool isIntType(ScalarType t) { return t == ScalarType::Int || t == ScalarType::Uint; }

// kustomize copies only the text into a scalar target, which keeps its YAML tag; a text the
// tag cannot hold fails when the object is next decoded.
Status setScalarText(Node& target, bool created, const std::string& text) {
  if (created) {
    target = Node::scalar(text);
    return okStatus();
  }
  ScalarType t = core::resolveScalar(target).type;
  if (t == ScalarType::String) {
    target = Node::scalar(text, Node::Style::Quoted, target.tag());
    return okStatus();
  }
  ScalarType r = core::resolveScalar(Node::scalar(text)).type;
  bool fits = r == t || (isIntType(r) && isIntType(t)) ||
              (t == ScalarType::Float && isIntType(r));
  if (!fits) {
    return invalidArgument(std::string("map[string]interface {}(nil): yaml: cannot decode ") +
                           tagName(r) + " `" + text + "` as a " + tagName(t));
  }
  target = Node::scalar(text, Node::Style::Plain, target.tag());
  return okStatus();
}

Status setField(const std::optional<Options>& options, MatchedField field, const Node& value) {
  Node& target = *field.node;
  if (options && !options->delimiter.empty()) {
    if (!target.isScalar()) {
      return invalidArgument("delimiter option can only be used with scalar nodes");
    }
    std::vector<std::string> parts = split(target.text(), options->delimiter);
    std::string v = valueText(value);
    if (options->index < 0) {
      parts.insert(parts.begin(), v);
    } else if (options->index >= static_cast<long long>(parts.size())) {
      parts.push_back(v);
    } else {
      parts[static_cast<size_t>(options->index)] = v;
    }
    return setScalarText(target, field.created, joinParts(parts, options->delimiter));
  }
  if (target.isScalar()) {
    return setScalarText(target, field.created, value.isScalar() ? value.text() : "");
  }
  target = value;
  return okStatus();
}

Status copyToTarget(Resource& r, const Node& value, const Target& t) {
  for (const std::string& fp : t.fieldPaths) {
    bool create = t.options && t.options->create;
    std::string failure = std::string(create ? "unable to find or create field "
                                             : "unable to find field ") +
                          goQuote(fp) + " in replacement target";
    auto fields = matchFieldPath(r.object, splitFieldPath(fp),
                                 create ? std::optional<Node::Kind>(value.kind()) : std::nullopt);
    if (!fields.ok()) return fields.status().withPrefix(failure);
    if (fields->empty()) return invalidArgument(failure);
    for (const MatchedField& f : *fields) GITSYNC_RETURN_IF_ERROR(setField(t.options, f, value));
  }
  return okStatus();
}

Status apply(const Replacement& rep, ObjectSet& set) {
  if (!rep.source || !rep.targets) {
    return invalidArgument("replacements must specify a source and at least one target");
  }
  GITSYNC_ASSIGN_OR_RETURN(Node value, sourceValue(*rep.source, set));
  for (Target t : *rep.targets) {
    if (!t.select) return invalidArgument("target must specify resources to select");
    if (t.fieldPaths.empty()) t.fieldPaths.emplace_back(kDefaultFieldPath);
    for (Resource& r : set) {
      GITSYNC_ASSIGN_OR_RETURN(bool selected, isTarget(t, r));
      if (selected) GITSYNC_RETURN_IF_ERROR(copyToTarget(r, value, t));
    }
  }
  return okStatus();
}

}  // namespace

Result<ObjectSet> applyReplacements(ObjectSet set, const core::Node& field,
                                    const BuildContext& ctx) {
  auto parsed = parseReplacements(field, ctx);
  if (!parsed.ok()) return parsed.status().withPrefix(ctx.kustomizationFile);
  for (const Replacement& rep : *parsed) {
    Status s = apply(rep, set);
    if (!s.ok()) return s.withPrefix(ctx.kustomizationFile + ": " + rep.where);
  }
  return set;
}

}  // namespace gitsync::render
