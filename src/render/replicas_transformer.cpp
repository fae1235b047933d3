// The kustomization's `replicas:` (kustomize's ReplicaCountTransformer, one per entry).
#include <string>
#include <vector>

#include "field_transformers.h"
#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace fields {
namespace {

// An object is selected by its current id or any id it had before a rename.
bool selected(const Resource& r, const Replica& replica, const FieldSpec& spec) {
  auto matches = [&](const ResId& id) {
    return id.name == replica.name && gvkSelected(spec.gvk, id.gvk);
  };
  if (matches(r.id())) return true;
  for (const ResId& id : r.previousIds) {
    if (matches(id)) return true;
  }
  return false;
}

}  // namespace

Result<Replica> parseReplica(const core::Node& node, const std::string& where, Strictness s) {
  GITSYNC_RETURN_IF_ERROR(
      args::checkFields(node, {"name", "count"}, where, s == Strictness::Strict));
  Replica replica;
  if (node.isNull()) return replica;
  if (const core::Node* n = node.get("name")) {
    GITSYNC_ASSIGN_OR_RETURN(replica.name, args::toString(*n, where + ".name"));
  }
  if (const core::Node* n = node.get("count")) {
    GITSYNC_ASSIGN_OR_RETURN(replica.count, args::toInt64(*n, where + ".count"));
  }
  return replica;
}

Status setReplicas(ObjectSet& set, const Replica& replica, const std::vector<FieldSpec>& specs,
                   const std::string& where) {
  bool found = false;
  for (const FieldSpec& spec : specs) {
    for (Resource& r : set) {
      if (!selected(r, replica, spec)) continue;
      found = true;
      GITSYNC_RETURN_IF_ERROR(args::forEachFieldOf(r, spec, where, [&](core::Node& field) {
        if (!field.isScalar()) {
          return args::objectFieldError(where, r, spec.path,
                                        "expected a scalar value, got " + args::describe(field));
        }
        // A quoted count stays quoted, as kyaml keeps the style of the value it replaces.
        field = args::restyled(field, std::to_string(replica.count));
        return okStatus();
      }));
    }
  }
  if (found) return okStatus();
  std::string kinds;
  for (const FieldSpec& spec : specs) {
    kinds += (kinds.empty() ? "" : ", ") + args::gvkDisplay(spec.gvk);
  }
  return notFound(where + ": no resource named '" + replica.name +
                  "' has one of the replicas field spec kinds (" + kinds + ")");
}

}  // namespace fields

Result<ObjectSet> applyReplicas(ObjectSet set, const core::Node& replicas,
                                const BuildContext& ctx) {
  const std::string where = ctx.kustomizationFile + ": replicas";
  GITSYNC_ASSIGN_OR_RETURN(const std::vector<core::Node>* items, args::toList(replicas, where));
  std::vector<fields::Replica> parsed;
  for (size_t i = 0; i < items->size(); ++i) {
    GITSYNC_ASSIGN_OR_RETURN(
        fields::Replica replica,
        fields::parseReplica((*items)[i], args::indexed(where, i), fields::Strictness::Strict));
    parsed.push_back(std::move(replica));
  }
  for (size_t i = 0; i < parsed.size(); ++i) {
    GITSYNC_RETURN_IF_ERROR(
        fields::setReplicas(set, parsed[i], ctx.config.replicas, args::indexed(where, i)));
  }
  return set;
}

}  // namespace gitsync::render
