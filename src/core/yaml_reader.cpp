#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <memory>
#include <sstream>
#include <unordered_set>

#include "gitsync/core/yaml.h"

namespace gitsync::core {
namespace {

size_t countNodes(const Node& n) {
  size_t total = 1;
  for (const auto& [k, v] : n.entries()) total += countNodes(v);
  for (const auto& v : n.items()) total += countNodes(v);
  return total;
}

std::string shortTag(const std::string& tag) {
  static const std::string kLong = "tag:yaml.org,2002:";
  if (tag.rfind(kLong, 0) == 0) return "!!" + tag.substr(kLong.size());
  return tag;
}

// Builds Node trees from yaml-cpp's events, expanding aliases under a node budget.
class Builder : public YAML::EventHandler {
 public:
  Builder(std::string_view source, const YamlLimits& limits) : source_(source), limits_(limits) {}

  void OnDocumentStart(const YAML::Mark&) override {
    stack_.clear();
    keys_.clear();
    root_.reset();
  }
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    Node n = Node::null();
    n.setLine(static_cast<uint32_t>(mark.line + 1));
    add(std::move(n), anchor, mark);
  }

  void OnAlias(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    auto it = anchors_.find(anchor);
    if (it == anchors_.end()) {
      fail(mark, "unknown anchor");
      return;
    }
    size_t size = anchorSizes_[anchor];
    if (aliasNodes_ + size > limits_.maxAliasNodes || nodes_ + size > limits_.maxNodes) {
      fail(mark, "aliases expand to more than " + std::to_string(limits_.maxAliasNodes) +
                     " nodes (a YAML alias bomb?)");
      return;
    }
    aliasNodes_ += size;
    nodes_ += size;
    add(it->second, 0, mark, /*counted=*/true);
  }

  void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
    Node::Style style = tag == "!" ? Node::Style::Quoted : Node::Style::Plain;
    std::string explicitTag = (tag == "?" || tag == "!") ? std::string() : shortTag(tag);
    Node n = Node::scalar(value, style, std::move(explicitTag));
    n.setLine(static_cast<uint32_t>(mark.line + 1));
    add(std::move(n), anchor, mark);
  }

  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::seq(), anchor, mark);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::map(), anchor, mark);
  }
  void OnMapEnd() override { close(); }

  bool failed() const { return !status_.ok(); }
  const Status& status() const { return status_; }
  std::unique_ptr<Node> takeRoot() { return std::move(root_); }

 private:
  struct Frame {
    Node node;
    YAML::anchor_t anchor;
    bool expectKey = true;  // maps only
    std::string pendingKey;
    uint32_t keyLine = 0;
    std::vector<std::string> mergedKeys;  // keys that came from a "<<" merge
  };

  void fail(const YAML::Mark& mark, const std::string& msg) {
    if (status_.ok()) {
      status_ = invalidArgument(std::string(source_) + ": line " + std::to_string(mark.line + 1) +
                                ": " + msg);
    }
  }

  void open(Node n, YAML::anchor_t anchor, const YAML::Mark& mark) {
    if (failed()) return;
    if (static_cast<int>(stack_.size()) >= limits_.maxDepth) {
      fail(mark, "nesting deeper than " + std::to_string(limits_.maxDepth) + " levels");
      return;
    }
    if (!stack_.empty() && stack_.back().node.isMap() && stack_.back().expectKey) {
      fail(mark, "complex (non-scalar) mapping keys are not supported");
      return;
    }
    n.setLine(static_cast<uint32_t>(mark.line + 1));
    stack_.push_back(Frame{std::move(n), anchor});
    countOne(mark);
  }

  void close() {
    if (failed() || stack_.empty()) return;
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    YAML::Mark mark;
    mark.line = static_cast<int>(f.node.line()) - 1;
    add(std::move(f.node), f.anchor, mark, /*counted=*/true);
  }

  void countOne(const YAML::Mark& mark) {
    if (++nodes_ > limits_.maxNodes) {
      fail(mark, "document has more than " + std::to_string(limits_.maxNodes) + " nodes");
    }
  }

  void add(Node n, YAML::anchor_t anchor, const YAML::Mark& mark, bool counted = false) {
    if (failed()) return;
    if (!counted) countOne(mark);
    if (anchor != 0) {
      anchorSizes_[anchor] = countNodes(n);
      anchors_[anchor] = n;
    }
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
        fail(mark, "complex (non-scalar) mapping keys are not supported");
        return;
      }
      top.pendingKey = n.isNull() && n.text().empty() ? "" : n.text();
      top.keyLine = n.line();
      top.expectKey = false;
      return;
    }
    if (top.pendingKey == "<<" && n.isMap()) {
      // YAML merge key: entries of the merged map that the mapping does not set itself.
      for (auto& [k, v] : n.entries()) {
        if (!top.node.get(k)) {
          top.node.set(k, v);
          top.mergedKeys.push_back(k);
        }
      }
    } else if (auto merged = std::find(top.mergedKeys.begin(), top.mergedKeys.end(), top.pendingKey);
               merged != top.mergedKeys.end()) {
      top.mergedKeys.erase(merged);  // an explicit key overrides a merged one
      top.node.set(top.pendingKey, std::move(n));
    } else if (top.node.get(top.pendingKey)) {
      YAML::Mark keyMark;
      keyMark.line = static_cast<int>(top.keyLine) - 1;
      fail(keyMark, "mapping key \"" + top.pendingKey + "\" already defined");
      return;
    } else {
      top.node.set(top.pendingKey, std::move(n));
    }
    top.expectKey = true;
  }

  std::string_view source_;
  const YamlLimits& limits_;
  std::vector<Frame> stack_;
  std::vector<std::string> keys_;
  std::unique_ptr<Node> root_;
  std::map<YAML::anchor_t, Node> anchors_;
  std::map<YAML::anchor_t, size_t> anchorSizes_;
  size_t nodes_ = 0;
  size_t aliasNodes_ = 0;
  Status status_;
};

}  // namespace

Result<std::vector<Node>> parseYamlStream(std::string_view text, std::string_view source,
                                          const YamlLimits& limits) {
  if (text.size() > limits.maxFileBytes) {
    return resourceExhausted(std::string(source) + ": file is larger than " +
                             std::to_string(limits.maxFileBytes) + " bytes");
  }
  std::vector<Node> docs;
  std::string buffer(text);
  std::istringstream in(buffer);
  try {
    YAML::Parser parser(in);
    Builder builder(source, limits);
    while (parser.HandleNextDocument(builder)) {
      if (builder.failed()) return builder.status();
      std::unique_ptr<Node> root = builder.takeRoot();
      if (root && !(root->isScalar() && root->isNull())) docs.push_back(std::move(*root));
    }
    if (builder.failed()) return builder.status();
  } catch (const YAML::Exception& e) {
    return invalidArgument(std::string(source) + ": line " + std::to_string(e.mark.line + 1) +
                           ": " + e.msg);
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
