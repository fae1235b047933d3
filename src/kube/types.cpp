#include "gitsync/kube/types.h"

#include "gitsync/core/yaml.h"

namespace gitsync::kube {

std::string GroupVersionKind::apiVersion() const {
  return group.empty() ? version : group + "/" + version;
}

Result<GroupVersionKind> gvkOf(std::string_view apiVersion, std::string_view kind) {
  if (apiVersion.empty()) return invalidArgument("apiVersion is missing");
  if (kind.empty()) return invalidArgument("kind is missing");
  GroupVersionKind gvk;
  gvk.kind = std::string(kind);
  auto slash = apiVersion.find('/');
  if (slash == std::string_view::npos) {
    gvk.version = std::string(apiVersion);
    return gvk;
  }
  if (apiVersion.find('/', slash + 1) != std::string_view::npos || slash == 0 ||
      slash + 1 == apiVersion.size()) {
    return invalidArgument("invalid apiVersion \"" + std::string(apiVersion) + "\"");
  }
  gvk.group = std::string(apiVersion.substr(0, slash));
  gvk.version = std::string(apiVersion.substr(slash + 1));
  return gvk;
}

std::string ObjectRef::subject() const {
  std::string s = gvk.kind;
  if (!ns.empty()) s += "/" + ns;
  s += "/" + name;
  return s;
}

namespace {
std::string stringAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}
}  // namespace

Result<ObjectRef> refOf(const Json& object) {
  if (!object.is_object()) return invalidArgument("object is not a JSON object");
  ObjectRef ref;
  if (auto meta = object.find("metadata"); meta != object.end() && meta->is_object()) {
    ref.name = stringAt(*meta, "name");
    ref.ns = stringAt(*meta, "namespace");
  }
  auto gvk = gvkOf(stringAt(object, "apiVersion"), stringAt(object, "kind"));
  if (!gvk.ok()) {
    std::string subject = ref.name.empty() ? "object" : "object \"" + ref.name + "\"";
    return gvk.status().withPrefix(subject);
  }
  ref.gvk = std::move(gvk).value();
  return ref;
}

Result<std::string> nodeToJsonText(const core::Node& node) { return core::toGoJson(node); }

Result<Json> nodeToJson(const core::Node& node) {
  GITSYNC_ASSIGN_OR_RETURN(std::string text, core::toGoJson(node));
  Json json = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (json.is_discarded()) return internalError("toGoJson produced invalid JSON");
  return json;
}

std::string dumpJson(const Json& value) {
  return value.dump(-1, ' ', false, Json::error_handler_t::replace);
}

}  // namespace gitsync::kube
