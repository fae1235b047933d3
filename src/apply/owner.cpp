#include "gitsync/apply/owner.h"

namespace gitsync::apply {

std::string Owner::labelSelector() const {
  return std::string(kOwnerNameLabel) + "=" + name + "," + kOwnerNamespaceLabel + "=" + ns;
}

bool Owner::owns(const kube::Json& object) const {
  const kube::Json* labels = nullptr;
  if (object.is_object() && object.contains("metadata") && object["metadata"].is_object() &&
      object["metadata"].contains("labels") && object["metadata"]["labels"].is_object()) {
    labels = &object["metadata"]["labels"];
  }
  if (labels == nullptr) return false;
  auto n = labels->find(kOwnerNameLabel);
  auto s = labels->find(kOwnerNamespaceLabel);
  return n != labels->end() && s != labels->end() && *n == name && *s == ns;
}

}  // namespace gitsync::apply
