#pragma once
// The inventory: which objects a sync applied and has not deleted yet, so the next sync knows
// what to prune. The value type is independent of where it is kept (the CLI keeps it in a
// ConfigMap, a controller in its custom resource's status).
#include <memory>
#include <string>
#include <vector>

#include "gitsync/apply/owner.h"
#include "gitsync/core/status.h"
#include "gitsync/kube/client.h"
#include "gitsync/kube/types.h"

namespace gitsync::apply {

struct InventoryEntry {
  std::string id;       // "<namespace>_<name>_<group>_<kind>" (Flux's format)
  std::string version;  // "v1"
  bool operator==(const InventoryEntry&) const = default;
};

struct Inventory {
  std::vector<InventoryEntry> entries;  // sorted by id, ids unique

  static std::string idOf(const kube::ObjectRef& ref);
  // The ref of an entry. InvalidArgument when the id does not have four '_'-separated parts.
  static Result<kube::ObjectRef> refOf(const InventoryEntry& entry);
  static Inventory of(const std::vector<kube::ObjectRef>& refs);

  bool contains(const std::string& id) const;
  // This plus the entries of `other` it lacks (other's version kept for those).
  Inventory merged(const Inventory& other) const;
  // Entries of this whose id is not in `other`.
  Inventory minus(const Inventory& other) const;
  bool empty() const { return entries.empty(); }
  bool operator==(const Inventory&) const = default;

  // JSON text: [{"id":"...","v":"v1"}, ...] and back (InvalidArgument on bad text).
  std::string toJson() const;
  static Result<Inventory> fromJson(const std::string& text);
};

class InventoryStore {
 public:
  virtual ~InventoryStore() = default;
  // The stored inventory; empty when none was stored yet.
  virtual Result<Inventory> load() = 0;
  virtual Status save(const Inventory& inventory) = 0;
};

// ConfigMap "gitsync-inventory-<owner.name>" in `ns`, key "entries" (Inventory::toJson),
// labeled gitsync.dev/inventory=<owner.name>. `client` must outlive the store.
std::unique_ptr<InventoryStore> makeConfigMapInventoryStore(kube::KubeClient& client,
                                                            const Owner& owner,
                                                            std::string ns = "default");

}  // namespace gitsync::apply
