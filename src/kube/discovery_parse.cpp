// Parsing discovery documents (aggregated and legacy) into RestMappings.
#include "discovery.h"

namespace gitsync::kube {

namespace {

std::string stringAt(const Json& object, const char* key) {
  if (!object.is_object()) return {};
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const Json& arrayAt(const Json& object, const char* key) {
  static const Json kEmpty = Json::array();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_array() ? *it : kEmpty;
}

const Json& objectAt(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

std::vector<std::string> verbsOf(const Json& resource) {
  std::vector<std::string> verbs;
  for (const auto& v : arrayAt(resource, "verbs")) {
    if (v.is_string()) verbs.push_back(v.get<std::string>());
  }
  return verbs;
}

}  // namespace

const char kAggregatedDiscoveryAccept[] =
    "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,"
    "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList,"
    "application/json";

Result<std::vector<RestMapping>> parseAggregatedDiscovery(const Json& document) {
  if (stringAt(document, "kind") != "APIGroupDiscoveryList") {
    return invalidArgument("discovery: expected an APIGroupDiscoveryList, got kind \"" +
                           stringAt(document, "kind") + "\"");
  }
  std::vector<RestMapping> out;
  for (const auto& group : arrayAt(document, "items")) {
    std::string groupName = stringAt(objectAt(group, "metadata"), "name");
    for (const auto& version : arrayAt(group, "versions")) {
      std::string versionName = stringAt(version, "version");
      for (const auto& resource : arrayAt(version, "resources")) {
        RestMapping m;
        m.gvk.group = groupName;
        m.gvk.version = versionName;
        m.gvk.kind = stringAt(objectAt(resource, "responseKind"), "kind");
        m.resource = stringAt(resource, "resource");
        m.namespaced = stringAt(resource, "scope") == "Namespaced";
        m.verbs = verbsOf(resource);
        if (m.gvk.kind.empty() || m.resource.empty() || versionName.empty()) continue;
        out.push_back(std::move(m));
      }
    }
  }
  return out;
}

Result<std::vector<RestMapping>> parseResourceList(const Json& document) {
  if (stringAt(document, "kind") != "APIResourceList") {
    return invalidArgument("discovery: expected an APIResourceList, got kind \"" +
                           stringAt(document, "kind") + "\"");
  }
  std::string groupVersion = stringAt(document, "groupVersion");
  auto gv = gvkOf(groupVersion, "-");
  if (!gv.ok()) return gv.status().withPrefix("discovery");
  std::vector<RestMapping> out;
  for (const auto& resource : arrayAt(document, "resources")) {
    std::string name = stringAt(resource, "name");
    if (name.empty() || name.find('/') != std::string::npos) continue;  // subresource
    RestMapping m;
    m.gvk.group = gv->group;
    m.gvk.version = gv->version;
    m.gvk.kind = stringAt(resource, "kind");
    m.resource = name;
    auto ns = resource.find("namespaced");
    m.namespaced = ns != resource.end() && ns->is_boolean() && ns->get<bool>();
    m.verbs = verbsOf(resource);
    if (m.gvk.kind.empty()) continue;
    out.push_back(std::move(m));
  }
  return out;
}

std::vector<std::string> parseGroupVersions(const Json& document) {
  std::vector<std::string> out;
  if (stringAt(document, "kind") == "APIVersions") {
    for (const auto& v : arrayAt(document, "versions")) {
      if (v.is_string()) out.push_back(v.get<std::string>());
    }
    return out;
  }
  for (const auto& group : arrayAt(document, "groups")) {
    for (const auto& v : arrayAt(group, "versions")) {
      std::string gv = stringAt(v, "groupVersion");
      if (!gv.empty()) out.push_back(gv);
    }
  }
  return out;
}

}  // namespace gitsync::kube
