#include "url.h"

namespace gitsync::kube {

std::string percentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (unsigned char c : text) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                      (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 0xf]);
    }
  }
  return out;
}

std::string apiPrefix(const GroupVersionKind& gvk) {
  if (gvk.group.empty()) return "/api/" + gvk.version;
  return "/apis/" + gvk.group + "/" + gvk.version;
}

std::string resourcePath(const RestMapping& mapping, std::string_view ns, std::string_view name,
                         std::string_view subresource) {
  std::string path = apiPrefix(mapping.gvk);
  if (mapping.namespaced && !ns.empty()) path += "/namespaces/" + percentEncode(ns);
  path += "/" + mapping.resource;
  if (!name.empty()) path += "/" + percentEncode(name);
  if (!subresource.empty()) path += "/" + std::string(subresource);
  return path;
}

Query& Query::add(std::string_view key, std::string_view value) {
  if (!value.empty()) params_.emplace_back(key, value);
  return *this;
}

std::string Query::str() const {
  std::string out;
  for (const auto& [k, v] : params_) {
    out += out.empty() ? "?" : "&";
    out += percentEncode(k) + "=" + percentEncode(v);
  }
  return out;
}

}  // namespace gitsync::kube
