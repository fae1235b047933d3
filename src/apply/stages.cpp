#include "gitsync/apply/stages.h"

#include <array>
#include <string>
#include <tuple>

namespace gitsync::apply {
namespace {

bool endsWith(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// Helm's InstallOrder (kinds others refer to come first).
constexpr std::array<std::string_view, 34> kInstallOrder = {
    "Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange", "PodSecurityPolicy",
    "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
    "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole",
    "ClusterRoleList", "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList",
    "RoleBinding", "RoleBindingList", "Service", "DaemonSet", "Pod", "ReplicationController",
    "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet", "Job", "CronJob",
    "IngressClass", "Ingress"};

}  // namespace

Stage stageOf(std::string_view kind) {
  if (kind == "CustomResourceDefinition" || kind == "Namespace" || kind == "ClusterRole" ||
      kind == "ClusterRoleBinding") {
    return Stage::Definitions;
  }
  if (kind == "MutatingWebhookConfiguration" || kind == "ValidatingWebhookConfiguration" ||
      kind == "ValidatingAdmissionPolicy" || kind == "ValidatingAdmissionPolicyBinding" ||
      kind == "MutatingAdmissionPolicy" || kind == "MutatingAdmissionPolicyBinding") {
    return Stage::Webhooks;
  }
  if (endsWith(kind, "Class")) return Stage::Classes;
  return Stage::Resources;
}

int kindRank(std::string_view kind) {
  for (size_t i = 0; i < kInstallOrder.size(); ++i) {
    if (kInstallOrder[i] == kind) return static_cast<int>(i);
  }
  return static_cast<int>(kInstallOrder.size());
}

bool appliedBefore(const kube::ObjectRef& a, const kube::ObjectRef& b) {
  auto key = [](const kube::ObjectRef& r) {
    return std::make_tuple(static_cast<int>(stageOf(r.gvk.kind)), kindRank(r.gvk.kind),
                           std::string_view(r.gvk.kind), std::string_view(r.gvk.group),
                           std::string_view(r.ns), std::string_view(r.name));
  };
  return key(a) < key(b);
}

}  // namespace gitsync::apply
