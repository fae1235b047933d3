#pragma once
// Resources as the renderer carries them: the manifest plus the bookkeeping kustomize keeps in
// internal annotations (previous ids for name references, prefixes and suffixes applied,
// whether a generated name still needs its hash suffix).
#include <string>
#include <string_view>
#include <vector>

#include "gitsync/core/node.h"

namespace gitsync::render {

struct Gvk {
  std::string group;
  std::string version;
  std::string kind;

  // "apps/v1" -> {apps, v1}; "v1" -> {"", v1}.
  static Gvk fromApiVersion(std::string_view apiVersion, std::string_view kind);
  std::string apiVersion() const;
  bool operator==(const Gvk&) const = default;
};

struct ResId {
  Gvk gvk;
  std::string name;
  std::string ns;  // empty for cluster-scoped or unset

  // "Kind/name" or "Kind/namespace/name", for messages.
  std::string display() const;
  // kustomize's effective namespace: "_non_namespaceable_" for cluster-scoped kinds (kyaml's
  // OpenAPI table, see isClusterScoped), "default"
  // for an empty namespace, else the namespace.
  std::string effectiveNamespace() const;
  // Same kind, name and effective namespace (kustomize's ResId.Equals).
  bool sameAs(const ResId& other) const;
  bool operator==(const ResId&) const = default;
};

// Behavior of a generated object relative to one that already exists with its id.
enum class GeneratorBehavior { Unspecified, Create, Replace, Merge };

struct Resource {
  core::Node object;
  // Where the object came from, relative to the build root (for messages).
  std::string origin;
  // Ids this object had before each rename or namespace change, oldest first.
  std::vector<ResId> previousIds;
  // Name prefixes and suffixes applied by namePrefix / nameSuffix, in order applied.
  std::vector<std::string> prefixes;
  std::vector<std::string> suffixes;
  // A generated ConfigMap or Secret whose name still needs kustomize's content hash.
  bool needsHashSuffix = false;
  GeneratorBehavior behavior = GeneratorBehavior::Unspecified;

  // The current id, read from apiVersion, kind, metadata.name and metadata.namespace.
  ResId id() const;
  // The id before any rename: previousIds.front(), or id() when never renamed.
  ResId originalId() const;
  std::string_view name() const { return object.str({"metadata", "name"}); }
  std::string_view ns() const { return object.str({"metadata", "namespace"}); }
  std::string_view kind() const { return object.str({"kind"}); }
  std::string_view apiVersion() const { return object.str({"apiVersion"}); }

  // Records the current id in previousIds, then changes the name / namespace.
  void setName(std::string_view name);
  void setNamespace(std::string_view ns);
};

using ObjectSet = std::vector<Resource>;

}  // namespace gitsync::render
