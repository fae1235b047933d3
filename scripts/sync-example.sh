#!/usr/bin/env bash
# The main job: sync examples/gitops-repo into a cluster.
#
# Uses $KUBECONFIG (or ~/.kube/config) when one is configured; otherwise starts the project's
# local development cluster (scripts/dev-cluster.sh up) and uses it.
# In the order the example's clusters/staging Kustomizations give (infrastructure first, then
# the apps that depend on it), `gitsync apply` renders each folder (post-build substitution with
# the values of clusters/staging), applies it server-side, prunes what left it and waits until
# everything is ready.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
repo=$root/examples/gitops-repo

"$root/scripts/build.sh" >&2
gitsync=$root/build/gitsync

if [ -z "${KUBECONFIG:-}" ] && [ ! -f "$HOME/.kube/config" ]; then
  echo "sync-example: no kubeconfig configured; starting the local development cluster" >&2
  KUBECONFIG=$("$root/scripts/dev-cluster.sh" up)
  export KUBECONFIG
fi
echo "sync-example: using kubeconfig ${KUBECONFIG:-$HOME/.kube/config}" >&2

vars=(--substitute cluster_name=stg-eu-west-1 --substitute cluster_env=staging
      --substitute apps_namespace=apps-staging --substitute apps_cpu_quota=4
      --substitute apps_memory_quota=8Gi)

sync() {  # sync NAME PATH
  echo "== $1: $2" >&2
  "$gitsync" apply "$repo/$2" --name "$1" --namespace gitsync-system --prune --wait \
    --timeout 3m "${vars[@]}"
}

sync infrastructure infrastructure
sync apps apps/overlays/staging
kubectl=$(command -v kubectl || echo "$root/build/kcluster/kubectl")
[ -x "$kubectl" ] && "$kubectl" -n apps-staging get deployments,statefulsets,services
