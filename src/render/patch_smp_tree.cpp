// kyaml's node filters as the strategic merge uses them, on the shared-node tree.
#include "patch_smp_tree.h"

#include <algorithm>

#include "gitsync/core/scalar.h"
#include "gitsync/core/yaml.h"

namespace gitsync::render::smp {

using core::Node;

YPtr toY(const Node& n) {
  auto y = std::make_shared<YNode>();
  y->kind = n.kind();
  y->line = n.line();
  switch (n.kind()) {
    case Node::Kind::Scalar:
      y->value = n.text();
      y->style = n.style();
      y->tag = n.tag();
      y->null = n.isNull();
      break;
    case Node::Kind::Map:
      for (const auto& [k, v] : n.entries()) y->fields.emplace_back(k, toY(v));
      break;
    case Node::Kind::Seq:
      for (const Node& v : n.items()) y->items.push_back(toY(v));
      break;
  }
  return y;
}

Node fromY(const YNode& y) {
  Node n;
  switch (y.kind) {
    case Node::Kind::Scalar:
      n = Node::scalar(y.value, y.style, y.tag);
      break;
    case Node::Kind::Map:
      n = Node::map();
      for (const auto& [k, v] : y.fields) n.entries().emplace_back(k, fromY(*v));
      break;
    case Node::Kind::Seq:
      n = Node::seq();
      for (const YPtr& v : y.items) n.push(fromY(*v));
      break;
  }
  n.setLine(y.line);
  return n;
}


YPtr field(const YPtr& n, std::string_view name) {
  if (!isMap(n)) return nullptr;
  for (const auto& [k, v] : n->fields) {
    if (k == name) return v;
  }
  return nullptr;
}

void clearField(YNode& map, std::string_view name) {
  auto& f = map.fields;
  f.erase(std::remove_if(f.begin(), f.end(), [&](const auto& e) { return e.first == name; }),
          f.end());
}

YPtr newScalar(std::string value) {
  auto y = std::make_shared<YNode>();
  y->value = std::move(value);
  return y;
}

const char* kindName(Node::Kind k) {
  switch (k) {
    case Node::Kind::Map:
      return "MappingNode";
    case Node::Kind::Seq:
      return "SequenceNode";
    case Node::Kind::Scalar:
      return "ScalarNode";
  }
  return "";
}

namespace {

Status wrongKind(Node::Kind expected, const YPtr& n) {
  std::string msg = std::string("wrong node kind: expected ") + kindName(expected) +
                    " but got " + kindName(n->kind);
  auto text = core::emitKustomizeYaml(fromY(*n));
  if (text.ok()) msg += ": node contents:\n" + *text;
  return invalidArgument(msg);
}

}  // namespace

// kyaml ErrorIfInvalid: null passes, any other kind must match.
Status checkKind(const YPtr& n, Node::Kind kind) {
  if (missingOrNull(n) || n->kind == kind) return okStatus();
  return wrongKind(kind, n);
}

namespace {

// kyaml FieldMatcher{Name, StringValue}: the value of field `name` of a map (when `value` is
// non-empty it must equal the field's text), or the scalar itself when name is empty.
Result<YPtr> matchField(const YPtr& n, std::string_view name, std::string_view value) {
  if (missingOrNull(n)) return YPtr();
  if (name.empty()) {
    GITSYNC_RETURN_IF_ERROR(checkKind(n, Node::Kind::Scalar));
    return n->value == value ? n : YPtr();
  }
  GITSYNC_RETURN_IF_ERROR(checkKind(n, Node::Kind::Map));
  YPtr f = field(n, name);
  if (f && (value.empty() || f->value == value)) return f;
  return YPtr();
}

}  // namespace

// kyaml ElementSetter: replaces (element != null), deletes (element == null) or appends the
// items of `list` matching keys/values. Null and empty-map items are dropped on the way.
Result<YPtr> setElement(YNode& list, const YPtr& element, std::vector<std::string> keys,
                        const std::vector<std::string>& values) {
  if (keys.empty()) keys.emplace_back();
  if (list.kind != Node::Kind::Seq) {
    return invalidArgument("wrong node kind: expected SequenceNode");
  }
  const bool mappingSetter = !keys[0].empty() && !values.empty() && !values[0].empty();
  std::vector<YPtr> kept;
  bool found = false;
  for (const YPtr& item : list.items) {
    if (missingOrNull(item) || isEmptyMap(item)) continue;
    if (item->kind != Node::Kind::Map && mappingSetter) {
      kept.push_back(item);
      continue;
    }
    YPtr val;
    bool matches = true;
    for (size_t j = 0; j < keys.size(); ++j) {
      if (j < values.size()) {
        GITSYNC_ASSIGN_OR_RETURN(val, matchField(item, keys[j], values[j]));
      }
      if (!val) {
        matches = false;
        break;
      }
    }
    if (!matches) {
      if (!values.empty()) kept.push_back(item);
      continue;
    }
    found = true;
    if (element) kept.push_back(element);
  }
  list.items = std::move(kept);
  if (missingOrNull(element)) return YPtr();
  if (!found) list.items.push_back(element);
  return element;
}

// kyaml ElementMatcher (MatchElementList): the first item matching every key/value.
YPtr findElement(const YPtr& list, std::vector<std::string> keys,
                 std::vector<std::string> values) {
  if (!isSeq(list)) return nullptr;
  if (keys.empty()) keys.emplace_back();
  if (values.empty()) values.emplace_back();
  if (keys[0].empty()) {
    for (const YPtr& item : list->items) {
      if (item->value == values[0]) return item;
    }
    return nullptr;
  }
  if (keys.size() != values.size()) return nullptr;
  for (const YPtr& item : list->items) {
    if (!missingOrNull(item) && item->kind != Node::Kind::Map) continue;
    if (missingOrNull(item)) continue;
    bool all = true;
    for (size_t i = 0; i < keys.size() && all; ++i) {
      YPtr f = field(item, keys[i]);
      all = f && f->value == values[i];
    }
    if (all) return item;
  }
  return nullptr;
}

namespace {

Result<Directive> directiveFromText(const std::string& v) {
  if (v == "delete") return Directive::Delete;
  if (v == "replace") return Directive::Replace;
  if (v == "merge") return Directive::Merge;
  return Status(invalidArgument("unknown patch strategy '" + v + "'"));
}

}  // namespace

// kyaml determineSmpDirective: reads and removes a `$patch` directive of the patch node.
Result<Directive> takeDirective(const YPtr& patch) {
  if (!patch) return Directive::Merge;
  if (patch->kind == Node::Kind::Map) {
    YPtr d = field(patch, "$patch");
    if (!d) return Directive::Merge;
    GITSYNC_ASSIGN_OR_RETURN(Directive dir, directiveFromText(d->value));
    clearField(*patch, "$patch");
    return dir;
  }
  if (patch->kind == Node::Kind::Seq) {
    YPtr holder;
    for (const YPtr& item : patch->items) {
      if (isMap(item) && !item->null && field(item, "$patch")) {
        holder = item;
        break;
      }
    }
    if (!holder || holder->fields.size() > 1) return Directive::Merge;
    std::string v = field(holder, "$patch")->value;
    GITSYNC_ASSIGN_OR_RETURN(Directive dir, directiveFromText(v));
    auto elided = setElement(*patch, nullptr, {"$patch"}, {v});
    if (!elided.ok()) return elided.status();
    return dir;
  }
  return Status(invalidArgument("no implemented strategic merge patch strategy for '" +
                                (patch->tag.empty() ? std::string("!!str") : patch->tag) +
                                "' ('" + patch->value + "')"));
}

namespace {

// The quoting quirk of kyaml's FieldSetter: a new value takes the style of the value it
// replaces, so a plain number written over a quoted string comes out as a string.
void inheritStyle(YNode& value, const YNode& old) {
  if (value.kind != Node::Kind::Scalar || old.kind != Node::Kind::Scalar) return;
  if (old.style != Node::Style::Quoted || !old.tag.empty()) return;
  value.style = Node::Style::Quoted;
  if (value.tag.rfind("!!", 0) == 0) value.tag.clear();
}

}  // namespace

// kyaml FieldSetter on a map: null (unless kept) clears the field; an existing field's node
// is overwritten in place (others may hold it).
void setField(YNode& map, const std::string& name, const YPtr& value) {
  if (!value || (value->null && !value->keep)) {
    clearField(map, name);
    return;
  }
  for (auto& [k, v] : map.fields) {
    if (k != name) continue;
    if (v != value) {
      inheritStyle(*value, *v);
      *v = *value;
    }
    return;
  }
  map.fields.emplace_back(name, value);
}

}  // namespace gitsync::render::smp
