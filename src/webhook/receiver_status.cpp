// Token, targets and status of a Receiver, without I/O.
#include "receiver_status.h"

#include <string>

#include "gitsync/core/base64.h"

namespace gitsync::webhook {
namespace {

using controller::Condition;
using kube::Json;

std::string stringAt(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

int64_t integerAt(const Json& object, const char* key) {
  if (!object.is_object()) return 0;
  auto it = object.find(key);
  return it != object.end() && it->is_number_integer() ? it->get<int64_t>() : 0;
}

}  // namespace

Result<std::string> tokenFromSecret(const Json& secret) {
  const Json meta = secret.value("metadata", Json::object());
  std::string subject =
      "Secret/" + stringAt(meta, "namespace") + "/" + stringAt(meta, "name");
  std::string encoded = stringAt(secret.value("data", Json::object()), "token");
  if (encoded.empty()) return failedPrecondition(subject + ": no key \"token\"");
  // The API server sends Secret data as Go's StdEncoding: padded, no white space.
  auto token = core::decodeBase64(encoded, {.skipWhitespace = false});
  if (!token) return invalidArgument(subject + ": data.token: invalid base64");
  return *token;
}

Status validateResources(const std::vector<controller::CrossNamespaceObjectReference>& resources) {
  for (size_t i = 0; i < resources.size(); ++i) {
    const auto& r = resources[i];
    std::string field = "spec.resources[" + std::to_string(i) + "]";
    if (!r.apiVersion.empty() && r.apiVersion != controller::kApiVersion) {
      return invalidArgument(field + ".apiVersion: unsupported \"" + r.apiVersion +
                             "\" (supported: gitsync.dev/v1)");
    }
    if (r.kind != "GitRepository" && r.kind != "Kustomization") {
      return invalidArgument(field + ".kind: unsupported \"" + r.kind +
                             "\" (supported: GitRepository, Kustomization)");
    }
    if (r.name.empty()) return invalidArgument(field + ".name: required");
    if (r.name == "*" && r.matchLabels.empty()) {
      return invalidArgument(field + ": name \"*\" needs matchLabels");
    }
  }
  return okStatus();
}

controller::ReceiverStatus currentStatus(const Json& object) {
  controller::ReceiverStatus st;
  const Json status = object.is_object() ? object.value("status", Json::object()) : Json::object();
  st.observedGeneration = integerAt(status, "observedGeneration");
  st.webhookPath = stringAt(status, "webhookPath");
  st.lastHandledReconcileAt = stringAt(status, "lastHandledReconcileAt");
  if (auto it = status.find("conditions"); it != status.end() && it->is_array()) {
    for (const Json& c : *it) {
      st.conditions.push_back({stringAt(c, "type"), stringAt(c, "status"), stringAt(c, "reason"),
                               stringAt(c, "message"), integerAt(c, "observedGeneration"),
                               stringAt(c, "lastTransitionTime")});
    }
  }
  return st;
}

std::optional<controller::ReceiverStatus> nextStatus(const controller::ReceiverStatus& current,
                                                     const controller::ObjectMeta& meta,
                                                     const ReceiverOutcome& outcome,
                                                     const std::string& now) {
  controller::ReceiverStatus next = current;
  next.observedGeneration = meta.generation;
  next.webhookPath = outcome.webhookPath;
  if (!meta.requestedAt().empty()) next.lastHandledReconcileAt = meta.requestedAt();
  controller::setCondition(next.conditions,
                           {controller::kReady, outcome.ready ? "True" : "False", outcome.reason,
                            outcome.message, meta.generation, ""},
                           now);
  if (outcome.stalled) {
    controller::setCondition(next.conditions,
                             {controller::kStalled, "True", outcome.reason, outcome.message,
                              meta.generation, ""},
                             now);
  } else {
    controller::removeCondition(next.conditions, controller::kStalled);
  }
  controller::removeCondition(next.conditions, controller::kReconciling);
  if (next.observedGeneration == current.observedGeneration &&
      next.webhookPath == current.webhookPath &&
      next.lastHandledReconcileAt == current.lastHandledReconcileAt &&
      next.conditions == current.conditions) {
    return std::nullopt;
  }
  return next;
}

Json statusPatch(const controller::ReceiverStatus& status) {
  Json patch = {{"observedGeneration", status.observedGeneration},
                {"conditions", controller::conditionsToJson(status.conditions)},
                {"webhookPath", nullptr},
                {"lastHandledReconcileAt", nullptr}};
  if (!status.webhookPath.empty()) patch["webhookPath"] = status.webhookPath;
  if (!status.lastHandledReconcileAt.empty()) {
    patch["lastHandledReconcileAt"] = status.lastHandledReconcileAt;
  }
  return {{"status", patch}};
}

}  // namespace gitsync::webhook
