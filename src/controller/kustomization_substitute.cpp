#include "kustomization_substitute.h"

#include <openssl/evp.h>

namespace gitsync::controller {

std::optional<std::string> decodeBase64(const std::string& text) {
  if (text.size() % 4 != 0) return std::nullopt;
  std::string out(text.size() / 4 * 3, '\0');
  int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                          reinterpret_cast<const unsigned char*>(text.data()),
                          static_cast<int>(text.size()));
  if (n < 0) return std::nullopt;
  size_t pad = 0;
  if (!text.empty() && text.back() == '=') ++pad;
  if (text.size() > 1 && text[text.size() - 2] == '=') ++pad;
  out.resize(static_cast<size_t>(n) - pad);
  return out;
}

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
        auto decoded = decodeBase64(value.get<std::string>());
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
