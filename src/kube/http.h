#pragma once
// One HTTP exchange with the API server, as the transport sees it.
#include <string>

namespace gitsync::kube {

struct HttpRequest {
  std::string method = "GET";  // GET, POST, PUT, PATCH, DELETE
  std::string verb = "GET";    // for RequestMetrics: GET, LIST, WATCH, CREATE, APPLY, ...
  std::string path;            // "/api/v1/namespaces/x/configmaps?limit=2", after the server URL
  std::string accept = "application/json";
  std::string contentType;  // with a body
  std::string body;
  bool hasBody = false;
};

struct HttpResponse {
  long code = 0;
  std::string contentType;
  std::string body;
  int attempts = 1;  // how many were sent
};

inline bool isSuccess(long code) { return code >= 200 && code < 300; }

// Retries are safe for everything but POST (create).
inline bool isIdempotent(const std::string& method) { return method != "POST"; }

}  // namespace gitsync::kube
