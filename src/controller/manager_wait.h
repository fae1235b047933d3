#pragma once
// Waits of the controller's loops (informer backoff, lease retries) that end early on stop.
#include <algorithm>
#include <chrono>
#include <stop_token>

#include "gitsync/kube/clock.h"

namespace gitsync::controller {

// Sleeps `d` on `clock` in slices of at most 100 ms; returns false when `stop` was requested
// (at once or during the wait). A fake clock advances through the slices without real waiting.
inline bool sleepUnlessStopped(kube::Clock& clock, std::stop_token stop,
                               kube::Clock::Duration d) {
  auto until = clock.now() + d;
  while (!stop.stop_requested()) {
    auto left = until - clock.now();
    if (left <= kube::Clock::Duration::zero()) return true;
    clock.sleepFor(std::min<kube::Clock::Duration>(left, std::chrono::milliseconds(100)));
  }
  return false;
}

}  // namespace gitsync::controller
