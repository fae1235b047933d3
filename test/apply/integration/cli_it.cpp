// The `gitsync apply` command end to end: output, exit codes, a failed render prunes nothing.
#include <sys/wait.h>

#include <array>
#include <regex>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "fixture.h"

using namespace gitsync;
using namespace gitsync::apply;
using namespace gitsync::apply::testing;
namespace fs = std::filesystem;

namespace {

struct Run {
  int code = -1;
  std::string out;
};

// Runs the CLI with `args` (stdout captured; stderr appended after "--stderr--\n").
Run runCli(const std::string& args, const fs::path& dir) {
  fs::path err = dir / "stderr.txt";
  std::string command = std::string(GITSYNC_CLI) + " " + args + " 2>" + err.string();
  Run run;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = fread(buffer.data(), 1, buffer.size(), pipe)) > 0) run.out.append(buffer.data(), n);
  int status = pclose(pipe);
  run.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  std::ifstream e(err);
  std::string text((std::istreambuf_iterator<char>(e)), std::istreambuf_iterator<char>());
  if (!text.empty()) run.out += "--stderr--\n" + text;
  // Durations vary from run to run: " in 12 ms" reads " in N ms".
  run.out = std::regex_replace(run.out, std::regex(" in [0-9]+ ms"), " in N ms");
  return run;
}

void write(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

}  // namespace

TEST_CASE("gitsync apply prints each object and a summary; a failed render prunes nothing",
          "[cli]") {
  ApplyFixture f("apply-it-cli");
  const std::string ns = f.name();
  fs::path dir = fs::temp_directory_path() / ("gitsync-apply-cli-" + ns);
  fs::remove_all(dir);
  write(dir / "app/kustomization.yaml", "namespace: " + ns + "\nresources: [a.yaml, b.yaml]\n");
  write(dir / "app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n");
  write(dir / "app/b.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n");
  std::string common = (dir / "app").string() + " --name " + ns + " --namespace " + ns +
                       " --inventory-namespace " + ns + " --prune";

  Run first = runCli("apply " + common, dir);
  CHECK(first.out == "render: 2 objects in N ms\nstage 3 (resources)\nConfigMap/" + ns +
                         "/a created\nConfigMap/" + ns + "/b created\napply: 2 created in N ms\n");
  CHECK(first.code == 0);

  // A broken source (b.yaml missing, so b would be pruned) applies and prunes nothing.
  fs::remove(dir / "app/b.yaml");
  write(dir / "app/kustomization.yaml",
        "namespace: " + ns + "\nresources: [a.yaml, b.yaml]\n");
  Run broken = runCli("apply " + common, dir);
  CHECK(broken.code == 1);
  CHECK(broken.out.rfind("--stderr--\nerror: ", 0) == 0);
  CHECK(broken.out.find("b.yaml") != std::string::npos);
  CHECK(broken.out.find("nothing was applied or pruned\n") != std::string::npos);
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "b"}).ok());

  write(dir / "app/kustomization.yaml", "namespace: " + ns + "\nresources: [a.yaml]\n");
  Run pruned = runCli("apply " + common, dir);
  CHECK(pruned.out == "render: 1 objects in N ms\nstage 3 (resources)\nConfigMap/" + ns +
                          "/a unchanged\nprune\nConfigMap/" + ns +
                          "/b deleted\napply: 1 unchanged, 1 deleted in N ms\n");
  CHECK(pruned.code == 0);
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "b"}).status().code() == Code::NotFound);

  // --dry-run reports what would change and stores nothing.
  write(dir / "app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {x: y}\n");
  Run dry = runCli("apply " + common + " --dry-run", dir);
  CHECK(dry.out == "render: 1 objects in N ms\nstage 3 (resources)\nConfigMap/" + ns +
                       "/a configured\napply: dry run: 1 configured in N ms\n");
  CHECK(dry.code == 0);
  CHECK_FALSE(f.get("v1", "ConfigMap", "a", ns).contains("data"));

  // A failing object: exit 1, the error on stderr.
  write(dir / "app/a.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: 3\n");
  Run failed = runCli("apply " + common, dir);
  CHECK(failed.code == 1);
  CHECK(failed.out.rfind("render: 1 objects in N ms\nstage 3 (resources)\nConfigMap/" + ns +
                             "/a failed: apply: ", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("gitsync diff: unified diffs, masked Secret data, prune candidates, exit codes",
          "[diff]") {
  ApplyFixture f("apply-it-diff");
  const std::string ns = f.name();
  fs::path dir = fs::temp_directory_path() / ("gitsync-apply-diff-" + ns);
  fs::remove_all(dir);
  write(dir / "app/kustomization.yaml",
        "namespace: " + ns + "\nresources: [a.yaml, s.yaml, old.yaml]\n");
  write(dir / "app/a.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: \"1\"}\n");
  write(dir / "app/s.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {p: YQ==, q: YQ==}\n");
  write(dir / "app/old.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n");
  std::string owner = " --name " + ns + " --namespace " + ns + " --inventory-namespace " + ns;
  std::string app = (dir / "app").string();

  Run created = runCli("diff " + app + owner, dir);
  CHECK(created.code == 1);
  CHECK(created.out.find("--- Secret/" + ns + "/s (live)\n+++ Secret/" + ns +
                         "/s (merged)\n@@ -0,0 +1,") != std::string::npos);
  CHECK(created.out.find("+  p: '*** (after)'\n") != std::string::npos);
  CHECK(created.out.find("YQ==") == std::string::npos);
  CHECK(f.client().get({{"", "v1", "ConfigMap"}, ns, "a"}).status().code() == Code::NotFound);

  REQUIRE(runCli("apply " + app + owner, dir).code == 0);
  Run same = runCli("diff " + app + owner, dir);
  CHECK(same.out.empty());
  CHECK(same.code == 0);

  write(dir / "app/kustomization.yaml", "namespace: " + ns + "\nresources: [a.yaml, s.yaml]\n");
  write(dir / "app/a.yaml",
        "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: \"2\"}\n");
  write(dir / "app/s.yaml",
        "apiVersion: v1\nkind: Secret\nmetadata: {name: s}\ndata: {p: YQ==, q: Yg==}\n");
  Run changed = runCli("diff " + app + owner, dir);
  CHECK(changed.code == 1);
  CHECK(changed.out.find("--- ConfigMap/" + ns + "/a (live)\n+++ ConfigMap/" + ns +
                         "/a (merged)\n@@ -1,6 +1,6 @@\n apiVersion: v1\n data:\n-  k: \"1\"\n"
                         "+  k: \"2\"\n kind: ConfigMap\n") != std::string::npos);
  CHECK(changed.out.find("   p: '***'\n-  q: '*** (before)'\n+  q: '*** (after)'\n") !=
        std::string::npos);
  CHECK(changed.out.find("--- ConfigMap/" + ns + "/old (live)\n+++ ConfigMap/" + ns +
                         "/old (merged)\n@@ -1,") != std::string::npos);
  CHECK(f.get("v1", "ConfigMap", "a", ns)["data"]["k"] == "1");

  write(dir / "app/kustomization.yaml", "resources: [missing.yaml]\n");
  Run broken = runCli("diff " + app + owner, dir);
  CHECK(broken.code == 2);
  CHECK(broken.out.rfind("--stderr--\nerror: ", 0) == 0);
  fs::remove_all(dir);
}

TEST_CASE("gitsync apply --wait waits until the applied objects are ready", "[cli]") {
  ApplyFixture f("apply-it-wait");
  const std::string ns = f.name();
  fs::path dir = fs::temp_directory_path() / ("gitsync-apply-wait-" + ns);
  fs::remove_all(dir);
  write(dir / "app/web.yaml", R"(apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
)");
  Run run = runCli("apply " + (dir / "app").string() + " --name " + ns + " --namespace " + ns +
                       " --inventory-namespace " + ns + " --wait --timeout 90s",
                   dir);
  CHECK(run.out == "render: 1 objects in N ms\nstage 3 (resources)\nDeployment/" + ns +
                       "/web created\napply: 1 created in N ms\nhealth: waiting for 1 objects\n"
                       "health: all 1 objects are ready in N ms\n");
  CHECK(run.code == 0);
  CHECK(f.get("apps/v1", "Deployment", "web", ns)["status"]["readyReplicas"] == 2);
  fs::remove_all(dir);
}
