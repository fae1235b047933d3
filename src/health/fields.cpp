#include "fields.h"

namespace gitsync::health::internal {

const kube::Json* findField(const kube::Json& object,
                            std::initializer_list<std::string_view> path) {
  const kube::Json* current = &object;
  for (std::string_view key : path) {
    if (!current->is_object()) return nullptr;
    auto it = current->find(key);
    if (it == current->end()) return nullptr;
    current = &*it;
  }
  return current;
}

std::optional<int64_t> optionalIntField(const kube::Json& object,
                                        std::initializer_list<std::string_view> path) {
  const kube::Json* value = findField(object, path);
  if (value == nullptr || !value->is_number_integer()) return std::nullopt;
  return value->get<int64_t>();
}

int64_t intField(const kube::Json& object, std::initializer_list<std::string_view> path,
                 int64_t fallback) {
  return optionalIntField(object, path).value_or(fallback);
}

std::string stringField(const kube::Json& object, std::initializer_list<std::string_view> path,
                        std::string_view fallback) {
  const kube::Json* value = findField(object, path);
  if (value == nullptr || !value->is_string()) return std::string(fallback);
  return value->get<std::string>();
}

std::optional<Condition> findCondition(const kube::Json& object, std::string_view type) {
  const kube::Json* conditions = findField(object, {"status", "conditions"});
  if (conditions == nullptr || !conditions->is_array()) return std::nullopt;
  for (const kube::Json& item : *conditions) {
    if (stringField(item, {"type"}) != type) continue;
    return Condition{std::string(type), stringField(item, {"status"}),
                     stringField(item, {"reason"}), stringField(item, {"message"})};
  }
  return std::nullopt;
}

std::string reasonAndMessage(const Condition& condition) {
  if (condition.reason.empty()) return condition.message;
  if (condition.message.empty()) return condition.reason;
  return condition.reason + ": " + condition.message;
}

}  // namespace gitsync::health::internal
