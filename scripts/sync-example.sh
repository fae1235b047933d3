#!/usr/bin/env bash
# The main job: sync examples/gitops-repo into a cluster.
#
# Uses $KUBECONFIG (or ~/.kube/config) when one is configured; otherwise starts the project's
# local development cluster (scripts/dev-cluster.sh up) and uses it.
# Steps, in the order the example's clusters/staging Kustomizations give (infrastructure first,
# then the apps that depend on it): render with `gitsync build` (post-build substitution with
# the values of clusters/staging), then server-side apply with field manager gitsync.
#
# NOTE: until `gitsync apply` lands (its issue is open), the apply step uses
# `kubectl apply --server-side --field-manager=gitsync` on gitsync's rendered output.
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
  local name=$1 path=$2 out
  out=$(mktemp)
  echo "== $name: render $path" >&2
  "$gitsync" build "$repo/$path" --root "$repo" "${vars[@]}" -o "$out"
  echo "== $name: apply ($(grep -c '^kind:' "$out") objects)" >&2
  kubectl apply --server-side --field-manager=gitsync --force-conflicts -f "$out"
  rm -f "$out"
}

sync infrastructure infrastructure
sync apps apps/overlays/staging
echo "== apps: waiting for rollouts" >&2
kubectl -n apps-staging rollout status deployment --timeout=120s
kubectl -n apps-staging get deployments,statefulsets,services
