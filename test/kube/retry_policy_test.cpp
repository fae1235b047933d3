#include <catch2/catch.hpp>

#include "kube/retry_policy.h"

using namespace gitsync::kube;
using std::chrono::milliseconds;
using Failure = AttemptOutcome::Failure;

namespace {
RetryOptions options(double jitter = 0) {
  RetryOptions o;
  o.maxAttempts = 5;
  o.initialBackoff = milliseconds(100);
  o.maxBackoff = milliseconds(500);
  o.jitter = jitter;
  o.maxRetryAfter = milliseconds(3000);
  return o;
}
AttemptOutcome http(long code) {
  AttemptOutcome o;
  o.httpCode = code;
  return o;
}
AttemptOutcome failure(Failure f) {
  AttemptOutcome o;
  o.failure = f;
  return o;
}
long ms(std::optional<Clock::Duration> d) {
  return d ? static_cast<long>(std::chrono::duration_cast<milliseconds>(*d).count()) : -1;
}
}  // namespace

TEST_CASE("backoff doubles up to maxBackoff") {
  RetryPolicy policy(options(), nullptr);
  std::vector<long> delays;
  for (int attempt = 1; attempt <= 4; ++attempt) delays.push_back(ms(policy.next(attempt, true, http(503))));
  CHECK(delays == std::vector<long>{100, 200, 400, 500});
  CHECK(ms(policy.next(5, true, http(503))) == -1);  // maxAttempts reached
}

TEST_CASE("jitter stretches the backoff by up to jitter * random") {
  RetryPolicy policy(options(0.5), [] { return 0.5; });
  CHECK(ms(policy.next(1, true, http(500))) == 125);
  CHECK(ms(policy.next(3, true, http(500))) == 500);
}

TEST_CASE("what is retried") {
  RetryPolicy policy(options(), nullptr);
  // 429: any verb (the server rejected it before doing anything).
  CHECK(ms(policy.next(1, false, http(429))) == 100);
  // 5xx (not 501): idempotent verbs only.
  CHECK(ms(policy.next(1, true, http(500))) == 100);
  CHECK(ms(policy.next(1, false, http(500))) == -1);
  CHECK(ms(policy.next(1, true, http(501))) == -1);
  // 4xx other than 429, and success, never.
  for (long code : {200L, 201L, 400L, 404L, 409L, 410L, 422L}) {
    INFO(code);
    CHECK(ms(policy.next(1, true, http(code))) == -1);
  }
  // Connection failures: before sending any verb, after sending idempotent ones.
  CHECK(ms(policy.next(1, false, failure(Failure::ConnectFailed))) == 100);
  CHECK(ms(policy.next(1, true, failure(Failure::ConnectionLost))) == 100);
  CHECK(ms(policy.next(1, false, failure(Failure::ConnectionLost))) == -1);
  CHECK(ms(policy.next(1, true, failure(Failure::Timeout))) == -1);
  CHECK(ms(policy.next(1, true, failure(Failure::Other))) == -1);
}

TEST_CASE("Retry-After wins over the backoff, capped at maxRetryAfter") {
  RetryPolicy policy(options(), nullptr);
  AttemptOutcome tooMany = http(429);
  tooMany.retryAfter = std::chrono::seconds(2);
  CHECK(ms(policy.next(1, false, tooMany)) == 2000);
  tooMany.retryAfter = std::chrono::seconds(60);
  CHECK(ms(policy.next(1, false, tooMany)) == 3000);
  tooMany.retryAfter = std::chrono::seconds(0);
  CHECK(ms(policy.next(1, false, tooMany)) == 0);
  AttemptOutcome unavailable = http(503);
  unavailable.retryAfter = std::chrono::seconds(1);
  CHECK(ms(policy.next(4, true, unavailable)) == 1000);
  CHECK(ms(policy.next(5, true, unavailable)) == -1);
}
