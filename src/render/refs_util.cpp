#include "refs_util.h"

#include <cstdio>

namespace gitsync::render {
namespace {

Status walk(core::Node& node, const std::vector<std::string>& path, size_t i,
            const std::function<Status(core::Node&)>& set) {
  if (i == path.size()) return set(node);
  if (node.isNull()) return okStatus();
  if (node.isSeq()) {
    std::vector<std::string> rest(path.begin() + static_cast<std::ptrdiff_t>(i), path.end());
    for (core::Node& item : node.items()) {
      Status s = walk(item, path, i, set);
      if (!s.ok()) return s.withPrefix("visit traversal on path: " + goStringSlice(rest));
    }
    return okStatus();
  }
  if (!node.isMap()) return invalidArgument("expected sequence or mapping node");
  std::string_view field = path[i];
  if (field.size() >= 2 && field.substr(field.size() - 2) == "[]") field.remove_suffix(2);
  if (field.empty()) return invalidArgument("cannot set or create an empty field name");
  core::Node* child = node.get(field);
  if (!child) return okStatus();
  return walk(*child, path, i + 1, set);
}

}  // namespace


std::vector<std::string> splitEscapedPath(std::string_view path, char delimiter) {
  std::vector<std::string> pieces;
  size_t start = 0;
  while (true) {
    size_t pos = path.find(delimiter, start);
    pieces.emplace_back(path.substr(start, pos == std::string_view::npos ? pos : pos - start));
    if (pos == std::string_view::npos) break;
    start = pos + 1;
  }
  if (pieces.size() > 1 && pieces.front().empty()) pieces.erase(pieces.begin());
  std::vector<std::string> out;
  out.push_back(pieces[0]);
  for (size_t i = 1; i < pieces.size(); ++i) {
    std::string& last = out.back();
    if (!last.empty() && last.back() == '\\') {
      last.pop_back();
      last.push_back(delimiter);
      last += pieces[i];
    } else {
      out.push_back(pieces[i]);
    }
  }
  return out;
}

Status walkFieldPath(core::Node& object, std::string_view path,
                     const std::function<Status(core::Node&)>& set) {
  ResId id;
  id.gvk = Gvk::fromApiVersion(object.str({"apiVersion"}), object.str({"kind"}));
  id.name = std::string(object.str({"metadata", "name"}));
  id.ns = std::string(object.str({"metadata", "namespace"}));
  Status s = walk(object, splitEscapedPath(path, '/'), 0, set);
  return s.withPrefix("considering field '" + std::string(path) + "' of object " +
                      kustomizeIdString(id));
}

}  // namespace gitsync::render
