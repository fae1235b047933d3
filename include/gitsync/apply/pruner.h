#pragma once
// The prune stage: deletes objects of the old inventory that the new one lacks.
#include <memory>
#include <vector>

#include "gitsync/apply/changeset.h"
#include "gitsync/apply/owner.h"
#include "gitsync/kube/client.h"

namespace gitsync::apply {

struct PruneOptions {
  Owner owner;
  bool dryRun = false;
  // Kinds listed in a Namespace about to be pruned: one that holds an object of these kinds
  // not managed by the owner (not labeled for it, not owned through ownerReferences, not the
  // default ServiceAccount or kube-root-ca.crt ConfigMap) is skipped. Default: the common
  // workload, config, network and RBAC kinds.
  std::vector<kube::GroupVersionKind> namespaceContentKinds = defaultNamespaceContentKinds();

  static std::vector<kube::GroupVersionKind> defaultNamespaceContentKinds();
};

class Pruner {
 public:
  virtual ~Pruner() = default;
  // Deletes `objects` in reverse apply order with background propagation. An object that is
  // gone is left out of the ChangeSet; one no longer labeled for the owner, annotated
  // gitsync.dev/prune: disabled, or a Namespace with foreign objects is Skipped. Errors name
  // the object ("ConfigMap/prod/old: prune: ..."); the others are still attempted.
  virtual ApplyResult prune(const std::vector<kube::ObjectRef>& objects,
                            const PruneOptions& options) = 0;
};

std::unique_ptr<Pruner> makePruner(kube::KubeClient& client);

}  // namespace gitsync::apply
