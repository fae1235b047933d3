#pragma once
// The controller's work queue (client-go's rate-limited delaying queue, small): keys wait
// here until a worker takes them. Contracts:
//   - a key is pending at most once (duplicates collapse);
//   - a key is never handed to two workers at once: a key added while a worker holds it is
//     handed out again after that worker calls done();
//   - addAfter/addRateLimited keys become pending when the clock reaches their time;
//   - addRateLimited waits initialBackoff * 2^(failures-1), at most maxBackoff, per key,
//     until forget(key).
// Thread-safe. Time comes from the injected clock.
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>

#include "gitsync/controller/reconciler.h"
#include "gitsync/kube/clock.h"

namespace gitsync::controller {

struct WorkQueueOptions {
  std::chrono::milliseconds initialBackoff{std::chrono::seconds(1)};
  std::chrono::milliseconds maxBackoff{std::chrono::minutes(5)};
  // Longest real-time wait of get() before it looks at the clock again (so a clock that does
  // not follow real time, as in tests, is noticed).
  std::chrono::milliseconds pollInterval{std::chrono::seconds(1)};
};

// "ns/name" <-> ObjectKey ("name" alone for cluster-scoped objects).
std::string keyOf(const ObjectKey& key);
ObjectKey objectKeyOf(const std::string& key);

class WorkQueue {
 public:
  using Duration = kube::Clock::Duration;

  // `clock` must outlive the queue.
  explicit WorkQueue(kube::Clock& clock, WorkQueueOptions options = {});

  // Makes `key` pending now. Ignored after shutDown().
  void add(const std::string& key);
  // Makes `key` pending once `delay` has passed (at once for delay <= 0). A key already
  // waiting keeps the earlier of its two times.
  void addAfter(const std::string& key, Duration delay);
  // addAfter with the key's next backoff; counts a failure of the key.
  void addRateLimited(const std::string& key);
  // Clears the failures of `key` (after a success).
  void forget(const std::string& key);
  // How many times addRateLimited was called for `key` since the last forget().
  int failures(const std::string& key) const;
  // The backoff addRateLimited would use after `failures` failures (1 -> initialBackoff).
  Duration backoffFor(int failures) const;

  // Blocks until a key is pending and hands it out (the caller must call done(key)); nullopt
  // once shutDown() was called, even when keys are still pending.
  std::optional<std::string> get();
  // Non-blocking get(): nullopt when no key is pending now.
  std::optional<std::string> tryGet();
  // The worker finished `key`; it is pending again if it was added meanwhile.
  void done(const std::string& key);

  // Wakes every get() (they return nullopt) and ignores later adds.
  void shutDown();
  bool shuttingDown() const;

  // Keys pending now (not those waiting for their time, not those being processed); keys
  // whose time has come count as pending.
  std::size_t depth();
  // Keys waiting for their time.
  std::size_t waiting() const;

 private:
  void addLocked(const std::string& key);
  // Moves keys whose time has come from waiting_ to the queue.
  void promoteLocked();
  std::optional<std::string> popLocked();

  kube::Clock& clock_;
  WorkQueueOptions options_;
  mutable std::mutex mutex_;
  std::condition_variable cv_;
  std::deque<std::string> queue_;     // pending, in order
  std::set<std::string> dirty_;       // pending, or to be pending after done()
  std::set<std::string> processing_;  // handed out, done() not called yet
  std::map<std::string, kube::Clock::TimePoint> waiting_;
  std::map<std::string, int> failures_;
  bool shuttingDown_ = false;
};

}  // namespace gitsync::controller
