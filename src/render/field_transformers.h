#pragma once
// The field-spec transformers with their field specs and options given explicitly: shared by
// the kustomization fields (builtin_transformers.h, specs from the TransformerConfig) and the
// built-in transformer plugins of `transformers:` (specs from the plugin's own config).
// `where` starts every error ("app/kustomization.yaml: namespace").
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/fieldspec.h"
#include "gitsync/render/resource.h"

namespace gitsync::render::fields {

// kustomize's NamespaceTransformer options (its defaults are the kustomization's).
struct NamespaceOptions {
  enum class Subjects { DefaultOnly, AllServiceAccounts, None };
  bool unsetOnly = false;            // only set namespaces that are missing or empty
  Subjects subjects = Subjects::DefaultOnly;  // which (Cluster)RoleBinding subjects to update
};
Result<ObjectSet> setNamespace(ObjectSet set, std::string_view ns,
                               const std::vector<FieldSpec>& specs,
                               const NamespaceOptions& options, const std::string& where);

enum class Side { Prefix, Suffix };
Result<ObjectSet> addNameAffix(ObjectSet set, std::string_view affix, Side side,
                               const std::vector<FieldSpec>& specs, const std::string& where);

// Whether unknown keys in an argument map are errors (kustomization fields) or ignored
// (plugin configs, which kustomize decodes leniently).
enum class Strictness { Strict, Lenient };

struct Replica {
  std::string name;
  int64_t count = 0;
};
Result<Replica> parseReplica(const core::Node& node, const std::string& where, Strictness s);
// Fails when no object of a spec's kind has (or had) the name.
Status setReplicas(ObjectSet& set, const Replica& replica, const std::vector<FieldSpec>& specs,
                   const std::string& where);

struct Image {
  std::string name, newName, newTag, digest, tagSuffix;
};
Result<Image> parseImage(const core::Node& node, const std::string& where, Strictness s);
Status setImages(ObjectSet& set, const Image& image, const std::vector<FieldSpec>& specs,
                 const std::string& where);

}  // namespace gitsync::render::fields
