#pragma once
// An informer (client-go's, small): lists one kind, then watches it, keeping a thread-safe
// store of the objects keyed "ns/name" and telling handlers what changed.
//   - the watch resumes from the last resourceVersion seen (events and bookmarks);
//   - an expired version (410) re-lists and reconciles the store with the new list:
//     onAdd / onUpdate for what is new or changed, onDelete for what is gone;
//   - failed lists and watches are retried with exponential backoff;
//   - handlers run on the informer's thread, one at a time, after the store was updated;
//     onUpdate is called only when the resourceVersion changed.
#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <stop_token>
#include <string>
#include <thread>
#include <vector>

#include "gitsync/kube/client.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/types.h"

namespace gitsync::controller {

struct InformerOptions {
  kube::GroupVersionKind gvk;
  std::string ns;  // empty: all namespaces
  std::string labelSelector;
  std::chrono::seconds watchTimeout{300};  // the server ends each watch after this long
  std::chrono::milliseconds initialBackoff{std::chrono::seconds(1)};  // doubled per failure
  std::chrono::milliseconds maxBackoff{std::chrono::seconds(30)};
};

struct InformerHandlers {
  std::function<void(const kube::Json& object)> onAdd;
  std::function<void(const kube::Json& oldObject, const kube::Json& newObject)> onUpdate;
  // The last state the informer knew (for a delete synthesized by a re-list, the stored one).
  std::function<void(const kube::Json& object)> onDelete;
};

// "ns/name" of an object ("name" for cluster-scoped ones).
std::string storeKeyOf(const kube::Json& object);

class Informer {
 public:
  // `client`, `watcher` and `clock` must outlive the informer.
  Informer(kube::KubeClient& client, kube::Watcher& watcher, kube::Clock& clock,
           InformerOptions options, InformerHandlers handlers);
  ~Informer();  // stops

  // Runs on a background thread until stop().
  void start();
  // Ends the watch (within about a second) and joins the thread. Idempotent.
  void stop();

  // List, watch, re-list until `stop` is requested; start() runs it on its thread.
  void run(std::stop_token stop);

  // True once the first list was stored (and the handlers told of it).
  bool hasSynced() const { return synced_.load(); }
  // False after run() returned (stopped).
  bool running() const { return running_.load(); }

  std::optional<kube::Json> get(const std::string& key) const;
  std::vector<kube::Json> list() const;  // ordered by key
  std::vector<std::string> keys() const;

  const kube::GroupVersionKind& gvk() const { return options_.gvk; }

 private:
  // Replaces the store with `items`, calling the handlers for the differences.
  void replace(const std::vector<kube::Json>& items);
  void upsert(const kube::Json& object);
  void remove(const kube::Json& object);

  kube::KubeClient& client_;
  kube::Watcher& watcher_;
  kube::Clock& clock_;
  InformerOptions options_;
  InformerHandlers handlers_;
  mutable std::mutex mutex_;
  std::map<std::string, kube::Json> store_;
  std::atomic<bool> synced_{false};
  std::atomic<bool> running_{false};
  std::jthread thread_;
};

}  // namespace gitsync::controller
