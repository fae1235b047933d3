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
  cmd->add_option("--timeout", opts->timeout, "Limit for --wait and for CRDs to be Established")
      ->capture_default_str();
  cmd->add_flag("--dry-run", opts->sync.dryRun, "Server-side dry run: nothing is stored");
  addSyncFlags(*cmd, opts->sync);
  cmd->callback([opts] { setExitCode(runApply(*opts)); });
}

}  // namespace gitsync::cli
