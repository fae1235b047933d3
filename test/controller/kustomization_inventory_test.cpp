// StatusInventoryStore: the inventory read with the object, written into status.inventory.
#include <catch2/catch.hpp>

#include "controller/kustomization_inventory.h"

using namespace gitsync::controller;
using gitsync::Code;
using gitsync::Status;
namespace apply = gitsync::apply;

TEST_CASE("status inventory: load is what the status had, save patches Flux's format",
          "[inventory]") {
  std::vector<Json> patches;
  apply::Inventory initial{{{"apps_web_apps_Deployment", "v1"}}};
  StatusInventoryStore store(initial, [&](const Json& p) {
    patches.push_back(p);
    return Status();
  });
  auto loaded = store.load();
  REQUIRE(loaded.ok());
  CHECK(*loaded == initial);
  CHECK(patches.empty());

  apply::Inventory next{{{"_apps__Namespace", "v1"}, {"apps_web_apps_Deployment", "v1"}}};
  REQUIRE(store.save(next).ok());
  REQUIRE(patches.size() == 1);
  CHECK(patches[0].dump() ==
        R"({"inventory":{"entries":[{"id":"_apps__Namespace","v":"v1"},)"
        R"({"id":"apps_web_apps_Deployment","v":"v1"}]}})");
  CHECK(store.current() == next);
  CHECK(*store.load() == next);
}

TEST_CASE("status inventory: none stored yet loads empty; a failed save keeps the old one",
          "[inventory]") {
  StatusInventoryStore store(std::nullopt, [](const Json&) {
    return Status(Code::Unavailable, "Kustomization/apps/web: patch status: connection refused");
  });
  CHECK(store.load()->empty());
  Status saved = store.save(apply::Inventory{{{"apps_a__ConfigMap", "v1"}}});
  CHECK(saved.message() == "Kustomization/apps/web: patch status: connection refused");
  CHECK_FALSE(store.current().has_value());
}
