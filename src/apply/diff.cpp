#include "gitsync/apply/diff.h"

#include <algorithm>

#include "gitsync/apply/compare.h"
#include "gitsync/apply/stages.h"
#include "gitsync/core/yaml.h"
#include "prepare.h"

namespace gitsync::apply {
namespace {

using kube::Json;

core::Node toNode(const Json& value) {
  if (value.is_object()) {
    core::Node map = core::Node::map();
    for (const auto& [key, item] : value.items()) map.set(key, toNode(item));
    return map;
  }
  if (value.is_array()) {
    core::Node seq = core::Node::seq();
    for (const auto& item : value) seq.push(toNode(item));
    return seq;
  }
  if (value.is_string()) return core::Node::string(value.get<std::string>());
  if (value.is_null()) return core::Node::null();
  return core::Node::scalar(value.dump());
}

std::string yamlOf(const Json& object) {
  auto text = core::emitKustomizeYaml(toNode(object));
  return text.ok() ? *text : object.dump(2) + "\n";
}

Json withoutVolatile(Json object) {
  if (object.is_object() && object.contains("metadata")) {
    Json& meta = object["metadata"];
    meta.erase("managedFields");
    meta.erase("resourceVersion");
    meta.erase("generation");
  }
  return object;
}

bool isSecret(const Json& object) {
  return object.is_object() && object.value("kind", "") == "Secret" &&
         object.value("apiVersion", "") == "v1";
}

// kubectl diff's masking: equal values "***", different ones "*** (before)" / "*** (after)".
void maskSecrets(Json& before, Json& after) {
  for (const char* field : {"data", "stringData"}) {
    Json* a = before.is_object() && before.contains(field) ? &before[field] : nullptr;
    Json* b = after.is_object() && after.contains(field) ? &after[field] : nullptr;
    if (a != nullptr && a->is_object()) {
      for (auto& [key, value] : a->items()) {
        bool same = b != nullptr && b->is_object() && b->contains(key) && (*b)[key] == value;
        value = same ? "***" : "*** (before)";
      }
    }
    if (b != nullptr && b->is_object()) {
      for (auto& [key, value] : b->items()) {
        bool same = a != nullptr && a->is_object() && a->contains(key) &&
                    (*a)[key] == "***";
        value = same ? "***" : "*** (after)";
      }
    }
  }
}

std::string objectDiff(const kube::ObjectRef& ref, const Json& live, const Json& merged) {
  Json before = live.is_null() ? Json() : withoutVolatile(live);
  Json after = merged.is_null() ? Json() : withoutVolatile(merged);
  if (isSecret(live) || isSecret(merged)) maskSecrets(before, after);
  return unifiedDiff(before.is_null() ? "" : yamlOf(before), after.is_null() ? "" : yamlOf(after),
                     ref.subject() + " (live)", ref.subject() + " (merged)");
}

}  // namespace

bool DiffResult::changes() const {
  return std::any_of(objects.begin(), objects.end(), [](const ObjectDiff& d) {
    return d.action == Action::Created || d.action == Action::Configured ||
           d.action == Action::Deleted;
  });
}

DiffResult diff(const render::ObjectSet& desired, const Inventory& previous,
                kube::KubeClient& client, kube::RestMapper& mapper,
                const ApplyOptions& options) {
  DiffResult result;
  auto items = prepare(desired, options);
  if (!items.ok()) {
    result.status = items.status();
    return result;
  }
  auto fail = [&](ObjectDiff d, const Status& s) {
    if (result.status.ok()) result.status = s;
    d.action = Action::Failed;
    d.message = s.message();
    result.objects.push_back(std::move(d));
  };
  std::vector<Item*> ready;
  for (Item& item : *items) {
    auto mapping = mapper.mapping(item.ref.gvk);
    if (!mapping.ok()) {
      fail({item.ref}, mapping.status().withPrefix(item.ref.subject() + ": diff"));
      continue;
    }
    if (mapping->namespaced) {
      if (item.ref.ns.empty()) item.ref.ns = options.defaultNamespace;
      item.object["metadata"]["namespace"] = item.ref.ns;
    } else {
      item.ref.ns.clear();
      item.object["metadata"].erase("namespace");
    }
    ready.push_back(&item);
  }
  std::stable_sort(ready.begin(), ready.end(),
                   [](const Item* a, const Item* b) { return appliedBefore(a->ref, b->ref); });
  std::vector<kube::ObjectRef> refs;
  for (Item* item : ready) {
    refs.push_back(item->ref);
    ObjectDiff d{item->ref};
    if (item->reconcileDisabled || item->ssa == "Ignore") {
      d.action = Action::Skipped;
      d.message = item->reconcileDisabled ? std::string(kReconcileAnnotation) + ": disabled"
                                          : std::string(kSsaAnnotation) + ": Ignore";
      result.objects.push_back(std::move(d));
      continue;
    }
    auto got = client.get(item->ref);
    if (!got.ok() && got.status().code() != Code::NotFound) {
      fail(std::move(d), got.status());
      continue;
    }
    Json live = got.ok() ? *got : Json();
    if (!live.is_null() && item->ssa == "IfNotPresent") {
      d.action = Action::Skipped;
      d.message = std::string(kSsaAnnotation) + ": IfNotPresent: exists";
      result.objects.push_back(std::move(d));
      continue;
    }
    kube::ApplyOptions dry;
    dry.fieldManager = options.fieldManager;
    dry.force = true;
    dry.dryRun = true;
    auto merged = client.apply(item->object, dry);
    if (!merged.ok()) {
      fail(std::move(d), merged.status());
      continue;
    }
    if (!live.is_null() && sameState(*merged, live)) {
      result.objects.push_back(std::move(d));
      continue;
    }
    d.action = live.is_null() ? Action::Created : Action::Configured;
    d.diff = objectDiff(item->ref, live, *merged);
    result.objects.push_back(std::move(d));
  }
  Inventory stale = previous.minus(Inventory::of(refs));
  for (const auto& entry : stale.entries) {
    auto ref = Inventory::refOf(entry);
    if (!ref.ok()) {
      fail({}, ref.status());
      continue;
    }
    auto got = client.get(*ref);
    if (!got.ok()) {
      if (got.status().code() != Code::NotFound) fail({*ref}, got.status());
      continue;
    }
    if (!options.owner.owns(*got) || annotation(*got, kPruneAnnotation) == "disabled") continue;
    result.objects.push_back({*ref, Action::Deleted, objectDiff(*ref, *got, Json()), ""});
  }
  return result;
}

}  // namespace gitsync::apply
