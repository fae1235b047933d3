#include "sync_pipeline.h"

#include <cctype>
#include <iostream>

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

using SteadyClock = std::chrono::steady_clock;

long long msSince(SteadyClock::time_point start) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - start).count();
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

// "requests: total N writes M GET=a LIST=b ..." from the client's counters.
void printStats(const kube::RequestMetrics& m) {
  uint64_t writes = 0;
  std::string byVerb;
  for (const auto& [verb, codes] : m.counts) {
    uint64_t n = m.count(verb);
    if (verb != "GET" && verb != "LIST" && verb != "WATCH") writes += n;
    byVerb += " " + verb + "=" + std::to_string(n);
  }
  std::cout << "requests: total " << m.total() << " writes " << writes << byVerb << "\n";
}

#ifdef GITSYNC_HAVE_HEALTH
int waitHealthy(kube::HttpKubeClient& kc, kube::Clock& clock, const apply::SyncResult& result,
                std::chrono::milliseconds timeout) {
  std::vector<kube::ObjectRef> refs = apply::appliedRefs(result);
  auto start = SteadyClock::now();
  std::cout << "health: waiting for " << refs.size() << " objects\n";
  health::WaitOptions wait;
  wait.timeout = timeout;
  health::WaitResult waited = health::makePollingHealthChecker(kc, clock)->wait(refs, wait);
  for (const auto& h : waited.report.objects) {
    if (h.status != health::HealthStatus::Current) {
      std::cout << h.ref.subject() << " " << health::statusName(h.status) << ": " << h.message
                << "\n";
    }
  }
  if (!waited.status.ok()) {
    std::cerr << "error: " << waited.status.message() << "\n";
    return 1;
  }
  std::cout << "health: all " << refs.size() << " objects are ready in " << msSince(start)
            << " ms\n";
  return 0;
}
#endif

}  // namespace

std::optional<std::chrono::milliseconds> parseDuration(const std::string& text) {
  std::chrono::milliseconds total{0};
  size_t i = 0;
  if (text.empty()) return std::nullopt;
  while (i < text.size()) {
    size_t start = i;
    while (i < text.size() && std::isdigit(static_cast<unsigned char>(text[i]))) ++i;
    if (i == start || i - start > 9) return std::nullopt;
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

fs::path repositoryRoot(const fs::path& dir) {
  std::error_code ec;
  fs::path cur = fs::weakly_canonical(dir, ec);
  for (fs::path p = cur; !p.empty(); p = p.parent_path()) {
    if (fs::exists(p / ".git", ec)) return p;
    if (p == p.parent_path()) break;
  }
  return cur.root_path();
}

void addSyncFlags(CLI::App& cmd, SyncCliOptions& o) {
  cmd.add_option("-n,--namespace", o.ns,
                 "Owner namespace (label gitsync.dev/namespace) and default namespace of "
                 "namespaced objects")
      ->capture_default_str();
  cmd.add_option("--inventory-namespace", o.inventoryNamespace,
                 "Namespace of the inventory ConfigMap gitsync-inventory-NAME")
      ->capture_default_str();
  cmd.add_flag("--prune", o.prune, "Delete objects of the last sync that left the source");
  cmd.add_flag("--wait", o.wait, "Wait until every applied object is ready");
  cmd.add_flag("--force", o.force, "Re-create objects whose immutable fields changed");
  cmd.add_flag("--allow-empty", o.allowEmpty,
               "Allow a prune that deletes every object of the inventory");
  cmd.add_option("--kubeconfig", o.kubeconfig, "Kubeconfig file (default: $KUBECONFIG)");
  cmd.add_option("--context", o.context, "Kubeconfig context (default: current-context)");
  cmd.add_option("--kube-api-qps", o.qps, "Requests per second to the API server")
      ->capture_default_str();
  cmd.add_option("--kube-api-burst", o.burst, "Burst of requests to the API server")
      ->capture_default_str();
  cmd.add_option("--substitute", o.substitute,
                 "Post-build substitution KEY=VALUE for ${KEY} (repeatable), as Flux's postBuild");
  cmd.add_flag("--stats", o.stats, "Print the API requests sent, by verb");
}

Status parseSubstitutions(const std::vector<std::string>& args,
                          std::map<std::string, std::string>& variables) {
  for (const std::string& kv : args) {
    size_t eq = kv.find('=');
    if (eq == std::string::npos || eq == 0) {
      return invalidArgument("--substitute '" + kv + "': expected KEY=VALUE");
    }
    variables[kv.substr(0, eq)] = kv.substr(eq + 1);
  }
  return okStatus();
}

Result<std::unique_ptr<kube::HttpKubeClient>> connectCluster(const std::string& kubeconfig,
                                                             const std::string& context,
                                                             double qps, int burst,
                                                             kube::Clock& clock) {
  kube::LoadOptions load;
  load.kubeconfig = kubeconfig;
  load.context = context;
  GITSYNC_ASSIGN_OR_RETURN(kube::RestConfig config,
                           kube::loadRestConfig(load, kube::Environment::fromProcess()));
  kube::ClientOptions clientOptions;
  clientOptions.rateLimit.qps = qps;
  clientOptions.rateLimit.burst = burst;
  return kube::HttpKubeClient::connect(config, clientOptions, clock);
}

int renderAndSync(const fs::path& path, const fs::path& root, const SyncCliOptions& o,
                  const std::string& revision) {
  std::string at = revision.empty() ? "" : " " + revision;
  auto start = SteadyClock::now();
  render::RenderOptions renderOptions;
  renderOptions.repoRoot = root;
  if (Status s = parseSubstitutions(o.substitute, renderOptions.variables); !s.ok()) {
    std::cerr << "error: " << s.message() << "\n";
    return 2;
  }
  renderOptions.substitute = !o.substitute.empty();
  auto objects = render::makeKustomizeRenderer(renderOptions)->render(path);
  if (!objects.ok()) {
    std::cerr << "error: " << objects.status().message() << "\n";
    std::cerr << "nothing was applied or pruned\n";
    return 1;
  }
  std::cout << "render" << at << ": " << objects->size() << " objects in " << msSince(start)
            << " ms\n";
  kube::SystemClock clock;
  auto client = connectCluster(o.kubeconfig, o.context, o.qps, o.burst, clock);
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
  options.apply.waitTimeout = o.timeout;
  ProgressPrinter progress;
  options.apply.onEntry = [&progress](const apply::ChangeSetEntry& e) { progress.entry(e); };
  options.prune = o.prune;
  options.allowEmpty = o.allowEmpty;
  auto store = apply::makeConfigMapInventoryStore(kc, options.apply.owner, o.inventoryNamespace);

  start = SteadyClock::now();
  apply::SyncResult result = apply::sync(*objects, *applier, *pruner, *store, options);
  printPrune(result);
  std::cout << "apply" << at << ": " << (o.dryRun ? "dry run: " : "") << result.changes.summary()
            << " in " << msSince(start) << " ms\n";
  int code = 0;
  if (!result.status.ok()) {
    std::cerr << "error: " << result.status.message() << "\n";
    code = 1;
  }
  if (o.wait && code == 0 && !o.dryRun) {
#ifdef GITSYNC_HAVE_HEALTH
    code = waitHealthy(kc, clock, result, o.timeout);
#else
    std::cerr << "error: --wait: this build has no health stage\n";
    code = 1;
#endif
  }
  if (o.stats) printStats(kc.metrics());
  return code;
}

}  // namespace gitsync::cli
