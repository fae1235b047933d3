#pragma once
// The object model for manifests: a YAML node tree with ordered maps, lists and scalars.
// Scalars keep their text, whether they were plain or quoted, and an explicit tag, which is
// what is needed to resolve their type the way kustomize (yaml.v3 -> JSON) does on output.
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gitsync::core {

class Node {
 public:
  enum class Kind : uint8_t { Scalar, Map, Seq };
  // Plain scalars are type-resolved (42 is an int, true a bool); Quoted ones (single, double,
  // literal or folded in the source) are always strings unless an explicit tag says otherwise.
  enum class Style : uint8_t { Plain, Quoted };
  using Entry = std::pair<std::string, Node>;

  // A null (plain empty scalar).
  Node() = default;

  static Node scalar(std::string text, Style style = Style::Plain, std::string tag = {});
  // A scalar that is a string whatever its text looks like.
  static Node string(std::string text) { return scalar(std::move(text), Style::Quoted); }
  static Node null() { return Node(); }
  static Node map() { Node n; n.kind_ = Kind::Map; return n; }
  static Node seq() { Node n; n.kind_ = Kind::Seq; return n; }

  Kind kind() const { return kind_; }
  bool isScalar() const { return kind_ == Kind::Scalar; }
  bool isMap() const { return kind_ == Kind::Map; }
  bool isSeq() const { return kind_ == Kind::Seq; }
  // True for a plain scalar that resolves to null ("", "~", "null", "Null", "NULL") or !!null.
  bool isNull() const;

  // Scalar accessors (empty for non-scalars).
  const std::string& text() const { return text_; }
  Style style() const { return style_; }
  // Explicit tag in short form ("!!str", "!!int", "!custom"); empty when there was none.
  const std::string& tag() const { return tag_; }
  void setTag(std::string tag) { tag_ = std::move(tag); }

  // Map accessors. Keys are unique; order is insertion order.
  const Node* get(std::string_view key) const;
  Node* get(std::string_view key);
  // Replaces the value of `key`, or appends it. Returns the stored value.
  Node& set(std::string_view key, Node value);
  // The map under `key`, created (empty) when missing or not a map.
  Node& ensureMap(std::string_view key);
  bool erase(std::string_view key);
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }

  // Sequence accessors.
  const std::vector<Node>& items() const { return items_; }
  std::vector<Node>& items() { return items_; }
  void push(Node value) { items_.push_back(std::move(value)); }

  // Number of map entries or sequence items (0 for scalars).
  size_t size() const { return isMap() ? entries_.size() : items_.size(); }

  // Walks map keys; nullptr when a step is missing or not a map.
  const Node* at(std::initializer_list<std::string_view> path) const;
  Node* at(std::initializer_list<std::string_view> path);
  // The scalar text at `path`, or "" when missing, null or not a scalar.
  std::string_view str(std::initializer_list<std::string_view> path) const;

  // 1-based line in the source document, 0 when unknown (built in code).
  uint32_t line() const { return line_; }
  void setLine(uint32_t line) { line_ = line; }

  // Structural equality: same kinds, same keys in any order, same items in order, same scalar
  // text and type class (a quoted "1" differs from a plain 1).
  bool operator==(const Node& other) const;

 private:
  std::string text_;
  std::string tag_;
  std::vector<Entry> entries_;
  std::vector<Node> items_;
  uint32_t line_ = 0;
  Kind kind_ = Kind::Scalar;
  Style style_ = Style::Plain;
};

}  // namespace gitsync::core
