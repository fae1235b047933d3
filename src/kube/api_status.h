#pragma once
// Kubernetes API errors (a Status object in a non-2xx response, or in a watch ERROR event) as
// gitsync Status values: "<subject>: <verb>: <Reason>: <message>".
#include <string_view>

#include "gitsync/core/status.h"
#include "gitsync/kube/types.h"
#include "http.h"

namespace gitsync::kube {

// The code for an HTTP status and the API's reason:
//   400 BadRequest, 422 Invalid       InvalidArgument
//   401 Unauthorized, 403 Forbidden   FailedPrecondition (fix credentials or RBAC first)
//   404 NotFound                      NotFound
//   405 MethodNotAllowed, 406, 415    Unimplemented
//   409 AlreadyExists                 AlreadyExists
//   409 Conflict (other reasons)      Aborted (re-read and retry)
//   410 Gone / Expired                Aborted (list again)
//   429, 5xx                          Unavailable
//   504 or reason Timeout             DeadlineExceeded
//   501 NotImplemented                Unimplemented
//   other 4xx                         InvalidArgument
Code codeForHttp(long httpCode, std::string_view reason);

// The Status for a response that is not 2xx. The body's Status object gives the reason and
// message; other bodies are quoted (at most 200 bytes) after the HTTP code. Retries are
// mentioned: "... (after 5 attempts)".
Status statusFromResponse(const HttpResponse& response, std::string_view subject,
                          std::string_view verb);

// The Status for a Status object (from a watch ERROR event); `fallbackCode` when it has none.
Status statusFromApiStatus(const Json& apiStatus, std::string_view subject,
                           std::string_view verb, long fallbackCode = 500);

}  // namespace gitsync::kube
