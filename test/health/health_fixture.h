#pragma once
// Shared by the health unit tests: computeStatus of a JSON fixture, as "Status: message".
#include <string>

#include "gitsync/health/health.h"

namespace gitsync::health::testing {

inline std::string statusOf(const char* json) {
  ObjectHealth h = computeStatus(kube::Json::parse(json));
  return std::string(statusName(h.status)) + ": " + h.message;
}

}  // namespace gitsync::health::testing
