// gitsync apply: render a folder, apply it to the cluster, prune what left the source, wait.
#include <spdlog/spdlog.h>

#include <filesystem>
#include <iostream>
#include <map>
#include <optional>

#include "commands.h"
#include "gitsync/apply/stages.h"
#include "gitsync/apply/sync.h"
#include "gitsync/kube/http_client.h"
#include "gitsync/kube/kubeconfig.h"
#include "gitsync/render/render.h"
#ifdef GITSYNC_HAVE_HEALTH
#include "gitsync/health/health.h"
#endif

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct ApplyCliOptions {
  std::string path;
  std::string name;
  std::string ns = "default";
  std::string inventoryNamespace = "default";
  bool prune = false;
  bool wait = false;
  std::string timeout = "5m";
  bool force = false;
  bool allowEmpty = false;
  bool dryRun = false;
  std::string kubeconfig;
  std::string context;
};

// The top of the Git work tree holding `dir`, or `dir` itself outside Git (as `build`).
fs::path gitTop(const fs::path& dir) {
  std::error_code ec;
  fs::path cur = fs::weakly_canonical(dir, ec);
  for (fs::path p = cur; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return cur;
}

// "90s", "5m", "1h", "500ms", "1m30s" -> milliseconds; nullopt when malformed.
std::optional<std::chrono::milliseconds> parseDuration(const std::string& text) {
  std::chrono::milliseconds total{0};
  size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start) return std::nullopt;
    long long n = std::stoll(text.substr(start, i - start));
    size_t unitStart = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(unitStart, i - unitStart);
    if (unit == "ms") total += std::chrono::milliseconds(n);
    else if (unit == "s") total += std::chrono::seconds(n);
    else if (unit == "m") total += std::chrono::minutes(n);
    else if (unit == "h") total += std::chrono::hours(n);
    else return std::nullopt;
  }
  return total;
}

const char* stageName(apply::Stage stage) {
  switch (stage) {
    case apply::Stage::Definitions: return "definitions";
    case apply::Stage::Classes: return "classes";
    case apply::Stage::Resources: return "resources";
    case apply::Stage::Webhooks: return "webhooks";
  }
  return "resources";
}

// Prints each applied object as it is done, under a header per stage.
class ProgressPrinter {
 public:
  void entry(const apply::ChangeSetEntry& e) {
    apply::Stage stage = apply::stageOf(e.ref.gvk.kind);
    if (!stage_ || stage != *stage_) {
      stage_ = stage;
      std::cout << "stage " << static_cast<int>(stage) << " (" << stageName(stage) << ")\n";
    }
    std::cout << e.line() << "\n" << std::flush;
  }

 private:
  std::optional<apply::Stage> stage_;
};

void printPrune(const apply::SyncResult& result) {
  const auto& entries = result.changes.entries;
  if (result.pruneStart < entries.size()) std::cout << "prune\n";
  for (size_t i = result.pruneStart; i < entries.size(); ++i) {
    std::cout << entries[i].line() << "\n";
  }
}

int runApply(const ApplyCliOptions& o) {
  auto timeout = parseDuration(o.timeout);
  if (!timeout) {
    std::cerr << "error: --timeout '" << o.timeout << "': expected a duration like 90s, 5m, 1h\n";
    return 2;
  }
  render::RenderOptions renderOptions;
  renderOptions.repoRoot = gitTop(o.path);
  auto objects = render::makeKustomizeRenderer(renderOptions)->render(o.path);
  if (!objects.ok()) {
    std::cerr << "error: " << objects.status().message() << "\n";
    std::cerr << "nothing was applied or pruned\n";
    return 1;
  }
  kube::LoadOptions load;
  load.kubeconfig = o.kubeconfig;
  load.context = o.context;
  auto config = kube::loadRestConfig(load, kube::Environment::fromProcess());
  if (!config.ok()) {
    std::cerr << "error: " << config.status().message() << "\n";
    return 1;
  }
  kube::SystemClock clock;
  auto client = kube::HttpKubeClient::connect(*config, {}, clock);
  if (!client.ok()) {
    std::cerr << "error: " << client.status().message() << "\n";
    return 1;
  }
  kube::HttpKubeClient& kc = **client;
  auto applier = apply::makeServerSideApplier(kc, kc.mapper(), clock);
  auto pruner = apply::makePruner(kc);
  apply::SyncOptions options;
  options.apply.owner = {o.name, o.ns};
  options.apply.defaultNamespace = o.ns;
  options.apply.force = o.force;
  options.apply.dryRun = o.dryRun;
  options.apply.waitTimeout = *timeout;
  ProgressPrinter progress;
  options.apply.onEntry = [&progress](const apply::ChangeSetEntry& e) { progress.entry(e); };
  options.prune = o.prune;
  options.allowEmpty = o.allowEmpty;
  auto store = apply::makeConfigMapInventoryStore(kc, options.apply.owner, o.inventoryNamespace);

  apply::SyncResult result = apply::sync(*objects, *applier, *pruner, *store, options);
  printPrune(result);
  int code = 0;
  if (!result.status.ok()) {
    std::cerr << "error: " << result.status.message() << "\n";
    code = 1;
  }
#ifdef GITSYNC_HAVE_HEALTH
  if (o.wait && code == 0 && !o.dryRun) {
    std::vector<kube::ObjectRef> refs;
    for (const auto& e : result.changes.entries) {
      if (e.action == apply::Action::Created || e.action == apply::Action::Configured ||
          e.action == apply::Action::Unchanged) {
        refs.push_back(e.ref);
      }
    }
    std::cout << "waiting for " << refs.size() << " objects\n";
    health::WaitOptions wait;
    wait.timeout = *timeout;
    health::WaitResult waited = health::makePollingHealthChecker(kc, clock)->wait(refs, wait);
    for (const auto& h : waited.report.objects) {
      if (h.status != health::HealthStatus::Current) {
        std::cout << h.ref.subject() << " " << health::statusName(h.status) << ": " << h.message
                  << "\n";
      }
    }
    if (!waited.status.ok()) {
      std::cerr << "error: " << waited.status.message() << "\n";
      code = 1;
    } else {
      std::cout << "all " << refs.size() << " objects are ready\n";
    }
  }
#else
  if (o.wait) {
    std::cerr << "error: --wait: this build has no health stage\n";
    code = 1;
  }
#endif
  std::cout << (o.dryRun ? "dry run: " : "") << result.changes.summary() << "\n";
  return code;
}

}  // namespace

void addApplyCommand(CLI::App& app) {
  auto opts = std::make_shared<ApplyCliOptions>();
  auto* cmd = app.add_subcommand(
      "apply", "Render PATH and apply it to the cluster (server-side apply), pruning on request");
  cmd->add_option("path", opts->path, "Folder to render (kustomization or plain YAML)")
      ->required();
  cmd->add_option("--name", opts->name, "Owner name: labels gitsync.dev/name, inventory name")
      ->required();
  cmd->add_option("-n,--namespace", opts->ns,
                  "Owner namespace (label gitsync.dev/namespace) and default namespace of "
                  "namespaced objects")
      ->capture_default_str();
  cmd->add_option("--inventory-namespace", opts->inventoryNamespace,
                  "Namespace of the inventory ConfigMap gitsync-inventory-NAME")
      ->capture_default_str();
  cmd->add_flag("--prune", opts->prune, "Delete objects of the last apply that left the source");
  cmd->add_flag("--wait", opts->wait, "Wait until every applied object is ready");
  cmd->add_option("--timeout", opts->timeout, "Limit for --wait and for CRDs to be Established")
      ->capture_default_str();
  cmd->add_flag("--force", opts->force, "Re-create objects whose immutable fields changed");
  cmd->add_flag("--allow-empty", opts->allowEmpty,
                "Allow a prune that deletes every object of the inventory");
  cmd->add_flag("--dry-run", opts->dryRun, "Server-side dry run: nothing is stored");
  cmd->add_option("--kubeconfig", opts->kubeconfig, "Kubeconfig file (default: $KUBECONFIG)");
  cmd->add_option("--context", opts->context, "Kubeconfig context (default: current-context)");
  cmd->callback([opts] { setExitCode(runApply(*opts)); });
}

}  // namespace gitsync::cli
