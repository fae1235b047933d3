#pragma once
// Status and Result<T>: gitsync's error type (no exceptions cross module boundaries).
// The codes follow abseil's meaning:
//   InvalidArgument    bad user input (malformed YAML, unknown field, ...)
//   NotFound           a named thing does not exist
//   AlreadyExists      creation of something that exists
//   FailedPrecondition stop until the input changes (Stalled)
//   Aborted            conflict: re-read and retry
//   Unavailable        transient: retry with backoff
//   DeadlineExceeded   an operation ran out of time
//   Unimplemented      a feature gitsync does not support
//   ResourceExhausted  a configured limit was hit (file size, alias expansion, ...)
//   Internal           a bug
// Messages start with the subject and the stage: "Deployment/prod/web: apply: field is immutable".
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace gitsync {

enum class Code {
  Ok,
  InvalidArgument,
  NotFound,
  AlreadyExists,
  FailedPrecondition,
  Aborted,
  Unavailable,
  DeadlineExceeded,
  Unimplemented,
  ResourceExhausted,
  Internal,
};

const char* codeName(Code code);

class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Code code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == Code::Ok; }
  Code code() const { return code_; }
  const std::string& message() const { return message_; }

  // Returns a copy whose message is "<prefix>: <message>".
  Status withPrefix(const std::string& prefix) const {
    if (ok()) return *this;
    return Status(code_, prefix + ": " + message_);
  }

 private:
  Code code_ = Code::Ok;
  std::string message_;
};

inline Status okStatus() { return Status(); }
inline Status invalidArgument(std::string m) { return {Code::InvalidArgument, std::move(m)}; }
inline Status notFound(std::string m) { return {Code::NotFound, std::move(m)}; }
inline Status failedPrecondition(std::string m) { return {Code::FailedPrecondition, std::move(m)}; }
inline Status unavailable(std::string m) { return {Code::Unavailable, std::move(m)}; }
inline Status unimplemented(std::string m) { return {Code::Unimplemented, std::move(m)}; }
inline Status resourceExhausted(std::string m) { return {Code::ResourceExhausted, std::move(m)}; }
inline Status internalError(std::string m) { return {Code::Internal, std::move(m)}; }

// Result<T> holds either a value or a non-ok Status.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : data_(std::move(status)) {}  // NOLINT: implicit by design

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace gitsync

#define GITSYNC_CONCAT_INNER(a, b) a##b
#define GITSYNC_CONCAT(a, b) GITSYNC_CONCAT_INNER(a, b)

// Returns the Status from the enclosing function when `expr` (a Status) is not ok.
#define GITSYNC_RETURN_IF_ERROR(expr)            \
  do {                                           \
    ::gitsync::Status gitsync_status_ = (expr);  \
    if (!gitsync_status_.ok()) return gitsync_status_; \
  } while (0)

// `lhs = value of expr` (a Result<T>), or return its Status.
#define GITSYNC_ASSIGN_OR_RETURN(lhs, expr) \
  GITSYNC_ASSIGN_OR_RETURN_IMPL(GITSYNC_CONCAT(gitsync_result_, __LINE__), lhs, expr)
#define GITSYNC_ASSIGN_OR_RETURN_IMPL(tmp, lhs, expr) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return tmp.status();                  \
  lhs = std::move(tmp).value()
