#include "api_status.h"

namespace gitsync::kube {

namespace {

std::string reasonForHttp(long code) {
  switch (code) {
    case 400: return "BadRequest";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "NotFound";
    case 405: return "MethodNotAllowed";
    case 406: return "NotAcceptable";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 415: return "UnsupportedMediaType";
    case 422: return "Invalid";
    case 429: return "TooManyRequests";
    case 500: return "InternalError";
    case 501: return "NotImplemented";
    case 503: return "ServiceUnavailable";
    case 504: return "Timeout";
    default: return "HTTP " + std::to_string(code);
  }
}

std::string stringAt(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Status build(long code, std::string reason, const std::string& message,
             std::string_view subject, std::string_view verb, int attempts) {
  if (reason.empty()) reason = reasonForHttp(code);
  std::string text = std::string(subject) + ": " + std::string(verb) + ": " + reason;
  if (!message.empty()) text += ": " + message;
  if (attempts > 1) text += " (after " + std::to_string(attempts) + " attempts)";
  return Status(codeForHttp(code, reason), std::move(text));
}

}  // namespace

Code codeForHttp(long httpCode, std::string_view reason) {
  if (reason == "AlreadyExists") return Code::AlreadyExists;
  if (reason == "Timeout" || httpCode == 504) return Code::DeadlineExceeded;
  switch (httpCode) {
    case 400:
    case 422: return Code::InvalidArgument;
    case 401:
    case 403: return Code::FailedPrecondition;
    case 404: return Code::NotFound;
    case 405:
    case 406:
    case 415:
    case 501: return Code::Unimplemented;
    case 409:
    case 410: return Code::Aborted;
    case 429: return Code::Unavailable;
    default: break;
  }
  if (httpCode >= 500) return Code::Unavailable;
  if (httpCode >= 400) return Code::InvalidArgument;
  return Code::Internal;  // a non-error code is not an error: a bug of the caller
}

Status statusFromApiStatus(const Json& apiStatus, std::string_view subject,
                           std::string_view verb, long fallbackCode) {
  long code = fallbackCode;
  if (auto it = apiStatus.find("code"); it != apiStatus.end() && it->is_number_integer()) {
    code = it->get<long>();
  }
  return build(code, stringAt(apiStatus, "reason"), stringAt(apiStatus, "message"), subject,
               verb, 1);
}

Status statusFromResponse(const HttpResponse& response, std::string_view subject,
                          std::string_view verb) {
  Json body = Json::parse(response.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_object() && stringAt(body, "kind") == "Status") {
    return build(response.code, stringAt(body, "reason"), stringAt(body, "message"), subject,
                 verb, response.attempts);
  }
  std::string excerpt = response.body.substr(0, 200);
  while (!excerpt.empty() && (excerpt.back() == '\n' || excerpt.back() == '\r')) {
    excerpt.pop_back();
  }
  return build(response.code, "", excerpt, subject, verb, response.attempts);
}

}  // namespace gitsync::kube
