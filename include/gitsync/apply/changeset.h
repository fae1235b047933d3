#pragma once
// What the apply and prune stages did, as data: one entry per object, returned together with
// the Status even when some objects failed (fluxcd/pkg/ssa's ChangeSet).
#include <string>
#include <vector>

#include "gitsync/core/status.h"
#include "gitsync/kube/types.h"

namespace gitsync::apply {

enum class Action {
  Created,     // the object did not exist
  Configured,  // the object existed and the apply changed it (or it was recreated)
  Unchanged,   // the object already had the desired state: nothing was written
  Deleted,     // pruned
  Skipped,     // left alone on purpose (annotations, ownership); the message says why
  Failed,      // the message holds the error
};

// "created", "configured", "unchanged", "deleted", "skipped", "failed".
const char* actionName(Action action);

struct ChangeSetEntry {
  kube::ObjectRef ref;  // namespace defaulted for namespaced kinds, empty for cluster-scoped
  Action action = Action::Unchanged;
  std::string message;  // why (Skipped), the error (Failed), "recreated", else empty

  // "Deployment/prod/web configured" (+ ": message" when there is one).
  std::string line() const;
};

struct ChangeSet {
  std::vector<ChangeSetEntry> entries;

  size_t count(Action action) const;
  // "3 created, 1 configured, 5 unchanged" (only the non-zero counts; "no objects" when empty).
  std::string summary() const;
};

// A stage's outcome: the changes made so far and how the stage ended. A non-ok status never
// means the ChangeSet is empty: what was applied before the failure is listed.
struct ApplyResult {
  ChangeSet changes;
  Status status;
};

// One status for the failures of a stage: the first one, with "(N objects failed)" appended
// when there were several; ok when there were none.
Status summarizeFailures(const std::vector<Status>& failures);

}  // namespace gitsync::apply
