#include "prepare.h"

namespace gitsync::apply {

using kube::Json;

std::string annotation(const Json& object, const char* key) {
  const Json& meta = object["metadata"];
  auto ann = meta.find("annotations");
  if (ann == meta.end() || !ann->is_object()) return {};
  auto it = ann->find(key);
  return it != ann->end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::vector<Item>> prepare(const render::ObjectSet& desired, const ApplyOptions& options) {
  if (options.owner.name.empty()) return invalidArgument("apply: owner name is required");
  std::vector<Item> items;
  for (const render::Resource& resource : desired) {
    auto json = kube::nodeToJson(resource.object);
    if (!json.ok()) return json.status().withPrefix(resource.id().display() + ": apply");
    auto ref = kube::refOf(*json);
    if (!ref.ok()) return ref.status().withPrefix("apply");
    if (ref->name.empty()) {
      return invalidArgument(ref->subject() + ": apply: metadata.name is required");
    }
    Item item;
    item.object = std::move(*json);
    item.ref = std::move(*ref);
    if (!item.object["metadata"].is_object()) item.object["metadata"] = Json::object();
    Json& labels = item.object["metadata"]["labels"];
    if (!labels.is_object()) labels = Json::object();
    labels[kOwnerNameLabel] = options.owner.name;
    labels[kOwnerNamespaceLabel] = options.owner.ns;
    item.reconcileDisabled = annotation(item.object, kReconcileAnnotation) == "disabled";
    std::string ssa = annotation(item.object, kSsaAnnotation);
    if (!ssa.empty()) item.ssa = ssa;
    if (item.ssa != "Override" && item.ssa != "Merge" && item.ssa != "IfNotPresent" &&
        item.ssa != "Ignore") {
      return invalidArgument(item.ref.subject() + ": apply: annotation " + kSsaAnnotation +
                             ": unknown value \"" + item.ssa +
                             "\" (Override, Merge, IfNotPresent or Ignore)");
    }
    item.forceRecreate = annotation(item.object, kForceAnnotation) == "enabled";
    items.push_back(std::move(item));
  }
  return items;
}


}  // namespace gitsync::apply
