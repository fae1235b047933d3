#pragma once
// One sync of a rendered set: apply, record the inventory, prune. Shared by the CLI and the
// controller (which brings its own InventoryStore). A failed render must not reach here: the
// caller applies and prunes nothing then.
#include <vector>

#include "gitsync/apply/applier.h"
#include "gitsync/apply/changeset.h"
#include "gitsync/apply/inventory.h"
#include "gitsync/apply/pruner.h"

namespace gitsync::apply {

struct SyncOptions {
  ApplyOptions apply;    // apply.owner is the owner of everything
  bool prune = false;    // delete what the previous inventory has and this sync does not
  // Allow a prune that deletes every object of a non-empty inventory (an empty render, or a
  // render sharing nothing with the inventory). Off: FailedPrecondition, nothing is deleted.
  bool allowEmpty = false;
};

struct SyncResult {
  ChangeSet changes;   // apply entries, then prune entries
  size_t pruneStart = 0;  // index of the first prune entry (== entries.size() when none)
  Inventory inventory; // as stored at the end (unchanged on a dry run)
  Status status;
};

// 1. loads the old inventory; 2. applies (stops on failure after saving old + applied, so
// nothing is orphaned; never prunes then); 3. saves old + applied; 4. prunes old - new (unless
// that is everything and !allowEmpty); 5. saves new + what could not be deleted. The store is
// written only when the inventory changes; a dry run writes nothing.
SyncResult sync(const render::ObjectSet& desired, Applier& applier, Pruner& pruner,
                InventoryStore& store, const SyncOptions& options);

// The objects the sync applied (created, configured or unchanged; not skipped, failed or
// pruned), in apply order: what the health stage waits for.
std::vector<kube::ObjectRef> appliedRefs(const SyncResult& result);

}  // namespace gitsync::apply
