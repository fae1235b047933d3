#pragma once
// The apply stage: server-side apply of the rendered objects, staged, with change detection so
// that a sync that changes nothing writes nothing (docs/apply.md).
#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "gitsync/apply/changeset.h"
#include "gitsync/apply/owner.h"
#include "gitsync/kube/client.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/mapper.h"
#include "gitsync/render/resource.h"

namespace gitsync::apply {

// Per-object annotations (Flux's, under gitsync.dev).
inline constexpr char kReconcileAnnotation[] = "gitsync.dev/reconcile";  // "disabled": skip
inline constexpr char kSsaAnnotation[] = "gitsync.dev/ssa";  // Override|Merge|IfNotPresent|Ignore
inline constexpr char kForceAnnotation[] = "gitsync.dev/force";  // "enabled": recreate
inline constexpr char kPruneAnnotation[] = "gitsync.dev/prune";  // "disabled": never pruned

struct ApplyOptions {
  Owner owner;  // owner.name is required
  // Namespace of namespaced objects that name none.
  std::string defaultNamespace = "default";
  // Delete and re-create an object whose apply fails on an immutable field (also per object
  // with gitsync.dev/force: enabled). Off: the apply fails with the API's message.
  bool force = false;
  // Server-side dry run: nothing is stored; stage 1 is not waited for.
  bool dryRun = false;
  std::string fieldManager = "gitsync";
  // How long to wait for CustomResourceDefinitions to be Established and Namespaces Active
  // after stage 1, and for a deleted object to be gone before it is re-created.
  std::chrono::milliseconds waitTimeout{std::chrono::seconds(60)};
  std::chrono::milliseconds pollInterval{std::chrono::milliseconds(250)};
  // Called with each entry as soon as its object is done (progress output); may be empty.
  std::function<void(const ChangeSetEntry&)> onEntry;
};

class Applier {
 public:
  virtual ~Applier() = default;

  // Applies `desired` stage by stage (stages.h); a stage with a failed object ends the apply
  // after that stage. Every object attempted has an entry (Failed ones with the error); the
  // status is the first error (its message names the object) and counts the others:
  //   "Job/prod/migrate: apply: Invalid: ...: field is immutable (2 objects failed)"
  // InvalidArgument before anything is sent when owner.name is empty or an object lacks
  // apiVersion, kind or metadata.name.
  virtual ApplyResult apply(const render::ObjectSet& desired, const ApplyOptions& options) = 0;
};

// `client`, `mapper` and `clock` must outlive the applier.
std::unique_ptr<Applier> makeServerSideApplier(kube::KubeClient& client, kube::RestMapper& mapper,
                                               kube::Clock& clock);

}  // namespace gitsync::apply
