#pragma once
// render -> apply -> prune -> health for a folder: the part `gitsync apply` and
// `gitsync reconcile --now` share. Prints progress per stage and one line per object.
#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include <memory>

#include "gitsync/core/status.h"
#include "gitsync/kube/http_client.h"

namespace gitsync::cli {

struct SyncCliOptions {
  std::string name;                          // owner: labels gitsync.dev/name, inventory name
  std::string ns = "default";                // owner namespace, default namespace of objects
  std::string inventoryNamespace = "default";
  bool prune = false;
  bool wait = false;
  std::chrono::milliseconds timeout{std::chrono::minutes(5)};
  bool force = false;
  bool allowEmpty = false;
  bool dryRun = false;
  bool stats = false;                        // print the API requests sent, by verb
  double qps = 100;                          // client-side rate limit (as Flux's --kube-api-qps)
  int burst = 300;
  std::string kubeconfig;
  std::string context;
  std::vector<std::string> substitute;       // post-build variables, KEY=VALUE
};

// Renders `path` (reading nothing outside `root`) and syncs it. `revision` (may be empty) is
// printed with each stage. Returns the exit code: 0 when every stage succeeded.
// Adds the options shared by every command that syncs (owner, prune, wait, kubeconfig, ...).
void addSyncFlags(CLI::App& cmd, SyncCliOptions& options);

int renderAndSync(const std::filesystem::path& path, const std::filesystem::path& root,
                  const SyncCliOptions& options, const std::string& revision);

// "90s", "5m", "1h", "500ms", "1m30s"; nullopt when malformed.
std::optional<std::chrono::milliseconds> parseDuration(const std::string& text);

// Parses --substitute KEY=VALUE arguments into `variables`; an error names the bad argument.
Status parseSubstitutions(const std::vector<std::string>& args,
                          std::map<std::string, std::string>& variables);

// Loads the kubeconfig (as kubectl: --kubeconfig, $KUBECONFIG, ~/.kube/config, in-cluster) and
// connects a client with the given rate limit. `clock` must outlive the client.
Result<std::unique_ptr<kube::HttpKubeClient>> connectCluster(const std::string& kubeconfig,
                                                             const std::string& context,
                                                             double qps, int burst,
                                                             kube::Clock& clock);

// The top of the Git work tree holding `dir`: nothing outside it is read. Outside Git, the
// filesystem root (only kustomize's own load restrictions apply, as with kubectl kustomize).
std::filesystem::path repositoryRoot(const std::filesystem::path& dir);

}  // namespace gitsync::cli
