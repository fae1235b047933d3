// YAML reading on libyaml's event parser: goyaml (which kustomize uses) is a port of it, so
// documents parse the same way and errors carry the same words and line numbers.
#include <yaml.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>

#include "gitsync/core/yaml.h"

namespace gitsync::core {
namespace {

size_t countNodes(const Node& n) {
  size_t total = 1;
  for (const auto& [k, v] : n.entries()) total += countNodes(v);
  for (const auto& v : n.items()) total += countNodes(v);
  return total;
}

std::string shortTag(std::string_view tag) {
  static constexpr std::string_view kLong = "tag:yaml.org,2002:";
  if (tag.substr(0, kLong.size()) == kLong) return "!!" + std::string(tag.substr(kLong.size()));
  return std::string(tag);
}

std::string str(const yaml_char_t* s) { return s ? reinterpret_cast<const char*>(s) : ""; }

// Builds Node trees from parser events, expanding aliases under a node budget.
class Builder {
 public:
  Builder(std::string_view source, const YamlLimits& limits) : source_(source), limits_(limits) {}

  void startDocument() {
    stack_.clear();
    root_.reset();
  }

  void scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    Node::Style style =
        s.style == YAML_PLAIN_SCALAR_STYLE ? Node::Style::Plain : Node::Style::Quoted;
    std::string tag = s.tag ? shortTag(str(s.tag)) : std::string();
    if (tag == "!") tag.clear();  // the non-specific tag: a string when quoted, else resolved
    Node n = Node::scalar(std::string(reinterpret_cast<const char*>(s.value), s.length), style,
                          std::move(tag));
    n.setLine(line(e));
    add(std::move(n), str(s.anchor), line(e));
  }

  void alias(const yaml_event_t& e) {
    std::string anchor = str(e.data.alias.anchor);
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      fail(line(e), "unknown anchor '" + anchor + "' referenced");
      return;
    }
    size_t size = it->second.second;
    if (aliasNodes_ + size > limits_.maxAliasNodes || nodes_ + size > limits_.maxNodes) {
      fail(line(e), "aliases expand to more than " + std::to_string(limits_.maxAliasNodes) +
                        " nodes (a YAML alias bomb?)");
      return;
    }
    aliasNodes_ += size;
    nodes_ += size;
    add(it->second.first, "", line(e), /*counted=*/true);
  }

  void open(Node n, const yaml_char_t* anchor, uint32_t at) {
    if (failed()) return;
    if (static_cast<int>(stack_.size()) >= limits_.maxDepth) {
      fail(at, "nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
      return;
    }
    if (!stack_.empty() && stack_.back().node.isMap() && stack_.back().expectKey) {
      fail(at, "complex (non-scalar) mapping keys are not supported");
      return;
    }
    n.setLine(at);
    stack_.push_back(Frame{std::move(n), str(anchor)});
    countOne(at);
  }

  void close() {
    if (failed() || stack_.empty()) return;
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    uint32_t at = f.node.line();
    add(std::move(f.node), f.anchor, at, /*counted=*/true);
  }

  void fail(uint32_t at, const std::string& msg) {
    if (status_.ok()) {
      status_ = invalidArgument(std::string(source_) + ": line " + std::to_string(at) + ": " + msg);
    }
  }
  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }
  std::unique_ptr<Node> takeRoot() { return std::move(root_); }

  static uint32_t line(const yaml_event_t& e) { return static_cast<uint32_t>(e.start_mark.line + 1); }

 private:
  struct Frame {
    Node node;
    std::string anchor;
    bool expectKey = true;  // maps only
    std::string pendingKey;
    uint32_t keyLine = 0;
    std::vector<std::string> mergedKeys;  // keys that came from a "<<" merge
  };

  void countOne(uint32_t at) {
    if (++nodes_ > limits_.maxNodes) {
      fail(at, "document has more than " + std::to_string(limits_.maxNodes) + " nodes");
    }
  }

  void add(Node n, const std::string& anchor, uint32_t at, bool counted = false) {
    if (failed()) return;
    if (!counted) countOne(at);
    if (!anchor.empty()) anchors_[anchor] = {n, countNodes(n)};
    if (stack_.empty()) {
      root_ = std::make_unique<Node>(std::move(n));
      return;
    }
    Frame& top = stack_.back();
    if (top.node.isSeq()) {
      top.node.push(std::move(n));
      return;
    }
    if (top.expectKey) {
      if (!n.isScalar()) {
        fail(at, "complex (non-scalar) mapping keys are not supported");
        return;
      }
      top.pendingKey = n.text();
      top.keyLine = n.line();
      top.expectKey = false;
      return;
    }
    top.expectKey = true;
    if (top.pendingKey == "<<" && n.isMap()) {
      // YAML merge key: entries of the merged map that the mapping does not set itself.
      for (auto& [k, v] : n.entries()) {
        if (!top.node.get(k)) {
          top.node.set(k, v);
          top.mergedKeys.push_back(k);
        }
      }
      return;
    }
    if (auto merged = std::find(top.mergedKeys.begin(), top.mergedKeys.end(), top.pendingKey);
        merged != top.mergedKeys.end()) {
      top.mergedKeys.erase(merged);  // an explicit key overrides a merged one
      top.node.set(top.pendingKey, std::move(n));
      return;
    }
    if (const Node* existing = top.node.get(top.pendingKey)) {
      fail(top.keyLine, "mapping key \"" + top.pendingKey + "\" already defined at line " +
                            std::to_string(existing->line()));
      return;
    }
    top.node.set(top.pendingKey, std::move(n));
  }

  std::string_view source_;
  const YamlLimits& limits_;
  std::vector<Frame> stack_;
  std::unique_ptr<Node> root_;
  std::map<std::string, std::pair<Node, size_t>> anchors_;
  size_t nodes_ = 0;
  size_t aliasNodes_ = 0;
  Status status_;
};

// goyaml's wording of a libyaml error: "line N: <problem>", N from the context mark when set.
Status parserError(const yaml_parser_t& p, std::string_view source) {
  size_t line = 0;
  if (p.context_mark.line != 0) {
    line = p.context_mark.line + (p.error == YAML_SCANNER_ERROR ? 1 : 0);
  } else if (p.problem_mark.line != 0) {
    line = p.problem_mark.line + (p.error == YAML_SCANNER_ERROR ? 1 : 0);
  }
  std::string msg = p.problem ? p.problem : "unknown problem parsing YAML content";
  std::string where = line ? "line " + std::to_string(line) + ": " : "";
  return invalidArgument(std::string(source) + ": " + where + msg);
}

}  // namespace

Result<std::vector<Node>> parseYamlStream(std::string_view text, std::string_view source,
                                          const YamlLimits& limits) {
  if (text.size() > limits.maxFileBytes) {
    return resourceExhausted(std::string(source) + ": file is larger than " +
                             std::to_string(limits.maxFileBytes) + " bytes");
  }
  yaml_parser_t parser;
  if (!yaml_parser_initialize(&parser)) return internalError("yaml: cannot initialize parser");
  std::unique_ptr<yaml_parser_t, void (*)(yaml_parser_t*)> guard(&parser, yaml_parser_delete);
  yaml_parser_set_input_string(&parser, reinterpret_cast<const unsigned char*>(text.data()),
                               text.size());
  std::vector<Node> docs;
  Builder builder(source, limits);
  for (bool done = false; !done;) {
    yaml_event_t event;
    if (!yaml_parser_parse(&parser, &event)) return parserError(parser, source);
    std::unique_ptr<yaml_event_t, void (*)(yaml_event_t*)> eventGuard(&event, yaml_event_delete);
    switch (event.type) {
      case YAML_STREAM_END_EVENT: done = true; break;
      case YAML_DOCUMENT_START_EVENT: builder.startDocument(); break;
      case YAML_DOCUMENT_END_EVENT: {
        std::unique_ptr<Node> root = builder.takeRoot();
        if (root && !(root->isScalar() && root->isNull())) docs.push_back(std::move(*root));
        break;
      }
      case YAML_SCALAR_EVENT: builder.scalar(event); break;
      case YAML_ALIAS_EVENT: builder.alias(event); break;
      case YAML_SEQUENCE_START_EVENT:
        builder.open(Node::seq(), event.data.sequence_start.anchor, Builder::line(event));
        break;
      case YAML_MAPPING_START_EVENT:
        builder.open(Node::map(), event.data.mapping_start.anchor, Builder::line(event));
        break;
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: builder.close(); break;
      default: break;
    }
    if (builder.failed()) return builder.status();
  }
  return docs;
}

Result<std::string> readFileLimited(const std::filesystem::path& path, size_t maxBytes) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  if (ec) return notFound(path.string() + ": " + ec.message());
  if (size > maxBytes) {
    return resourceExhausted(path.string() + ": file is larger than " + std::to_string(maxBytes) +
                             " bytes");
  }
  std::ifstream f(path, std::ios::binary);
  if (!f) return notFound(path.string() + ": cannot open file");
  std::string data(static_cast<size_t>(size), '\0');
  f.read(data.data(), static_cast<std::streamsize>(size));
  data.resize(static_cast<size_t>(f.gcount()));
  return data;
}

}  // namespace gitsync::core
