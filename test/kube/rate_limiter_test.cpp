#include <catch2/catch.hpp>

#include "fake_clock.h"
#include "kube/rate_limiter.h"

using namespace gitsync::kube;
using gitsync::kube::testing::FakeClock;
using std::chrono::milliseconds;

namespace {
long ms(Clock::Duration d) {
  return static_cast<long>(std::chrono::duration_cast<milliseconds>(d).count());
}
}  // namespace

TEST_CASE("the token bucket lets the burst through, then spaces requests at 1/qps") {
  FakeClock clock;
  RateLimiter limiter(5, 2, clock);
  std::vector<long> waits;
  for (int i = 0; i < 5; ++i) waits.push_back(ms(limiter.reserve()));
  // Waiters queue up: each reservation waits for its own token.
  CHECK(waits == std::vector<long>{0, 0, 200, 400, 600});

  clock.advance(std::chrono::seconds(1));  // 5 tokens back: from -3 to 2
  waits.clear();
  for (int i = 0; i < 3; ++i) waits.push_back(ms(limiter.reserve()));
  CHECK(waits == std::vector<long>{0, 0, 200});
}

TEST_CASE("wait() sleeps on the clock; the bucket never holds more than the burst") {
  FakeClock clock;
  RateLimiter limiter(10, 3, clock);
  clock.advance(std::chrono::hours(1));
  for (int i = 0; i < 6; ++i) limiter.wait();
  CHECK(clock.waitsMs() == std::vector<long>{100, 100, 100});
}

TEST_CASE("qps <= 0 disables the limit") {
  FakeClock clock;
  RateLimiter limiter(0, 1, clock);
  for (int i = 0; i < 100; ++i) CHECK(limiter.reserve() == Clock::Duration::zero());
}
