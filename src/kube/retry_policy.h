#pragma once
// When to send a request again and after how long (ClientOptions::retry).
#include <functional>
#include <optional>

#include "gitsync/kube/clock.h"
#include "gitsync/kube/http_client.h"

namespace gitsync::kube {

// How one attempt ended.
struct AttemptOutcome {
  enum class Failure {
    None,            // a response arrived (see httpCode)
    ConnectFailed,   // nothing was sent (resolve or connect failed)
    ConnectionLost,  // the request may have reached the server
    Timeout,         // the attempt ran out of time
    Other,           // TLS verification, local errors: retrying cannot help
  };
  Failure failure = Failure::None;
  long httpCode = 0;
  std::optional<Clock::Duration> retryAfter;  // the response's Retry-After
};

class RetryPolicy {
 public:
  // `random` returns uniform values in [0, 1) for the jitter.
  RetryPolicy(const RetryOptions& options, std::function<double()> random);

  // The wait before the next attempt after attempt number `attempt` (1-based) ended with
  // `outcome`, or nullopt when the request must not be sent again. `idempotent` requests
  // (GET, PUT, PATCH, DELETE) are retried after 5xx and lost connections too.
  std::optional<Clock::Duration> next(int attempt, bool idempotent,
                                      const AttemptOutcome& outcome) const;

  // initialBackoff * 2^(attempt-1), at most maxBackoff, times (1 + jitter * random()).
  Clock::Duration backoff(int attempt) const;

 private:
  RetryOptions options_;
  std::function<double()> random_;
};

}  // namespace gitsync::kube
