#include "rate_limiter.h"

#include <algorithm>
#include <cmath>

namespace gitsync::kube {

RateLimiter::RateLimiter(double qps, int burst, Clock& clock)
    : qps_(qps),
      burst_(std::max(1, burst)),
      clock_(clock),
      tokens_(std::max(1, burst)),
      last_(clock.now()) {}

Clock::Duration RateLimiter::reserve() {
  if (qps_ <= 0) return Clock::Duration::zero();
  std::lock_guard lock(mutex_);
  auto now = clock_.now();
  if (now > last_) {
    double elapsed = std::chrono::duration<double>(now - last_).count();
    tokens_ = std::min(burst_, tokens_ + elapsed * qps_);
    last_ = now;
  }
  tokens_ -= 1;
  if (tokens_ >= 0) return Clock::Duration::zero();
  auto nanos = std::llround(-tokens_ / qps_ * 1e9);
  return std::chrono::duration_cast<Clock::Duration>(std::chrono::nanoseconds(nanos));
}

void RateLimiter::wait() { clock_.sleepFor(reserve()); }

}  // namespace gitsync::kube
