#pragma once
// A token bucket (golang.org/x/time/rate semantics, as client-go's default limiter): `burst`
// tokens at most, refilled at `qps` per second; a request that finds no token waits until
// its token would be there (tokens may go negative, so waiters queue up in order).
#include <mutex>

#include "gitsync/kube/clock.h"

namespace gitsync::kube {

class RateLimiter {
 public:
  // qps <= 0 disables the limit. `clock` must outlive the limiter.
  RateLimiter(double qps, int burst, Clock& clock);

  // Takes a token and returns how long the caller must wait before using it (zero when one
  // was available).
  Clock::Duration reserve();

  // reserve() and sleep on the clock.
  void wait();

 private:
  std::mutex mutex_;
  double qps_;
  double burst_;
  Clock& clock_;
  double tokens_;
  Clock::TimePoint last_;
};

}  // namespace gitsync::kube
