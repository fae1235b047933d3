#include "kustomization_apply.h"

#include "gitsync/apply/applier.h"
#include "gitsync/apply/pruner.h"
#include "gitsync/health/health.h"

namespace gitsync::controller {
namespace {

// A failed sync failed in its prune step when it got that far.
Stage failedSyncStage(const apply::SyncResult& result) {
  bool pruned = result.pruneStart < result.changes.entries.size();
  bool refused = result.status.message().rfind("prune:", 0) == 0;
  return pruned || refused ? Stage::Prune : Stage::Apply;
}

}  // namespace

Result<std::vector<kube::ObjectRef>> healthCheckRefs(const Kustomization& k) {
  std::vector<kube::ObjectRef> refs;
  for (const CrossNamespaceObjectReference& h : k.spec.healthChecks) {
    auto gvk = kube::gvkOf(h.apiVersion, h.kind);
    if (!gvk.ok()) return gvk.status().withPrefix("spec.healthChecks");
    refs.push_back({*gvk, h.ns.empty() ? k.meta.ns : h.ns, h.name});
  }
  return refs;
}

ApplyOutcome applyKustomization(const Kustomization& k, const render::ObjectSet& objects,
                                ApplyContext& context) {
  ApplyOutcome out;
  auto applier = apply::makeServerSideApplier(context.client, context.client.mapper(),
                                              context.clock);
  auto pruner = apply::makePruner(context.client);
  StatusInventoryStore store(k.status.inventory, context.patchStatus);
  apply::SyncOptions options;
  options.apply.owner = {k.meta.name, k.meta.ns};
  options.apply.defaultNamespace =
      k.spec.targetNamespace.empty() ? k.meta.ns : k.spec.targetNamespace;
  options.apply.force = k.spec.force;
  options.apply.fieldManager = context.fieldManager;
  options.apply.waitTimeout = k.spec.effectiveTimeout();
  options.prune = k.spec.prune;
  options.allowEmpty = false;
  out.sync = apply::sync(objects, *applier, *pruner, store, options);
  out.inventory = store.current();
  if (!out.sync.status.ok()) {
    out.failedStage = failedSyncStage(out.sync);
    out.error = out.sync.status;
    return out;
  }

  std::vector<kube::ObjectRef> refs;
  if (k.spec.wait) {
    refs = apply::appliedRefs(out.sync);
  } else {
    auto named = healthCheckRefs(k);
    if (!named.ok()) {
      out.failedStage = Stage::Health;
      out.error = named.status();
      return out;
    }
    refs = std::move(named).value();
  }
  if (!k.spec.wait && refs.empty()) return out;
  out.healthChecked = true;
  health::WaitOptions wait;
  wait.timeout = k.spec.effectiveTimeout();
  wait.pollInterval = context.healthPollInterval;
  wait.canceled = context.canceled;
  auto start = context.clock.now();
  health::WaitResult waited =
      health::makePollingHealthChecker(context.client, context.clock)->wait(refs, wait);
  out.healthDuration =
      std::chrono::duration_cast<std::chrono::milliseconds>(context.clock.now() - start);
  if (!waited.status.ok()) {
    out.failedStage = Stage::Health;
    out.error = waited.status;
    out.canceled = waited.canceled;
  }
  return out;
}

}  // namespace gitsync::controller
