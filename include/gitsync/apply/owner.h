#pragma once
// Who owns the objects gitsync applies: the labels put on every applied object and the
// selector that finds them again (list for change detection, prune safety).
#include <string>

#include "gitsync/kube/types.h"

namespace gitsync::apply {

inline constexpr char kOwnerNameLabel[] = "gitsync.dev/name";
inline constexpr char kOwnerNamespaceLabel[] = "gitsync.dev/namespace";

struct Owner {
  std::string name;             // required (the CLI's --name, the Kustomization's name)
  std::string ns = "default";  // the CLI's --namespace, the Kustomization's namespace

  // "gitsync.dev/name=<name>,gitsync.dev/namespace=<ns>".
  std::string labelSelector() const;
  // True when metadata.labels of `object` carry both owner labels with this owner's values.
  bool owns(const kube::Json& object) const;
};

}  // namespace gitsync::apply
