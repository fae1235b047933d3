#include "retry_policy.h"

#include <algorithm>
#include <cmath>

namespace gitsync::kube {

RetryPolicy::RetryPolicy(const RetryOptions& options, std::function<double()> random)
    : options_(options), random_(std::move(random)) {}

Clock::Duration RetryPolicy::backoff(int attempt) const {
  using std::chrono::duration;
  double base = duration<double>(options_.initialBackoff).count() *
                std::pow(2.0, std::max(0, attempt - 1));
  base = std::min(base, duration<double>(options_.maxBackoff).count());
  double factor = 1.0;
  if (options_.jitter > 0 && random_) factor += options_.jitter * random_();
  return std::chrono::duration_cast<Clock::Duration>(
      std::chrono::nanoseconds(std::llround(base * factor * 1e9)));
}

std::optional<Clock::Duration> RetryPolicy::next(int attempt, bool idempotent,
                                                 const AttemptOutcome& outcome) const {
  if (attempt >= options_.maxAttempts) return std::nullopt;
  using Failure = AttemptOutcome::Failure;
  bool retry = false;
  switch (outcome.failure) {
    case Failure::ConnectFailed: retry = true; break;
    case Failure::ConnectionLost: retry = idempotent; break;
    case Failure::Timeout:
    case Failure::Other: retry = false; break;
    case Failure::None: {
      long code = outcome.httpCode;
      if (code == 429) {
        retry = true;  // rejected before processing (API priority and fairness)
      } else if (code >= 500 && code != 501) {
        retry = idempotent;
      }
      break;
    }
  }
  if (!retry) return std::nullopt;
  if (outcome.retryAfter) {
    Clock::Duration cap = options_.maxRetryAfter;
    return std::clamp(*outcome.retryAfter, Clock::Duration::zero(), cap);
  }
  return backoff(attempt);
}

}  // namespace gitsync::kube
