#pragma once
#include "gitsync/core/node.h"
#include "gitsync/core/status.h"
#include "gitsync/render/resource.h"

namespace gitsync::render {

// Applies the top kustomization's `sortOptions` (legacy by default, with kustomize's orderFirst
// and orderLast kind lists unless given; fifo keeps the build order). `sortOptions` may be null.
Result<ObjectSet> sortObjects(ObjectSet set, const core::Node* sortOptions, const std::string& file);

}  // namespace gitsync::render
