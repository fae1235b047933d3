#include "sort_order.h"

#include <algorithm>
#include <map>

namespace gitsync::render {
namespace {

const std::vector<std::string> kOrderFirst = {
    "Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition", "ServiceAccount",
    "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
    "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume",
    "PersistentVolumeClaim", "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget"};
const std::vector<std::string> kOrderLast = {"MutatingWebhookConfiguration",
                                             "ValidatingWebhookConfiguration"};

std::string gvkSortString(const Gvk& g) {
  return (g.group.empty() ? "~G" : g.group) + "_" + (g.version.empty() ? "~V" : g.version) + "_" +
         (g.kind.empty() ? "~K" : g.kind);
}

struct Key {
  int rank;
  std::string gvk;
  std::string id;
};

Result<std::vector<std::string>> stringList(const core::Node* n, const std::string& where) {
  std::vector<std::string> out;
  if (!n || n->isNull()) return out;
  if (!n->isSeq()) return invalidArgument(where + ": must be a list of kinds");
  for (const core::Node& item : n->items()) out.push_back(item.text());
  return out;
}

}  // namespace

Result<ObjectSet> sortObjects(ObjectSet set, const core::Node* options, const std::string& file) {
  std::vector<std::string> first = kOrderFirst, last = kOrderLast;
  if (options && !options->isNull()) {
    std::string order(options->str({"order"}));
    const core::Node* legacy = options->get("legacySortOptions");
    for (const auto& [k, v] : options->entries()) {
      if (k != "order" && k != "legacySortOptions") {
        return invalidArgument(file + ": sortOptions: unknown field \"" + k + "\"");
      }
    }
    if (order != "fifo" && order != "legacy") {
      return invalidArgument(file + ": the field 'sortOptions.order' must be one of [fifo, legacy]");
    }
    if (order == "fifo") {
      if (legacy) {
        return invalidArgument(file + ": the field 'sortOptions.legacySortOptions' is set but the "
                               "selected sort order is 'fifo', not 'legacy'");
      }
      return set;
    }
    if (legacy && !legacy->isNull()) {
      GITSYNC_ASSIGN_OR_RETURN(first, stringList(legacy->get("orderFirst"),
                                                 file + ": sortOptions.legacySortOptions.orderFirst"));
      GITSYNC_ASSIGN_OR_RETURN(last, stringList(legacy->get("orderLast"),
                                                file + ": sortOptions.legacySortOptions.orderLast"));
    }
  }
  std::map<std::string, int, std::less<>> ranks;
  for (size_t i = 0; i < first.size(); ++i) ranks[first[i]] = -static_cast<int>(first.size()) + static_cast<int>(i);
  for (size_t i = 0; i < last.size(); ++i) ranks[last[i]] = 1 + static_cast<int>(i);

  std::vector<Key> keys;
  keys.reserve(set.size());
  for (const Resource& r : set) {
    ResId id = r.id();
    auto it = ranks.find(id.gvk.kind);
    std::string g = gvkSortString(id.gvk);
    std::string key = g + "|" + (id.ns.empty() ? "~X" : id.ns) + "|" + (id.name.empty() ? "~N" : id.name);
    keys.push_back(Key{it == ranks.end() ? 0 : it->second, std::move(g), std::move(key)});
  }
  std::vector<size_t> order(set.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Key& x = keys[a];
    const Key& y = keys[b];
    if (x.gvk != y.gvk) {
      if (x.rank != y.rank) return x.rank < y.rank;
      return x.gvk < y.gvk;
    }
    return x.id < y.id;
  });
  ObjectSet sorted;
  sorted.reserve(set.size());
  for (size_t i : order) sorted.push_back(std::move(set[i]));
  return sorted;
}

}  // namespace gitsync::render
