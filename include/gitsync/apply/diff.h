#pragma once
// What an apply would change, without changing anything: a server-side dry run per object,
// compared with the live object (`gitsync diff`).
#include <string>
#include <vector>

#include "gitsync/apply/applier.h"
#include "gitsync/apply/inventory.h"

namespace gitsync::apply {

struct ObjectDiff {
  kube::ObjectRef ref;
  Action action = Action::Unchanged;  // Created, Configured, Unchanged, Skipped, Deleted, Failed
  std::string diff;     // unified diff of the YAML (live -> merged); empty when Unchanged
  std::string message;  // why (Skipped) or the error (Failed)
};

struct DiffResult {
  std::vector<ObjectDiff> objects;  // desired objects in apply order, then the prune candidates
  Status status;

  // True when applying (and pruning) would change something.
  bool changes() const;
};

// Dry-runs every desired object (one GET and one dry-run APPLY each) and lists the objects of
// `previous` the desired set lacks and that still carry the owner's labels (Deleted). Secret
// data values are masked ("***", or "*** (before)" / "*** (after)" where they differ), as
// kubectl diff does. Volatile metadata (managedFields, resourceVersion, generation) is left out.
DiffResult diff(const render::ObjectSet& desired, const Inventory& previous,
                kube::KubeClient& client, kube::RestMapper& mapper, const ApplyOptions& options);

// A unified diff (3 lines of context) from `before` to `after`, with "--- <beforeName>" and
// "+++ <afterName>" headers; empty when the texts are equal.
std::string unifiedDiff(const std::string& before, const std::string& after,
                        const std::string& beforeName, const std::string& afterName);

}  // namespace gitsync::apply
