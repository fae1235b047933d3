#!/usr/bin/env bash
# The API server dies in the middle of an apply: gitsync exits 1 with a clear error, and once
# the server is back the next apply converges with nothing orphaned (objects the old inventory
# held and the source no longer has are pruned; everything the source has exists).
# Needs the local cluster of the CTest fixture (GITSYNC_CLUSTER_DIR, KUBECONFIG); the API
# server is restarted with its own command line, so etcd keeps its data.
set -u
bin=$1
kubectl=${KUBECTL:-kubectl}
state=${GITSYNC_CLUSTER_DIR:?the cluster fixture sets GITSYNC_CLUSTER_DIR}
ns=gitsync-outage
tmp=$(mktemp -d)
fail=0
cleanup() {
  "$kubectl" delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1
  "$kubectl" -n default delete configmap gitsync-inventory-outage --ignore-not-found >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
check() {
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}
source_set() {  # source_set FIRST LAST: the source holds ConfigMaps cm-FIRST..cm-LAST
  mkdir -p "$tmp/app"
  printf 'namespace: %s\nresources:\n- namespace.yaml\n- cms.yaml\n' "$ns" > "$tmp/app/kustomization.yaml"
  printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: %s\n' "$ns" > "$tmp/app/namespace.yaml"
  : > "$tmp/app/cms.yaml"
  for i in $(seq -f '%03g' "$1" "$2"); do
    printf -- '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm-%s\ndata:\n  i: "%s"\n' \
      "$i" "$i" >> "$tmp/app/cms.yaml"
  done
}
owned() {
  "$kubectl" -n "$ns" get configmaps -l gitsync.dev/name=outage --no-headers 2>/dev/null | wc -l
}
ready() {
  for _ in $(seq 120); do
    [ "$("$kubectl" get --raw /readyz 2>/dev/null)" = "ok" ] && return 0
    sleep 0.5
  done
  return 1
}

# A namespace left by an earlier run must be gone first.
"$kubectl" delete namespace "$ns" --ignore-not-found --wait=true --timeout=120s >/dev/null
"$kubectl" -n default delete configmap gitsync-inventory-outage --ignore-not-found >/dev/null
source_set 0 59
"$bin" apply "$tmp/app" --name outage --prune >"$tmp/out1" 2>&1
check "first apply exits 0" "0" "$?"
check "60 ConfigMaps owned" "60" "$(owned)"

# The source moves on: 30 ConfigMaps leave it, 90 new ones come.
source_set 30 149
pidf=$state/pids/kube-apiserver.pid
apiserver=$(cat "$pidf")
mapfile -d '' argv < "/proc/$apiserver/cmdline"
"$bin" apply "$tmp/app" --name outage --prune --kube-api-qps 20 --kube-api-burst 1 \
  >"$tmp/out2" 2>"$tmp/err2" &
sync_pid=$!
sleep 2
kill -9 "$apiserver"
wait "$sync_pid"
rc=$?
check "apply during the outage exits 1" "1" "$rc"
check "the error says the API server is unavailable" "yes" \
  "$(grep -qiE '^error: .*(unavailable|connection refused|connect)' "$tmp/err2" && echo yes || echo no)"
check "nothing was pruned during the outage" "0" "$(grep -c ' deleted$' "$tmp/out2")"
check "the objects after the failure are not attempted" "yes" \
  "$(grep -q 'skipped: not attempted: the API server is unavailable' "$tmp/out2" && echo yes || echo no)"

# The API server comes back with the same flags and the same etcd.
setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "${argv[@]}" \
  </dev/null >>"$state/logs/kube-apiserver.log" 2>&1 &
ready
check "the API server is back" "0" "$?"

"$bin" apply "$tmp/app" --name outage --prune >"$tmp/out3" 2>"$tmp/err3"
rc=$?
check "the next apply exits 0" "0" "$rc"
[ $rc -eq 0 ] || cat "$tmp/err3"
check "exactly the source's 120 ConfigMaps are owned" "120" "$(owned)"
check "a ConfigMap that left the source is pruned" "NotFound" \
  "$("$kubectl" -n "$ns" get configmap cm-000 2>&1 | grep -o NotFound | head -1)"
check "a new ConfigMap exists" "149" "$("$kubectl" -n "$ns" get configmap cm-149 -o jsonpath='{.data.i}')"
exit $fail
