#include "gitsync/kube/clock.h"

#include <thread>

namespace gitsync::kube {

Clock::TimePoint SystemClock::now() const { return std::chrono::steady_clock::now(); }

void SystemClock::sleepFor(Duration d) {
  if (d > Duration::zero()) std::this_thread::sleep_for(d);
}

}  // namespace gitsync::kube
