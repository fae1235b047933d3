#pragma once
// Hands the exported tree of a GitRepository's latest fetch to the Kustomizations using it,
// in process (Flux serves artifacts over HTTP between controllers; gitsync is one process).
// Thread-safe. Trees are directories under the source cache; they are never modified.
#include <filesystem>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "gitsync/controller/reconciler.h"

namespace gitsync::controller {

struct StoredArtifact {
  std::string revision;  // "main@sha1:<hex>"
  std::string digest;    // "sha256:<hex>"
  std::filesystem::path dir;
};

class ArtifactStore {
 public:
  using Listener = std::function<void(const ObjectKey& source, const StoredArtifact& artifact)>;

  // Records the artifact of `source` and tells the listener when the revision changed (the
  // manager then reconciles the Kustomizations using it and cancels their health waits).
  void put(const ObjectKey& source, StoredArtifact artifact) {
    Listener listener;
    bool changed = false;
    {
      std::lock_guard lock(mutex_);
      auto it = artifacts_.find(source);
      changed = it == artifacts_.end() || it->second.revision != artifact.revision;
      artifacts_[source] = artifact;
      listener = listener_;
    }
    if (changed && listener) listener(source, artifact);
  }
  std::optional<StoredArtifact> get(const ObjectKey& source) const {
    std::lock_guard lock(mutex_);
    auto it = artifacts_.find(source);
    if (it == artifacts_.end()) return std::nullopt;
    return it->second;
  }
  void erase(const ObjectKey& source) {
    std::lock_guard lock(mutex_);
    artifacts_.erase(source);
  }
  // Set once, before the workers start.
  void setListener(Listener listener) {
    std::lock_guard lock(mutex_);
    listener_ = std::move(listener);
  }

 private:
  mutable std::mutex mutex_;
  std::map<ObjectKey, StoredArtifact> artifacts_;
  Listener listener_;
};

}  // namespace gitsync::controller
