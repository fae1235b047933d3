// Built-in transformer plugins configured in `transformers:` (apiVersion: builtin) for the
// field-spec transformers. kustomize decodes these configs leniently (sigs.k8s.io/yaml
// Unmarshal): unknown fields are ignored, wrong types are still errors.
#include <algorithm>
#include <string>

#include "field_transformers.h"
#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace {

using fields::Strictness;

constexpr std::string_view kKinds[] = {"NamespaceTransformer",   "PrefixTransformer",
                                       "SuffixTransformer",      "LabelTransformer",
                                       "AnnotationsTransformer", "ImageTagTransformer",
                                       "ReplicaCountTransformer"};

Result<std::vector<FieldSpec>> fieldSpecs(const core::Node& config, const std::string& where) {
  const core::Node* n = config.get("fieldSpecs");
  if (!n) return std::vector<FieldSpec>{};
  return args::toFieldSpecs(*n, where + ": fieldSpecs", /*strict=*/false);
}

Result<std::string> stringField(const core::Node& config, std::string_view key,
                                const std::string& where) {
  const core::Node* n = config.get(key);
  if (!n) return std::string();
  return args::toString(*n, where + ": " + std::string(key));
}

Result<fields::NamespaceOptions> namespaceOptions(const core::Node& config,
                                                  const std::string& where) {
  fields::NamespaceOptions options;
  if (const core::Node* n = config.get("unsetOnly")) {
    GITSYNC_ASSIGN_OR_RETURN(options.unsetOnly, args::toBool(*n, where + ": unsetOnly"));
  }
  GITSYNC_ASSIGN_OR_RETURN(std::string mode, stringField(config, "setRoleBindingSubjects", where));
  if (mode.empty() || mode == "defaultOnly") {
    options.subjects = fields::NamespaceOptions::Subjects::DefaultOnly;
  } else if (mode == "allServiceAccounts") {
    options.subjects = fields::NamespaceOptions::Subjects::AllServiceAccounts;
  } else if (mode == "none") {
    options.subjects = fields::NamespaceOptions::Subjects::None;
  } else {
    return invalidArgument(where + ": setRoleBindingSubjects: invalid value '" + mode +
                           "': must be one of 'defaultOnly', 'none' or 'allServiceAccounts'");
  }
  return options;
}

}  // namespace

bool isFieldSpecTransformerKind(std::string_view kind) {
  return std::find(std::begin(kKinds), std::end(kKinds), kind) != std::end(kKinds);
}

Result<ObjectSet> applyBuiltinTransformer(ObjectSet set, const core::Node& config,
                                          std::string_view whereView) {
  const std::string where(whereView);
  const std::string kind(config.str({"kind"}));
  if (!config.isMap() || !isFieldSpecTransformerKind(kind)) {
    return invalidArgument(where + ": '" + kind + "' is not a field-spec transformer");
  }
  GITSYNC_ASSIGN_OR_RETURN(std::vector<FieldSpec> specs, fieldSpecs(config, where));
  if (kind == "NamespaceTransformer") {
    std::string ns;
    if (const core::Node* meta = config.get("metadata"); meta && meta->isMap()) {
      if (const core::Node* n = meta->get("namespace")) {
        GITSYNC_ASSIGN_OR_RETURN(ns, args::toString(*n, where + ": metadata.namespace"));
      }
    }
    GITSYNC_ASSIGN_OR_RETURN(fields::NamespaceOptions options, namespaceOptions(config, where));
    return fields::setNamespace(std::move(set), ns, specs, options, where);
  }
  if (kind == "PrefixTransformer" || kind == "SuffixTransformer") {
    bool prefix = kind == "PrefixTransformer";
    if (!config.get("fieldSpecs") || config.get("fieldSpecs")->isNull()) {
      return invalidArgument(where + ": fieldSpecs is not expected to be nil");
    }
    GITSYNC_ASSIGN_OR_RETURN(std::string affix,
                             stringField(config, prefix ? "prefix" : "suffix", where));
    return fields::addNameAffix(std::move(set), affix,
                                prefix ? fields::Side::Prefix : fields::Side::Suffix, specs, where);
  }
  if (kind == "LabelTransformer" || kind == "AnnotationsTransformer") {
    std::string key = kind == "LabelTransformer" ? "labels" : "annotations";
    args::StringPairs pairs;
    if (const core::Node* n = config.get(key)) {
      GITSYNC_ASSIGN_OR_RETURN(pairs, args::toStringMap(*n, where + ": " + key));
    }
    GITSYNC_RETURN_IF_ERROR(args::setStringEntries(set, specs, pairs, where));
    return set;
  }
  if (kind == "ImageTagTransformer") {
    const core::Node* n = config.get("imageTag");
    GITSYNC_ASSIGN_OR_RETURN(fields::Image image,
                             fields::parseImage(n ? *n : core::Node(), where + ": imageTag",
                                                Strictness::Lenient));
    GITSYNC_RETURN_IF_ERROR(fields::setImages(set, image, specs, where));
    return set;
  }
  const core::Node* n = config.get("replica");
  GITSYNC_ASSIGN_OR_RETURN(fields::Replica replica,
                           fields::parseReplica(n ? *n : core::Node(), where + ": replica",
                                                Strictness::Lenient));
  GITSYNC_RETURN_IF_ERROR(fields::setReplicas(set, replica, specs, where));
  return set;
}

}  // namespace gitsync::render
