#include "gitsync/apply/pruner.h"

#include <algorithm>

#include "gitsync/apply/applier.h"
#include "gitsync/apply/stages.h"

namespace gitsync::apply {
namespace {

using kube::Json;
using kube::ObjectRef;

bool preserved(const Json& object) {
  const Json& meta = object["metadata"];
  auto ann = meta.find("annotations");
  if (ann == meta.end() || !ann->is_object()) return false;
  auto it = ann->find(kPruneAnnotation);
  return it != ann->end() && *it == "disabled";
}

// Objects every namespace gets from the cluster itself.
bool builtIn(const std::string& kind, const std::string& name) {
  return (kind == "ServiceAccount" && name == "default") ||
         (kind == "ConfigMap" && name == "kube-root-ca.crt");
}

class KubePruner final : public Pruner {
 public:
  explicit KubePruner(kube::KubeClient& client) : client_(client) {}

  ApplyResult prune(const std::vector<ObjectRef>& objects, const PruneOptions& options) override {
    ApplyResult result;
    std::vector<ObjectRef> order = objects;
    std::stable_sort(order.begin(), order.end(),
                     [](const ObjectRef& a, const ObjectRef& b) { return appliedBefore(b, a); });
    std::vector<Status> failures;
    for (const ObjectRef& ref : order) {
      auto fail = [&](const Status& s) {
        failures.push_back(s);
        std::string prefix = ref.subject() + ": ";
        std::string m = s.message().rfind(prefix, 0) == 0 ? s.message().substr(prefix.size())
                                                          : s.message();
        result.changes.entries.push_back({ref, Action::Failed, m});
      };
      auto live = client_.get(ref);
      if (!live.ok()) {
        if (live.status().code() != Code::NotFound) fail(live.status().withPrefix("prune"));
        continue;
      }
      if (!options.owner.owns(*live)) {
        result.changes.entries.push_back(
            {ref, Action::Skipped, "not labeled " + options.owner.labelSelector()});
        continue;
      }
      if (preserved(*live)) {
        result.changes.entries.push_back(
            {ref, Action::Skipped, std::string(kPruneAnnotation) + ": disabled"});
        continue;
      }
      if (ref.gvk.kind == "Namespace" && ref.gvk.group.empty()) {
        auto foreign = foreignObject(ref.name, options);
        if (!foreign.ok()) {
          fail(foreign.status().withPrefix(ref.subject() + ": prune"));
          continue;
        }
        if (!foreign->empty()) {
          result.changes.entries.push_back(
              {ref, Action::Skipped, "holds objects not managed by " +
                                         options.owner.labelSelector() + ": " + *foreign});
          continue;
        }
      }
      kube::DeleteOptions del;
      del.propagation = kube::Propagation::Background;
      del.dryRun = options.dryRun;
      auto deleted = client_.del(ref, del);
      if (!deleted.ok() && deleted.status().code() != Code::NotFound) {
        fail(deleted.status());
        continue;
      }
      result.changes.entries.push_back({ref, Action::Deleted, ""});
    }
    result.status = summarizeFailures(failures);
    return result;
  }

 private:
  // The subject of one object in namespace `ns` the owner does not manage, or "" when none.
  Result<std::string> foreignObject(const std::string& ns, const PruneOptions& options) {
    for (const kube::GroupVersionKind& gvk : options.namespaceContentKinds) {
      kube::ListOptions list;
      list.ns = ns;
      auto objects = client_.list(gvk, list);
      if (!objects.ok()) {
        if (objects.status().code() == Code::NotFound) continue;  // not served here
        return objects.status();
      }
      for (const Json& object : objects->items) {
        const Json& meta = object["metadata"];
        std::string name = meta.value("name", "");
        if (options.owner.owns(object) || builtIn(gvk.kind, name)) continue;
        if (meta.contains("ownerReferences") && !meta["ownerReferences"].empty()) continue;
        if (meta.contains("deletionTimestamp")) continue;
        return ObjectRef{gvk, ns, name}.subject();
      }
    }
    return std::string();
  }

  kube::KubeClient& client_;
};

}  // namespace

std::vector<kube::GroupVersionKind> PruneOptions::defaultNamespaceContentKinds() {
  return {{"", "v1", "ConfigMap"},
          {"", "v1", "Secret"},
          {"", "v1", "Service"},
          {"", "v1", "ServiceAccount"},
          {"", "v1", "Pod"},
          {"", "v1", "PersistentVolumeClaim"},
          {"apps", "v1", "Deployment"},
          {"apps", "v1", "StatefulSet"},
          {"apps", "v1", "DaemonSet"},
          {"batch", "v1", "Job"},
          {"batch", "v1", "CronJob"},
          {"networking.k8s.io", "v1", "Ingress"},
          {"rbac.authorization.k8s.io", "v1", "Role"},
          {"rbac.authorization.k8s.io", "v1", "RoleBinding"}};
}

std::unique_ptr<Pruner> makePruner(kube::KubeClient& client) {
  return std::make_unique<KubePruner>(client);
}

}  // namespace gitsync::apply
