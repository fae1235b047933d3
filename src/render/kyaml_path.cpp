#include "kyaml_path.h"

#include <charconv>
#include <regex>

#include "gitsync/core/yaml.h"
#include "refs_util.h"

namespace gitsync::render {
namespace {

using core::Node;

const char* kindName(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::Map: return "MappingNode";
    case Node::Kind::Seq: return "SequenceNode";
    case Node::Kind::Scalar: return "ScalarNode";
  }
  return "ScalarNode";
}

// Go's strconv.Atoi: an optional sign and decimal digits that fit an int64.
bool atoi(std::string_view s, long long& out) {
  if (s.empty()) return false;
  std::string_view digits = s;
  if (digits[0] == '+' || digits[0] == '-') digits.remove_prefix(1);
  if (digits.empty()) return false;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
  }
  const char* begin = s.data() + (s[0] == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(begin, s.data() + s.size(), out);
  return ec == std::errc() && ptr == s.data() + s.size();
}

bool isIndexNumber(std::string_view p, long long& idx) { return atoi(p, idx) && idx >= 0; }
bool isListIndex(std::string_view p) {
  return p.size() >= 2 && p.front() == '[' && p.back() == ']';
}

// kyaml's SplitIndexNameValue: "[name=value]" -> {name, value}.
Status splitIndexNameValue(std::string_view part, std::string& name, std::string& value) {
  part.remove_prefix(1);
  part.remove_suffix(1);
  size_t eq = part.find('=');
  if (eq == std::string_view::npos) {
    return invalidArgument(
        "list path element must contain fieldName=fieldValue for element to match");
  }
  name = std::string(part.substr(0, eq));
  value = std::string(part.substr(eq + 1));
  return okStatus();
}

// The text kyaml's RNode.String() gives a value, trimmed, for regular expression matching.
std::string matchText(const Node& node) {
  if (node.isScalar()) return node.text();
  auto yaml = core::emitKustomizeYaml(node);
  std::string s = yaml.ok() ? *yaml : std::string();
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

Node::Kind partKind(std::string_view next, Node::Kind leafKind) {
  long long idx = 0;
  if (isListIndex(next) || isIndexNumber(next, idx)) return Node::Kind::Seq;
  if (next.empty()) return leafKind;
  return Node::Kind::Map;
}

Node emptyOfKind(Node::Kind kind) {
  switch (kind) {
    case Node::Kind::Map: return Node::map();
    case Node::Kind::Seq: return Node::seq();
    case Node::Kind::Scalar: return Node::null();
  }
  return Node::null();
}

Result<std::regex> compileRegex(const std::string& pattern) {
  try {
    return std::regex(pattern, std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return invalidArgument("error parsing regexp: " + std::string(e.what()) + ": `" + pattern +
                           "`");
  }
}

class Matcher {
 public:
  Matcher(const std::vector<std::string>& parts, std::optional<Node::Kind> create)
      : parts_(parts), create_(create) {}

  Status match(Node& node, size_t i, bool created, std::vector<MatchedField>& out) {
    if (i == parts_.size()) {
      out.push_back({&node, created});
      return okStatus();
    }
    const std::string& part = parts_[i];
    long long idx = 0;
    if (isIndexNumber(part, idx)) return byIndex(node, i, static_cast<size_t>(idx), out);
    if (isListIndex(part)) return bySelector(node, i, out);
    if (part == "*") return every(node, i, out);
    return byField(node, i, out);
  }

 private:
  std::string_view next(size_t i) const {
    return i + 1 < parts_.size() ? std::string_view(parts_[i + 1]) : std::string_view();
  }
  Node::Kind childKind(size_t i) const { return partKind(next(i), *create_); }

  Status requireSeq(Node& node) {
    if (node.isNull() && create_) node = Node::seq();
    if (!node.isSeq() && !node.isNull()) return invalidArgument(wrongNodeKind(node, Node::Kind::Seq));
    return okStatus();
  }

  Status byIndex(Node& node, size_t i, size_t idx, std::vector<MatchedField>& out) {
    GITSYNC_RETURN_IF_ERROR(requireSeq(node));
    bool created = false;
    if (node.isSeq() && node.items().size() == idx && create_) {
      node.push(emptyOfKind(childKind(i)));
      created = true;
    }
    size_t size = node.isSeq() ? node.items().size() : 0;
    if (size < idx + 1) {
      return invalidArgument("index " + std::to_string(idx) + " specified but only " +
                             std::to_string(size) + " elements found");
    }
    return match(node.items()[idx], i + 1, created, out);
  }

  Status bySelector(Node& node, size_t i, std::vector<MatchedField>& out) {
    std::string field, pattern;
    GITSYNC_RETURN_IF_ERROR(splitIndexNameValue(parts_[i], field, pattern));
    GITSYNC_RETURN_IF_ERROR(requireSeq(node));
    GITSYNC_ASSIGN_OR_RETURN(std::regex re, compileRegex(pattern));
    size_t before = out.size();
    if (node.isSeq()) {
      for (Node& item : node.items()) {
        if (field.empty()) {
          if (std::regex_search(matchText(item), re)) out.push_back({&item, false});
          continue;
        }
        if (!item.isMap()) continue;
        const Node* value = item.get(field);
        if (!value || !std::regex_search(matchText(*value), re)) continue;
        GITSYNC_RETURN_IF_ERROR(match(item, i + 1, false, out));
      }
    }
    if (out.size() > before || !create_) return okStatus();
    if (!node.isSeq()) node = Node::seq();
    if (field.empty()) {
      node.push(Node::scalar(pattern));
      out.push_back({&node.items().back(), true});
      return okStatus();
    }
    Node item = Node::map();
    item.set(field, Node::scalar(pattern));
    node.push(std::move(item));
    return match(node.items().back(), i + 1, i + 1 == parts_.size(), out);
  }

  Status every(Node& node, size_t i, std::vector<MatchedField>& out) {
    if (!node.isSeq() && !node.isNull()) {
      return invalidArgument(wrongNodeKind(node, Node::Kind::Seq));
    }
    if (node.isNull()) return okStatus();
    for (Node& item : node.items()) GITSYNC_RETURN_IF_ERROR(match(item, i + 1, false, out));
    return okStatus();
  }

  Status byField(Node& node, size_t i, std::vector<MatchedField>& out) {
    if (node.isNull()) {
      if (!create_) return okStatus();
      node = Node::map();
    }
    if (!node.isMap()) return invalidArgument(wrongNodeKind(node, Node::Kind::Map));
    Node* child = node.get(parts_[i]);
    bool created = false;
    if (!child) {
      if (!create_) return okStatus();
      child = &node.set(parts_[i], emptyOfKind(childKind(i)));
      created = true;
    }
    return match(*child, i + 1, created, out);
  }

  const std::vector<std::string>& parts_;
  std::optional<Node::Kind> create_;
};

}  // namespace

std::vector<std::string> splitFieldPath(std::string_view path) {
  std::vector<std::string> split = splitEscapedPath(path, '.');
  std::vector<std::string> out;
  for (size_t i = 0; i < split.size(); ++i) {
    const std::string& elem = split[i];
    bool opens = !elem.empty() && elem.front() == '[';
    bool closes = !elem.empty() && elem.back() == ']';
    if (!opens || closes) {
      out.push_back(elem);
      continue;
    }
    std::string joined = elem;
    while (i + 1 < split.size()) {
      ++i;
      joined += "." + split[i];
      if (!split[i].empty() && split[i].back() == ']') break;
    }
    if (joined.find('=') != std::string::npos) {
      out.push_back(joined);
    } else {
      size_t b = joined.find_first_not_of("[]");
      size_t e = joined.find_last_not_of("[]");
      out.push_back(b == std::string::npos ? std::string() : joined.substr(b, e - b + 1));
    }
  }
  return out;
}

std::vector<std::string> splitSliceIndexes(const std::vector<std::string>& parts) {
  static const std::regex kSliceIndex(R"(^(.*)\[(\d+)\]$)");
  std::vector<std::string> out;
  for (const std::string& p : parts) {
    std::smatch m;
    if (p.empty() || p.back() != ']' || !std::regex_match(p, m, kSliceIndex)) {
      out.push_back(p);
      continue;
    }
    if (m[1].length() > 0) out.push_back(m[1].str());
    out.push_back(m[2].str());
  }
  return out;
}

Result<core::Node*> lookupFieldPath(core::Node& root, const std::vector<std::string>& parts) {
  Node* match = &root;
  for (const std::string& raw : parts) {
    size_t b = raw.find_first_not_of(" \t\n\r");
    if (b == std::string::npos) continue;  // kyaml drops empty parts
    std::string part = raw.substr(b, raw.find_last_not_of(" \t\n\r") - b + 1);
    long long idx = 0;
    if (atoi(part, idx) || part == "-") {
      if (part != "-" && idx < 0) {
        return invalidArgument("array index " + std::to_string(idx) + " cannot be negative");
      }
      if (match->isNull()) return static_cast<Node*>(nullptr);
      if (!match->isSeq()) return invalidArgument(wrongNodeKind(*match, Node::Kind::Seq));
      auto& items = match->items();
      if (part == "-") {
        if (items.empty()) return static_cast<Node*>(nullptr);
        match = &items.back();
      } else {
        if (static_cast<size_t>(idx) >= items.size()) return static_cast<Node*>(nullptr);
        match = &items[static_cast<size_t>(idx)];
      }
      continue;
    }
    if (part == "*") return invalidArgument("wildcard is not supported in PathGetter");
    if (isListIndex(part)) {
      std::string field, value;
      GITSYNC_RETURN_IF_ERROR(splitIndexNameValue(part, field, value));
      if (match->isNull()) return static_cast<Node*>(nullptr);
      if (!match->isSeq()) return invalidArgument(wrongNodeKind(*match, Node::Kind::Seq));
      Node* found = nullptr;
      for (Node& item : match->items()) {
        if (field.empty()) {
          if (item.isScalar() && item.text() == value) found = &item;
        } else if (item.isMap()) {
          const Node* v = item.get(field);
          if (v && v->isScalar() && v->text() == value) found = &item;
        }
        if (found) break;
      }
      if (!found) return static_cast<Node*>(nullptr);
      match = found;
      continue;
    }
    if (match->isNull()) return static_cast<Node*>(nullptr);
    if (!match->isMap()) return invalidArgument(wrongNodeKind(*match, Node::Kind::Map));
    match = match->get(part);
    if (!match) return static_cast<Node*>(nullptr);
  }
  return match;
}

Result<std::vector<MatchedField>> matchFieldPath(core::Node& root,
                                                 const std::vector<std::string>& parts,
                                                 std::optional<core::Node::Kind> create) {
  std::vector<MatchedField> out;
  Matcher m(parts, create);
  GITSYNC_RETURN_IF_ERROR(m.match(root, 0, false, out));
  return out;
}

std::string wrongNodeKind(const core::Node& node, core::Node::Kind expected) {
  std::string contents;
  if (node.isScalar()) {
    contents = node.text() + "\n";
  } else {
    auto yaml = core::emitKustomizeYaml(node);
    if (yaml.ok()) contents = *yaml;
  }
  return std::string("wrong node kind: expected ") + kindName(expected) + " but got " +
         kindName(node.kind()) + ": node contents:\n" + contents;
}

}  // namespace gitsync::render
