// gitsync apply: render a folder, apply it to the cluster, prune what left the source, wait.
#include <iostream>
#include <memory>

#include "commands.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace {

struct ApplyCliOptions {
  std::string path;
  std::string timeout = "5m";
  SyncCliOptions sync;
};

int runApply(ApplyCliOptions& o) {
  auto timeout = parseDuration(o.timeout);
  if (!timeout) {
    std::cerr << "error: --timeout '" << o.timeout << "': expected a duration like 90s, 5m, 1h\n";
    return 2;
  }
  o.sync.timeout = *timeout;
  return renderAndSync(o.path, repositoryRoot(o.path), o.sync, "");
}

}  // namespace

void addApplyCommand(CLI::App& app) {
  auto opts = std::make_shared<ApplyCliOptions>();
  auto* cmd = app.add_subcommand(
      "apply", "Render PATH and apply it to the cluster (server-side apply), pruning on request");
  cmd->add_option("path", opts->path, "Folder to render (kustomization or plain YAML)")
      ->required();
  cmd->add_option("--name", opts->sync.name, "Owner name: labels gitsync.dev/name, inventory name")
      ->required();
  cmd->add_option("-n,--namespace", opts->sync.ns,
                  "Owner namespace (label gitsync.dev/namespace) and default namespace of "
                  "namespaced objects")
      ->capture_default_str();
  cmd->add_option("--inventory-namespace", opts->sync.inventoryNamespace,
                  "Namespace of the inventory ConfigMap gitsync-inventory-NAME")
      ->capture_default_str();
  cmd->add_flag("--prune", opts->sync.prune, "Delete objects of the last apply that left the source");
  cmd->add_flag("--wait", opts->sync.wait, "Wait until every applied object is ready");
  cmd->add_option("--timeout", opts->timeout, "Limit for --wait and for CRDs to be Established")
      ->capture_default_str();
  cmd->add_flag("--force", opts->sync.force, "Re-create objects whose immutable fields changed");
  cmd->add_flag("--allow-empty", opts->sync.allowEmpty,
                "Allow a prune that deletes every object of the inventory");
  cmd->add_flag("--dry-run", opts->sync.dryRun, "Server-side dry run: nothing is stored");
  cmd->add_option("--kubeconfig", opts->sync.kubeconfig, "Kubeconfig file (default: $KUBECONFIG)");
  cmd->add_option("--context", opts->sync.context, "Kubeconfig context (default: current-context)");
  cmd->add_flag("--stats", opts->sync.stats, "Print the API requests sent, by verb");
  cmd->callback([opts] { setExitCode(runApply(*opts)); });
}

}  // namespace gitsync::cli
