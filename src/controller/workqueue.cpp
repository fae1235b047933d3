#include "gitsync/controller/workqueue.h"

#include <algorithm>

namespace gitsync::controller {

std::string keyOf(const ObjectKey& key) { return key.ns.empty() ? key.name : key.str(); }

ObjectKey objectKeyOf(const std::string& key) {
  auto slash = key.find('/');
  if (slash == std::string::npos) return {"", key};
  return {key.substr(0, slash), key.substr(slash + 1)};
}

WorkQueue::WorkQueue(kube::Clock& clock, WorkQueueOptions options)
    : clock_(clock), options_(options) {}

void WorkQueue::addLocked(const std::string& key) {
  if (shuttingDown_ || dirty_.contains(key)) return;
  dirty_.insert(key);
  if (processing_.contains(key)) return;  // handed out again by done()
  queue_.push_back(key);
  cv_.notify_one();
}

void WorkQueue::add(const std::string& key) {
  std::lock_guard lock(mutex_);
  addLocked(key);
}

void WorkQueue::addAfter(const std::string& key, Duration delay) {
  std::lock_guard lock(mutex_);
  if (shuttingDown_) return;
  if (delay <= Duration::zero()) {
    addLocked(key);
    return;
  }
  auto at = clock_.now() + delay;
  auto [it, inserted] = waiting_.try_emplace(key, at);
  if (!inserted) it->second = std::min(it->second, at);
  cv_.notify_all();  // a get() may now have an earlier time to wake at
}

WorkQueue::Duration WorkQueue::backoffFor(int failures) const {
  Duration backoff = options_.initialBackoff;
  for (int i = 1; i < failures && backoff < options_.maxBackoff; ++i) backoff *= 2;
  return std::min<Duration>(backoff, options_.maxBackoff);
}

void WorkQueue::addRateLimited(const std::string& key) {
  int n;
  {
    std::lock_guard lock(mutex_);
    n = ++failures_[key];
  }
  addAfter(key, backoffFor(n));
}

void WorkQueue::forget(const std::string& key) {
  std::lock_guard lock(mutex_);
  failures_.erase(key);
}

int WorkQueue::failures(const std::string& key) const {
  std::lock_guard lock(mutex_);
  auto it = failures_.find(key);
  return it == failures_.end() ? 0 : it->second;
}

void WorkQueue::promoteLocked() {
  auto now = clock_.now();
  for (auto it = waiting_.begin(); it != waiting_.end();) {
    if (it->second <= now) {
      std::string key = it->first;
      it = waiting_.erase(it);
      addLocked(key);
    } else {
      ++it;
    }
  }
}

std::optional<std::string> WorkQueue::popLocked() {
  if (queue_.empty()) return std::nullopt;
  std::string key = std::move(queue_.front());
  queue_.pop_front();
  dirty_.erase(key);
  processing_.insert(key);
  return key;
}

std::optional<std::string> WorkQueue::get() {
  std::unique_lock lock(mutex_);
  while (true) {
    if (shuttingDown_) return std::nullopt;
    promoteLocked();
    if (auto key = popLocked()) return key;
    Duration wait = options_.pollInterval;
    if (!waiting_.empty()) {
      auto next = std::min_element(waiting_.begin(), waiting_.end(), [](auto& a, auto& b) {
                    return a.second < b.second;
                  })->second;
      wait = std::min(wait, next - clock_.now());
    }
    cv_.wait_for(lock, std::max(wait, Duration(std::chrono::milliseconds(1))));
  }
}

std::optional<std::string> WorkQueue::tryGet() {
  std::lock_guard lock(mutex_);
  if (shuttingDown_) return std::nullopt;
  promoteLocked();
  return popLocked();
}

void WorkQueue::done(const std::string& key) {
  std::lock_guard lock(mutex_);
  processing_.erase(key);
  if (dirty_.contains(key)) {
    queue_.push_back(key);
    cv_.notify_one();
  }
}

void WorkQueue::shutDown() {
  std::lock_guard lock(mutex_);
  shuttingDown_ = true;
  cv_.notify_all();
}

bool WorkQueue::shuttingDown() const {
  std::lock_guard lock(mutex_);
  return shuttingDown_;
}

std::size_t WorkQueue::depth() {
  std::lock_guard lock(mutex_);
  promoteLocked();
  return queue_.size();
}

std::size_t WorkQueue::waiting() const {
  std::lock_guard lock(mutex_);
  return waiting_.size();
}

}  // namespace gitsync::controller
