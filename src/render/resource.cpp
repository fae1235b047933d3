#include "gitsync/render/resource.h"

#include "gitsync/render/builtin_transformers.h"

namespace gitsync::render {

Gvk Gvk::fromApiVersion(std::string_view apiVersion, std::string_view kind) {
  Gvk g;
  g.kind = std::string(kind);
  size_t slash = apiVersion.find('/');
  if (slash == std::string_view::npos) {
    g.version = std::string(apiVersion);
  } else {
    g.group = std::string(apiVersion.substr(0, slash));
    g.version = std::string(apiVersion.substr(slash + 1));
  }
  return g;
}

std::string Gvk::apiVersion() const { return group.empty() ? version : group + "/" + version; }

std::string ResId::effectiveNamespace() const {
  if (isClusterScoped(gvk)) return "_non_namespaceable_";
  if (ns.empty() || ns == "default") return "default";
  return ns;
}

bool ResId::sameAs(const ResId& o) const {
  return name == o.name && gvk == o.gvk && effectiveNamespace() == o.effectiveNamespace();
}

std::string ResId::display() const {
  std::string out = gvk.kind;
  if (!ns.empty()) out += "/" + ns;
  out += "/" + name;
  return out;
}

ResId Resource::id() const {
  ResId id;
  id.gvk = Gvk::fromApiVersion(apiVersion(), kind());
  id.name = std::string(name());
  id.ns = std::string(ns());
  return id;
}

ResId Resource::originalId() const { return previousIds.empty() ? id() : previousIds.front(); }

void Resource::setName(std::string_view newName) {
  previousIds.push_back(id());
  object.ensureMap("metadata").set("name", core::Node::string(std::string(newName)));
}

void Resource::setNamespace(std::string_view newNs) {
  previousIds.push_back(id());
  object.ensureMap("metadata").set("namespace", core::Node::string(std::string(newNs)));
}

}  // namespace gitsync::render
