#include "gitsync/apply/sync.h"

namespace gitsync::apply {
namespace {

Inventory appliedInventory(const ChangeSet& changes) {
  std::vector<kube::ObjectRef> refs;
  for (const auto& e : changes.entries) {
    if (e.action != Action::Failed) refs.push_back(e.ref);
  }
  return Inventory::of(refs);
}

}  // namespace

SyncResult sync(const render::ObjectSet& desired, Applier& applier, Pruner& pruner,
                InventoryStore& store, const SyncOptions& options) {
  SyncResult result;
  auto old = store.load();
  if (!old.ok()) {
    result.status = old.status();
    return result;
  }
  result.inventory = *old;
  bool dryRun = options.apply.dryRun;
  auto save = [&](const Inventory& inventory) -> Status {
    if (dryRun || inventory == result.inventory) return okStatus();
    GITSYNC_RETURN_IF_ERROR(store.save(inventory));
    result.inventory = inventory;
    return okStatus();
  };

  ApplyResult applied = applier.apply(desired, options.apply);
  result.changes = applied.changes;
  result.pruneStart = result.changes.entries.size();
  Inventory current = appliedInventory(applied.changes);
  // Until the prune succeeds, the old entries stay listed: nothing is ever orphaned.
  Status saved = save(current.merged(*old));
  if (!applied.status.ok()) {
    result.status = applied.status;
    return result;
  }
  if (!saved.ok()) {
    result.status = saved;
    return result;
  }
  if (!options.prune) return result;

  Inventory stale = old->minus(current);
  if (stale.empty()) return result;
  if (stale.entries.size() == old->entries.size() && !options.allowEmpty) {
    result.status = failedPrecondition(
        "prune: refusing to delete all " + std::to_string(old->entries.size()) +
        " objects of the inventory (the render shares none of them); allow it with allow-empty");
    return result;
  }
  std::vector<kube::ObjectRef> refs;
  for (const auto& entry : stale.entries) {
    auto ref = Inventory::refOf(entry);
    if (!ref.ok()) {
      result.status = ref.status();
      return result;
    }
    refs.push_back(*ref);
  }
  PruneOptions prune;
  prune.owner = options.apply.owner;
  prune.dryRun = dryRun;
  ApplyResult pruned = pruner.prune(refs, prune);
  Inventory remaining = current;
  for (const auto& e : pruned.changes.entries) {
    result.changes.entries.push_back(e);
    if (e.action == Action::Failed) remaining = remaining.merged(Inventory::of({e.ref}));
  }
  saved = save(remaining);
  result.status = !pruned.status.ok() ? pruned.status : saved;
  return result;
}

std::vector<kube::ObjectRef> appliedRefs(const SyncResult& result) {
  std::vector<kube::ObjectRef> refs;
  for (size_t i = 0; i < result.pruneStart && i < result.changes.entries.size(); ++i) {
    const ChangeSetEntry& e = result.changes.entries[i];
    if (e.action == Action::Created || e.action == Action::Configured ||
        e.action == Action::Unchanged) {
      refs.push_back(e.ref);
    }
  }
  return refs;
}

}  // namespace gitsync::apply
