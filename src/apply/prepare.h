#pragma once
// Shared by the applier and the differ: the desired objects as JSON with the owner labels and
// the per-object annotations read.
#include <string>
#include <vector>

#include "gitsync/apply/applier.h"

namespace gitsync::apply {

struct Item {
  kube::Json object;
  kube::ObjectRef ref;
  std::string ssa = "Override";
  bool reconcileDisabled = false;
  bool forceRecreate = false;
};

// The value of annotation `key` of `object`, "" when unset or not a string.
std::string annotation(const kube::Json& object, const char* key);

// InvalidArgument (naming the object) when owner.name is empty, an object cannot be converted
// to JSON, lacks apiVersion/kind/metadata.name, or has an unknown gitsync.dev/ssa value.
Result<std::vector<Item>> prepare(const render::ObjectSet& desired, const ApplyOptions& options);

}  // namespace gitsync::apply
