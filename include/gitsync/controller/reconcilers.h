#pragma once
// The reconcilers of GitRepository and Kustomization (the Receiver's lives in the webhook
// stage). Behaviour and status are documented in docs/api.md.
#include <chrono>
#include <filesystem>
#include <memory>
#include <string>

#include "gitsync/controller/artifact_store.h"
#include "gitsync/controller/reconciler.h"
#include "gitsync/kube/clock.h"
#include "gitsync/kube/http_client.h"
#include "gitsync/kube/kubeconfig.h"

namespace gitsync::controller {

struct ReconcilerOptions {
  // Bare clones and exported trees of every GitRepository (source::FetchOptions::cacheDir).
  std::filesystem::path cacheDir;
  // How long a Kustomization waits before checking again a dependency or a source that is
  // not ready (Flux's --requeue-dependency).
  std::chrono::milliseconds dependencyRequeue{std::chrono::seconds(10)};
  std::string fieldManager = "gitsync";
  // To build impersonating clients for Kustomizations with spec.serviceAccountName.
  kube::RestConfig restConfig;
  kube::ClientOptions clientOptions;
  // Poll interval of health checks.
  std::chrono::milliseconds healthPollInterval{std::chrono::seconds(1)};
};

// Fetches spec.url at spec.ref with the credentials of spec.secretRef, verifies signatures
// when asked, puts the tree into `artifacts` and writes status.artifact and conditions.
// `client`, `clock` and `artifacts` must outlive it.
std::unique_ptr<Reconciler> makeGitRepositoryReconciler(kube::HttpKubeClient& client,
                                                        kube::Clock& clock,
                                                        ArtifactStore& artifacts,
                                                        const ReconcilerOptions& options);

// dependsOn -> artifact -> render (with the spec's overrides and postBuild) -> apply ->
// prune -> health, writing status (inventory, revisions, conditions) and Events.
std::unique_ptr<Reconciler> makeKustomizationReconciler(kube::HttpKubeClient& client,
                                                        kube::Clock& clock,
                                                        ArtifactStore& artifacts,
                                                        const ReconcilerOptions& options);

}  // namespace gitsync::controller
