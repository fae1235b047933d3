#include "crds.h"

#include <cctype>

namespace gitsync::render {
namespace {

// Go's encoding/json matches struct fields case-insensitively ("Schema" or "schema").
const core::Node* getFold(const core::Node& map, std::string_view key) {
  if (!map.isMap()) return nullptr;
  if (const core::Node* exact = map.get(key)) return exact;
  for (const auto& [k, v] : map.entries()) {
    if (k.size() != key.size()) continue;
    bool same = true;
    for (size_t i = 0; i < k.size() && same; ++i) {
      same = std::tolower(static_cast<unsigned char>(k[i])) ==
             std::tolower(static_cast<unsigned char>(key[i]));
    }
    if (same) return &v;
  }
  return nullptr;
}

const core::Node* propertiesOf(const core::Node& definitions, std::string_view name) {
  const core::Node* def = definitions.get(name);
  if (!def) return nullptr;
  const core::Node* schema = getFold(*def, "schema");
  if (!schema) return nullptr;
  const core::Node* props = schema->get("properties");
  return props && props->isMap() ? props : nullptr;
}

bool looksLikeKubernetesType(const core::Node* props) {
  return props && props->get("kind") && props->get("apiVersion") && props->get("metadata");
}

std::string join(const std::vector<std::string>& path) {
  std::string out;
  for (const std::string& p : path) out += (out.empty() ? "" : "/") + p;
  return out;
}

// kustomize's loadCrdIntoConfig: walks properties (following $ref) and records field specs.
void loadType(TransformerConfig& config, const Gvk& gvk, const core::Node& definitions,
              std::string_view typeName, std::vector<std::string> path, int depth) {
  const core::Node* props = propertiesOf(definitions, typeName);
  if (!props || depth > 32) return;
  for (const auto& [name, prop] : props->entries()) {
    if (!prop.isMap()) continue;
    std::vector<std::string> here = path;
    here.push_back(name);
    FieldSpec spec{gvk, join(here), false};
    if (prop.get("x-kubernetes-annotation")) config.commonAnnotations.push_back(spec);
    if (prop.get("x-kubernetes-label-selector")) config.commonLabels.push_back(spec);
    if (prop.get("x-kubernetes-identity")) config.namePrefix.push_back(spec);
    std::string_view version = prop.str({"x-kubernetes-object-ref-api-version"});
    std::string_view kind = prop.str({"x-kubernetes-object-ref-kind"});
    if (prop.get("x-kubernetes-object-ref-api-version") && prop.get("x-kubernetes-object-ref-kind")) {
      std::string nameKey(prop.str({"x-kubernetes-object-ref-name-key"}));
      if (nameKey.empty()) nameKey = "name";
      NameBackReference ref{Gvk{"", std::string(version), std::string(kind)}, {}};
      ref.referrers.push_back(FieldSpec{gvk, join(here) + "/" + nameKey, false});
      config.nameReference.push_back(std::move(ref));
    }
    if (std::string_view target = prop.str({"$ref"}); !target.empty()) {
      loadType(config, gvk, definitions, target, here, depth + 1);
    }
  }
}

}  // namespace

Result<TransformerConfig> configFromCrds(const FileLoader& loader, const core::Node& crds,
                                         const std::string& file) {
  TransformerConfig result;
  if (crds.isNull()) return result;
  if (!crds.isSeq()) return invalidArgument(file + ": crds: must be a list of files");
  for (const core::Node& entry : crds.items()) {
    std::string where = file + ": crds: '" + entry.text() + "'";
    auto docs = loader.readYaml(entry.text());
    if (!docs.ok()) return docs.status().withPrefix(where);
    if (docs->size() != 1 || !(*docs)[0].isMap()) {
      return invalidArgument(where + ": unable to parse open API definition: expected one map "
                             "of definitions");
    }
    const core::Node& definitions = (*docs)[0];
    for (const auto& [name, def] : definitions.entries()) {
      if (!looksLikeKubernetesType(propertiesOf(definitions, name))) continue;
      // The kind is the last dot-separated part of the definition name.
      size_t dot = name.rfind('.');
      Gvk gvk{"", "", dot == std::string::npos ? name : name.substr(dot + 1)};
      TransformerConfig one;
      loadType(one, gvk, definitions, name, {}, 0);
      Status s = result.merge(one);
      if (!s.ok()) return s.withPrefix(where);
    }
  }
  return result;
}

}  // namespace gitsync::render
