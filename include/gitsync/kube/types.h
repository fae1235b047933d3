#pragma once
// Value types shared by the kube stage: object identity, REST mappings, and the JSON form of
// objects (nlohmann::json in and out of the client).
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "gitsync/core/node.h"
#include "gitsync/core/status.h"

namespace gitsync::kube {

using Json = nlohmann::json;

struct GroupVersionKind {
  std::string group;  // "" for the core group
  std::string version;
  std::string kind;

  // "apps/v1", or "v1" for the core group.
  std::string apiVersion() const;
  bool operator==(const GroupVersionKind&) const = default;
};

// Splits an apiVersion ("apps/v1", "v1") and pairs it with `kind`. InvalidArgument when either
// is empty or the apiVersion has more than one '/'.
Result<GroupVersionKind> gvkOf(std::string_view apiVersion, std::string_view kind);

// Names one object. `ns` is ignored for cluster-scoped kinds; empty for a namespaced kind
// means the client's default namespace.
struct ObjectRef {
  GroupVersionKind gvk;
  std::string ns;
  std::string name;

  // "Kind/ns/name", or "Kind/name" when ns is empty: the subject that starts error messages.
  std::string subject() const;
};

// The ObjectRef of an object (apiVersion, kind, metadata.namespace, metadata.name).
// InvalidArgument when apiVersion or kind is missing; name may be empty (generateName).
Result<ObjectRef> refOf(const Json& object);

// How the API serves a kind: GET {prefix}/{resource} or
// {prefix}/namespaces/{ns}/{resource}, prefix "/api/v1" or "/apis/{group}/{version}".
struct RestMapping {
  GroupVersionKind gvk;
  std::string resource;  // plural, lower case: "deployments"
  bool namespaced = false;
  std::vector<std::string> verbs;
  bool operator==(const RestMapping&) const = default;
};

// A manifest (core::Node) as JSON, typed the way kustomize/kubectl would send it
// (core::toGoJson). InvalidArgument for values JSON cannot hold (.inf, .nan).
Result<std::string> nodeToJsonText(const core::Node& node);
Result<Json> nodeToJson(const core::Node& node);

// Compact JSON text of `value`; invalid UTF-8 is replaced instead of throwing.
std::string dumpJson(const Json& value);

}  // namespace gitsync::kube
