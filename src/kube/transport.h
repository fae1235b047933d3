#pragma once
// libcurl transport: a pool of easy handles sharing one CURLSH (connections, TLS sessions,
// DNS), TLS and authentication from a RestConfig, the rate limiter, retries and metrics.
// Thread-safe: each request takes its own easy handle from the pool.
#include <array>
#include <functional>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include <curl/curl.h>

#include "gitsync/kube/http_client.h"
#include "http.h"
#include "rate_limiter.h"
#include "retry_policy.h"
#include "token_source.h"

namespace gitsync::kube {

class Transport {
 public:
  // Reads the PEM files of `config` (the data fields win). Errors name the file.
  static Result<std::unique_ptr<Transport>> create(const RestConfig& config,
                                                   const ClientOptions& options, Clock& clock);
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // Sends `request` (rate-limited, retried per ClientOptions::retry). Any HTTP response is an
  // ok result, whatever its code; failures without a usable response are errors:
  //   <context>: GET <url>: <curl message> (after N attempts)
  // Unavailable (connection), DeadlineExceeded (timeout), FailedPrecondition (TLS
  // verification, credentials files), ResourceExhausted (body over maxResponseBytes).
  // `context` is "<subject>: <verb>".
  Result<HttpResponse> send(const HttpRequest& request, std::string_view context);

  // Streams the body of one attempt (no retries, no overall timeout unless `timeout` > 0):
  // while the code is 2xx every received chunk goes to onData, which returns false to stop;
  // other bodies are collected in the response. `stop` (may be empty) is polled about once a
  // second; true ends the transfer. `stopped` tells whether onData or stop ended it.
  struct StreamResult {
    HttpResponse response;
    bool stopped = false;
  };
  Result<StreamResult> stream(const HttpRequest& request, std::string_view context,
                              const std::function<bool(std::string_view)>& onData,
                              const std::function<bool()>& stop,
                              std::chrono::milliseconds timeout);

  const std::string& server() const { return server_; }
  RequestMetrics metrics() const;
  void resetMetrics();

 private:
  struct Transfer;
  Transport(const RestConfig& config, const ClientOptions& options, Clock& clock);

  CURL* acquire();
  void release(CURL* handle);
  // One attempt. Fills `transfer`; returns the curl code.
  CURLcode perform(CURL* handle, const HttpRequest& request, Transfer& transfer,
                   std::chrono::milliseconds timeout);
  void record(const std::string& verb, long code);
  Status transportError(std::string_view context, const HttpRequest& request, CURLcode code,
                        const Transfer& transfer, int attempts,
                        AttemptOutcome::Failure failure) const;
  Status tooLarge(std::string_view context, const HttpRequest& request) const;

  static void lockShare(CURL*, curl_lock_data data, curl_lock_access, void* self);
  static void unlockShare(CURL*, curl_lock_data data, void* self);

  std::string server_;
  std::string caData_;
  std::string certData_;
  std::string keyData_;
  bool insecure_ = false;
  std::string proxyUrl_;
  std::string username_;
  std::string password_;
  std::string impersonateUser_;
  std::vector<std::string> impersonateGroups_;
  ClientOptions options_;
  Clock& clock_;
  TokenSource token_;
  RateLimiter limiter_;
  RetryPolicy retry_;

  std::mutex randomMutex_;
  std::mt19937_64 random_;

  std::array<std::mutex, CURL_LOCK_DATA_LAST> shareLocks_;
  CURLSH* share_ = nullptr;
  std::mutex poolMutex_;
  std::vector<CURL*> idle_;

  mutable std::mutex metricsMutex_;
  RequestMetrics metrics_;
};

}  // namespace gitsync::kube
