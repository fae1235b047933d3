#include "gitsync/apply/inventory.h"

#include <algorithm>
#include <set>

namespace gitsync::apply {
namespace {

using kube::Json;

Inventory sorted(std::vector<InventoryEntry> entries) {
  std::sort(entries.begin(), entries.end(),
            [](const InventoryEntry& a, const InventoryEntry& b) { return a.id < b.id; });
  entries.erase(std::unique(entries.begin(), entries.end(),
                            [](const InventoryEntry& a, const InventoryEntry& b) {
                              return a.id == b.id;
                            }),
                entries.end());
  return Inventory{std::move(entries)};
}

}  // namespace

std::string Inventory::idOf(const kube::ObjectRef& ref) {
  return ref.ns + "_" + ref.name + "_" + ref.gvk.group + "_" + ref.gvk.kind;
}

Result<kube::ObjectRef> Inventory::refOf(const InventoryEntry& entry) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t pos = entry.id.find('_', start);
    parts.push_back(entry.id.substr(start, pos - start));
    if (pos == std::string::npos) break;
    start = pos + 1;
  }
  if (parts.size() != 4 || parts[1].empty() || parts[3].empty() || entry.version.empty()) {
    return invalidArgument("inventory: entry \"" + entry.id + "\" (version \"" + entry.version +
                           "\"): expected <namespace>_<name>_<group>_<kind> and a version");
  }
  return kube::ObjectRef{{parts[2], entry.version, parts[3]}, parts[0], parts[1]};
}

Inventory Inventory::of(const std::vector<kube::ObjectRef>& refs) {
  std::vector<InventoryEntry> entries;
  for (const auto& ref : refs) entries.push_back({idOf(ref), ref.gvk.version});
  return sorted(std::move(entries));
}

bool Inventory::contains(const std::string& id) const {
  return std::binary_search(
      entries.begin(), entries.end(), InventoryEntry{id, ""},
      [](const InventoryEntry& a, const InventoryEntry& b) { return a.id < b.id; });
}

Inventory Inventory::merged(const Inventory& other) const {
  std::vector<InventoryEntry> all = entries;
  for (const auto& e : other.entries) {
    if (!contains(e.id)) all.push_back(e);
  }
  return sorted(std::move(all));
}

Inventory Inventory::minus(const Inventory& other) const {
  std::vector<InventoryEntry> rest;
  for (const auto& e : entries) {
    if (!other.contains(e.id)) rest.push_back(e);
  }
  return sorted(std::move(rest));
}

std::string Inventory::toJson() const {
  Json list = Json::array();
  for (const auto& e : entries) list.push_back({{"id", e.id}, {"v", e.version}});
  return list.dump();
}

Result<Inventory> Inventory::fromJson(const std::string& text) {
  Json list = Json::parse(text, nullptr, false);
  if (list.is_discarded() || !list.is_array()) {
    return invalidArgument("inventory: expected a JSON list of {\"id\", \"v\"}");
  }
  std::vector<InventoryEntry> entries;
  for (const Json& item : list) {
    if (!item.is_object() || !item.contains("id") || !item["id"].is_string() ||
        !item.contains("v") || !item["v"].is_string()) {
      return invalidArgument("inventory: expected a JSON list of {\"id\", \"v\"}");
    }
    InventoryEntry entry{item["id"].get<std::string>(), item["v"].get<std::string>()};
    auto ref = refOf(entry);
    if (!ref.ok()) return ref.status();
    entries.push_back(std::move(entry));
  }
  return sorted(std::move(entries));
}

namespace {

class ConfigMapInventoryStore final : public InventoryStore {
 public:
  ConfigMapInventoryStore(kube::KubeClient& client, Owner owner, std::string ns)
      : client_(client), owner_(std::move(owner)), ns_(std::move(ns)) {}

  Result<Inventory> load() override {
    auto got = client_.get(ref());
    if (!got.ok()) {
      if (got.status().code() == Code::NotFound) return Inventory{};
      return got.status().withPrefix("inventory");
    }
    auto data = got->find("data");
    if (data == got->end() || !data->contains("entries")) return Inventory{};
    const Json& text = (*data)["entries"];
    if (!text.is_string()) return invalidArgument(ref().subject() + ": inventory: bad entries");
    auto inventory = Inventory::fromJson(text.get<std::string>());
    if (!inventory.ok()) return inventory.status().withPrefix(ref().subject());
    return inventory;
  }

  Status save(const Inventory& inventory) override {
    Json cm = {{"apiVersion", "v1"},
               {"kind", "ConfigMap"},
               {"metadata",
                {{"name", ref().name},
                 {"namespace", ns_},
                 {"labels", {{"gitsync.dev/inventory", owner_.name}}}}},
               {"data", {{"entries", inventory.toJson()}}}};
    kube::ApplyOptions options;
    options.force = true;
    auto applied = client_.apply(cm, options);
    if (!applied.ok()) return applied.status().withPrefix("inventory");
    return okStatus();
  }

 private:
  kube::ObjectRef ref() const {
    return {{"", "v1", "ConfigMap"}, ns_, "gitsync-inventory-" + owner_.name};
  }

  kube::KubeClient& client_;
  Owner owner_;
  std::string ns_;
};

}  // namespace

std::unique_ptr<InventoryStore> makeConfigMapInventoryStore(kube::KubeClient& client,
                                                            const Owner& owner, std::string ns) {
  return std::make_unique<ConfigMapInventoryStore>(client, owner, std::move(ns));
}

}  // namespace gitsync::apply
