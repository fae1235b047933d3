#include "gitsync/apply/inventory.h"

#include <catch2/catch.hpp>

using namespace gitsync;
using namespace gitsync::apply;
using gitsync::kube::ObjectRef;

TEST_CASE("inventory: ids, sorting, merge and difference") {
  Inventory a = Inventory::of({{{"apps", "v1", "Deployment"}, "prod", "web"},
                               {{"", "v1", "Namespace"}, "", "prod"}});
  CHECK(a.toJson() ==
        R"([{"id":"_prod__Namespace","v":"v1"},{"id":"prod_web_apps_Deployment","v":"v1"}])");
  Inventory b = Inventory::of({{{"apps", "v1", "Deployment"}, "prod", "web"},
                               {{"", "v1", "ConfigMap"}, "prod", "c"}});
  CHECK(a.minus(b).toJson() == R"([{"id":"_prod__Namespace","v":"v1"}])");
  CHECK(a.merged(b).entries.size() == 3);
  CHECK(a.contains("prod_web_apps_Deployment"));
  CHECK_FALSE(a.contains("prod_c__ConfigMap"));
}

TEST_CASE("inventory: round trip through JSON and refs") {
  Inventory a = Inventory::of({{{"example.com", "v1beta1", "Widget"}, "ns", "w"}});
  auto back = Inventory::fromJson(a.toJson());
  REQUIRE(back.ok());
  CHECK(*back == a);
  auto ref = Inventory::refOf(back->entries[0]);
  REQUIRE(ref.ok());
  CHECK(ref->subject() == "Widget/ns/w");
  CHECK(ref->gvk.apiVersion() == "example.com/v1beta1");
}

TEST_CASE("inventory: malformed text and ids are InvalidArgument") {
  auto notList = Inventory::fromJson("{}");
  CHECK(notList.status().code() == Code::InvalidArgument);
  CHECK(notList.status().message() == "inventory: expected a JSON list of {\"id\", \"v\"}");
  auto badId = Inventory::fromJson(R"([{"id":"a_b","v":"v1"}])");
  CHECK(badId.status().message() ==
        "inventory: entry \"a_b\" (version \"v1\"): expected "
        "<namespace>_<name>_<group>_<kind> and a version");
}
