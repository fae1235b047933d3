// Transformer configurations: kustomize's built-in field specs and `configurations:` files,
// read as kustomize reads them (strict: unknown fields are errors).
#include <algorithm>
#include <string>

#include "gitsync/core/yaml.h"
#include "gitsync/render/builtin_references.h"
#include "gitsync/render/fieldspec.h"
#include "transformer_args.h"

namespace gitsync::render {

extern const std::string_view kBuiltinFieldSpecs;  // builtin_config_tables.cpp

namespace {

Result<std::vector<NameBackReference>> parseNameReferences(const core::Node& node,
                                                           const std::string& where) {
  GITSYNC_ASSIGN_OR_RETURN(const std::vector<core::Node>* items, args::toList(node, where));
  std::vector<NameBackReference> refs;
  for (size_t i = 0; i < items->size(); ++i) {
    const core::Node& item = (*items)[i];
    std::string at = args::indexed(where, i);
    GITSYNC_RETURN_IF_ERROR(args::checkFields(item, {"group", "version", "kind", "fieldSpecs"}, at));
    NameBackReference ref;
    if (!item.isNull()) {
      for (auto [key, out] : {std::pair{"group", &ref.gvk.group}, {"version", &ref.gvk.version},
                              {"kind", &ref.gvk.kind}}) {
        if (const core::Node* n = item.get(key)) {
          GITSYNC_ASSIGN_OR_RETURN(*out, args::toString(*n, at + "." + key));
        }
      }
      if (const core::Node* n = item.get("fieldSpecs")) {
        GITSYNC_ASSIGN_OR_RETURN(ref.referrers, args::toFieldSpecs(*n, at + ".fieldSpecs"));
      }
    }
    refs.push_back(std::move(ref));
  }
  // kustomize keeps name references sorted by kind.
  std::stable_sort(refs.begin(), refs.end(), [](const NameBackReference& a,
                                                const NameBackReference& b) {
    return args::gvkLess(a.gvk, b.gvk);
  });
  return refs;
}

// The tables are constant and covered by tests; a parse failure would be a bug, and leaves
// the specs empty.
TransformerConfig parseBuiltin() {
  TransformerConfig config;
  auto docs = core::parseYamlStream(kBuiltinFieldSpecs, "builtin field specs");
  if (docs.ok() && docs->size() == 1) {
    auto parsed = parseTransformerConfig(docs->front(), "builtin field specs");
    if (parsed.ok()) config = std::move(parsed).value();
  }
  config.nameReference = builtinNameReferences();
  config.varReference = builtinVarReferences();
  return config;
}

}  // namespace

const TransformerConfig& builtinTransformerConfig() {
  // Built once, never modified: the tables are constant data.
  static const TransformerConfig config = parseBuiltin();
  return config;
}

Result<TransformerConfig> parseTransformerConfig(const core::Node& doc, std::string_view file) {
  const std::string where(file);
  TransformerConfig config;
  if (doc.isNull()) return config;
  if (!doc.isMap()) {
    return invalidArgument(where + ": a transformer configuration must be a map, not " +
                           args::describe(doc));
  }
  const std::pair<std::string_view, std::vector<FieldSpec>*> lists[] = {
      {"namePrefix", &config.namePrefix},
      {"nameSuffix", &config.nameSuffix},
      {"namespace", &config.nameSpace},
      {"commonLabels", &config.commonLabels},
      {"templateLabels", &config.templateLabels},
      {"commonAnnotations", &config.commonAnnotations},
      {"varReference", &config.varReference},
      {"images", &config.images},
      {"replicas", &config.replicas},
  };
  for (const auto& [key, value] : doc.entries()) {
    std::string at = where + ": " + key;
    auto list = std::find_if(std::begin(lists), std::end(lists),
                             [&](const auto& l) { return l.first == key; });
    if (list != std::end(lists)) {
      GITSYNC_ASSIGN_OR_RETURN(*list->second, args::toFieldSpecs(value, at));
    } else if (key == "nameReference") {
      GITSYNC_ASSIGN_OR_RETURN(config.nameReference, parseNameReferences(value, at));
    } else if (key == "labels") {
      // kustomize adds these to every `labels:` entry; gitsync has no place for them yet.
      GITSYNC_ASSIGN_OR_RETURN(std::vector<FieldSpec> specs, args::toFieldSpecs(value, at));
      if (!specs.empty()) {
        return unimplemented(at + ": field specs for 'labels' are not supported by gitsync");
      }
    } else {
      return invalidArgument(where + ": unknown field \"" + key + "\"");
    }
  }
  return config;
}

}  // namespace gitsync::render
