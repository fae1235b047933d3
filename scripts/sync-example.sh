#!/usr/bin/env bash
# The main job: sync examples/gitops-repo into a cluster, the way gitsync runs in production.
#
#   bash scripts/sync-example.sh          the controller, driven by the example's custom resources
#   bash scripts/sync-example.sh --cli    the same folders with `gitsync apply`, no controller
#
# Uses $KUBECONFIG (or ~/.kube/config) when one is configured; otherwise starts the project's
# local development cluster (scripts/dev-cluster.sh up) and uses it.
#
# Default: the example repository is committed into a temporary Git repository served by
# `git daemon` on loopback (a real GitOps repository would be on a Git host: the example's
# GitRepository url is rewritten to the daemon and its deploy-key secretRef dropped). Then:
# the CRDs of manifests/crds and the objects of clusters/staging (a GitRepository and the
# Kustomizations infrastructure and apps, apps depending on infrastructure) are applied, and
# `gitsync controller` runs from this machine with the kubeconfig until every Kustomization is
# Ready, prints them, and stops. The synced objects stay; the custom resources too (run the
# controller again to keep the cluster in sync, or install it with `kubectl apply -k manifests/`).
#
# --cli: in the order of the Kustomizations, `gitsync apply` renders each folder (post-build
# substitution with the values of clusters/staging), applies it, prunes and waits.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
repo=$root/examples/gitops-repo
mode=${1:-controller}

"$root/scripts/build.sh" >&2
gitsync=$root/build/gitsync

if [ -z "${KUBECONFIG:-}" ] && [ ! -f "$HOME/.kube/config" ]; then
  echo "sync-example: no kubeconfig configured; starting the local development cluster" >&2
  KUBECONFIG=$("$root/scripts/dev-cluster.sh" up)
  export KUBECONFIG
fi
echo "sync-example: using kubeconfig ${KUBECONFIG:-$HOME/.kube/config}" >&2
kubeconfig=${KUBECONFIG:-$HOME/.kube/config}
kubeconfig=${kubeconfig%%:*}  # the first file of a list

if [ "$mode" == "--cli" ]; then
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
  exit 0
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitsync-example.XXXXXX")
ctl=
cleanup() {
  [ -n "$ctl" ] && kill -TERM "$ctl" 2>/dev/null && wait "$ctl" 2>/dev/null
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

echo "== Git: examples/gitops-repo, served by git daemon on loopback" >&2
cp -r "$repo" "$tmp/work"
git -C "$tmp/work" init -q -b main
git -C "$tmp/work" add -A
git -C "$tmp/work" -c user.name=gitsync -c user.email=gitsync@localhost commit -qm "gitops-repo"
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/gitops-repo.git"
port=$(free_port)
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"

echo "== the gitsync-system Namespace, the CRDs and the objects of clusters/staging" >&2
mkdir -p "$tmp/bootstrap"
cp "$root/manifests/namespace.yaml" "$root"/manifests/crds/*.yaml "$tmp/bootstrap/"
"$gitsync" apply "$tmp/bootstrap" --name gitsync-bootstrap --kubeconfig "$kubeconfig" >&2
mkdir -p "$tmp/cluster"
"$gitsync" build "$repo/clusters/staging" |
  sed -e "s#url: .*#url: git://127.0.0.1:$port/gitops-repo.git#" -e '/secretRef:/,+1d' \
  >"$tmp/cluster/staging.yaml"
"$gitsync" apply "$tmp/cluster" --name cluster-staging --namespace gitsync-system \
  --kubeconfig "$kubeconfig" >&2

echo "== gitsync controller (until every Kustomization is Ready)" >&2
"$gitsync" --log-format json controller --kubeconfig "$kubeconfig" \
  --watch-namespace gitsync-system --cache-dir "$tmp/cache" \
  --metrics-addr "127.0.0.1:$(free_port)" --webhook-addr "127.0.0.1:$(free_port)" \
  >"$tmp/controller.log" 2>&1 &
ctl=$!
all_ready() {
  local table
  table=$("$gitsync" get kustomizations -n gitsync-system --kubeconfig "$kubeconfig" 2>/dev/null) ||
    return 1
  [ "$(echo "$table" | tail -n +2 | wc -l)" -ge 2 ] &&
    ! echo "$table" | tail -n +2 | awk '{print $4}' | grep -qv '^True$'
}
deadline=$((SECONDS + 300))
until all_ready; do
  if ! kill -0 "$ctl" 2>/dev/null || [ $SECONDS -ge $deadline ]; then
    echo "sync-example: not every Kustomization became Ready; the controller's last lines:" >&2
    tail -n 20 "$tmp/controller.log" >&2
    "$gitsync" get kustomizations -n gitsync-system --kubeconfig "$kubeconfig" >&2 || true
    exit 1
  fi
  sleep 1
done
"$gitsync" get sources -n gitsync-system --kubeconfig "$kubeconfig"
"$gitsync" get kustomizations -n gitsync-system --kubeconfig "$kubeconfig"
kubectl=$(command -v kubectl || echo "$root/build/kcluster/kubectl")
[ -x "$kubectl" ] && "$kubectl" --kubeconfig "$kubeconfig" -n apps-staging \
  get deployments,statefulsets,services
