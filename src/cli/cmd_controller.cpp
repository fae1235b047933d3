// gitsync controller: the in-cluster controller. Watches GitRepository, Kustomization and
// Receiver objects and reconciles them (workers only on the elected leader), serves /metrics,
// /healthz and /readyz, and the webhook receiver. SIGTERM/SIGINT stop it cleanly (exit 0);
// losing the leader Lease exits 1 so the pod starts over.
#include <signal.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>

#include "cmd_controller.h"
#include "commands.h"
#include "gitsync/controller/api.h"
#include "gitsync/controller/leader.h"
#include "gitsync/controller/manager.h"
#include "gitsync/controller/ops_server.h"
#include "gitsync/controller/reconcilers.h"
#include "gitsync/webhook/receiver_index.h"
#include "gitsync/webhook/server.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace fs = std::filesystem;
namespace {

struct ControllerOptions {
  std::string kubeconfig;
  std::string context;
  int concurrent = 4;
  std::string watchNamespace;
  bool leaderElect = false;
  std::string leaderElectionNamespace;
  std::string leaderElectionId = "gitsync-controller";
  std::string metricsAddr = ":8080";
  std::string webhookAddr = ":9292";
  std::string cacheDir;
  std::string requeueDependency = "10s";
  std::string gracePeriod = "30s";
  double qps = 100;  // as gitsync apply; 50 makes 100 Kustomizations wait on the limiter
  int burst = 300;
  std::string logFormat;  // empty: gitsync's own --log-format, else text
  std::string logLevel;   // empty: gitsync's own --log-level, else info
};

// The value of gitsync's own option `name` (given before the subcommand), else `fallback`.
std::string inherited(CLI::App& app, const std::string& name, const std::string& fallback) {
  CLI::Option* option = app.get_option_no_throw(name);
  if (option == nullptr || option->count() == 0) return fallback;
  return option->as<std::string>();
}

const char kServiceAccountNamespace[] = "/var/run/secrets/kubernetes.io/serviceaccount/namespace";

// The pod's namespace in-cluster, else gitsync-system.
std::string defaultLeaseNamespace() {
  std::ifstream in(kServiceAccountNamespace);
  std::string ns;
  if (in && std::getline(in, ns) && !ns.empty()) return ns;
  return "gitsync-system";
}

fs::path defaultCacheDir() {
  const char* xdg = std::getenv("XDG_CACHE_HOME");  // NOLINT(concurrency-mt-unsafe)
  if (xdg && *xdg) return fs::path(xdg) / "gitsync";
  const char* home = std::getenv("HOME");  // NOLINT(concurrency-mt-unsafe)
  if (home && *home) return fs::path(home) / ".cache/gitsync";
  return fs::temp_directory_path() / "gitsync-cache";
}

int fail(const std::string& message, int code) {
  spdlog::error("{}", message);
  return code;
}

int runController(const ControllerOptions& o) {
  setupControllerLogging(o.logFormat, o.logLevel);
  const bool json = o.logFormat == "json";
  // Every thread started from here on inherits the mask: only sigtimedwait below sees them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto dependencyRequeue = parseDuration(o.requeueDependency);
  if (!dependencyRequeue) {
    return fail("--requeue-dependency '" + o.requeueDependency +
                    "': expected a duration like 10s", 2);
  }
  auto grace = parseDuration(o.gracePeriod);
  if (!grace) {
    return fail("--graceful-shutdown-timeout '" + o.gracePeriod +
                    "': expected a duration like 30s", 2);
  }
  auto metricsAddr = controller::parseListenAddress(o.metricsAddr);
  if (!metricsAddr.ok()) return fail("--metrics-addr: " + metricsAddr.status().message(), 2);
  auto webhookAddr = controller::parseListenAddress(o.webhookAddr);
  if (!webhookAddr.ok()) return fail("--webhook-addr: " + webhookAddr.status().message(), 2);

  kube::LoadOptions load;
  load.kubeconfig = o.kubeconfig;
  load.context = o.context;
  auto config = kube::loadRestConfig(load, kube::Environment::fromProcess());
  if (!config.ok()) return fail(config.status().message(), 1);
  kube::ClientOptions clientOptions;
  clientOptions.rateLimit.qps = o.qps;
  clientOptions.rateLimit.burst = o.burst;
  clientOptions.userAgent = "gitsync-controller";
  kube::SystemClock clock;
  auto connected = kube::HttpKubeClient::connect(*config, clientOptions, clock);
  if (!connected.ok()) return fail(connected.status().message(), 1);
  kube::HttpKubeClient& client = **connected;

  controller::ReconcilerOptions reconcilerOptions;
  reconcilerOptions.cacheDir = o.cacheDir.empty() ? defaultCacheDir() : fs::path(o.cacheDir);
  reconcilerOptions.dependencyRequeue = *dependencyRequeue;
  reconcilerOptions.restConfig = *config;
  reconcilerOptions.clientOptions = clientOptions;
  controller::ArtifactStore artifacts;
  auto repositories =
      controller::makeGitRepositoryReconciler(client, clock, artifacts, reconcilerOptions);
  auto kustomizations =
      controller::makeKustomizationReconciler(client, clock, artifacts, reconcilerOptions);
  webhook::ReceiverIndex receiverIndex;
  auto receivers = webhook::makeReceiverReconciler(client, receiverIndex);

  controller::Registry metrics;
  auto& kubeRequests = metrics.counter("gitsync_kube_requests_total",
                                       "Requests sent to the API server, by verb and HTTP code "
                                       "(0: no response).",
                                       {"verb", "code"});
  metrics.addCollector([&client, &kubeRequests] {
    for (const auto& [verb, codes] : client.metrics().counts) {
      for (const auto& [code, count] : codes) {
        kubeRequests.set({verb, std::to_string(code)}, static_cast<double>(count));
      }
    }
  });
  auto& leaderGauge = metrics.gauge("gitsync_leader", "1 while this replica leads.", {});
  leaderGauge.set({}, 0);

  controller::ManagerOptions managerOptions;
  managerOptions.concurrent = o.concurrent;
  managerOptions.watchNamespace = o.watchNamespace;
  managerOptions.gracePeriod = *grace;
  managerOptions.onReconciled = [json](const controller::ReconcileRecord& r) {
    logReconcile(r, json);
  };
  controller::Manager manager(client, client, clock, artifacts, metrics, managerOptions);
  manager.addKind("GitRepository", controller::gitRepositoryGvk(), *repositories);
  manager.addKind("Kustomization", controller::kustomizationGvk(), *kustomizations);
  manager.addKind("Receiver", controller::receiverGvk(), *receivers);

  controller::OpsServerOptions opsOptions = *metricsAddr;
  opsOptions.healthy = [&manager] { return manager.healthy(); };
  opsOptions.ready = [&manager] { return manager.ready(); };
  auto ops = controller::startOpsServer(opsOptions, metrics);
  if (!ops.ok()) return fail(ops.status().message(), 1);
  webhook::ServerOptions webhookOptions;
  webhookOptions.address = webhookAddr->address;
  webhookOptions.port = webhookAddr->port;
  webhookOptions.log = [json](const webhook::CallRecord& call) { logWebhookCall(call, json); };
  auto hooks = webhook::startServer(webhookOptions, receiverIndex, client);
  if (!hooks.ok()) return fail(hooks.status().message(), 1);
  spdlog::info("controller: metrics on {}:{}, webhooks on {}:{}, cache {}", opsOptions.address,
               (*ops)->port(), webhookOptions.address, (*hooks)->port(),
               reconcilerOptions.cacheDir.string());

  manager.startInformers();
  std::unique_ptr<controller::LeaderElector> elector;
  if (o.leaderElect) {
    controller::LeaderElectionOptions leOptions;
    leOptions.ns = o.leaderElectionNamespace.empty() ? defaultLeaseNamespace()
                                                     : o.leaderElectionNamespace;
    leOptions.name = o.leaderElectionId;
    leOptions.onStartedLeading = [&] {
      leaderGauge.set({}, 1);
      manager.startWorkers();
    };
    leOptions.onStoppedLeading = [&] { leaderGauge.set({}, 0); };
    elector = std::make_unique<controller::LeaderElector>(client, clock, leOptions);
    elector->start();
  } else {
    leaderGauge.set({}, 1);
    manager.startWorkers();
  }

  int exitCode = 0;
  timespec tick{1, 0};
  while (true) {
    int sig = sigtimedwait(&signals, nullptr, &tick);
    if (sig == SIGTERM || sig == SIGINT) {
      spdlog::info("controller: {} received, stopping", sig == SIGTERM ? "SIGTERM" : "SIGINT");
      break;
    }
    if (elector && elector->lost()) {
      exitCode = 1;
      break;
    }
  }
  (*hooks)->stop();
  if (!manager.stop()) {
    // Workers still run and use the manager: leave without destructors (the Lease expires).
    spdlog::error("controller: exiting with reconciles still running");
    spdlog::default_logger()->flush();
    std::_Exit(1);
  }
  if (elector) elector->stop();  // releases the Lease: a standby takes over at once
  (*ops)->stop();
  spdlog::info("controller: stopped");
  return exitCode;
}

}  // namespace

void addControllerCommand(CLI::App& app) {
  auto o = std::make_shared<ControllerOptions>();
  auto* cmd = app.add_subcommand(
      "controller", "Run the controller: reconcile GitRepository, Kustomization and Receiver "
                    "objects of the cluster until SIGTERM");
  cmd->add_option("--kubeconfig", o->kubeconfig,
                  "Kubeconfig file (default: as kubectl, then in-cluster)");
  cmd->add_option("--context", o->context, "Kubeconfig context");
  cmd->add_option("--concurrent", o->concurrent, "Workers per kind")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  cmd->add_option("--watch-namespace", o->watchNamespace,
                  "Reconcile only the objects of this namespace (default: all namespaces)");
  cmd->add_flag("--leader-elect", o->leaderElect,
                "Reconcile only while holding the leader Lease (run several replicas)");
  cmd->add_option("--leader-election-namespace", o->leaderElectionNamespace,
                  "Namespace of the Lease (default: the pod's, else gitsync-system)");
  cmd->add_option("--leader-election-id", o->leaderElectionId, "Name of the Lease")
      ->capture_default_str();
  cmd->add_option("--metrics-addr", o->metricsAddr, "Address of /metrics, /healthz, /readyz")
      ->capture_default_str();
  cmd->add_option("--webhook-addr", o->webhookAddr, "Address of the webhook receiver")
      ->capture_default_str();
  cmd->add_option("--cache-dir", o->cacheDir,
                  "Git clones and artifacts (default: ~/.cache/gitsync)");
  cmd->add_option("--requeue-dependency", o->requeueDependency,
                  "Wait before checking again a dependency or source that is not ready")
      ->capture_default_str();
  cmd->add_option("--graceful-shutdown-timeout", o->gracePeriod,
                  "How long running reconciles may take to stop on SIGTERM")
      ->capture_default_str();
  cmd->add_option("--kube-api-qps", o->qps, "Client-side rate limit of API requests")
      ->capture_default_str();
  cmd->add_option("--kube-api-burst", o->burst, "Burst of the client-side rate limit")
      ->capture_default_str();
  cmd->add_option("--log-format", o->logFormat,
                  "Log format: text or json (default: gitsync --log-format, else text)")
      ->check(CLI::IsMember({"text", "json"}));
  cmd->add_option("--log-level", o->logLevel,
                  "Log level: debug, info, warn, error (default: gitsync --log-level, else info)")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}));
  cmd->callback([o, &app] {
    if (o->logFormat.empty()) o->logFormat = inherited(app, "--log-format", "text");
    if (o->logLevel.empty()) o->logLevel = inherited(app, "--log-level", "info");
    setExitCode(runController(*o));
  });
}

}  // namespace gitsync::cli
