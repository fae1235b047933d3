#pragma once
// apply::InventoryStore over a Kustomization's status.inventory (Flux's format:
// {"entries": [{"id": "<ns>_<name>_<group>_<kind>", "v": "<version>"}]}).
#include <functional>
#include <memory>
#include <optional>

#include "gitsync/apply/inventory.h"
#include "gitsync/controller/api.h"

namespace gitsync::controller {

// Sends a merge patch of the status ({"inventory": {...}}) to the Kustomization.
using StatusPatcher = std::function<Status(const Json& statusPatch)>;

// load() returns `initial` (the status as read at the start of the reconcile: no request);
// save() patches status.inventory and remembers it, so that `current()` is what is stored.
class StatusInventoryStore final : public apply::InventoryStore {
 public:
  StatusInventoryStore(std::optional<apply::Inventory> initial, StatusPatcher patch)
      : current_(std::move(initial)), patch_(std::move(patch)) {}

  Result<apply::Inventory> load() override { return current_.value_or(apply::Inventory{}); }
  Status save(const apply::Inventory& inventory) override {
    GITSYNC_RETURN_IF_ERROR(patch_(Json{{"inventory", inventoryToJson(inventory)}}));
    current_ = inventory;
    return okStatus();
  }
  const std::optional<apply::Inventory>& current() const { return current_; }

 private:
  std::optional<apply::Inventory> current_;
  StatusPatcher patch_;
};

}  // namespace gitsync::controller
