#!/usr/bin/env bash
# End to end of `gitsync controller`, run as a process from the fixture's kubeconfig, against
# the local cluster and a `git daemon` on loopback serving a copy of examples/gitops-repo:
#   - the staging cluster's GitRepository and Kustomizations become Ready, infrastructure
#     before apps (dependsOn);
#   - a pushed commit is applied after the source's interval;
#   - a signed GitHub-style webhook gets a commit applied (the source's interval is then 1h, so
#     nothing else could have); a bad signature gets 401 and changes nothing;
#   - a suspended Kustomization is not reconciled; resumed, it catches up;
#   - the controller killed (SIGKILL) in the middle of a reconcile and started again
#     converges with nothing orphaned;
#   - deleting a Kustomization with prune deletes its objects;
#   - of two controllers with --leader-elect only one acts.
# Usage: controller_e2e.sh GITSYNC_BINARY SOURCE_DIR
set -u
bin=$1
src=$2
kubectl=${KUBECTL:-kubectl}
sys=gitsync-system
tmp=$(mktemp -d)
fail=0
cleanup() {
  # Controllers are started in command substitutions (subshells): their pids are in a file.
  [ -f "$tmp/pids" ] && kill -9 $(cat "$tmp/pids") 2>/dev/null
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  # Without a controller the finalizers would keep these objects forever.
  for k in kustomizations.gitsync.dev gitrepositories.gitsync.dev receivers.gitsync.dev; do
    for o in $("$kubectl" -n $sys get $k -o name 2>/dev/null); do
      "$kubectl" -n $sys patch "$o" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1
    done
    "$kubectl" -n $sys delete $k --all --wait=false >/dev/null 2>&1
  done
  "$kubectl" delete namespace apps-staging --ignore-not-found --wait=false >/dev/null 2>&1
  "$kubectl" -n $sys delete lease gitsync-e2e --ignore-not-found >/dev/null 2>&1
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
# wait_for SECONDS COMMAND...: until COMMAND succeeds; 1 on timeout.
wait_for() {
  local deadline=$((SECONDS + $1)); shift
  until "$@" >/dev/null 2>&1; do
    [ $SECONDS -ge $deadline ] && return 1
    sleep 0.2
  done
}
jsonpath() { "$kubectl" -n $sys get "$1" -o jsonpath="$2" 2>/dev/null; }
applied_is() { [ "$(jsonpath "kustomization/$1" '{.status.lastAppliedRevision}')" == "$2" ]; }
ready_is() {
  [ "$(jsonpath "$1" '{.status.conditions[?(@.type=="Ready")].status}')" == "$2" ]
}
head_rev() { echo "main@sha1:$(git -C "$tmp/work" rev-parse HEAD)"; }
push() {
  git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm "$1" &&
    git -C "$tmp/work" push -q "$tmp/srv/gitops-repo.git" main
}
start_controller() {  # start_controller LOG [extra args...]
  local log=$1; shift
  "$bin" controller --kubeconfig "$KUBECONFIG" --metrics-addr "127.0.0.1:$(free_port)" \
    --cache-dir "$tmp/cache" --concurrent 4 --log-format json --watch-namespace $sys "$@" >"$log" 2>&1 &
  echo $! >>"$tmp/pids"
  echo $!
}

# ------------------------------------------------------------------ setup
"$kubectl" apply --server-side -f "$src/manifests/crds" >/dev/null || exit 1
"$kubectl" wait --for condition=established --timeout=60s \
  crd/gitrepositories.gitsync.dev crd/kustomizations.gitsync.dev crd/receivers.gitsync.dev >/dev/null
"$kubectl" create namespace $sys >/dev/null 2>&1
# Objects of an earlier sync of the example (scripts/sync-example.sh) would blur the order check.
"$kubectl" delete namespace apps-staging --ignore-not-found --wait=true --timeout=180s >/dev/null

# The example repository, served by git daemon.
cp -r "$src/examples/gitops-repo" "$tmp/work"
git -C "$tmp/work" init -q -b main && git -C "$tmp/work" add -A &&
  git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm initial
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/gitops-repo.git"
port=$(free_port)
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"
wait_for 5 bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
url=git://127.0.0.1:$port/gitops-repo.git

# The staging cluster's objects, pointing at the daemon (no deploy key needed on loopback) and
# polling every 2 seconds.
"$kubectl" kustomize "$src/examples/gitops-repo/clusters/staging" |
  sed -e "s#url: .*#url: $url#" -e '/secretRef:/,+1d' -e 's/^  interval: 1m$/  interval: 2s/' \
  >"$tmp/cluster.yaml"
check "GitRepository polls every 2s" "1" "$(grep -c '^  interval: 2s$' "$tmp/cluster.yaml")"

ctl=$(start_controller "$tmp/controller.log" --webhook-addr "127.0.0.1:$(free_port)")
"$kubectl" apply --server-side -f "$tmp/cluster.yaml" >/dev/null

# ------------------------------------------------------------------ everything Ready
rev=$(head_rev)
wait_for 180 applied_is apps "$rev"
check "GitRepository Ready" "True" "$(jsonpath gitrepository/gitops-repo '{.status.conditions[?(@.type=="Ready")].status}')"
check "GitRepository revision" "$rev" "$(jsonpath gitrepository/gitops-repo '{.status.artifact.revision}')"
check "infrastructure Ready" "True" "$(jsonpath kustomization/infrastructure '{.status.conditions[?(@.type=="Ready")].status}')"
check "apps Ready" "True" "$(jsonpath kustomization/apps '{.status.conditions[?(@.type=="Ready")].status}')"
check "apps revision" "$rev" "$(jsonpath kustomization/apps '{.status.lastAppliedRevision}')"
check "podinfo applied" "staging-podinfo" "$("$kubectl" -n apps-staging get deployment staging-podinfo -o jsonpath='{.metadata.name}' 2>&1)"
# dependsOn: apps was first applied after infrastructure became Ready.
infra_ready=$(jsonpath kustomization/infrastructure '{.status.conditions[?(@.type=="Ready")].lastTransitionTime}')
podinfo_created=$("$kubectl" -n apps-staging get deployment staging-podinfo -o jsonpath='{.metadata.creationTimestamp}')
check "apps applied after infrastructure was Ready" "yes" \
  "$([[ "$podinfo_created" > "$infra_ready" || "$podinfo_created" == "$infra_ready" ]] && echo yes || echo "no: $podinfo_created < $infra_ready")"

# ------------------------------------------------------------------ a commit, after the interval
overlay=$tmp/work/apps/overlays/staging
replicas() { "$kubectl" -n apps-staging get deployment staging-podinfo -o jsonpath='{.spec.replicas}'; }
sed -i 's/count: 1/count: 2/' "$overlay/kustomization.yaml"
push "staging: 2 replicas" && rev=$(head_rev)
wait_for 60 applied_is apps "$rev"
check "pushed commit applied by polling" "$rev" "$(jsonpath kustomization/apps '{.status.lastAppliedRevision}')"
check "its change is in the cluster" "2" "$(replicas)"

# ------------------------------------------------------------------ webhook
"$kubectl" -n $sys patch gitrepository gitops-repo --type=merge -p '{"spec":{"interval":"1h"}}' >/dev/null
token=e2e-webhook-token
"$kubectl" -n $sys create secret generic webhook-token --from-literal=token=$token >/dev/null
cat <<Y | "$kubectl" apply -f - >/dev/null
apiVersion: gitsync.dev/v1
kind: Receiver
metadata:
  name: github
  namespace: $sys
spec:
  type: github
  events: ["push"]
  secretRef:
    name: webhook-token
  resources:
    - kind: GitRepository
      name: gitops-repo
Y
expected_path=/hook/$(printf '%s' "${token}github$sys" | sha256sum | cut -d' ' -f1)
wait_for 30 bash -c "[ \"\$($kubectl -n $sys get receiver github -o jsonpath='{.status.webhookPath}')\" == '$expected_path' ]"
check "Receiver webhookPath" "$expected_path" "$(jsonpath receiver/github '{.status.webhookPath}')"
webhook_addr=$(grep -o 'webhooks on 127.0.0.1:[0-9]*' "$tmp/controller.log" | head -1 | cut -d' ' -f3)
hook_url="http://$webhook_addr$expected_path"
sleep 2.5  # the 2s poll may still be in flight; after it, only the webhook can fetch
sed -i 's/value: debug/value: info/' "$overlay/podinfo-debug.yaml"
push "staging: info logging" && rev=$(head_rev)
body='{"ref":"refs/heads/main"}'
sig=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$token" -r | cut -d' ' -f1)
before=$(jsonpath gitrepository/gitops-repo '{.metadata.resourceVersion}')
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-GitHub-Event: push' \
  -H "X-Hub-Signature-256: sha256=deadbeef" --data "$body" "$hook_url")
check "bad signature gets 401" "401" "$code"
sleep 1
check "bad signature changes nothing" "$before" "$(jsonpath gitrepository/gitops-repo '{.metadata.resourceVersion}')"
start_ms=$(date +%s%3N)
code=$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-GitHub-Event: push' \
  -H "X-Hub-Signature-256: sha256=$sig" --data "$body" "$hook_url")
check "signed webhook gets 200" "200" "$code"
wait_for 60 applied_is apps "$rev"
echo "     webhook to applied: $(( $(date +%s%3N) - start_ms )) ms"
check "webhook commit applied" "$rev" "$(jsonpath kustomization/apps '{.status.lastAppliedRevision}')"
level() {
  "$kubectl" -n apps-staging get deployment staging-podinfo \
    -o jsonpath='{.spec.template.spec.containers[0].env[?(@.name=="PODINFO_LEVEL")].value}'
}
check "its change is in the cluster" "info" "$(level)"

hook() {  # a signed push event
  curl -s -o /dev/null -w '%{http_code}' -X POST -H 'X-GitHub-Event: push' \
    -H "X-Hub-Signature-256: sha256=$sig" --data "$body" "$hook_url"
}

# ------------------------------------------------------------------ suspend / resume
"$bin" suspend kustomization apps -n $sys --kubeconfig "$KUBECONFIG" >/dev/null
sed -i 's/value: info/value: warn/' "$overlay/podinfo-debug.yaml"
push "staging: warn logging while suspended" && rev=$(head_rev)
hook >/dev/null
wait_for 60 applied_is infrastructure "$rev"
sleep 2
check "suspended apps not reconciled" "no info" "$(applied_is apps "$rev" && echo yes || echo no) $(level)"
"$bin" resume kustomization apps -n $sys --kubeconfig "$KUBECONFIG" >/dev/null 2>&1
wait_for 60 applied_is apps "$rev"
check "resumed apps catches up" "$rev warn" "$(jsonpath kustomization/apps '{.status.lastAppliedRevision}') $(level)"

# ------------------------------------------------------------------ kill in the middle
# A commit that removes redis and adds a ConfigMap; the controller is killed while it works.
sed -i '/redis/d' "$tmp/work/apps/base/kustomization.yaml"
mkdir -p "$tmp/work/apps/base/extra"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata:\n  k: v\n' >"$tmp/work/apps/base/extra/cm.yaml"
# A Deployment that becomes available only after minReadySeconds keeps the health wait busy.
cat >"$tmp/work/apps/base/extra/slow.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: slow
spec:
  replicas: 1
  minReadySeconds: 8
  selector:
    matchLabels: {app: slow}
  template:
    metadata:
      labels: {app: slow}
    spec:
      containers:
      - name: slow
        image: nginx:1.27
Y
printf 'resources:\n- cm.yaml\n- slow.yaml\n' >"$tmp/work/apps/base/extra/kustomization.yaml"
echo "  - extra" >>"$tmp/work/apps/base/kustomization.yaml"
push "apps: drop redis, add extra" && rev=$(head_rev)
hook >/dev/null
# Killed once apps has started on the new revision (Reconciling) and before it is done.
in_progress() {
  [ "$(jsonpath kustomization/apps '{.status.conditions[?(@.type=="Reconciling")].status}')" == True ]
}
wait_for 30 in_progress
sleep 1  # into the health wait
check "killed in the middle of a reconcile" "True Progressing" \
  "$(jsonpath kustomization/apps '{.status.conditions[?(@.type=="Reconciling")].status} {.status.conditions[?(@.type=="Reconciling")].reason}')"
kill -9 "$ctl"
wait "$ctl" 2>/dev/null
ctl=$(start_controller "$tmp/controller2.log" --webhook-addr "127.0.0.1:$(free_port)")
wait_for 120 applied_is apps "$rev"
check "converged after a kill" "$rev" "$(jsonpath kustomization/apps '{.status.lastAppliedRevision}')"
check "redis pruned" "" "$("$kubectl" -n apps-staging get statefulset -o name 2>/dev/null)"
check "slow Deployment available" "1" "$("$kubectl" -n apps-staging get deployment staging-slow -o jsonpath='{.status.availableReplicas}' 2>/dev/null)"
check "extra applied" "v" "$("$kubectl" -n apps-staging get configmap staging-extra -o jsonpath='{.data.k}' 2>/dev/null)"
# Nothing orphaned: every object carrying the apps owner label is in the inventory.
owned=$("$kubectl" get deployments,statefulsets,services,configmaps,horizontalpodautoscalers -A \
  -l gitsync.dev/name=apps,gitsync.dev/namespace=$sys \
  -o jsonpath='{range .items[*]}{.metadata.namespace}_{.metadata.name}_{.kind}{"\n"}{end}' | sort)
inventory=$(jsonpath kustomization/apps '{range .status.inventory.entries[*]}{.id}{"\n"}{end}' |
  awk -F_ '$4 ~ /^(Deployment|StatefulSet|Service|ConfigMap|HorizontalPodAutoscaler)$/ {print $1"_"$2"_"$4}' | sort)
check "no orphans after the kill" "$inventory" "$owned"

# ------------------------------------------------------------------ delete with prune
"$kubectl" -n $sys delete kustomization apps --timeout=60s >/dev/null 2>&1
check "Kustomization deleted" "" "$(jsonpath kustomization/apps '{.metadata.name}')"
check "its objects pruned" "" "$("$kubectl" -n apps-staging get deployments -o name 2>/dev/null)"

# ------------------------------------------------------------------ leader election
kill -TERM "$ctl"; wait "$ctl" 2>/dev/null
"$kubectl" -n $sys delete lease gitsync-e2e --ignore-not-found >/dev/null 2>&1  # of an earlier run
a=$(start_controller "$tmp/leader-a.log" --leader-elect --leader-election-namespace $sys \
  --leader-election-id gitsync-e2e --webhook-addr "127.0.0.1:$(free_port)")
b=$(start_controller "$tmp/leader-b.log" --leader-elect --leader-election-namespace $sys \
  --leader-election-id gitsync-e2e --webhook-addr "127.0.0.1:$(free_port)")
wait_for 60 bash -c "[ -n \"\$($kubectl -n $sys get lease gitsync-e2e -o jsonpath='{.spec.holderIdentity}' 2>/dev/null)\" ]"
"$kubectl" -n $sys annotate kustomization infrastructure --overwrite \
  "reconcile.gitsync.dev/requestedAt=$(date +%s%N)" >/dev/null
wait_for 60 bash -c "[ \"\$($kubectl -n $sys get kustomization infrastructure -o jsonpath='{.status.lastHandledReconcileAt}')\" == \"\$($kubectl -n $sys get kustomization infrastructure -o jsonpath='{.metadata.annotations.reconcile\.gitsync\.dev/requestedAt}')\" ]"
acting=0
for l in "$tmp/leader-a.log" "$tmp/leader-b.log"; do
  grep -q '"name":"infrastructure"' "$l" && acting=$((acting + 1))
done
check "one of two controllers acts" "1" "$acting"
check "one of two controllers leads" "1" "$(cat "$tmp/leader-a.log" "$tmp/leader-b.log" | grep -c 'leader election: .* leads')"

if [ $fail -ne 0 ]; then
  echo "--- controller log (tail)"; tail -n 40 "$tmp/controller.log"
  for f in "$tmp"/controller2.log "$tmp"/leader-*.log; do echo "--- $f"; tail -n 20 "$f"; done
fi
exit $fail
