#!/usr/bin/env bash
# Smoke tests of the local cluster started by scripts/dev-cluster.sh.
#
#   test/cluster/smoke.sh nodes|deployment|crd|idempotent-up|all
#
# Needs KUBECONFIG (CTest sets it to <build>/cluster/kubeconfig). kubectl is
# $KUBECTL, else kubectl on PATH, else the cluster's own multicall binary.
# Every check compares exact values; any mismatch exits non-zero.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/../.." && pwd)
DEV_CLUSTER=$REPO_ROOT/scripts/dev-cluster.sh

: "${KUBECONFIG:?KUBECONFIG must point at the cluster kubeconfig}"
export KUBECONFIG

if [ -n "${KUBECTL:-}" ]; then
  read -r -a KUBECTL_CMD <<<"$KUBECTL"
elif command -v kubectl >/dev/null 2>&1; then
  KUBECTL_CMD=(kubectl)
else
  BIN=${GITSYNC_CLUSTER_BIN:-$REPO_ROOT/build/kcluster/kcluster}
  KUBECTL_CMD=("$BIN" kubectl)
fi
k() { "${KUBECTL_CMD[@]}" "$@"; }

FAILED=0
fail() {
  echo "FAIL: $*" >&2
  FAILED=1
}
# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
  if [ "$2" == "$3" ]; then
    echo "ok: $1"
  else
    fail "$1: expected [$2], got [$3]"
  fi
}
finish() {
  if [ "$FAILED" != 0 ]; then
    echo "smoke test $1: FAILED" >&2
    exit 1
  fi
  echo "smoke test $1: passed"
}

test_nodes() {
  local got
  got=$(k get nodes -o 'jsonpath={range .items[*]}{.metadata.name}={.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}')
  expect_eq "nodes and their Ready condition" $'kwok-node-0=True\nkwok-node-1=True' "$got"
  # The same through the table printer, as a person would read it.
  got=$(k get nodes --no-headers | awk '{ print $1, $2 }')
  expect_eq "kubectl get nodes" $'kwok-node-0 Ready\nkwok-node-1 Ready' "$got"
  # Heartbeats go through node leases (kwok's heartbeat-with-lease stage).
  got=$(k -n kube-node-lease get leases -o name | sort)
  expect_eq "node leases" $'lease.coordination.k8s.io/kwok-node-0\nlease.coordination.k8s.io/kwok-node-1' "$got"
  finish nodes
}

test_deployment() {
  local ns=smoke-deploy-$$ got t0
  trap 'k delete namespace '"$ns"' --wait=false >/dev/null 2>&1 || true' EXIT
  k create namespace "$ns" >/dev/null
  k -n "$ns" apply --server-side --field-manager=smoke -f - <<'EOF'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      # One pod per fake node, so both nodes are exercised.
      topologySpreadConstraints:
      - maxSkew: 1
        topologyKey: kubernetes.io/hostname
        whenUnsatisfiable: DoNotSchedule
        labelSelector:
          matchLabels: {app: web}
      containers:
      - name: web
        image: registry.k8s.io/pause:3.10
EOF
  t0=$SECONDS
  if k -n "$ns" rollout status deployment/web --timeout=60s; then
    echo "ok: rollout status completed in $((SECONDS - t0)) s"
  else
    fail "rollout status did not complete within 60 s"
    k -n "$ns" get deployment,replicaset,pods -o wide >&2 || true
    k -n "$ns" get events >&2 || true
  fi
  got=$(k -n "$ns" get deployment web -o 'jsonpath={.status.readyReplicas}/{.status.availableReplicas}/{.status.conditions[?(@.type=="Available")].status}')
  expect_eq "deployment readyReplicas/availableReplicas/Available" "2/2/True" "$got"
  got=$(k -n "$ns" get pods -l app=web -o 'jsonpath={range .items[*]}{.spec.nodeName} {.status.phase} {.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' | sort)
  expect_eq "pods (node phase Ready)" $'kwok-node-0 Running True\nkwok-node-1 Running True' "$got"
  # kwok's pod-delete stage finalizes deletions: scaling down removes a pod.
  k -n "$ns" scale deployment/web --replicas=1 >/dev/null
  local n=0 i
  for i in $(seq 120); do
    n=$(k -n "$ns" get pods -l app=web --no-headers 2>/dev/null | wc -l)
    [ "$n" = 1 ] && break
    sleep 0.25
  done
  expect_eq "pods after scaling to 1" "1" "$n"
  finish deployment
}

test_crd() {
  local got
  trap 'k delete crd widgets.smoke.gitsync.dev --wait=false >/dev/null 2>&1 || true' EXIT
  k apply --server-side --field-manager=smoke -f - <<'EOF'
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.smoke.gitsync.dev
spec:
  group: smoke.gitsync.dev
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, listKind: WidgetList}
  versions:
  - name: v1
    served: true
    storage: true
    schema:
      openAPIV3Schema:
        type: object
        properties:
          spec:
            type: object
            properties:
              size: {type: integer}
              color: {type: string}
EOF
  if ! k wait --for=condition=Established crd/widgets.smoke.gitsync.dev --timeout=30s; then
    fail "CRD did not become Established"
  fi
  got=$(k get crd widgets.smoke.gitsync.dev -o 'jsonpath={.status.conditions[?(@.type=="Established")].status}')
  expect_eq "CRD Established" "True" "$got"
  # Discovery can lag a moment behind Established.
  local i
  for i in $(seq 40); do
    k api-resources --api-group=smoke.gitsync.dev -o name 2>/dev/null | grep -qx widgets.smoke.gitsync.dev && break
    sleep 0.25
  done
  k -n default apply --server-side --field-manager=smoke -f - <<'EOF'
apiVersion: smoke.gitsync.dev/v1
kind: Widget
metadata:
  name: blue-widget
spec:
  size: 3
  color: blue
EOF
  got=$(k -n default get widgets -o 'jsonpath={range .items[*]}{.metadata.name}:{.spec.color}:{.spec.size}{"\n"}{end}')
  expect_eq "widgets listed" "blue-widget:blue:3" "$got"
  # Schema validation is on: a wrong type is rejected.
  if k -n default create -f - >/dev/null 2>&1 <<'EOF'; then
apiVersion: smoke.gitsync.dev/v1
kind: Widget
metadata:
  name: bad-widget
spec:
  size: not-a-number
EOF
    fail "a Widget with spec.size: not-a-number was accepted"
  else
    echo "ok: invalid Widget rejected"
  fi
  k -n default delete widget blue-widget >/dev/null
  got=$(k -n default get widgets -o name)
  expect_eq "widgets after delete" "" "$got"
  finish crd
}

# `up` on a running cluster only prints the kubeconfig path and restarts nothing.
test_idempotent_up() {
  local state before after out
  state=$(dirname "$KUBECONFIG")
  before=$(cat "$state"/pids/*.pid)
  out=$(GITSYNC_CLUSTER_DIR=$state "$DEV_CLUSTER" up 2>/dev/null)
  expect_eq "up on a running cluster prints" "$(realpath "$KUBECONFIG")" "$out"
  after=$(cat "$state"/pids/*.pid)
  expect_eq "pids unchanged" "$before" "$after"
  out=$(GITSYNC_CLUSTER_DIR=$state "$DEV_CLUSTER" status | grep -c ' running ')
  expect_eq "components running" "5" "$out"
  finish idempotent-up
}

case "${1:-all}" in
  nodes) test_nodes ;;
  deployment) test_deployment ;;
  crd) test_crd ;;
  idempotent-up) test_idempotent_up ;;
  all)
    for t in nodes deployment crd idempotent-up; do "$0" "$t"; done
    ;;
  *)
    echo "usage: $0 nodes|deployment|crd|idempotent-up|all" >&2
    exit 2
    ;;
esac
