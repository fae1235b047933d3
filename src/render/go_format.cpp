#include "go_format.h"

#include <cstdio>

namespace gitsync::render {
namespace {

std::string orPlaceholder(const std::string& s, const char* placeholder) {
  return s.empty() ? placeholder : s;
}

}  // namespace

std::string kustomizeGvkString(const Gvk& gvk) {
  return orPlaceholder(gvk.kind, "[noKind]") + "." + orPlaceholder(gvk.version, "[noVer]") + "." +
         orPlaceholder(gvk.group, "[noGrp]");
}

std::string kustomizeIdString(const ResId& id) {
  return kustomizeGvkString(id.gvk) + "/" + orPlaceholder(id.name, "[noName]") + "." +
         orPlaceholder(id.ns, "[noNs]");
}

std::string goQuote(std::string_view s) {
  std::string out = "\"";
  for (char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned char>(c));
          out += buf;
        } else {
          out.push_back(c);
        }
    }
  }
  out.push_back('"');
  return out;
}

std::string goStringSlice(const std::vector<std::string>& parts) {
  std::string out = "[";
  for (size_t i = 0; i < parts.size(); ++i) {
    if (i > 0) out.push_back(' ');
    out += parts[i];
  }
  out.push_back(']');
  return out;
}

}  // namespace gitsync::render
