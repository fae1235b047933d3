#pragma once
// The tree the strategic merge works on: kyaml shares yaml.Node pointers between the base, the
// patch and the lists it builds, and its results depend on that sharing, so the merge runs on
// shared nodes converted from and back to core::Node. Also the kyaml filters the merge uses
// (FieldMatcher, ElementSetter, ElementMatcher, FieldSetter, the $patch directive).
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"

namespace gitsync::render::smp {

struct YNode;
using YPtr = std::shared_ptr<YNode>;

struct YNode {
  core::Node::Kind kind = core::Node::Kind::Scalar;
  std::string value;  // scalar text
  core::Node::Style style = core::Node::Style::Plain;
  std::string tag;    // explicit tag, short form
  bool null = false;  // resolves to null (yaml.v3 tag !!null)
  bool keep = false;  // kyaml's ShouldKeep: an explicit null of the base that stays
  std::vector<std::pair<std::string, YPtr>> fields;
  std::vector<YPtr> items;
  uint32_t line = 0;
};

YPtr toY(const core::Node& n);
core::Node fromY(const YNode& y);

inline bool missingOrNull(const YPtr& n) { return !n || n->null; }
inline bool isMap(const YPtr& n) { return n && n->kind == core::Node::Kind::Map; }
inline bool isSeq(const YPtr& n) { return n && n->kind == core::Node::Kind::Seq; }
inline bool isEmptyMap(const YPtr& n) {
  return missingOrNull(n) || (isMap(n) && n->fields.empty());
}
// kyaml IsNilOrEmpty: missing, null, or an empty map or list.
inline bool nilOrEmpty(const YPtr& n) {
  return missingOrNull(n) || (isMap(n) && n->fields.empty()) || (isSeq(n) && n->items.empty());
}

// The value of field `name` of a map (nullptr when absent or not a map).
YPtr field(const YPtr& n, std::string_view name);
void clearField(YNode& map, std::string_view name);
YPtr newScalar(std::string value);
const char* kindName(core::Node::Kind k);

// kyaml ErrorIfInvalid: null passes, any other kind must be `kind` ("wrong node kind: ...").
Status checkKind(const YPtr& n, core::Node::Kind kind);

// kyaml ElementSetter: replaces (element != null), deletes (element == null) or appends the
// items of `list` matching keys/values. Null and empty-map items are dropped on the way.
Result<YPtr> setElement(YNode& list, const YPtr& element, std::vector<std::string> keys,
                        const std::vector<std::string>& values);

// kyaml ElementMatcher (MatchElementList): the first item matching every key/value.
YPtr findElement(const YPtr& list, std::vector<std::string> keys,
                 std::vector<std::string> values);

enum class Directive { Merge, Replace, Delete };

// kyaml determineSmpDirective: reads and removes the `$patch` directive of a patch node.
Result<Directive> takeDirective(const YPtr& patch);

// kyaml FieldSetter on a map: null (unless kept) clears the field; an existing field's node is
// overwritten in place (others may hold it) and lends the new value its quoting.
void setField(YNode& map, const std::string& name, const YPtr& value);

}  // namespace gitsync::render::smp
