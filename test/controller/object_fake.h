#pragma once
// A KubeClient answering get() from a map of objects by subject ("Kind/ns/name"); a subject
// mapped to an error Status answers that error. Unit tests of the reconcilers' helpers.
#include <map>
#include <string>

#include "gitsync/kube/client.h"

namespace gitsync::controller::testing {

class ObjectFake final : public kube::KubeClient {
 public:
  std::map<std::string, kube::Json> objects;
  std::map<std::string, Status> errors;

  Result<kube::Json> get(const kube::ObjectRef& ref) override {
    std::string subject = ref.subject();
    if (auto e = errors.find(subject); e != errors.end()) return e->second;
    if (auto o = objects.find(subject); o != objects.end()) return o->second;
    std::string resource = ref.gvk.kind == "Secret" ? "secrets" : "objects";
    return notFound(subject + ": get: NotFound: " + resource + " \"" + ref.name + "\" not found");
  }
  Result<kube::ObjectList> list(const kube::GroupVersionKind&, const kube::ListOptions&) override {
    return unimplemented("list");
  }
  Result<kube::Json> apply(const kube::Json&, const kube::ApplyOptions&) override {
    return unimplemented("apply");
  }
  Result<kube::Json> del(const kube::ObjectRef&, const kube::DeleteOptions&) override {
    return unimplemented("del");
  }
};

}  // namespace gitsync::controller::testing
