#pragma once
// What the webhook server knows of the Receivers: webhookPath -> the Receiver's key, type,
// events, token and targets. The Receiver reconciler writes it, the server's handler threads
// read it; every method is safe to call from many threads at once.
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "gitsync/controller/api.h"
#include "gitsync/controller/reconciler.h"

namespace gitsync::webhook {

struct ReceiverEntry {
  controller::ObjectKey key;
  std::string type;                 // spec.type
  std::vector<std::string> events;  // spec.events
  std::string token;                // the Secret's "token"
  std::vector<controller::CrossNamespaceObjectReference> resources;
  bool suspended = false;  // spec.suspend: the path answers 503
};

// "/hook/" + lower-case hex sha256(token + name + namespace), as Flux's
// notification-controller computes it.
std::string webhookPath(const std::string& token, const std::string& name,
                        const std::string& ns);

class ReceiverIndex {
 public:
  // Serves `entry` at `path`; drops the path the same Receiver had before, if another.
  void put(const std::string& path, ReceiverEntry entry);
  // Forgets the Receiver `key` (a no-op when unknown).
  void remove(const controller::ObjectKey& key);
  // The Receiver served at `path`, a copy.
  std::optional<ReceiverEntry> find(const std::string& path) const;
  // The path of Receiver `key`, nullopt when it is not served.
  std::optional<std::string> pathOf(const controller::ObjectKey& key) const;
  size_t size() const;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, ReceiverEntry> byPath_;
  std::map<controller::ObjectKey, std::string> pathByKey_;
};

}  // namespace gitsync::webhook
