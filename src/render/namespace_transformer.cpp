// kustomize's NamespaceTransformer: the kustomization's `namespace:` (unsetOnly false,
// setRoleBindingSubjects defaultOnly) and the plugin's options; kyaml's cluster-scope table.
#include <string>
#include <string_view>

#include "field_transformers.h"
#include "gitsync/render/builtin_transformers.h"
#include "transformer_args.h"

namespace gitsync::render {
namespace {

bool isRoleBinding(std::string_view kind) {
  return kind == "RoleBinding" || kind == "ClusterRoleBinding";
}

std::string effectiveNamespace(const ResId& id) {
  if (isClusterScoped(id.gvk)) return "_non_namespaceable_";
  if (id.ns.empty() || id.ns == "default") return "default";
  return id.ns;
}

// kustomize's ResId.Equals: "" and "default" are the same namespace; cluster-scoped objects
// have none.
bool sameId(const ResId& a, const ResId& b) {
  return a.name == b.name && a.gvk == b.gvk && effectiveNamespace(a) == effectiveNamespace(b);
}

// The field specs that apply to an object: metadata/namespace is set separately, metadata/name
// (of a Namespace) only for apiVersion v1, and binding subjects only by the subjects rule.
std::vector<FieldSpec> specsFor(const std::vector<FieldSpec>& specs, const Resource& r) {
  std::vector<FieldSpec> out;
  for (const FieldSpec& s : specs) {
    if (s.path == "metadata/namespace") continue;
    if (s.path == "metadata/name" && r.apiVersion() != "v1") continue;
    if (isRoleBinding(r.kind()) && isRoleBinding(s.gvk.kind) && s.path == "subjects/namespace") {
      continue;
    }
    out.push_back(s);
  }
  return out;
}

using fields::NamespaceOptions;

class Setter {
 public:
  Setter(std::string_view ns, const NamespaceOptions& options, std::string where)
      : ns_(ns), options_(options), where_(std::move(where)) {}

  Status set(Resource& r, const FieldSpec& spec) const {
    return args::forEachFieldOf(r, spec, where_, [&](core::Node& field) -> Status {
      return setScalar(r, spec.path, field);
    });
  }

  // DefaultOnly: subjects named "default" (of any kind) get the namespace; AllServiceAccounts:
  // subjects of kind ServiceAccount.
  Status setSubjects(Resource& r) const {
    if (options_.subjects == NamespaceOptions::Subjects::None) return okStatus();
    core::Node* subjects = r.object.get("subjects");
    if (!subjects || subjects->isNull()) return okStatus();
    if (!subjects->isSeq()) {
      return args::objectFieldError(where_, r, "subjects",
                                    "expected a list, got " + args::describe(*subjects));
    }
    for (size_t i = 0; i < subjects->items().size(); ++i) {
      core::Node& subject = subjects->items()[i];
      std::string path = "subjects[" + std::to_string(i) + "]";
      if (subject.isNull()) continue;
      if (!subject.isMap()) {
        return args::objectFieldError(where_, r, path,
                                      "expected a map, got " + args::describe(subject));
      }
      bool allServiceAccounts = options_.subjects == NamespaceOptions::Subjects::AllServiceAccounts;
      std::string_view key = allServiceAccounts ? "kind" : "name";
      const core::Node* match = subject.get(key);
      if (!match || match->isNull()) continue;
      if (!match->isScalar()) {
        return args::objectFieldError(where_, r, path + "/" + std::string(key),
                                      "expected a scalar value, got " + args::describe(*match));
      }
      if (match->text() != (allServiceAccounts ? "ServiceAccount" : "default")) continue;
      core::Node* ns = subject.get("namespace");
      if (!ns) ns = &subject.set("namespace", core::Node::null());
      GITSYNC_RETURN_IF_ERROR(setScalar(r, path + "/namespace", *ns));
    }
    return okStatus();
  }

 private:
  Status setScalar(const Resource& r, std::string_view path, core::Node& field) const {
    if (!field.isScalar()) {
      return args::objectFieldError(
          where_, r, path,
          "namespace field specs must target scalar values, got " + args::describe(field));
    }
    // unsetOnly keeps any non-empty value.
    if (options_.unsetOnly && !field.isNull() && !field.text().empty()) return okStatus();
    field = core::Node::string(std::string(ns_));
    return okStatus();
  }

  std::string_view ns_;
  const NamespaceOptions& options_;
  std::string where_;
};

bool isEmptyObject(const core::Node& object) {
  return object.isNull() || (object.isMap() && object.size() == 0);
}

}  // namespace

namespace fields {

Result<ObjectSet> setNamespace(ObjectSet set, std::string_view ns,
                               const std::vector<FieldSpec>& specs,
                               const NamespaceOptions& options, const std::string& where) {
  if (ns.empty()) return set;
  Setter setter(ns, options, where);
  const FieldSpec metaNamespace{Gvk{}, "metadata/namespace", true};
  std::vector<ResId> ids;
  ids.reserve(set.size());
  for (const Resource& r : set) ids.push_back(r.id());
  for (size_t i = 0; i < set.size(); ++i) {
    Resource& r = set[i];
    if (isEmptyObject(r.object)) continue;
    const ResId before = ids[i];
    r.previousIds.push_back(before);
    if (!isClusterScoped(before.gvk)) GITSYNC_RETURN_IF_ERROR(setter.set(r, metaNamespace));
    if (isRoleBinding(before.gvk.kind)) GITSYNC_RETURN_IF_ERROR(setter.setSubjects(r));
    for (const FieldSpec& spec : specsFor(specs, r)) {
      GITSYNC_RETURN_IF_ERROR(setter.set(r, spec));
    }
    ids[i] = r.id();
    int matches = 0;
    for (const ResId& other : ids) {
      if (sameId(other, ids[i])) ++matches;
    }
    if (matches != 1) {
      return invalidArgument(where + ": namespace transformation produces ID conflict: " +
                             ids[i].display());
    }
  }
  return set;
}

}  // namespace fields

Result<ObjectSet> applyNamespace(ObjectSet set, std::string_view ns, const BuildContext& ctx) {
  return fields::setNamespace(std::move(set), ns, ctx.config.nameSpace, {},
                              ctx.kustomizationFile + ": namespace");
}

bool isClusterScoped(const Gvk& gvk) {
  // kyaml's precomputed OpenAPI scope table (kubernetes v1.21.2 schema) entries that are not
  // namespaced.
  struct Entry {
    std::string_view apiVersion, kind;
  };
  static constexpr Entry kClusterScoped[] = {
      {"admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration"},
      {"admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration"},
      {"admissionregistration.k8s.io/v1beta1", "MutatingWebhookConfiguration"},
      {"admissionregistration.k8s.io/v1beta1", "ValidatingWebhookConfiguration"},
      {"apiextensions.k8s.io/v1", "CustomResourceDefinition"},
      {"apiextensions.k8s.io/v1beta1", "CustomResourceDefinition"},
      {"apiregistration.k8s.io/v1", "APIService"},
      {"apiregistration.k8s.io/v1beta1", "APIService"},
      {"certificates.k8s.io/v1", "CertificateSigningRequest"},
      {"certificates.k8s.io/v1beta1", "CertificateSigningRequest"},
      {"flowcontrol.apiserver.k8s.io/v1beta1", "FlowSchema"},
      {"flowcontrol.apiserver.k8s.io/v1beta1", "PriorityLevelConfiguration"},
      {"networking.k8s.io/v1", "IngressClass"},
      {"networking.k8s.io/v1beta1", "IngressClass"},
      {"node.k8s.io/v1", "RuntimeClass"},
      {"node.k8s.io/v1beta1", "RuntimeClass"},
      {"policy/v1beta1", "PodSecurityPolicy"},
      {"rbac.authorization.k8s.io/v1", "ClusterRole"},
      {"rbac.authorization.k8s.io/v1", "ClusterRoleBinding"},
      {"rbac.authorization.k8s.io/v1beta1", "ClusterRole"},
      {"rbac.authorization.k8s.io/v1beta1", "ClusterRoleBinding"},
      {"scheduling.k8s.io/v1", "PriorityClass"},
      {"scheduling.k8s.io/v1beta1", "PriorityClass"},
      {"storage.k8s.io/v1", "CSIDriver"},
      {"storage.k8s.io/v1", "CSINode"},
      {"storage.k8s.io/v1", "StorageClass"},
      {"storage.k8s.io/v1", "VolumeAttachment"},
      {"storage.k8s.io/v1beta1", "CSIDriver"},
      {"storage.k8s.io/v1beta1", "CSINode"},
      {"storage.k8s.io/v1beta1", "StorageClass"},
      {"storage.k8s.io/v1beta1", "VolumeAttachment"},
      {"v1", "ComponentStatus"},
      {"v1", "Namespace"},
      {"v1", "Node"},
      {"v1", "NodeProxyOptions"},
      {"v1", "PersistentVolume"},
  };
  const std::string apiVersion = gvk.apiVersion();
  for (const Entry& e : kClusterScoped) {
    if (e.kind == gvk.kind && e.apiVersion == apiVersion) return true;
  }
  return false;
}

}  // namespace gitsync::render
