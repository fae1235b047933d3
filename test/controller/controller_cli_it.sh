#!/usr/bin/env bash
# `gitsync controller` as processes against the cluster (KUBECONFIG from the CTest fixture) and
# a git daemon on loopback: the runtime's side of the controller.
#   - a standby (not leader) is ready (/readyz 200, healthz 200), gitsync_leader 0, reconciles
#     nothing; the leader logs one JSON line per reconcile with the exact revision;
#   - SIGTERM: exit 0, the Lease released (holderIdentity ""), the standby leads at its next
#     retry and reconciles from its warm cache; a second SIGTERM stops it with exit 0.
set -u
bin=$1
kubectl=${KUBECTL:-kubectl}
ns=runtime-cli-$RANDOM$RANDOM
tmp=$(mktemp -d)
fail=0
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  "$kubectl" delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}
wait_for() {  # wait_for SECONDS COMMAND...
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}
metrics_port() { sed -n 's/.*metrics on 127.0.0.1:\([0-9]*\),.*/\1/p' "$1" | head -1; }
http_code() { curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1$2"; }
metric() { curl -s "http://127.0.0.1:$1/metrics" | sed -n "s/^$2 //p"; }
leads() { grep -q '"msg":"leader election: .* leads' "$1"; }
reconciled() {  # reconciled LOG KIND NAME: the lines of that object, as "result revision"
  jq -r --arg k "$2" --arg n "$3" --arg ns "$ns" \
    'select(.msg == "reconciled" and .kind == $k and .name == $n and .namespace == $ns)
     | "\(.result) \(.revision)"' "$1" 2>/dev/null
}
has_reconciled() { [ -n "$(reconciled "$@" | grep '^success main@sha1:')" ]; }
start_controller() {  # start_controller LOG; then $! is its pid (a child of this shell)
  "$bin" controller --kubeconfig "$KUBECONFIG" --watch-namespace "$ns" --leader-elect \
    --leader-election-namespace "$ns" --leader-election-id runtime-cli \
    --metrics-addr 127.0.0.1:0 --webhook-addr 127.0.0.1:0 --cache-dir "$tmp/cache-$(basename "$1")" \
    --log-format json >"$1" 2>&1 &
  pids+=($!)
}
stop_controller() {  # stop_controller PID: SIGTERM, then its exit code in $code
  kill -TERM "$1"
  wait "$1"
  code=$?
}

"$kubectl" create namespace "$ns" >/dev/null || exit 1
git init -q -b main "$tmp/work"
mkdir -p "$tmp/work/app"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: runtime-cli\ndata:\n  v: "1"\n' \
  > "$tmp/work/app/cm.yaml"
git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm one
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/app.git"
port=$(free_port)
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"
rev="main@sha1:$(git -C "$tmp/work" rev-parse HEAD)"

start_controller "$tmp/a.log"; a=$!
wait_for 30 leads "$tmp/a.log" || { echo "FAIL a never led"; cat "$tmp/a.log"; exit 1; }
start_controller "$tmp/b.log"; b=$!
wait_for 30 grep -q 'metrics on' "$tmp/b.log" || { echo "FAIL b did not start"; cat "$tmp/b.log"; exit 1; }
pa=$(metrics_port "$tmp/a.log")
pb=$(metrics_port "$tmp/b.log")
"$kubectl" apply -f - >/dev/null <<Y || exit 1
apiVersion: gitsync.dev/v1
kind: GitRepository
metadata: {name: app, namespace: $ns}
spec: {url: "git://127.0.0.1:$port/app.git", ref: {branch: main}, interval: 1h}
---
apiVersion: gitsync.dev/v1
kind: Kustomization
metadata: {name: app, namespace: $ns}
spec:
  sourceRef: {kind: GitRepository, name: app}
  path: ./app
  interval: 1h
  prune: false
  targetNamespace: $ns
Y

wait_for 60 has_reconciled "$tmp/a.log" Kustomization app
check "leader logs the reconcile with the revision" "success $rev" \
  "$(reconciled "$tmp/a.log" Kustomization app | grep "$rev" | tail -1)"
check "leader logs the source's reconcile" "success $rev" \
  "$(reconciled "$tmp/a.log" GitRepository app | tail -1)"
check "configmap applied" "1" \
  "$("$kubectl" -n "$ns" get configmap runtime-cli -o jsonpath='{.data.v}' 2>/dev/null)"
wait_for 30 test "$(http_code "$pb" /readyz)" == 200
check "standby ready" "200 200" "$(http_code "$pb" /readyz) $(http_code "$pb" /healthz)"
check "leader ready" "200 200" "$(http_code "$pa" /readyz) $(http_code "$pa" /healthz)"
check "gitsync_leader a b" "1 0" "$(metric "$pa" gitsync_leader) $(metric "$pb" gitsync_leader)"
check "standby reconciled nothing" "0" "$(grep -c '"msg":"reconciled"' "$tmp/b.log")"
check "standby watched both" "1 1" \
  "$(metric "$pb" 'gitsync_resources{kind="GitRepository"}') $(metric "$pb" 'gitsync_resources{kind="Kustomization"}')"
check "success counted" "yes" \
  "$([ -n "$(metric "$pa" 'gitsync_reconcile_total{kind="Kustomization",result="success"}')" ] && echo yes)"

# A webhook call is logged as one JSON line too (here an unknown path: 404).
wa=$(sed -n 's/.*webhooks on 127.0.0.1:\([0-9]*\),.*/\1/p' "$tmp/a.log" | head -1)
check "unknown hook path" "404" "$(curl -s -o /dev/null -w '%{http_code}' -X POST "http://127.0.0.1:$wa/hook/0123")"
wait_for 10 grep -q '"msg":"webhook"' "$tmp/a.log"
check "webhook call logged" "404 " \
  "$(jq -r 'select(.msg == "webhook") | "\(.status) \(.receiver)"' "$tmp/a.log" 2>/dev/null)"
stop_controller "$a"
check "a exits 0 on SIGTERM" "0" "$code"
check "a logged its stop" "1" "$(grep -c '"msg":"controller: stopped"' "$tmp/a.log")"
holder=$("$kubectl" -n "$ns" get lease runtime-cli -o jsonpath='{.spec.holderIdentity}')
case "$holder" in
  "") echo "ok   lease released" ;;
  "$(sed -n 's/.*leader election: \(.*\) waits.*/\1/p' "$tmp/b.log")") echo "ok   lease released (already taken by b)" ;;
  *) echo "FAIL lease held by $holder"; fail=1 ;;
esac
# b takes over at its next retry (2 s), well before the 15 s lease would have run out.
start=$SECONDS
wait_for 10 leads "$tmp/b.log"
check "b leads within 10 s" "yes" "$(leads "$tmp/b.log" && [ $((SECONDS - start)) -lt 10 ] && echo yes)"
check "gitsync_leader b" "1" "$(metric "$pb" gitsync_leader)"
# Its queues were filled by its informers while it waited: it reconciles without any change.
wait_for 60 has_reconciled "$tmp/b.log" Kustomization app
check "b reconciles after the take-over" "success $rev" \
  "$(reconciled "$tmp/b.log" Kustomization app | grep "$rev" | tail -1)"
stop_controller "$b"
check "b exits 0 on SIGTERM" "0" "$code"
check "lease released by b" "" "$("$kubectl" -n "$ns" get lease runtime-cli -o jsonpath='{.spec.holderIdentity}')"

if [ $fail -ne 0 ]; then
  echo "--- a.log"; tail -n 30 "$tmp/a.log"; echo "--- b.log"; tail -n 30 "$tmp/b.log"
fi
exit $fail
