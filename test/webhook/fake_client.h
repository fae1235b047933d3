#pragma once
// An in-memory KubeClient for the webhook's unit tests: get, list (namespace and "k=v,..."
// label selectors) and apply of annotations, with the API server's uid precondition. The
// real API server is exercised by test/webhook/integration.
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "gitsync/kube/client.h"

namespace gitsync::webhook::testing {

using kube::Json;

class FakeKubeClient final : public kube::KubeClient {
 public:
  void add(Json object) {
    std::lock_guard lock(mutex_);
    auto ref = kube::refOf(object);
    objects_[ref->subject()] = std::move(object);
  }
  Json object(const std::string& subject) {
    std::lock_guard lock(mutex_);
    return objects_.at(subject);
  }
  void setLastHandled(const std::string& subject, const std::string& value) {
    std::lock_guard lock(mutex_);
    objects_.at(subject)["status"]["lastHandledReconcileAt"] = value;
  }
  void remove(const std::string& subject) {
    std::lock_guard lock(mutex_);
    objects_.erase(subject);
  }

  Result<Json> get(const kube::ObjectRef& ref) override {
    std::lock_guard lock(mutex_);
    ++gets;
    if (failGets) return unavailable(ref.subject() + ": get: connection refused");
    auto it = objects_.find(ref.subject());
    if (it == objects_.end()) return notFound(ref.subject() + ": get: NotFound");
    Json found = it->second;
    if (deleteAfterGet) objects_.erase(it);  // deleted between the read and the write
    return found;
  }

  Result<kube::ObjectList> list(const kube::GroupVersionKind& gvk,
                                const kube::ListOptions& options) override {
    std::lock_guard lock(mutex_);
    selectors.push_back(options.labelSelector);
    kube::ObjectList out;
    for (const auto& [subject, object] : objects_) {
      if (object["kind"] != gvk.kind || object["metadata"]["namespace"] != options.ns) continue;
      if (matches(object, options.labelSelector)) out.items.push_back(object);
    }
    return out;
  }

  Result<Json> apply(const Json& patch, const kube::ApplyOptions& options) override {
    std::lock_guard lock(mutex_);
    applied.push_back(patch);
    fieldManagers.push_back(options.fieldManager + (options.force ? " force" : ""));
    auto ref = kube::refOf(patch);
    auto it = objects_.find(ref->subject());
    if (it == objects_.end()) {
      return Status(Code::Aborted, ref->subject() + ": apply: Conflict: uid mismatch");
    }
    for (const auto& [k, v] : patch["metadata"]["annotations"].items()) {
      it->second["metadata"]["annotations"][k] = v;
    }
    return it->second;
  }

  Result<Json> del(const kube::ObjectRef& ref, const kube::DeleteOptions&) override {
    return unimplemented(ref.subject() + ": delete");
  }

  int gets = 0;
  bool failGets = false;
  bool deleteAfterGet = false;
  std::vector<std::string> selectors;
  std::vector<Json> applied;
  std::vector<std::string> fieldManagers;

 private:
  static bool matches(const Json& object, const std::string& selector) {
    size_t start = 0;
    while (start < selector.size()) {
      size_t end = selector.find(',', start);
      if (end == std::string::npos) end = selector.size();
      std::string term = selector.substr(start, end - start);
      size_t eq = term.find('=');
      const Json& labels = object["metadata"].value("labels", Json::object());
      if (labels.value(term.substr(0, eq), "") != term.substr(eq + 1)) return false;
      start = end + 1;
    }
    return true;
  }

  std::mutex mutex_;
  std::map<std::string, Json> objects_;
};

// A gitsync.dev/v1 object of `kind`.
inline Json gitsyncObject(const std::string& kind, const std::string& ns, const std::string& name,
                          Json labels = Json::object()) {
  return {{"apiVersion", "gitsync.dev/v1"},
          {"kind", kind},
          {"metadata",
           {{"name", name}, {"namespace", ns}, {"uid", "uid-" + name}, {"labels", labels}}}};
}

}  // namespace gitsync::webhook::testing
