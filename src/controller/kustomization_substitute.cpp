#include "kustomization_substitute.h"

namespace gitsync::controller {

Result<std::map<std::string, std::string>> substitutionVariables(kube::KubeClient& client,
                                                                const std::string& ns,
                                                                const PostBuild& postBuild) {
  std::map<std::string, std::string> vars;
  for (const SubstituteReference& ref : postBuild.substituteFrom) {
    kube::ObjectRef objectRef{{"", "v1", ref.kind}, ns, ref.name};
    Result<Json> object = client.get(objectRef);
    if (!object.ok()) {
      if (object.status().code() == Code::NotFound && ref.optional) continue;
      return object.status().withPrefix("substituteFrom");
    }
    auto data = object->find("data");
    if (data == object->end() || !data->is_object()) continue;
    for (const auto& [key, value] : data->items()) {
      if (!value.is_string()) continue;
      if (ref.kind == "Secret") {
        auto decoded = core::decodeBase64(value.get<std::string>(), kSecretData);
        if (!decoded) {
          return invalidArgument("substituteFrom: " + objectRef.subject() + ": data." + key +
                                 ": invalid base64");
        }
        vars[key] = *decoded;
      } else {
        vars[key] = value.get<std::string>();
      }
    }
  }
  for (const auto& [key, value] : postBuild.substitute) vars[key] = value;
  return vars;
}

}  // namespace gitsync::controller
