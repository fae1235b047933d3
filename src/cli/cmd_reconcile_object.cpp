// gitsync reconcile kustomization|source NAME: ask the in-cluster controller to reconcile an
// object now and wait until it has, as `flux reconcile` does.
#include <iostream>
#include <memory>
#include <string>

#include "commands.h"
#include "custom_resources.h"
#include "sync_pipeline.h"

namespace gitsync::cli {
namespace {

struct ReconcileObjectOptions {
  std::string name;
  ClusterFlags cluster;
  bool withSource = false;
  bool now = false;  // accepted; every request is immediate
  std::string timeout = "5m";
};

int fail(const Status& status) {
  std::cerr << "error: " << status.message() << "\n";
  return 1;
}

int runReconcileObject(const ReconcileObjectOptions& o, ResourceKind kind) {
  auto timeout = parseTimeoutFlag(o.timeout, std::cerr);
  if (!timeout) return 2;
  kube::SystemClock clock;
  auto client = connectOrReport(o.cluster, clock, std::cerr);
  if (!client) return 1;
  kube::HttpKubeClient& kc = *client;
  ReconcileRequest request;
  request.kind = kind;
  request.ns = namespaceOf(o.cluster, kc);
  request.name = o.name;
  request.timeout = *timeout;
  request.timeoutText = o.timeout;

  if (o.withSource) {
    // The source first, so the Kustomization's reconcile sees its new revision.
    auto object = getResource(kc, kind, request.ns, request.name);
    if (!object.ok()) return fail(object.status());
    if (isSuspended(*object)) {
      return fail(failedPrecondition("kustomization '" + o.name + "' is suspended"));
    }
    std::string sourceKind = stringAt(*object, "/spec/sourceRef/kind");
    if (sourceKind != kindName(ResourceKind::GitRepository)) {
      return fail(invalidArgument("kustomization '" + o.name +
                                  "': --with-source: spec.sourceRef.kind '" + sourceKind +
                                  "' is not GitRepository"));
    }
    ReconcileRequest source = request;
    source.kind = ResourceKind::GitRepository;
    source.name = stringAt(*object, "/spec/sourceRef/name");
    std::string sourceNs = stringAt(*object, "/spec/sourceRef/namespace");
    if (!sourceNs.empty()) source.ns = sourceNs;
    if (int code = reconcileAndWait(kc, clock, source, std::cout, std::cerr); code != 0) {
      return code;
    }
  }
  return reconcileAndWait(kc, clock, request, std::cout, std::cerr);
}

void addObjectCommand(CLI::App& reconcile, ResourceKind kind) {
  auto o = std::make_shared<ReconcileObjectOptions>();
  bool isKustomization = kind == ResourceKind::Kustomization;
  auto* cmd = reconcile.add_subcommand(
      isKustomization ? "kustomization" : "source",
      isKustomization
          ? "Ask the controller to reconcile a Kustomization now and wait for the outcome"
          : "Ask the controller to fetch a GitRepository now and wait for the outcome");
  cmd->alias(isKustomization ? "ks" : "gitrepository");
  cmd->add_option("name", o->name, "Name of the object")->required();
  addClusterFlags(*cmd, o->cluster);
  cmd->add_option("--timeout", o->timeout, "How long to wait for the controller")
      ->capture_default_str();
  // Accepted for the form `gitsync reconcile kustomization NAME --now`: the request is always
  // immediate (the requestedAt annotation), there is no other mode.
  cmd->add_flag("--now", o->now, "Reconcile now (the default and only mode)");
  if (isKustomization) {
    cmd->add_flag("--with-source", o->withSource,
                  "Reconcile the GitRepository of spec.sourceRef first and wait for it");
  }
  cmd->callback([o, kind] { setExitCode(runReconcileObject(*o, kind)); });
}

}  // namespace

void addReconcileObjectCommands(CLI::App& reconcile) {
  reconcile.require_subcommand(0, 1);
  addObjectCommand(reconcile, ResourceKind::Kustomization);
  addObjectCommand(reconcile, ResourceKind::GitRepository);
}

}  // namespace gitsync::cli
