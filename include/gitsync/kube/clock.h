#pragma once
// The time source of the kube stage (rate limiting, retry backoff, discovery refresh). Tests
// inject a fake that advances instead of sleeping, so waits are asserted exactly.
#include <chrono>

namespace gitsync::kube {

class Clock {
 public:
  using Duration = std::chrono::steady_clock::duration;
  using TimePoint = std::chrono::steady_clock::time_point;

  virtual ~Clock() = default;
  virtual TimePoint now() const = 0;
  // Blocks the calling thread for `d` (nothing for d <= 0). Safe to call from many threads.
  virtual void sleepFor(Duration d) = 0;
};

// std::chrono::steady_clock and std::this_thread::sleep_for.
class SystemClock final : public Clock {
 public:
  TimePoint now() const override;
  void sleepFor(Duration d) override;
};

}  // namespace gitsync::kube
