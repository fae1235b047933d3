#!/usr/bin/env bash
# `gitsync reconcile`, `get`, `suspend` and `resume` against the real controller
# (`gitsync controller --watch-namespace`, started here) and a real `git daemon` on loopback: a
# pushed commit reaches the cluster through `reconcile kustomization --with-source`, and the
# printed lines carry the controller's revision and Ready message.
# Usage: controller_cli_test.sh GITSYNC_BINARY (KUBECONFIG set, gitsync.dev CRDs installed).
set -u
bin=$1
kubectl=${KUBECTL:-kubectl}
ns=gitsync-cli-ctl
tmp=$(mktemp -d)
fail=0
ctl=
# Kustomizations with prune carry the controller's finalizer: drop it when no controller runs.
unfinalize() {
  for ks in $("$kubectl" -n "$ns" get kustomizations -o name 2>/dev/null); do
    "$kubectl" -n "$ns" patch "$ks" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1
  done
}
cleanup() {
  # Deleted while the controller still runs, so it prunes and releases its finalizer.
  "$kubectl" -n "$ns" delete kustomizations --all --timeout=60s >/dev/null 2>&1 || unfinalize
  [ -n "$ctl" ] && kill "$ctl" 2>/dev/null && wait "$ctl" 2>/dev/null
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  unfinalize
  "$kubectl" delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL $1"; echo "  expected: $(printf '%q' "$2")"; echo "  actual:   $(printf '%q' "$3")"; fail=1
  else
    echo "ok   $1"
  fi
}
k() { "$kubectl" "$@"; }
run() { "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }
ready_message() { k -n "$ns" get "$1" "$2" -o jsonpath='{.status.conditions[?(@.type=="Ready")].message}'; }
ready_reason() { k -n "$ns" get "$1" "$2" -o jsonpath='{.status.conditions[?(@.type=="Ready")].reason}'; }

k wait --for=condition=Established crd/kustomizations.gitsync.dev crd/gitrepositories.gitsync.dev \
  --timeout=60s >/dev/null || { echo "the gitsync.dev CRDs are not installed"; exit 1; }
if k get namespace "$ns" >/dev/null 2>&1; then
  unfinalize
  k delete namespace "$ns" --wait=true --timeout=120s >/dev/null
fi
k create namespace "$ns" >/dev/null || exit 1

git init -q -b main "$tmp/work"
mkdir -p "$tmp/work/app"
printf 'resources:\n- settings.yaml\n' > "$tmp/work/app/kustomization.yaml"
settings() {
  printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: %s\ndata:\n  mode: %s\n' \
    "$ns" "$1" > "$tmp/work/app/settings.yaml"
}
settings one
git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm one
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/repo.git"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

"$bin" controller --watch-namespace "$ns" --metrics-addr 127.0.0.1:0 --webhook-addr 127.0.0.1:0 \
  --cache-dir "$tmp/cache" >"$tmp/controller.log" 2>&1 &
ctl=$!

k apply -f - >/dev/null <<Y || exit 1
apiVersion: gitsync.dev/v1
kind: GitRepository
metadata: {name: repo, namespace: $ns}
spec: {interval: 1h, url: "git://127.0.0.1:$port/repo.git", ref: {branch: main}}
---
apiVersion: gitsync.dev/v1
kind: Kustomization
metadata: {name: apps, namespace: $ns}
spec:
  interval: 1h
  prune: true
  path: ./app
  sourceRef: {kind: GitRepository, name: repo}
Y
if ! k -n "$ns" wait --for=condition=Ready kustomization/apps --timeout=120s >/dev/null; then
  echo "FAIL the controller did not make the Kustomization Ready"; cat "$tmp/controller.log"; exit 1
fi
check "first sync applied" one "$(k -n "$ns" get configmap settings -o jsonpath='{.data.mode}')"

# A new commit: with --with-source the controller fetches it first, then applies it.
settings two
git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm two
git -C "$tmp/work" push -q "$tmp/srv/repo.git" main
rev=main@sha1:$(git -C "$tmp/work" rev-parse HEAD)
run reconcile kustomization apps -n "$ns" --with-source --timeout 2m
check "reconcile --with-source: exit 0" 0 "$rc"
check "reconcile --with-source: lines" "► annotating GitRepository repo in $ns namespace
✔ GitRepository annotated
◎ waiting for GitRepository reconciliation
✔ Ready True $(ready_reason gitrepository repo): $(ready_message gitrepository repo)
✔ fetched revision $rev
► annotating Kustomization apps in $ns namespace
✔ Kustomization annotated
◎ waiting for Kustomization reconciliation
✔ Ready True $(ready_reason kustomization apps): $(ready_message kustomization apps)
✔ applied revision $rev" "$(cat "$tmp/out")"
check "reconcile --with-source: the commit reached the cluster" two \
  "$(k -n "$ns" get configmap settings -o jsonpath='{.data.mode}')"

run get ks -n "$ns"
check "get ks: the controller's revision and message" \
  "NAME REVISION SUSPENDED READY MESSAGE|apps $rev False True $(ready_message kustomization apps)" \
  "$(tr -s ' ' <"$tmp/out" | paste -sd'|')"

run suspend ks apps -n "$ns"
check "suspend: exit 0" 0 "$rc"
run reconcile ks apps -n "$ns"
check "reconcile suspended" "1|error: kustomization 'apps' is suspended" "$rc|$(cat "$tmp/err")"
run resume ks apps -n "$ns" --timeout 2m
check "resume: exit 0 once the controller reconciled" 0 "$rc"
check "resume: last line" "✔ applied revision $rev" "$(tail -1 "$tmp/out")"

[ "$fail" = 0 ] || { echo "--- controller log"; tail -50 "$tmp/controller.log"; }
exit $fail
