#include "transport.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <mutex>

#include "gitsync/core/yaml.h"

namespace gitsync::kube {

namespace {

constexpr size_t kMaxPemBytes = 1u << 20;

// curl_global_init is not thread-safe in curl 7.88 and must run before the first handle;
// doing it once per process here is the adapter boundary's job.
void initCurlOnce() {
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

Status readPem(const std::string& file, std::string& data, const char* what) {
  if (!data.empty() || file.empty()) return okStatus();
  auto text = core::readFileLimited(file, kMaxPemBytes);
  if (!text.ok()) return text.status().withPrefix(std::string("client: ") + what);
  data = std::move(text).value();
  return okStatus();
}

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

AttemptOutcome::Failure classify(CURLcode code, bool connected) {
  using F = AttemptOutcome::Failure;
  switch (code) {
    case CURLE_OK: return F::None;
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_CONNECT: return F::ConnectFailed;
    case CURLE_OPERATION_TIMEDOUT: return connected ? F::Timeout : F::ConnectFailed;
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_PARTIAL_FILE:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM:
    case CURLE_SSL_CONNECT_ERROR: return connected ? F::ConnectionLost : F::ConnectFailed;
    default: return F::Other;
  }
}

Code codeForCurl(CURLcode code, AttemptOutcome::Failure failure) {
  switch (code) {
    case CURLE_OPERATION_TIMEDOUT: return Code::DeadlineExceeded;
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CACERT_BADFILE:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_ENGINE_NOTFOUND: return Code::FailedPrecondition;
    case CURLE_UNSUPPORTED_PROTOCOL:
    case CURLE_URL_MALFORMAT: return Code::InvalidArgument;
    default: break;
  }
  return failure == AttemptOutcome::Failure::Other ? Code::Internal : Code::Unavailable;
}

}  // namespace

// The state of one attempt, reached from curl's callbacks.
struct Transport::Transfer {
  CURL* handle = nullptr;
  HttpResponse response;
  std::optional<Clock::Duration> retryAfter;
  uint64_t maxBytes = 0;
  bool tooLarge = false;
  const std::function<bool(std::string_view)>* onData = nullptr;  // streaming when set
  const std::function<bool()>* stop = nullptr;
  bool stopped = false;
  std::string callbackError;  // an exception from onData or stop
  char errorBuffer[CURL_ERROR_SIZE] = {};

  static size_t onHeader(char* data, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    std::string_view line(data, size * count);
    auto colon = line.find(':');
    if (colon == std::string_view::npos) {
      // A status line starts a new response (after 100 Continue): forget older headers.
      if (line.rfind("HTTP/", 0) == 0) {
        t.response.contentType.clear();
        t.retryAfter.reset();
      }
      return size * count;
    }
    std::string name = lower(trim(line.substr(0, colon)));
    std::string_view value = trim(line.substr(colon + 1));
    if (name == "content-type") {
      t.response.contentType = std::string(value);
    } else if (name == "retry-after") {
      long seconds = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), seconds);
      if (ec == std::errc() && end == value.data() + value.size() && seconds >= 0) {
        t.retryAfter = std::chrono::seconds(seconds);
      }
    }
    return size * count;
  }

  static size_t onBody(char* data, size_t size, size_t count, void* self) {
    auto& t = *static_cast<Transfer*>(self);
    size_t n = size * count;
    long code = 0;
    curl_easy_getinfo(t.handle, CURLINFO_RESPONSE_CODE, &code);
    if (t.onData != nullptr && isSuccess(code)) {
      try {
        if (!(*t.onData)(std::string_view(data, n))) {
          t.stopped = true;
          return 0;  // aborts the transfer (CURLE_WRITE_ERROR)
        }
      } catch (const std::exception& e) {
        t.callbackError = e.what();
        return 0;
      } catch (...) {
        t.callbackError = "unknown exception";
        return 0;
      }
      return n;
    }
    if (t.response.body.size() + n > t.maxBytes) {
      t.tooLarge = true;
      return 0;
    }
    t.response.body.append(data, n);
    return n;
  }

  static int onProgress(void* self, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
    auto& t = *static_cast<Transfer*>(self);
    if (t.stop == nullptr || !*t.stop) return 0;
    try {
      if ((*t.stop)()) {
        t.stopped = true;
        return 1;  // CURLE_ABORTED_BY_CALLBACK
      }
    } catch (...) {
      t.callbackError = "stopRequested threw";
      return 1;
    }
    return 0;
  }
};

Transport::Transport(const RestConfig& config, const ClientOptions& options, Clock& clock)
    : server_(config.server),
      caData_(config.caData),
      certData_(config.certData),
      keyData_(config.keyData),
      insecure_(config.insecureSkipTlsVerify),
      proxyUrl_(config.proxyUrl),
      username_(config.username),
      password_(config.password),
      impersonateUser_(config.impersonateUser),
      impersonateGroups_(config.impersonateGroups),
      options_(options),
      clock_(clock),
      token_(config.token, config.tokenFile),
      limiter_(options.rateLimit.qps, options.rateLimit.burst, clock),
      retry_(options.retry,
             [this] {
               std::lock_guard lock(randomMutex_);
               return std::uniform_real_distribution<double>(0.0, 1.0)(random_);
             }),
      random_(std::random_device{}()) {}

Result<std::unique_ptr<Transport>> Transport::create(const RestConfig& config,
                                                     const ClientOptions& options,
                                                     Clock& clock) {
  if (config.server.rfind("https://", 0) != 0 && config.server.rfind("http://", 0) != 0) {
    return invalidArgument("client: server \"" + config.server + "\" is not an http(s) URL");
  }
  initCurlOnce();
  std::unique_ptr<Transport> t(new Transport(config, options, clock));
  while (!t->server_.empty() && t->server_.back() == '/') t->server_.pop_back();
  GITSYNC_RETURN_IF_ERROR(readPem(config.caFile, t->caData_, "certificate-authority"));
  GITSYNC_RETURN_IF_ERROR(readPem(config.certFile, t->certData_, "client-certificate"));
  GITSYNC_RETURN_IF_ERROR(readPem(config.keyFile, t->keyData_, "client-key"));
  t->share_ = curl_share_init();
  if (t->share_ == nullptr) return internalError("client: curl_share_init failed");
  curl_share_setopt(t->share_, CURLSHOPT_LOCKFUNC, &Transport::lockShare);
  curl_share_setopt(t->share_, CURLSHOPT_UNLOCKFUNC, &Transport::unlockShare);
  curl_share_setopt(t->share_, CURLSHOPT_USERDATA, t.get());
  curl_share_setopt(t->share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_CONNECT);
  curl_share_setopt(t->share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_SSL_SESSION);
  curl_share_setopt(t->share_, CURLSHOPT_SHARE, CURL_LOCK_DATA_DNS);
  return t;
}

Transport::~Transport() {
  for (CURL* h : idle_) curl_easy_cleanup(h);
  if (share_ != nullptr) curl_share_cleanup(share_);
}

void Transport::lockShare(CURL*, curl_lock_data data, curl_lock_access, void* self) {
  static_cast<Transport*>(self)->shareLocks_[static_cast<size_t>(data)].lock();
}

void Transport::unlockShare(CURL*, curl_lock_data data, void* self) {
  static_cast<Transport*>(self)->shareLocks_[static_cast<size_t>(data)].unlock();
}

CURL* Transport::acquire() {
  {
    std::lock_guard lock(poolMutex_);
    if (!idle_.empty()) {
      CURL* h = idle_.back();
      idle_.pop_back();
      return h;
    }
  }
  return curl_easy_init();
}

void Transport::release(CURL* handle) {
  std::lock_guard lock(poolMutex_);
  idle_.push_back(handle);
}

void Transport::record(const std::string& verb, long code) {
  std::lock_guard lock(metricsMutex_);
  ++metrics_.counts[verb][code];
}

RequestMetrics Transport::metrics() const {
  std::lock_guard lock(metricsMutex_);
  return metrics_;
}

void Transport::resetMetrics() {
  std::lock_guard lock(metricsMutex_);
  metrics_ = {};
}

CURLcode Transport::perform(CURL* h, const HttpRequest& request, Transfer& t,
                            std::chrono::milliseconds timeout) {
  curl_easy_reset(h);
  t.handle = h;
  t.maxBytes = options_.maxResponseBytes;
  std::string url = server_ + request.path;
  curl_easy_setopt(h, CURLOPT_URL, url.c_str());
  curl_easy_setopt(h, CURLOPT_SHARE, share_);
  curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(h, CURLOPT_ERRORBUFFER, t.errorBuffer);
  curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(h, CURLOPT_HTTP_VERSION,
                   options_.http2 ? CURL_HTTP_VERSION_2TLS : CURL_HTTP_VERSION_1_1);
  curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connectTimeout.count()));
  if (timeout.count() > 0) curl_easy_setopt(h, CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(h, CURLOPT_TCP_KEEPALIVE, 1L);
  curl_easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");  // gzip for large lists
  curl_easy_setopt(h, CURLOPT_USERAGENT, options_.userAgent.c_str());
  if (!proxyUrl_.empty()) curl_easy_setopt(h, CURLOPT_PROXY, proxyUrl_.c_str());

  // TLS: only the configured CA when there is one (as client-go), else the system's.
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, insecure_ ? 0L : 1L);
  curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, insecure_ ? 0L : 2L);
  if (!caData_.empty()) {
    curl_blob blob{caData_.data(), caData_.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
    curl_easy_setopt(h, CURLOPT_CAINFO, nullptr);
    curl_easy_setopt(h, CURLOPT_CAPATH, nullptr);
  }
  if (!certData_.empty()) {
    curl_blob cert{certData_.data(), certData_.size(), CURL_BLOB_COPY};
    curl_blob key{keyData_.data(), keyData_.size(), CURL_BLOB_COPY};
    curl_easy_setopt(h, CURLOPT_SSLCERT_BLOB, &cert);
    curl_easy_setopt(h, CURLOPT_SSLCERTTYPE, "PEM");
    curl_easy_setopt(h, CURLOPT_SSLKEY_BLOB, &key);
    curl_easy_setopt(h, CURLOPT_SSLKEYTYPE, "PEM");
  }

  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, ("Accept: " + request.accept).c_str());
  if (request.hasBody) {
    headers = curl_slist_append(headers, ("Content-Type: " + request.contentType).c_str());
  }
  headers = curl_slist_append(headers, "Expect:");
  if (!impersonateUser_.empty()) {
    headers = curl_slist_append(headers, ("Impersonate-User: " + impersonateUser_).c_str());
    for (const std::string& group : impersonateGroups_) {
      headers = curl_slist_append(headers, ("Impersonate-Group: " + group).c_str());
    }
  }
  std::string token = token_.token();
  if (!token.empty()) {
    headers = curl_slist_append(headers, ("Authorization: Bearer " + token).c_str());
  } else if (!username_.empty()) {
    curl_easy_setopt(h, CURLOPT_HTTPAUTH, static_cast<long>(CURLAUTH_BASIC));
    curl_easy_setopt(h, CURLOPT_USERNAME, username_.c_str());
    curl_easy_setopt(h, CURLOPT_PASSWORD, password_.c_str());
  }
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, headers);

  if (request.hasBody) {
    curl_easy_setopt(h, CURLOPT_POSTFIELDS, request.body.data());
    curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  }
  if (request.method == "GET") {
    curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
  } else if (request.method != "POST") {
    curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, request.method.c_str());
  }

  curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
  curl_easy_setopt(h, CURLOPT_HEADERDATA, &t);
  curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &Transfer::onBody);
  curl_easy_setopt(h, CURLOPT_WRITEDATA, &t);
  if (t.stop != nullptr && *t.stop) {
    curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
    curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &Transfer::onProgress);
    curl_easy_setopt(h, CURLOPT_XFERINFODATA, &t);
  }

  CURLcode rc = curl_easy_perform(h);
  curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &t.response.code);
  curl_easy_setopt(h, CURLOPT_HTTPHEADER, nullptr);
  curl_slist_free_all(headers);
  return rc;
}

Status Transport::transportError(std::string_view context, const HttpRequest& request,
                                 CURLcode code, const Transfer& t, int attempts,
                                 AttemptOutcome::Failure failure) const {
  std::string what = t.errorBuffer[0] != '\0' ? std::string(t.errorBuffer)
                                              : std::string(curl_easy_strerror(code));
  std::string message = std::string(context) + ": " + request.method + " " + server_ +
                        request.path + ": " + what;
  if (attempts > 1) message += " (after " + std::to_string(attempts) + " attempts)";
  return Status(codeForCurl(code, failure), std::move(message));
}

Status Transport::tooLarge(std::string_view context, const HttpRequest& request) const {
  return resourceExhausted(std::string(context) + ": " + request.method + " " + server_ +
                           request.path + ": response larger than " +
                           std::to_string(options_.maxResponseBytes) + " bytes");
}

Result<HttpResponse> Transport::send(const HttpRequest& request, std::string_view context) {
  for (int attempt = 1;; ++attempt) {
    limiter_.wait();
    CURL* h = acquire();
    if (h == nullptr) return internalError(std::string(context) + ": curl_easy_init failed");
    Transfer t;
    CURLcode rc = perform(h, request, t, options_.timeout);
    bool connected = t.response.code != 0;
    if (!connected) {
      char* ip = nullptr;
      curl_easy_getinfo(h, CURLINFO_PRIMARY_IP, &ip);
      connected = ip != nullptr && ip[0] != '\0';
    }
    release(h);
    record(request.verb, rc == CURLE_OK ? t.response.code : 0);

    AttemptOutcome outcome;
    if (rc == CURLE_OK) {
      outcome.httpCode = t.response.code;
      outcome.retryAfter = t.retryAfter;
    } else {
      outcome.failure = classify(rc, connected);
    }
    if (t.tooLarge) return tooLarge(context, request);
    std::optional<Clock::Duration> delay =
        retry_.next(attempt, isIdempotent(request.method), outcome);
    if (!delay) {
      if (rc != CURLE_OK) return transportError(context, request, rc, t, attempt, outcome.failure);
      t.response.attempts = attempt;
      return std::move(t.response);
    }
    clock_.sleepFor(*delay);
  }
}

Result<Transport::StreamResult> Transport::stream(
    const HttpRequest& request, std::string_view context,
    const std::function<bool(std::string_view)>& onData, const std::function<bool()>& stop,
    std::chrono::milliseconds timeout) {
  limiter_.wait();
  CURL* h = acquire();
  if (h == nullptr) return internalError(std::string(context) + ": curl_easy_init failed");
  Transfer t;
  t.onData = &onData;
  t.stop = &stop;
  CURLcode rc = perform(h, request, t, timeout);
  release(h);
  record(request.verb, rc == CURLE_OK || t.stopped ? t.response.code : 0);
  if (!t.callbackError.empty()) {
    return internalError(std::string(context) + ": callback failed: " + t.callbackError);
  }
  if (t.tooLarge) return tooLarge(context, request);
  if (rc != CURLE_OK && !t.stopped) {
    return transportError(context, request, rc, t, 1,
                          classify(rc, t.response.code != 0));
  }
  return StreamResult{std::move(t.response), t.stopped};
}

}  // namespace gitsync::kube
