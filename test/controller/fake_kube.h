#pragma once
// A scripted KubeClient + Watcher for unit tests of the informer: list() and watch() answer
// from queues the test fills; every request is recorded.
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "gitsync/kube/client.h"

namespace gitsync::controller::testing {

class ScriptedKube final : public kube::KubeClient, public kube::Watcher {
 public:
  using WatchScript = std::function<Result<kube::WatchEnd>(const kube::WatchOptions&,
                                                           const kube::WatchCallback&)>;

  std::deque<Result<kube::ObjectList>> lists;
  // Answers for one kind, before `lists` (informers of several kinds list concurrently).
  std::map<std::string, std::deque<Result<kube::ObjectList>>> listsByKind;
  std::deque<WatchScript> watches;
  std::vector<std::string> requests;  // "LIST" and "WATCH <resourceVersion>"

  Result<kube::Json> get(const kube::ObjectRef&) override { return unimplemented("get"); }
  Result<kube::Json> apply(const kube::Json&, const kube::ApplyOptions&) override {
    return unimplemented("apply");
  }
  Result<kube::Json> del(const kube::ObjectRef&, const kube::DeleteOptions&) override {
    return unimplemented("del");
  }
  Result<kube::ObjectList> list(const kube::GroupVersionKind& gvk,
                                const kube::ListOptions&) override {
    std::lock_guard lock(mutex_);
    requests.push_back("LIST");
    if (auto it = listsByKind.find(gvk.kind); it != listsByKind.end() && !it->second.empty()) {
      auto out = std::move(it->second.front());
      it->second.pop_front();
      return out;
    }
    if (lists.empty()) return unavailable("no list scripted");
    auto out = std::move(lists.front());
    lists.pop_front();
    return out;
  }
  Result<kube::WatchEnd> watch(const kube::GroupVersionKind&, const kube::WatchOptions& options,
                               const kube::WatchCallback& onEvent) override {
    WatchScript script;
    {
      std::lock_guard lock(mutex_);
      requests.push_back("WATCH " + options.resourceVersion);
      if (watches.empty()) return unavailable("no watch scripted");
      script = std::move(watches.front());
      watches.pop_front();
    }
    return script(options, onEvent);
  }

 private:
  std::mutex mutex_;
};

inline kube::Json configMap(const std::string& ns, const std::string& name,
                            const std::string& rv) {
  return {{"apiVersion", "v1"},
          {"kind", "ConfigMap"},
          {"metadata", {{"namespace", ns}, {"name", name}, {"resourceVersion", rv}}}};
}

}  // namespace gitsync::controller::testing
