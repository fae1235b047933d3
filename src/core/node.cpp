#include "gitsync/core/node.h"

#include "gitsync/core/scalar.h"

namespace gitsync::core {

Node Node::scalar(std::string text, Style style, std::string tag) {
  Node n;
  n.kind_ = Kind::Scalar;
  n.text_ = std::move(text);
  n.style_ = style;
  n.tag_ = std::move(tag);
  return n;
}

bool Node::isNull() const {
  return isScalar() && resolveScalar(*this).type == ScalarType::Null;
}

const Node* Node::get(std::string_view key) const {
  for (const auto& [k, v] : entries_) {
    if (k == key) return &v;
  }
  return nullptr;
}

Node* Node::get(std::string_view key) {
  for (auto& [k, v] : entries_) {
    if (k == key) return &v;
  }
  return nullptr;
}

Node& Node::set(std::string_view key, Node value) {
  if (Node* existing = get(key)) {
    *existing = std::move(value);
    return *existing;
  }
  entries_.emplace_back(std::string(key), std::move(value));
  return entries_.back().second;
}

Node& Node::ensureMap(std::string_view key) {
  Node* existing = get(key);
  if (existing && existing->isMap()) return *existing;
  return set(key, Node::map());
}

bool Node::erase(std::string_view key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->first == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

const Node* Node::at(std::initializer_list<std::string_view> path) const {
  const Node* cur = this;
  for (std::string_view step : path) {
    if (!cur->isMap()) return nullptr;
    cur = cur->get(step);
    if (!cur) return nullptr;
  }
  return cur;
}

Node* Node::at(std::initializer_list<std::string_view> path) {
  return const_cast<Node*>(static_cast<const Node*>(this)->at(path));
}

std::string_view Node::str(std::initializer_list<std::string_view> path) const {
  const Node* n = at(path);
  if (!n || !n->isScalar() || n->isNull()) return {};
  return n->text();
}

bool Node::operator==(const Node& other) const {
  if (kind_ != other.kind_) return false;
  switch (kind_) {
    case Kind::Scalar: {
      if (text_ != other.text_) return false;
      if (style_ == other.style_ && tag_ == other.tag_) return true;
      return resolveScalar(*this).type == resolveScalar(other).type;
    }
    case Kind::Seq:
      return items_ == other.items_;
    case Kind::Map: {
      if (entries_.size() != other.entries_.size()) return false;
      for (const auto& [k, v] : entries_) {
        const Node* o = other.get(k);
        if (!o || !(*o == v)) return false;
      }
      return true;
    }
  }
  return false;
}

}  // namespace gitsync::core
