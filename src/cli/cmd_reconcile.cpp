// gitsync reconcile --now: fetch a Git repository, then render, apply, prune and wait once.
#include <iostream>

#include "commands.h"
#include "gitsync/source/source.h"
#include "source_fetch.h"
#include "source_flags.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct ReconcileOptions {
  bool now = false;
  SourceCliOptions source;  // --url, the reference, credentials, --verify-mode, --timeout
  std::string path = ".";
  SyncCliOptions sync;
};

// Fetch (and verify with --verify-mode), then render, apply, prune and wait. A failed fetch or
// verification exits 1 before the render: nothing is applied or pruned.
int runReconcile(ReconcileOptions& o) {
  if (!o.now || o.source.url.empty()) {
    std::cerr << "error: reconcile: give --now --url URL (sync once from this machine), or "
                 "kustomization NAME or source NAME (ask the in-cluster controller)\n";
    return 2;
  }
  auto request = toFetchOptions(o.source);
  if (!request.ok()) {
    std::cerr << "error: " << request.status().message() << "\n";
    return 2;
  }
  o.sync.timeout = request->timeout;
  long long ms = 0;
  auto artifact = fetchTimed(*request, ms);
  if (!artifact.ok()) {
    std::cerr << "error: " << artifact.status().message() << "\n";
    std::cerr << "nothing was applied or pruned\n";
    return 1;
  }
  std::cout << "fetch " << artifact->revision << (artifact->changed ? "" : " (unchanged)")
            << " in " << ms << " ms\n";
  if (Status verified = verifyAndPrint(*request, *artifact, std::cout); !verified.ok()) {
    std::cerr << "error: " << verified.message() << "\n";
    std::cerr << "nothing was applied or pruned\n";
    return 1;
  }
  fs::path dir = artifact->dir / o.path;
  return renderAndSync(dir, artifact->dir, o.sync, artifact->revision);
}

}  // namespace

void addReconcileCommand(CLI::App& app) {
  auto o = std::make_shared<ReconcileOptions>();
  auto* cmd = app.add_subcommand(
      "reconcile", "Fetch a Git repository and sync a folder of it: fetch, render, apply, prune, "
                   "health, once");
  // Required unless a subcommand (kustomization, source) is given: checked in runReconcile.
  cmd->add_flag("--now", o->now, "Reconcile once, now");
  addSourceFlags(*cmd, o->source);
  cmd->add_option("--path", o->path, "Folder of the repository to sync")->capture_default_str();
  cmd->add_option("--name", o->sync.name, "Owner name (default: the last part of --url)");
  cmd->add_option("--timeout", o->source.timeout,
                  "Limit for the fetch (from its TCP connect on), for --wait and for CRDs")
      ->capture_default_str();
  addSyncFlags(*cmd, o->sync);
  addReconcileObjectCommands(*cmd);
  cmd->callback([o, cmd] {
    if (!cmd->get_subcommands().empty()) return;  // reconcile kustomization|source ran
    if (o->sync.name.empty()) {
      std::string base = o->source.url;
      while (!base.empty() && base.back() == '/') base.pop_back();
      base = base.substr(base.find_last_of('/') + 1);
      if (base.size() > 4 && base.substr(base.size() - 4) == ".git") base.resize(base.size() - 4);
      o->sync.name = base;
    }
    setExitCode(runReconcile(*o));
  });
}

}  // namespace gitsync::cli
