#pragma once
// Change detection without writing (docs/apply.md, "Change detection"). Pure functions over
// the JSON of the desired object (owner labels added, namespace defaulted) and the live object
// from a LIST.
#include <string>

#include "gitsync/kube/types.h"

namespace gitsync::apply {

enum class Verdict {
  Unchanged,  // applying would change nothing: skip the write
  Changed,    // applying certainly changes the object: apply
  Doubtful,   // a value differs in a way server normalization may explain: dry-run to decide
};

struct Comparison {
  Verdict verdict = Verdict::Unchanged;
  std::string path;    // where the first difference is ("spec.replicas"), empty when none
};

// (a) Every field of `desired` equals the live value at the same path: maps are compared as a
// subset (the server adds defaults), lists need the same length and element-wise subsets.
// Returns Unchanged with an empty path on equality, else the path of the first difference.
// Differences in metadata.labels, metadata.annotations and a ConfigMap's data/binaryData are
// Changed (the server never normalizes them); other value differences are Doubtful.
Comparison compareValues(const kube::Json& desired, const kube::Json& live);

// (b) The fields the `manager` owns through Apply (metadata.managedFields, fieldsV1) are exactly
// the fields of `desired` (so a field removed from the source is noticed). apiVersion, kind,
// metadata.name and metadata.namespace are not tracked there and are ignored. A map or list
// owned as a whole ("f:x": {}) covers everything under it. False when there is no such entry.
bool ownsExactly(const kube::Json& desired, const kube::Json& live, const std::string& manager);

// Both checks: Unchanged only when (a) finds no difference and (b) holds; a failed (b) is
// Doubtful with path "metadata.managedFields" (the dry run decides).
Comparison compare(const kube::Json& desired, const kube::Json& live, const std::string& manager);

// `a` and `b` are the same object state: equal after dropping metadata.resourceVersion,
// metadata.generation and the time of every managedFields entry (used to judge a dry-run
// result against the live object).
bool sameState(const kube::Json& a, const kube::Json& b);

}  // namespace gitsync::apply
