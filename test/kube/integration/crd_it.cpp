// A CustomResourceDefinition applied at run time becomes mappable after invalidate().
#include "cluster.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {

const GroupVersionKind kCrd{"apiextensions.k8s.io", "v1", "CustomResourceDefinition"};

Json crd(const std::string& group) {
  Json schema = {{"type", "object"},
                 {"properties",
                  {{"spec", {{"type", "object"}, {"properties", {{"size", {{"type", "integer"}}}}}}}}}};
  return {{"apiVersion", "apiextensions.k8s.io/v1"},
          {"kind", "CustomResourceDefinition"},
          {"metadata", {{"name", "widgets." + group}}},
          {"spec",
           {{"group", group},
            {"scope", "Namespaced"},
            {"names",
             {{"plural", "widgets"}, {"singular", "widget"}, {"kind", "Widget"},
              {"listKind", "WidgetList"}}},
            {"versions", Json::array({{{"name", "v1"},
                                       {"served", true},
                                       {"storage", true},
                                       {"schema", {{"openAPIV3Schema", schema}}}}})}}}};
}

bool established(const Json& object) {
  for (const auto& c : object.value("status", Json::object()).value("conditions", Json::array())) {
    if (c.value("type", "") == "Established" && c.value("status", "") == "True") return true;
  }
  return false;
}

}  // namespace

TEST_CASE("a CRD becomes mappable once Established and discovery is invalidated", "[crd]") {
  TestNamespace ns("kube-it-crd");
  auto& client = ns.client();
  std::string group = "it-" + randomSuffix() + ".gitsync.dev";
  GroupVersionKind widget{group, "v1", "Widget"};

  auto before = client.mapper().mapping(widget);
  CHECK(before.status().code() == Code::NotFound);
  CHECK(before.status().message() ==
        "no matches for kind \"Widget\" in version \"" + group + "/v1\"");

  struct RemoveCrd {  // also when a REQUIRE below fails: CRDs are cluster-scoped
    HttpKubeClient& client;
    std::string name;
    ~RemoveCrd() { (void)client.del({kCrd, "", name}, {}); }
  } cleanup{client, "widgets." + group};
  auto applied = client.apply(crd(group), {});
  INFO(applied.status().message());
  REQUIRE(applied.ok());
  CHECK(eventually([&] {
    auto got = client.get({kCrd, "", "widgets." + group});
    return got.ok() && established(*got);
  }));

  // Discovery may trail the Established condition by a moment.
  Result<RestMapping> after = notFound("not tried");
  CHECK(eventually([&] {
    client.mapper().invalidate();
    after = client.mapper().mapping(widget);
    return after.ok();
  }));
  INFO(after.status().message());
  REQUIRE(after.ok());
  CHECK(after->resource == "widgets");
  CHECK(after->namespaced);

  auto object = client.apply({{"apiVersion", group + "/v1"},
                              {"kind", "Widget"},
                              {"metadata", {{"name", "w1"}, {"namespace", ns.name()}}},
                              {"spec", {{"size", 3}}}},
                             {});
  INFO(object.status().message());
  REQUIRE(object.ok());
  CHECK((*object)["spec"]["size"] == 3);

  auto removed = client.del({kCrd, "", "widgets." + group}, {});
  CHECK(removed.ok());
  CHECK(eventually([&] {
    return client.get({kCrd, "", "widgets." + group}).status().code() == Code::NotFound;
  }));
}
