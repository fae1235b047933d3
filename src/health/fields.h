#pragma once
// Reading fields of live objects the way kstatus's GetIntField / GetStringField do: a missing
// field or one of the wrong type yields the default.
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>

#include "gitsync/kube/types.h"

namespace gitsync::health::internal {

// The value at `path` (object keys), or nullptr.
const kube::Json* findField(const kube::Json& object, std::initializer_list<std::string_view> path);

int64_t intField(const kube::Json& object, std::initializer_list<std::string_view> path,
                 int64_t fallback);
std::optional<int64_t> optionalIntField(const kube::Json& object,
                                        std::initializer_list<std::string_view> path);
std::string stringField(const kube::Json& object, std::initializer_list<std::string_view> path,
                        std::string_view fallback = {});

struct Condition {
  std::string type;
  std::string status;  // "True", "False", "Unknown"
  std::string reason;
  std::string message;
};

// status.conditions[] with the given type, or nullopt.
std::optional<Condition> findCondition(const kube::Json& object, std::string_view type);

// `reason: message`, or whichever of the two is set.
std::string reasonAndMessage(const Condition& condition);

}  // namespace gitsync::health::internal
