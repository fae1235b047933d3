#pragma once
// A Clock for tests: time moves only when someone sleeps on it or the test advances it.
#include <mutex>
#include <vector>

#include "gitsync/kube/clock.h"

namespace gitsync::kube::testing {

class FakeClock final : public Clock {
 public:
  TimePoint now() const override {
    std::lock_guard lock(mutex_);
    return now_;
  }
  void sleepFor(Duration d) override {
    std::lock_guard lock(mutex_);
    sleeps_.push_back(d);
    if (d > Duration::zero()) now_ += d;
  }
  void advance(Duration d) {
    std::lock_guard lock(mutex_);
    now_ += d;
  }
  // Every sleepFor() argument, zero waits included.
  std::vector<Duration> sleeps() const {
    std::lock_guard lock(mutex_);
    return sleeps_;
  }
  // The sleeps longer than zero, in milliseconds.
  std::vector<long> waitsMs() const {
    std::lock_guard lock(mutex_);
    std::vector<long> out;
    for (auto d : sleeps_) {
      if (d > Duration::zero()) {
        out.push_back(static_cast<long>(
            std::chrono::duration_cast<std::chrono::milliseconds>(d).count()));
      }
    }
    return out;
  }

 private:
  mutable std::mutex mutex_;
  TimePoint now_{std::chrono::hours(1)};
  std::vector<Duration> sleeps_;
};

}  // namespace gitsync::kube::testing
