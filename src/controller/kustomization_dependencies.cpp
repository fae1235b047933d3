#include "kustomization_dependencies.h"

namespace gitsync::controller {

ObjectKey sourceKeyOf(const Kustomization& k) {
  const std::string& ns = k.spec.sourceRef.ns.empty() ? k.meta.ns : k.spec.sourceRef.ns;
  return {ns, k.spec.sourceRef.name};
}

Status checkDependencies(kube::KubeClient& client, const Kustomization& k,
                         const ArtifactStore& artifacts) {
  for (const DependencyReference& d : k.spec.dependsOn) {
    ObjectKey key{d.ns.empty() ? k.meta.ns : d.ns, d.name};
    std::string name = "dependency '" + key.str() + "'";
    Result<Json> object = client.get({kustomizationGvk(), key.ns, key.name});
    if (!object.ok()) {
      if (object.status().code() == Code::NotFound) return failedPrecondition(name + " not found");
      return object.status();
    }
    Result<Kustomization> dep = parseKustomization(*object);
    if (!dep.ok() || !isReady(dep->meta, dep->status.conditions) ||
        dep->status.observedGeneration != dep->meta.generation) {
      return failedPrecondition(name + " is not ready");
    }
    auto artifact = artifacts.get(sourceKeyOf(*dep));
    if (!artifact || artifact->revision != dep->status.lastAppliedRevision) {
      return failedPrecondition(name + " revision is not up to date");
    }
  }
  return okStatus();
}

}  // namespace gitsync::controller
