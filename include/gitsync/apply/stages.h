#pragma once
// The order objects are applied in (fluxcd/pkg/ssa's staging): objects others depend on first.
#include <string_view>
#include <vector>

#include "gitsync/kube/types.h"

namespace gitsync::apply {

enum class Stage {
  Definitions = 1,  // CustomResourceDefinition, Namespace, ClusterRole(Binding)
  Classes = 2,      // kinds ending in "Class" (StorageClass, IngressClass, ...)
  Resources = 3,    // everything else
  Webhooks = 4,     // Mutating/ValidatingWebhookConfiguration, Validating(Admission)Policy...
};

Stage stageOf(std::string_view kind);

// Rank of a kind inside its stage (kubectl/Helm install order); unknown kinds rank last and
// are ordered by name. Smaller ranks are applied first and pruned last.
int kindRank(std::string_view kind);

// True when `a` is applied before `b`: stage, kind rank, kind, namespace, name.
bool appliedBefore(const kube::ObjectRef& a, const kube::ObjectRef& b);

}  // namespace gitsync::apply
