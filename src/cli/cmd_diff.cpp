// gitsync diff: what `gitsync apply` would change, as unified diffs (server-side dry run).
#include <filesystem>
#include <iostream>

#include "commands.h"
#include "sync_pipeline.h"
#include "gitsync/apply/diff.h"
#include "gitsync/kube/http_client.h"
#include "gitsync/kube/kubeconfig.h"
#include "gitsync/render/render.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct DiffCliOptions {
  std::string path;
  std::string name;
  std::string ns = "default";
  std::string inventoryNamespace = "default";
  std::string kubeconfig;
  std::string context;
};


// Exit codes as `diff` and `kubectl diff`: 0 no changes, 1 changes, 2 an error.
int runDiff(const DiffCliOptions& o) {
  render::RenderOptions renderOptions;
  renderOptions.repoRoot = repositoryRoot(o.path);
  auto objects = render::makeKustomizeRenderer(renderOptions)->render(o.path);
  if (!objects.ok()) {
    std::cerr << "error: " << objects.status().message() << "\n";
    return 2;
  }
  kube::SystemClock clock;
  kube::ClientOptions defaults;
  auto client = connectCluster(o.kubeconfig, o.context, defaults.rateLimit.qps,
                               defaults.rateLimit.burst, clock);
  if (!client.ok()) {
    std::cerr << "error: " << client.status().message() << "\n";
    return 2;
  }
  kube::HttpKubeClient& kc = **client;
  apply::ApplyOptions options;
  options.owner = {o.name, o.ns};
  options.defaultNamespace = o.ns;
  auto previous = apply::makeConfigMapInventoryStore(kc, options.owner, o.inventoryNamespace)
                      ->load();
  if (!previous.ok()) {
    std::cerr << "error: " << previous.status().message() << "\n";
    return 2;
  }
  apply::DiffResult result = apply::diff(*objects, *previous, kc, kc.mapper(), options);
  for (const auto& d : result.objects) {
    if (d.action == apply::Action::Failed) {
      std::cerr << "error: " << d.message << "\n";
    } else {
      std::cout << d.diff;
    }
  }
  if (!result.status.ok()) return 2;
  return result.changes() ? 1 : 0;
}

}  // namespace

void addDiffCommand(CLI::App& app) {
  auto opts = std::make_shared<DiffCliOptions>();
  auto* cmd = app.add_subcommand(
      "diff", "Show what apply would change (server-side dry run); exit 1 when something would");
  cmd->add_option("path", opts->path, "Folder to render (kustomization or plain YAML)")
      ->required();
  cmd->add_option("--name", opts->name, "Owner name, as given to apply")->required();
  cmd->add_option("-n,--namespace", opts->ns, "Owner namespace, as given to apply")
      ->capture_default_str();
  cmd->add_option("--inventory-namespace", opts->inventoryNamespace,
                  "Namespace of the inventory ConfigMap gitsync-inventory-NAME")
      ->capture_default_str();
  cmd->add_option("--kubeconfig", opts->kubeconfig, "Kubeconfig file (default: $KUBECONFIG)");
  cmd->add_option("--context", opts->context, "Kubeconfig context (default: current-context)");
  cmd->callback([opts] { setExitCode(runDiff(*opts)); });
}

}  // namespace gitsync::cli
