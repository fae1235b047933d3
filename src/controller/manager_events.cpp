// The manager's event handlers: which changes enqueue what (manager.h states the rules).
#include <spdlog/spdlog.h>

#include "gitsync/controller/manager.h"

namespace gitsync::controller {
namespace {

const kube::Json& metaOf(const kube::Json& object) {
  static const kube::Json kEmpty = kube::Json::object();
  auto it = object.find("metadata");
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

const kube::Json* at(const kube::Json& object, std::initializer_list<const char*> path) {
  const kube::Json* node = &object;
  for (const char* key : path) {
    if (!node->is_object()) return nullptr;
    auto it = node->find(key);
    if (it == node->end()) return nullptr;
    node = &*it;
  }
  return node;
}

std::string stringAt(const kube::Json& object, std::initializer_list<const char*> path) {
  const kube::Json* node = at(object, path);
  return node && node->is_string() ? node->get<std::string>() : std::string();
}

int64_t generationOf(const kube::Json& object) {
  const kube::Json* g = at(object, {"metadata", "generation"});
  return g && g->is_number_integer() ? g->get<int64_t>() : 0;
}

std::string requestedAtOf(const kube::Json& object) {
  const kube::Json* annotations = at(object, {"metadata", "annotations"});
  if (!annotations || !annotations->is_object()) return {};
  auto it = annotations->find("reconcile.gitsync.dev/requestedAt");
  return it != annotations->end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What a reconciler must see; status and resourceVersion are left out on purpose.
bool needsReconcile(const kube::Json& oldObject, const kube::Json& newObject) {
  const kube::Json& o = metaOf(oldObject);
  const kube::Json& n = metaOf(newObject);
  return generationOf(oldObject) != generationOf(newObject) ||
         requestedAtOf(oldObject) != requestedAtOf(newObject) ||
         o.value("deletionTimestamp", kube::Json()) != n.value("deletionTimestamp", kube::Json()) ||
         o.value("finalizers", kube::Json()) != n.value("finalizers", kube::Json());
}

// Ready is True for the object's current generation.
bool readyNow(const kube::Json& object) {
  const kube::Json* conditions = at(object, {"status", "conditions"});
  if (!conditions || !conditions->is_array()) return false;
  for (const auto& c : *conditions) {
    if (!c.is_object() || c.value("type", "") != "Ready") continue;
    if (c.value("status", "") != "True") return false;
    const kube::Json* observed = c.contains("observedGeneration")
                                     ? &c["observedGeneration"]
                                     : at(object, {"status", "observedGeneration"});
    return observed && observed->is_number_integer() &&
           observed->get<int64_t>() == generationOf(object);
  }
  return false;
}

std::string qualify(const std::string& ns, const std::string& name, const std::string& owner) {
  return (ns.empty() ? owner : ns) + "/" + name;
}

}  // namespace

void Manager::indexKustomization(const kube::Json& object) {
  std::string ns = stringAt(object, {"metadata", "namespace"});
  KustomizationRefs refs;
  if (stringAt(object, {"spec", "sourceRef", "kind"}) == "GitRepository") {
    refs.source = qualify(stringAt(object, {"spec", "sourceRef", "namespace"}),
                          stringAt(object, {"spec", "sourceRef", "name"}), ns);
  }
  if (const kube::Json* deps = at(object, {"spec", "dependsOn"}); deps && deps->is_array()) {
    for (const auto& d : *deps) {
      if (!d.is_object() || !d.contains("name")) continue;
      refs.dependsOn.insert(qualify(d.value("namespace", ""), d.value("name", ""), ns));
    }
  }
  refs.ready = readyNow(object);
  std::lock_guard lock(mutex_);
  kustomizations_[storeKeyOf(object)] = std::move(refs);
}

void Manager::handleAdd(const std::string& kindName, const kube::Json& object) {
  if (kindName == "Kustomization") indexKustomization(object);
  kind(kindName).queue->add(storeKeyOf(object));
}

void Manager::handleUpdate(const std::string& kindName, const kube::Json& oldObject,
                           const kube::Json& newObject) {
  std::string key = storeKeyOf(newObject);
  if (kindName == "Kustomization") {
    bool becameReady = !readyNow(oldObject) && readyNow(newObject);
    indexKustomization(newObject);
    if (becameReady) {
      std::vector<std::string> dependents;
      {
        std::lock_guard lock(mutex_);
        for (const auto& [k, refs] : kustomizations_) {
          if (refs.dependsOn.contains(key)) dependents.push_back(k);
        }
      }
      for (const auto& d : dependents) {
        spdlog::debug("Kustomization/{}: ready, reconciling its dependent {}", key, d);
        kind(kindName).queue->add(d);
      }
    }
  }
  if (needsReconcile(oldObject, newObject)) kind(kindName).queue->add(key);
}

void Manager::handleDelete(const std::string& kindName, const kube::Json& object) {
  std::string key = storeKeyOf(object);
  if (kindName == "Kustomization") {
    std::lock_guard lock(mutex_);
    kustomizations_.erase(key);
  }
  kind(kindName).queue->add(key);
}

void Manager::handleArtifact(const ObjectKey& source, const StoredArtifact& artifact) {
  if (!kinds_.contains("Kustomization")) return;
  Kind& k = kind("Kustomization");
  std::string sourceKey = keyOf(source);
  std::vector<std::string> users;
  std::vector<std::pair<std::string, std::stop_source>> running;
  {
    std::lock_guard lock(mutex_);
    for (const auto& [key, refs] : kustomizations_) {
      if (refs.source != sourceKey) continue;
      users.push_back(key);
      if (auto it = k.inflight.find(key); it != k.inflight.end()) {
        running.emplace_back(key, it->second);
      }
    }
  }
  // Outside the lock: request_stop runs the reconcile's stop callbacks on this thread.
  for (auto& [key, stop] : running) {
    spdlog::info("Kustomization/{}: GitRepository/{} has a new revision {}: canceling the "
                 "running reconcile",
                 key, sourceKey, artifact.revision);
    stop.request_stop();
  }
  for (const auto& key : users) k.queue->add(key);
}

std::string Manager::revisionOf(const std::string& kindName, const std::string& key) {
  std::string source;
  if (kindName == "GitRepository") {
    source = key;
  } else if (kindName == "Kustomization") {
    std::lock_guard lock(mutex_);
    auto it = kustomizations_.find(key);
    if (it != kustomizations_.end()) source = it->second.source;
  }
  if (source.empty()) return {};
  auto artifact = artifacts_.get(objectKeyOf(source));
  return artifact ? artifact->revision : std::string();
}

}  // namespace gitsync::controller
