// ReceiverIndex: two maps under one mutex.
#include "gitsync/webhook/receiver_index.h"

#include "gitsync/webhook/signature.h"

namespace gitsync::webhook {

std::string webhookPath(const std::string& token, const std::string& name,
                        const std::string& ns) {
  return "/hook/" + sha256Hex(token + name + ns);
}

void ReceiverIndex::put(const std::string& path, ReceiverEntry entry) {
  std::lock_guard lock(mutex_);
  auto old = pathByKey_.find(entry.key);
  if (old != pathByKey_.end() && old->second != path) byPath_.erase(old->second);
  // A path of another Receiver (two Receivers of one name, namespace and token cannot
  // exist) would be replaced here: its key no longer points to it.
  auto taken = byPath_.find(path);
  if (taken != byPath_.end() && !(taken->second.key == entry.key)) {
    pathByKey_.erase(taken->second.key);
  }
  pathByKey_[entry.key] = path;
  byPath_[path] = std::move(entry);
}

void ReceiverIndex::remove(const controller::ObjectKey& key) {
  std::lock_guard lock(mutex_);
  auto it = pathByKey_.find(key);
  if (it == pathByKey_.end()) return;
  byPath_.erase(it->second);
  pathByKey_.erase(it);
}

std::optional<ReceiverEntry> ReceiverIndex::find(const std::string& path) const {
  std::lock_guard lock(mutex_);
  auto it = byPath_.find(path);
  if (it == byPath_.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> ReceiverIndex::pathOf(const controller::ObjectKey& key) const {
  std::lock_guard lock(mutex_);
  auto it = pathByKey_.find(key);
  if (it == pathByKey_.end()) return std::nullopt;
  return it->second;
}

size_t ReceiverIndex::size() const {
  std::lock_guard lock(mutex_);
  return byPath_.size();
}

}  // namespace gitsync::webhook
