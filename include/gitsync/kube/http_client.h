#pragma once
// The libcurl implementation of KubeClient, Watcher and RestMapper: one CURLSH share per
// client (connections, TLS sessions and DNS reused across requests and threads), HTTP/2 when
// the server offers it, a client-side rate limit, retries with exponential backoff, a timeout
// on every request and counters of the requests sent.
#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>

#include "gitsync/core/status.h"
#include "gitsync/kube/client.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/kubeconfig.h"
#include "gitsync/kube/mapper.h"
#include "gitsync/kube/types.h"

namespace gitsync::kube {

// Token bucket in front of every request (every retry and watch too).
struct RateLimitOptions {
  double qps = 50;  // <= 0 disables the limit
  int burst = 100;
};

struct RetryOptions {
  // Attempts in all, the first included (1: never retry). Retried: 429 (any verb, honouring
  // Retry-After), 5xx other than 501 and lost connections (GET, PUT, PATCH, DELETE), failures
  // to connect (any verb: nothing was sent). Timeouts are not retried.
  int maxAttempts = 5;
  std::chrono::milliseconds initialBackoff{200};  // doubled after each attempt...
  std::chrono::milliseconds maxBackoff{10'000};   // ...up to this
  double jitter = 0.2;  // backoff * (1 + jitter * uniform[0, 1))
  std::chrono::milliseconds maxRetryAfter{30'000};  // longer Retry-After values are capped
};

struct ClientOptions {
  std::chrono::milliseconds timeout{30'000};  // whole request, every attempt (not watches)
  std::chrono::milliseconds connectTimeout{10'000};
  RateLimitOptions rateLimit;
  RetryOptions retry;
  DiscoveryOptions discovery;
  std::string userAgent = "gitsync";
  bool http2 = true;                       // CURL_HTTP_VERSION_2TLS: HTTP/2 when TLS offers it
  uint64_t maxResponseBytes = 512u << 20;  // larger bodies fail with ResourceExhausted
};

// Attempts sent, by verb and HTTP status code (0: no response, a transport error). Verbs are
// the API server's: GET (objects and discovery), LIST, WATCH, CREATE, UPDATE, PATCH, APPLY,
// DELETE.
struct RequestMetrics {
  std::map<std::string, std::map<long, uint64_t>, std::less<>> counts;

  uint64_t total() const;
  uint64_t count(std::string_view verb) const;
  uint64_t count(std::string_view verb, long code) const;
};

class Transport;
class Discovery;
class DocumentFetcher;
struct HttpRequest;
struct HttpResponse;

class HttpKubeClient final : public KubeClient, public Watcher {
 public:
  // Reads the certificate, key and CA files of `config` now (errors name them) and sets up
  // the connection share; sends nothing. `clock` must outlive the client.
  static Result<std::unique_ptr<HttpKubeClient>> connect(const RestConfig& config,
                                                         const ClientOptions& options,
                                                         Clock& clock);
  // Same, with the system clock.
  static Result<std::unique_ptr<HttpKubeClient>> connect(const RestConfig& config,
                                                         const ClientOptions& options = {});
  ~HttpKubeClient() override;

  Result<Json> get(const ObjectRef& ref) override;
  Result<ObjectList> list(const GroupVersionKind& gvk, const ListOptions& options) override;
  Result<Json> apply(const Json& object, const ApplyOptions& options) override;
  Result<Json> del(const ObjectRef& ref, const DeleteOptions& options) override;
  Result<WatchEnd> watch(const GroupVersionKind& gvk, const WatchOptions& options,
                         const WatchCallback& onEvent) override;

  // POST: AlreadyExists when the name is taken. Never retried after the request may have
  // reached the server (only 429 and failures to connect).
  Result<Json> create(const Json& object, const WriteOptions& options);
  // PUT of a whole object; Aborted when metadata.resourceVersion is stale.
  Result<Json> update(const Json& object, const WriteOptions& options);
  // JSON merge patch (RFC 7386) of the status subresource.
  Result<Json> patchStatus(const ObjectRef& ref, const Json& mergePatch,
                           const WriteOptions& options);

  // Discovery of this server (cached; see RestMapper).
  RestMapper& mapper();
  // Namespace used when an ObjectRef of a namespaced kind names none.
  const std::string& defaultNamespace() const;
  // A snapshot of the counters since connect() or the last resetMetrics().
  RequestMetrics metrics() const;
  void resetMetrics();

 private:
  HttpKubeClient(std::unique_ptr<Transport> transport, std::string defaultNamespace,
                 const ClientOptions& options, Clock& clock);

  // The mapping of ref.gvk and ref with the namespace the request uses.
  Result<std::pair<RestMapping, ObjectRef>> target(const ObjectRef& ref, std::string_view verb);
  // Sends and decodes a JSON answer; non-2xx answers become Status ("<subject>: <verb>: ...").
  Result<Json> exchange(const HttpRequest& request, const std::string& subject,
                        std::string_view verb);

  std::unique_ptr<Clock> ownedClock_;  // destroyed last
  std::unique_ptr<Transport> transport_;
  std::unique_ptr<DocumentFetcher> fetcher_;
  std::unique_ptr<Discovery> discovery_;
  std::string defaultNamespace_;
};

}  // namespace gitsync::kube
