// postBuild variables: substituteFrom in order, substitute winning.
#include <catch2/catch.hpp>

#include "controller/kustomization_substitute.h"
#include "object_fake.h"

using namespace gitsync::controller;
using gitsync::Code;
using gitsync::controller::testing::ObjectFake;

TEST_CASE("substituteFrom: later sources win, substitute wins over all, optional may be "
          "missing", "[substitute]") {
  ObjectFake client;
  client.objects["ConfigMap/apps/vars"] = {{"data", {{"ENV", "cm"}, {"REGION", "eu"}}}};
  client.objects["Secret/apps/creds"] = {{"data", {{"ENV", "c2Vj"}, {"TOKEN", "dDBr"}}}};
  PostBuild post;
  post.substitute = {{"TOKEN", "inline"}};
  post.substituteFrom = {{"ConfigMap", "vars", false},
                         {"Secret", "absent", true},
                         {"Secret", "creds", false}};
  auto vars = substitutionVariables(client, "apps", post);
  INFO(vars.status().message());
  REQUIRE(vars.ok());
  CHECK(*vars == std::map<std::string, std::string>{
                     {"ENV", "sec"}, {"REGION", "eu"}, {"TOKEN", "inline"}});
}

TEST_CASE("substituteFrom: a required source missing, bad base64", "[substitute]") {
  ObjectFake client;
  PostBuild post;
  post.substituteFrom = {{"Secret", "absent", false}};
  auto missing = substitutionVariables(client, "apps", post);
  CHECK(missing.status().code() == Code::NotFound);
  CHECK(missing.status().message() ==
        "substituteFrom: Secret/apps/absent: get: NotFound: secrets \"absent\" not found");

  client.objects["Secret/apps/bad"] = {{"data", {{"K", "not base64!"}}}};
  post.substituteFrom = {{"Secret", "bad", false}};
  auto bad = substitutionVariables(client, "apps", post);
  CHECK(bad.status().message() == "substituteFrom: Secret/apps/bad: data.K: invalid base64");
}
