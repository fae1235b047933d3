// Strategic merge patch as kustomize v5.5.0 applies it: kyaml v0.18.1's merge2 walk with
// ListIncreaseDirection = Prepend. The walk is reproduced step by step, including its quirks
// (a `$patch: replace` list item is undone by the base item, an empty merge-key value acts
// as a wildcard, a field that was empty in the base disappears), because kustomize's output
// depends on them. The walk runs on the shared-node tree of patch_smp_tree.h.
#include <algorithm>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "gitsync/core/scalar.h"
#include "gitsync/render/merge_keys.h"
#include "gitsync/render/patches.h"
#include "patch_smp_tree.h"

namespace gitsync::render {
namespace {

using core::Node;
using namespace smp;

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
