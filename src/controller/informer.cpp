#include "gitsync/controller/informer.h"

#include <spdlog/spdlog.h>

#include <set>

#include "manager_wait.h"

namespace gitsync::controller {
namespace {

std::string resourceVersionOf(const kube::Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  return meta->value("resourceVersion", "");
}

}  // namespace

std::string storeKeyOf(const kube::Json& object) {
  auto meta = object.find("metadata");
  if (meta == object.end() || !meta->is_object()) return {};
  std::string ns = meta->value("namespace", "");
  std::string name = meta->value("name", "");
  return ns.empty() ? name : ns + "/" + name;
}

Informer::Informer(kube::KubeClient& client, kube::Watcher& watcher, kube::Clock& clock,
                   InformerOptions options, InformerHandlers handlers)
    : client_(client),
      watcher_(watcher),
      clock_(clock),
      options_(std::move(options)),
      handlers_(std::move(handlers)) {}

Informer::~Informer() { stop(); }

void Informer::start() {
  running_ = true;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void Informer::stop() {
  if (thread_.joinable()) {
    thread_.request_stop();
    thread_.join();
  }
}

std::optional<kube::Json> Informer::get(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = store_.find(key);
  if (it == store_.end()) return std::nullopt;
  return it->second;
}

std::vector<kube::Json> Informer::list() const {
  std::lock_guard lock(mutex_);
  std::vector<kube::Json> out;
  out.reserve(store_.size());
  for (const auto& [key, object] : store_) out.push_back(object);
  return out;
}

std::vector<std::string> Informer::keys() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> out;
  for (const auto& [key, object] : store_) out.push_back(key);
  return out;
}

void Informer::upsert(const kube::Json& object) {
  std::string key = storeKeyOf(object);
  std::optional<kube::Json> old;
  {
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it != store_.end()) old = std::move(it->second);
    store_[key] = object;
  }
  if (!old) {
    if (handlers_.onAdd) handlers_.onAdd(object);
  } else if (resourceVersionOf(*old) != resourceVersionOf(object)) {
    if (handlers_.onUpdate) handlers_.onUpdate(*old, object);
  }
}

void Informer::remove(const kube::Json& object) {
  std::string key = storeKeyOf(object);
  std::optional<kube::Json> old;
  {
    std::lock_guard lock(mutex_);
    auto it = store_.find(key);
    if (it == store_.end()) return;
    old = std::move(it->second);
    store_.erase(it);
  }
  if (handlers_.onDelete) handlers_.onDelete(object.contains("metadata") ? object : *old);
}

void Informer::replace(const std::vector<kube::Json>& items) {
  std::set<std::string> listed;
  for (const auto& item : items) listed.insert(storeKeyOf(item));
  std::vector<kube::Json> gone;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, object] : store_) {
      if (!listed.contains(key)) gone.push_back(object);
    }
  }
  for (const auto& object : gone) remove(object);
  for (const auto& item : items) upsert(item);
}

void Informer::run(std::stop_token stop) {
  running_ = true;
  const std::string kind = options_.gvk.kind;
  auto backoff = options_.initialBackoff;
  auto fail = [&](const std::string& message) {
    spdlog::warn("informer {}: {} (retrying in {} ms)", kind, message, backoff.count());
    bool keepGoing = sleepUnlessStopped(clock_, stop, backoff);
    backoff = std::min(backoff * 2, options_.maxBackoff);
    return keepGoing;
  };
  while (!stop.stop_requested()) {
    kube::ListOptions listOptions;
    listOptions.ns = options_.ns;
    listOptions.labelSelector = options_.labelSelector;
    auto listed = client_.list(options_.gvk, listOptions);
    if (!listed.ok()) {
      if (!fail(listed.status().message())) break;
      continue;
    }
    replace(listed->items);
    synced_ = true;
    backoff = options_.initialBackoff;
    std::string version = listed->resourceVersion;

    // Watch from `version` until it expires (then list again) or stop.
    while (!stop.stop_requested()) {
      kube::WatchOptions watchOptions;
      watchOptions.ns = options_.ns;
      watchOptions.labelSelector = options_.labelSelector;
      watchOptions.resourceVersion = version;
      watchOptions.timeout = options_.watchTimeout;
      watchOptions.stopRequested = [&stop] { return stop.stop_requested(); };
      auto end = watcher_.watch(options_.gvk, watchOptions, [&](const kube::WatchEvent& e) {
        switch (e.type) {
          case kube::WatchEventType::Added:
          case kube::WatchEventType::Modified:
            upsert(e.object);
            break;
          case kube::WatchEventType::Deleted:
            remove(e.object);
            break;
          case kube::WatchEventType::Bookmark:
            break;
        }
        std::string seen = resourceVersionOf(e.object);
        if (!seen.empty()) version = seen;
        return !stop.stop_requested();
      });
      if (!end.ok()) {
        if (!fail(end.status().message())) break;
        continue;  // resume from the last version seen
      }
      if (!end->resourceVersion.empty()) version = end->resourceVersion;
      backoff = options_.initialBackoff;
      if (end->reason == kube::WatchEndReason::Expired) {
        spdlog::info("informer {}: resourceVersion {} expired, listing again", kind, version);
        break;
      }
    }
  }
  running_ = false;
}

}  // namespace gitsync::controller
