// Strategic merge patch as kustomize v5.5.0 applies it: kyaml v0.18.1's merge2 walk with
// ListIncreaseDirection = Prepend. The walk is reproduced step by step, including its quirks
// (a `$patch: replace` list item is undone by the base item, an empty merge-key value acts
// as a wildcard, a field that was empty in the base disappears), because kustomize's output
// depends on them. kyaml shares yaml.Node pointers between the base, the patch and the
// lists it builds, so this file works on a small shared-pointer tree and converts at the
// edges.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gitsync/core/scalar.h"
#include "gitsync/core/yaml.h"
#include "gitsync/render/merge_keys.h"
#include "gitsync/render/patches.h"

namespace gitsync::render {
namespace {

using core::Node;

struct YNode;
using YPtr = std::shared_ptr<YNode>;

struct YNode {
  Node::Kind kind = Node::Kind::Scalar;
  std::string value;  // scalar text
  Node::Style style = Node::Style::Plain;
  std::string tag;    // explicit tag, short form
  bool null = false;  // resolves to null (yaml.v3 tag !!null)
  bool keep = false;  // kyaml's ShouldKeep: an explicit null of the base that stays
  std::vector<std::pair<std::string, YPtr>> fields;
  std::vector<YPtr> items;
  uint32_t line = 0;
};

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

bool missingOrNull(const YPtr& n) { return !n || n->null; }
bool isMap(const YPtr& n) { return n && n->kind == Node::Kind::Map; }
bool isSeq(const YPtr& n) { return n && n->kind == Node::Kind::Seq; }
bool isEmptyMap(const YPtr& n) { return missingOrNull(n) || (isMap(n) && n->fields.empty()); }
bool nilOrEmpty(const YPtr& n) {
  return missingOrNull(n) || (isMap(n) && n->fields.empty()) || (isSeq(n) && n->items.empty());
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

Status wrongKind(Node::Kind expected, const YPtr& n) {
  std::string msg = std::string("wrong node kind: expected ") + kindName(expected) +
                    " but got " + kindName(n->kind);
  auto text = core::emitKustomizeYaml(fromY(*n));
  if (text.ok()) msg += ": node contents:\n" + *text;
  return invalidArgument(msg);
}

// kyaml ErrorIfInvalid: null passes, any other kind must match.
Status checkKind(const YPtr& n, Node::Kind kind) {
  if (missingOrNull(n) || n->kind == kind) return okStatus();
  return wrongKind(kind, n);
}

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

// kyaml ElementSetter: replaces (element != null), deletes (element == null) or appends the
// items of `list` matching keys/values. Null and empty-map items are dropped on the way.
Result<YPtr> setElement(YNode& list, const YPtr& element, std::vector<std::string> keys,
                        const std::vector<std::string>& values) {
  if (keys.empty()) keys.emplace_back();
  if (list.kind != Node::Kind::Seq) return invalidArgument("wrong node kind: expected SequenceNode");
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

enum class Directive { Merge, Replace, Delete };

Result<Directive> directiveFromText(const std::string& v) {
  if (v == "delete") return Directive::Delete;
  if (v == "replace") return Directive::Replace;
  if (v == "merge") return Directive::Merge;
  return Status(invalidArgument("unknown patch strategy '" + v + "'"));
}

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

// The quoting quirk of kyaml's FieldSetter: a new value takes the style of the value it
// replaces, so a plain number written over a quoted string comes out as a string.
void inheritStyle(YNode& value, const YNode& old) {
  if (value.kind != Node::Kind::Scalar || old.kind != Node::Kind::Scalar) return;
  if (old.style != Node::Style::Quoted || !old.tag.empty()) return;
  value.style = Node::Style::Quoted;
  if (value.tag.rfind("!!", 0) == 0) value.tag.clear();
}

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

class Walker {
 public:
  // Walks {dest, origin} with `schema` (unknown = none) and returns the merged node.
  Result<YPtr> walk(YPtr dest, YPtr origin, SchemaNode schema) {
    schema = schemaFor(dest, origin, schema);
    const YPtr& first = !missingOrNull(dest) ? dest : origin;
    if (missingOrNull(first)) return walkMap(dest, origin, schema);
    const Node::Kind kind = first->kind;
    GITSYNC_RETURN_IF_ERROR(checkKind(dest, kind));
    GITSYNC_RETURN_IF_ERROR(checkKind(origin, kind));
    switch (kind) {
      case Node::Kind::Map:
        return walkMap(dest, origin, schema);
      case Node::Kind::Seq: {
        const ListMergeInfo* info = schema.list();
        if (info && info->strategy != ListStrategy::Replace) {
          return walkAssociative(dest, origin, schema, *info);
        }
        return origin ? origin : dest;
      }
      case Node::Kind::Scalar:
        return origin ? origin : dest;
    }
    return dest;
  }

 private:
  // kyaml Walker.GetSchema: the inherited schema, else that of the first source that names
  // a known apiVersion and kind.
  static SchemaNode schemaFor(const YPtr& dest, const YPtr& origin, SchemaNode inherited) {
    if (inherited.known()) return inherited;
    for (const YPtr& s : {dest, origin}) {
      if (missingOrNull(s) || !isMap(s)) continue;
      YPtr av = field(s, "apiVersion");
      YPtr k = field(s, "kind");
      if (nilOrEmpty(av) || nilOrEmpty(k) || av->value.empty() || k->value.empty()) continue;
      SchemaNode found = schemaForKind(av->value, k->value);
      if (found.known()) return found;
    }
    return {};
  }

  // merge2 Merger.VisitMap.
  static Result<YPtr> visitMap(const YPtr& dest, const YPtr& origin) {
    if (missingOrNull(dest)) {
      auto d = takeDirective(origin);
      if (d.ok() && *d == Directive::Delete) return YPtr();
      if (!origin && dest && !dest->value.empty()) {
        auto kept = std::make_shared<YNode>(*dest);
        kept->keep = true;
        return kept;
      }
      return origin;
    }
    if (origin && origin->null) return YPtr();
    GITSYNC_ASSIGN_OR_RETURN(Directive d, takeDirective(origin));
    if (d == Directive::Delete) return YPtr();
    if (d == Directive::Replace) return origin;
    return dest;
  }

  Result<YPtr> walkMap(YPtr dest, const YPtr& origin, SchemaNode schema) {
    GITSYNC_ASSIGN_OR_RETURN(dest, visitMap(dest, origin));
    if (!dest) return YPtr();
    std::set<std::string> names;
    for (const YPtr& s : {dest, origin}) {
      if (!isMap(s)) continue;
      for (const auto& e : s->fields) names.insert(e.first);
    }
    for (const std::string& name : names) {
      SchemaNode child = schema.known() ? schema.field(name) : SchemaNode();
      GITSYNC_ASSIGN_OR_RETURN(YPtr val, walk(field(dest, name), field(origin, name), child));
      if (dest->kind == Node::Kind::Map) setField(*dest, name, val);
    }
    return dest;
  }

  // merge2 Merger.VisitList for associative lists.
  static Result<YPtr> visitAssociativeList(const YPtr& dest, const YPtr& origin) {
    if (missingOrNull(dest)) return origin;
    if (origin && origin->null) return YPtr();
    GITSYNC_ASSIGN_OR_RETURN(Directive d, takeDirective(origin));
    if (d == Directive::Delete) return YPtr();
    if (d == Directive::Replace) return origin;
    return dest;
  }

  using Values = std::vector<std::string>;

  static Values keyValues(const YPtr& item, const Values& keys) {
    Values v;
    for (const std::string& k : keys) {
      YPtr f = field(item, k);
      v.push_back(nilOrEmpty(f) ? std::string() : f->value);
    }
    return v;
  }

  Result<YPtr> walkAssociative(YPtr dest, const YPtr& origin, SchemaNode schema,
                               const ListMergeInfo& info) {
    GITSYNC_ASSIGN_OR_RETURN(dest, visitAssociativeList(dest, origin));
    if (!dest) return YPtr();
    Values keys(info.keys.begin(), info.keys.end());
    // Patch items first (Prepend), then the base's.
    std::vector<Values> values;
    std::set<Values> seen;
    for (const YPtr& s : {origin, dest}) {
      if (!isSeq(s) || keys.empty()) continue;
      for (const YPtr& item : s->items) {
        Values v = keyValues(item, keys);
        if (v.empty() || seen.count(v)) continue;
        seen.insert(v);
        values.push_back(std::move(v));
      }
    }
    if (!values.empty() || !keys.empty()) {
      return setElements(std::move(values), keys, dest, origin, schema);
    }
    std::set<std::string> seenScalars;
    for (const YPtr& s : {origin, dest}) {
      if (!s) continue;
      for (const YPtr& item : s->items) {
        if (!seenScalars.insert(item->value).second) continue;
        values.push_back({item->value});
      }
    }
    return setElements(std::move(values), {""}, dest, origin, schema);
  }

  // walk.validateKeys: keep the keys some value list has a value for.
  static std::pair<Values, Values> validateKeys(const std::vector<Values>& all,
                                                const Values& values, const Values& keys) {
    std::set<std::string> valid;
    for (const Values& vs : all) {
      for (size_t i = 0; i < vs.size() && i < keys.size(); ++i) {
        if (!vs[i].empty()) valid.insert(keys[i]);
      }
    }
    if (valid.empty()) return {keys, values};
    Values k, v;
    for (const std::string& key : keys) {
      if (valid.count(key)) k.push_back(key);
    }
    for (size_t i = 0; i < values.size() && i < keys.size(); ++i) {
      if (!values[i].empty() || valid.count(keys[i])) v.push_back(values[i]);
    }
    return {k, v};
  }

  // walk.mergeValues: value lists equal up to empty entries become one.
  static void mergeValues(std::vector<Values>& all) {
    for (size_t i = 0; i < all.size(); ++i) {
      const Values first = all[i];
      for (size_t j = 0; j < all.size(); ++j) {
        const Values& second = all[j];
        if (first.size() != second.size()) continue;
        bool common = false, conflict = false;
        Values merged;
        for (size_t k = 0; k < first.size(); ++k) {
          if (first[k] == second[k]) {
            common = true;
            merged.push_back(first[k]);
          } else if (!first[k].empty() && !second[k].empty()) {
            conflict = true;
            break;
          } else {
            merged.push_back(first[k].empty() ? second[k] : first[k]);
          }
        }
        if (conflict || !common) continue;
        all[i] = merged;
        all[j] = merged;
      }
    }
  }

  Result<YPtr> setElements(std::vector<Values> all, const Values& keys, YPtr dest,
                           const YPtr& origin, SchemaNode schema) {
    auto added = std::make_shared<YNode>();
    added->kind = Node::Kind::Seq;
    SchemaNode elements = schema.known() ? schema.elements() : SchemaNode();
    if (keys.size() > 1) mergeValues(all);
    Values validKeys, validValues;
    for (const Values& values : all) {
      if (values.empty()) continue;
      std::tie(validKeys, validValues) = validateKeys(all, values, keys);
      auto [matchKeys, matchValues] = validateKeys({validValues}, validValues, validKeys);
      YPtr d = findElement(dest, matchKeys, matchValues);
      YPtr o = origin ? findElement(origin, matchKeys, matchValues) : nullptr;
      GITSYNC_ASSIGN_OR_RETURN(YPtr val, walk(d, o, elements));
      bool removed = false;
      for (size_t i = 0; i < validKeys.size(); ++i) {
        if (missingOrNull(val) || isEmptyMap(val)) {
          auto r = setElement(*dest, nullptr, validKeys, validValues);
          if (!r.ok()) return r.status();
          removed = true;
        } else if (!field(val, validKeys[i]) && !validValues[i].empty()) {
          GITSYNC_RETURN_IF_ERROR(setKey(*val, validKeys[i], validValues[i]));
        }
      }
      if (removed) continue;
      auto r = setElement(*added, val, validKeys, validValues);
      if (!r.ok()) return r.status();
    }
    if (!all.empty()) {
      GITSYNC_RETURN_IF_ERROR(appendList(*added, *dest, validKeys));
      dest = added;
    }
    if (missingOrNull(dest)) return YPtr();
    return dest;
  }

  // kyaml SetField(key, NewScalarRNode(value)) on a merged item that lost its key.
  static Status setKey(YNode& item, const std::string& key, const std::string& value) {
    if (key.empty()) {
      if (item.kind != Node::Kind::Scalar) {
        return invalidArgument(std::string("wrong node kind: expected ScalarNode but got ") +
                               kindName(item.kind));
      }
      item.value = value;
      item.tag.clear();
      item.null = false;
      return okStatus();
    }
    auto v = newScalar(value);
    if (!core::v2PlainIsString(value)) v->style = Node::Style::Quoted;
    if (item.kind == Node::Kind::Map) setField(item, key, v);
    return okStatus();
  }

  // walk.appendListNode: puts the base's items into `dst` (replacing the merged ones).
  static Status appendList(YNode& dst, const YNode& src, const Values& keys) {
    for (const YPtr& item : src.items) {
      if (keys.empty() || keys[0].empty()) {
        auto r = setElement(dst, item, {""}, {item->value});
        if (!r.ok()) return r.status();
        continue;
      }
      Values v;
      for (const std::string& key : keys) {
        if (missingOrNull(item)) {
          dst.items.push_back(item);
          continue;
        }
        GITSYNC_RETURN_IF_ERROR(checkKind(item, Node::Kind::Map));
        YPtr f = field(item, key);
        if (!f) {
          dst.items.push_back(item);
          continue;
        }
        v.push_back(f->value);
      }
      if (keys.size() > 1) {
        auto r = setElement(dst, nullptr, keys, v);
        if (!r.ok()) return r.status();
      }
      auto r = setElement(dst, item, keys, v);
      if (!r.ok()) return r.status();
    }
    return okStatus();
  }
};

}  // namespace

Status strategicMerge(core::Node& target, const core::Node& patch) {
  YPtr dest = toY(target);
  YPtr origin = toY(patch);
  Walker walker;
  GITSYNC_ASSIGN_OR_RETURN(YPtr result, walker.walk(dest, origin, SchemaNode()));
  if (!result) {
    target = Node();
    return okStatus();
  }
  // kustomize keeps the resource's own node: a top-level `$patch: replace` changes nothing.
  target = fromY(*dest);
  return okStatus();
}

}  // namespace gitsync::render
