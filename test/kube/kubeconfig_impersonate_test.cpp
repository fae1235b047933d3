// A kubeconfig user's `as` and `as-groups` (kubectl's --as / --as-group).
#include <catch2/catch.hpp>

#include "gitsync/kube/kubeconfig.h"
#include "temp_dir.h"

using namespace gitsync;
using namespace gitsync::kube;
using namespace gitsync::kube::testing;

namespace {

Result<RestConfig> load(const TempDir& dir, const std::string& user) {
  std::string file = dir.write("config",
                               "clusters:\n- name: c\n  cluster: {server: 'https://c'}\n"
                               "users:\n- name: u\n  user: " + user + "\n"
                               "contexts:\n- name: x\n  context: {cluster: c, user: u}\n"
                               "current-context: x\n");
  Environment env;
  env.serviceAccountDir = "/nonexistent";
  LoadOptions options;
  options.kubeconfig = file;
  return loadRestConfig(options, env);
}

}  // namespace

TEST_CASE("kubeconfig: as and as-groups become the impersonated user and groups",
          "[impersonate]") {
  TempDir dir;
  auto config = load(dir, "{token: t, as: 'system:serviceaccount:apps:deployer', as-groups: [a, b]}");
  INFO(config.status().message());
  REQUIRE(config.ok());
  CHECK(config->impersonateUser == "system:serviceaccount:apps:deployer");
  CHECK(config->impersonateGroups == std::vector<std::string>{"a", "b"});
  CHECK(config->token == "t");
}

TEST_CASE("kubeconfig: impersonation that is not supported or incomplete", "[impersonate]") {
  TempDir dir;
  auto uid = load(dir, "{as: me, as-uid: '1'}");
  CHECK(uid.status().code() == Code::Unimplemented);
  CHECK(uid.status().message() == "kubeconfig " + dir.str("config") +
                                      ": user \"u\": impersonation by as-uid or as-user-extra is "
                                      "not supported");
  auto groupsOnly = load(dir, "{as-groups: [a]}");
  CHECK(groupsOnly.status().code() == Code::InvalidArgument);
  CHECK(groupsOnly.status().message() ==
        "kubeconfig " + dir.str("config") + ": user \"u\": as-groups without as");
  auto notAList = load(dir, "{as: me, as-groups: a}");
  CHECK(notAList.status().code() == Code::InvalidArgument);
}
