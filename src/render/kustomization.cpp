#include "gitsync/render/kustomization.h"

#include "gitsync/core/scalar.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

namespace gitsync::render {
namespace {

constexpr std::array<std::string_view, 3> kFileNames = {"kustomization.yaml", "kustomization.yml",
                                                        "Kustomization"};

// Fields of kustomize v5.5's Kustomization type that gitsync builds.
constexpr std::string_view kSupported[] = {
    "apiVersion", "kind", "metadata", "resources", "bases", "components", "namespace",
    "namePrefix", "nameSuffix", "commonLabels", "labels", "commonAnnotations", "images",
    "imageTags", "replicas", "patches", "patchesStrategicMerge", "patchesJson6902",
    "configMapGenerator", "secretGenerator", "generatorOptions", "replacements", "vars",
    "configurations", "sortOptions", "crds", "buildMetadata", "generators", "transformers"};

// Fields kustomize knows that gitsync refuses with a clear error.
constexpr std::string_view kUnsupported[] = {"helmCharts", "helmGlobals",
                                             "helmChartInflationGenerator", "validators",
                                             "openapi"};

bool contains(const auto& list, std::string_view s) {
  return std::find(std::begin(list), std::end(list), s) != std::end(list);
}

bool equalFold(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Go's encoding/json matches field names case-insensitively when no exact match exists, so
// kustomize accepts `ConfigMapGenerator:`; gitsync renames such keys to their canonical form.
Status canonicalizeKeys(core::Node& doc, const std::string& file) {
  for (auto& [key, value] : doc.entries()) {
    if (contains(kSupported, key) || contains(kUnsupported, key)) continue;
    for (std::string_view known : kSupported) {
      if (!equalFold(key, known)) continue;
      if (doc.get(known)) {
        return invalidArgument(file + ": field '" + std::string(known) + "' is given twice ('" +
                               key + "')");
      }
      key = std::string(known);
      break;
    }
  }
  return okStatus();
}

}  // namespace

Result<std::optional<Kustomization>> loadKustomization(const FileLoader& loader) {
  std::vector<std::string_view> found;
  std::error_code ec;
  for (std::string_view name : kFileNames) {
    if (std::filesystem::exists(loader.dir() / name, ec)) found.push_back(name);
  }
  if (found.empty()) return std::optional<Kustomization>();
  if (found.size() > 1) {
    return invalidArgument("found multiple kustomization files in '" +
                           loader.display(loader.dir()) + "'");
  }
  Kustomization k;
  k.file = loader.display(loader.dir() / found[0]);
  GITSYNC_ASSIGN_OR_RETURN(std::vector<core::Node> docs, loader.readYaml(found[0]));
  if (docs.size() != 1 || !docs[0].isMap()) {
    return invalidArgument(k.file + ": a kustomization must be a single YAML mapping");
  }
  k.doc = std::move(docs[0]);
  GITSYNC_RETURN_IF_ERROR(canonicalizeKeys(k.doc, k.file));
  for (const auto& [key, value] : k.doc.entries()) {
    if (contains(kUnsupported, key)) {
      return unimplemented(k.file + ": field '" + key + "' is not supported by gitsync");
    }
    if (!contains(kSupported, key)) {
      return invalidArgument(k.file + ": invalid Kustomization: json: unknown field \"" + key +
                             "\"");
    }
  }
  for (std::string_view field : {"namespace", "namePrefix", "nameSuffix"}) {
    const core::Node* v = k.doc.get(field);
    if (!v || v->isNull()) continue;
    core::ScalarType t = v->isScalar() ? core::resolveScalar(*v).type : core::ScalarType::Null;
    if (!v->isScalar() || t != core::ScalarType::String) {
      const char* what = !v->isScalar() ? (v->isMap() ? "object" : "array")
                         : t == core::ScalarType::Bool ? "bool"
                                                        : "number";
      return invalidArgument(k.file + ": invalid Kustomization: json: cannot unmarshal " + what +
                             " into Go struct field Kustomization." + std::string(field) +
                             " of type string");
    }
  }
  std::string_view kind = k.doc.str({"kind"});
  if (!kind.empty() && kind != "Kustomization" && kind != "Component") {
    return invalidArgument(k.file + ": kind '" + std::string(kind) +
                           "' is not Kustomization or Component");
  }
  k.isComponent = kind == "Component";
  // Deprecated `bases` are resources listed after `resources`.
  if (const core::Node* bases = k.doc.get("bases")) {
    if (!bases->isSeq() && !bases->isNull()) return invalidArgument(k.file + ": bases: must be a list");
    core::Node& resources = *[&]() -> core::Node* {
      core::Node* r = k.doc.get("resources");
      if (!r || r->isNull()) r = &k.doc.set("resources", core::Node::seq());
      return r;
    }();
    if (!resources.isSeq()) return invalidArgument(k.file + ": resources: must be a list");
    core::Node basesCopy = *bases;
    for (core::Node& b : basesCopy.items()) resources.push(std::move(b));
    k.doc.erase("bases");
  }
  return std::optional<Kustomization>(std::move(k));
}

}  // namespace gitsync::render
