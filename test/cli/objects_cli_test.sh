#!/usr/bin/env bash
# `gitsync get`, `suspend`, `resume` and `reconcile kustomization|source` against the local
# cluster with the gitsync.dev CRDs. A fake controller (a loop in this script) stands in for the
# real one: it copies reconcile.gitsync.dev/requestedAt into status.lastHandledReconcileAt and
# sets Ready as the object's label test.gitsync.dev/outcome says (ready, failed, or ignore: never
# handled). No real controller may watch these namespaces (controller_cli_test.sh runs the real
# one with --watch-namespace on its own). Usage: objects_cli_test.sh GITSYNC_BINARY (KUBECONFIG
# set).
set -u
bin=$1
kubectl=${KUBECTL:-kubectl}
ns=gitsync-cli-test
ns2=gitsync-cli-test2
rev=main@sha1:0123456789abcdef0123456789abcdef01234567
old=main@sha1:89abcdef0123456789abcdef0123456789abcdef
fail=0
tmp=$(mktemp -d)
fc=
cleanup() {
  [ -n "$fc" ] && kill "$fc" 2>/dev/null && wait "$fc" 2>/dev/null
  "$kubectl" delete namespace "$ns" "$ns2" --ignore-not-found --wait=false >/dev/null 2>&1
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
# run NAME ARGS...: runs gitsync, stdout to $tmp/out, stderr to $tmp/err, exit code in $rc.
run() { "$bin" "$@" >"$tmp/out" 2>"$tmp/err"; rc=$?; }

# The CRDs come from the fixture gitsync_crds (test/manifests/install_crds.sh).
k wait --for=condition=Established crd/kustomizations.gitsync.dev crd/gitrepositories.gitsync.dev \
  crd/receivers.gitsync.dev --timeout=60s >/dev/null || { echo "the gitsync.dev CRDs are not installed"; exit 1; }
for n in "$ns" "$ns2"; do
  if k get namespace "$n" >/dev/null 2>&1; then
    k delete namespace "$n" --wait=true --timeout=120s >/dev/null
  fi
  k create namespace "$n" >/dev/null || exit 1
done

run get kustomizations -n "$ns"
check "get, empty: exit 0" 0 "$rc"
check "get, empty: stdout" "" "$(cat "$tmp/out")"
check "get, empty: kubectl's words" "No resources found in $ns namespace." "$(cat "$tmp/err")"

# kustomization NAME NAMESPACE OUTCOME [SUSPEND]
kustomization() {
  cat <<Y
apiVersion: gitsync.dev/v1
kind: Kustomization
metadata: {name: $1, namespace: $2, labels: {test.gitsync.dev/outcome: $3}}
spec:
  interval: 10m
  prune: true
  suspend: ${4:-false}
  sourceRef: {kind: GitRepository, name: repo}
---
Y
}
{
  kustomization apps "$ns" ready
  kustomization web "$ns" ready true
  kustomization broken "$ns" failed
  kustomization stuck "$ns" ignore
  kustomization other "$ns2" ready
  cat <<Y
apiVersion: gitsync.dev/v1
kind: GitRepository
metadata: {name: repo, namespace: $ns, labels: {test.gitsync.dev/outcome: ready}}
spec: {interval: 1m, url: "https://git.example.com/team/apps.git", ref: {branch: main}}
---
apiVersion: gitsync.dev/v1
kind: Receiver
metadata: {name: hook, namespace: $ns}
spec:
  type: generic
  secretRef: {name: hook-token}
  resources: [{kind: GitRepository, name: repo}]
Y
} | k apply -f - >/dev/null || exit 1

# status NS KIND NAME READY REASON MESSAGE [EXTRA-JSON]
status() {
  local extra=${7:-}
  k -n "$1" patch "$2" "$3" --subresource=status --type=merge -p "{\"status\": {${extra}\"conditions\": [
    {\"type\": \"Ready\", \"status\": \"$4\", \"reason\": \"$5\", \"message\": \"$6\",
     \"observedGeneration\": 1, \"lastTransitionTime\": \"2026-01-01T00:00:00Z\"}]}}" >/dev/null
}
status "$ns" kustomization apps True ReconciliationSucceeded "Applied revision: $old" \
  "\"lastAppliedRevision\": \"$old\","
status "$ns" kustomization web False BuildFailed "kustomize build failed: missing.yaml: no such file"
status "$ns" kustomization broken True ReconciliationSucceeded "Applied revision: $old" \
  "\"lastAppliedRevision\": \"$old\","
status "$ns2" kustomization other True ReconciliationSucceeded "Applied revision: $old" \
  "\"lastAppliedRevision\": \"$old\","
status "$ns" gitrepository repo True Succeeded "stored artifact for revision '$old'" \
  "\"artifact\": {\"revision\": \"$old\", \"lastUpdateTime\": \"2026-01-01T00:00:00Z\"},"

ks_table="NAME     REVISION                                             SUSPENDED   READY   MESSAGE
apps     $old   False       True    Applied revision: $old
broken   $old   False       True    Applied revision: $old
stuck                                                         False       False   waiting to be reconciled
web                                                           True        False   kustomize build failed: missing.yaml: no such file"
run get kustomizations -n "$ns"
check "get kustomizations: exit 0" 0 "$rc"
check "get kustomizations: table sorted by name" "$ks_table" "$(cat "$tmp/out")"
check "get kustomizations: stderr" "" "$(cat "$tmp/err")"

# Without -n: the namespace of the kubeconfig context.
cp "$KUBECONFIG" "$tmp/kubeconfig"
k --kubeconfig "$tmp/kubeconfig" config set-context --current --namespace "$ns" >/dev/null
run get ks --kubeconfig "$tmp/kubeconfig"
check "get ks: the context's namespace" "$ks_table" "$(cat "$tmp/out")"

# Other namespaces of the shared cluster may widen every column: our rows are compared with the
# padding collapsed to '|', and the alignment is checked by cutting at the header's columns.
run get ks -A
check "get -A: exit 0" 0 "$rc"
hdr=$(head -1 "$tmp/out")
rows=$(grep -E "^$ns2? " "$tmp/out")
col() { awk -v h=" $1" '{print index($0, h) + 1}' <<<"$hdr"; }
firsts() { cut -c"$(col "$1")"- <<<"$rows" | awk '{printf "%s ", $1}'; }
check "get -A: header" "NAMESPACE NAME REVISION SUSPENDED READY MESSAGE" "$(tr -s ' ' <<<"$hdr")"
check "get -A: our rows, sorted by namespace then name" \
"$ns|apps|$old|False|True|Applied revision: $old
$ns|broken|$old|False|True|Applied revision: $old
$ns|stuck|False|False|waiting to be reconciled
$ns|web|True|False|kustomize build failed: missing.yaml: no such file
$ns2|other|$old|False|True|Applied revision: $old" "$(sed -E 's/ {3,}/|/g' <<<"$rows")"
check "get -A: names under NAME" "apps broken stuck web other " "$(firsts NAME)"
check "get -A: SUSPENDED aligned" "False False False True False " "$(firsts SUSPENDED)"
check "get -A: READY aligned" "True True False False True " "$(firsts READY)"

run get sources -n "$ns"
check "get sources" "NAME   URL                                     REVISION                                             SUSPENDED   READY   MESSAGE
repo   https://git.example.com/team/apps.git   $old   False       True    stored artifact for revision '$old'" \
  "$(cat "$tmp/out")"
run get gitrepositories -n "$ns2"
check "get gitrepositories, empty" "0|No resources found in $ns2 namespace." "$rc|$(cat "$tmp/err")"
run get receivers -n "$ns"
check "get receivers" "NAME   READY   MESSAGE
hook   False   waiting to be reconciled" "$(cat "$tmp/out")"
run get deployments -n "$ns"
check "get: unknown kind is a usage error" 105 "$rc"

# suspend / resume set spec.suspend.
suspended() { k -n "$ns" get "$1" "$2" -o jsonpath='{.spec.suspend}'; }
run suspend kustomization apps -n "$ns"
check "suspend: exit 0" 0 "$rc"
check "suspend: lines" "► suspending kustomization apps in $ns namespace
✔ kustomization suspended" "$(cat "$tmp/out")"
check "suspend: spec.suspend" true "$(suspended kustomization apps)"
run suspend source repo -n "$ns"
check "suspend source: spec.suspend" "0 true" "$rc $(suspended gitrepository repo)"
run resume source repo -n "$ns" --wait=false
check "resume --wait=false: lines" "► resuming gitrepository repo in $ns namespace
✔ gitrepository resumed
► annotating GitRepository repo in $ns namespace
✔ GitRepository annotated" "$(cat "$tmp/out")"
check "resume --wait=false: spec.suspend" "0 false" "$rc $(suspended gitrepository repo)"
requested=$(k -n "$ns" get gitrepository repo -o jsonpath='{.metadata.annotations.reconcile\.gitsync\.dev/requestedAt}')
check "resume: requestedAt is RFC 3339 with nanoseconds" ok \
  "$([[ $requested =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{9}Z$ ]] && echo ok || echo "$requested")"
run suspend receiver missing -n "$ns"
check "suspend missing: exit 1" 1 "$rc"
check "suspend missing: message" "error: receiver 'missing' not found in namespace '$ns'" "$(cat "$tmp/err")"

# Suspended objects are not reconciled.
run reconcile kustomization apps -n "$ns" --now
check "reconcile suspended: exit 1" 1 "$rc"
check "reconcile suspended: message" "error: kustomization 'apps' is suspended" "$(cat "$tmp/err")"
check "reconcile suspended: nothing printed" "" "$(cat "$tmp/out")"
run reconcile kustomization web -n "$ns" --with-source
check "reconcile --with-source, suspended: nothing annotated" \
  "1||error: kustomization 'web' is suspended" "$rc|$(cat "$tmp/out")|$(cat "$tmp/err")"
run reconcile kustomization missing -n "$ns"
check "reconcile missing: exit 1" 1 "$rc"
check "reconcile missing: message" "error: kustomization 'missing' not found in namespace '$ns'" \
  "$(cat "$tmp/err")"

fake_controller() {
  while :; do
    for kind in kustomization gitrepository receiver; do
      k -n "$ns" get "$kind" -o json | jq -r '.items[]
        | select(.metadata.annotations["reconcile.gitsync.dev/requestedAt"] // "" | . != "")
        | select(.metadata.annotations["reconcile.gitsync.dev/requestedAt"] != .status.lastHandledReconcileAt)
        | [.metadata.name, .metadata.annotations["reconcile.gitsync.dev/requestedAt"],
           (.metadata.labels["test.gitsync.dev/outcome"] // "ready")] | @tsv' |
      while IFS=$'\t' read -r name at outcome; do
        handled="\"lastHandledReconcileAt\": \"$at\","
        case "$kind/$outcome" in
          */ignore) ;;
          kustomization/ready) status "$ns" "$kind" "$name" True ReconciliationSucceeded \
            "Applied revision: $rev" "$handled \"lastAppliedRevision\": \"$rev\"," ;;
          kustomization/failed) status "$ns" "$kind" "$name" False BuildFailed \
            "kustomize build failed: accumulating resources: missing.yaml" "$handled" ;;
          gitrepository/*) status "$ns" "$kind" "$name" True Succeeded \
            "stored artifact for revision '$rev'" "$handled \"artifact\": {\"revision\": \"$rev\", \"lastUpdateTime\": \"2026-01-01T00:00:00Z\"}," ;;
          receiver/*) status "$ns" "$kind" "$name" True Succeeded "Receiver initialized" "$handled" ;;
        esac
      done
    done
    sleep 0.2
  done
}
fake_controller &
fc=$!

run resume kustomization apps -n "$ns"
check "resume: exit 0" 0 "$rc"
check "resume: lines" "► resuming kustomization apps in $ns namespace
✔ kustomization resumed
► annotating Kustomization apps in $ns namespace
✔ Kustomization annotated
◎ waiting for Kustomization reconciliation
✔ Ready True ReconciliationSucceeded: Applied revision: $rev
✔ applied revision $rev" "$(cat "$tmp/out")"
check "resume: spec.suspend" false "$(suspended kustomization apps)"
check "resume: stderr" "" "$(cat "$tmp/err")"

run reconcile kustomization apps -n "$ns"
check "reconcile: exit 0" 0 "$rc"
check "reconcile: lines" "► annotating Kustomization apps in $ns namespace
✔ Kustomization annotated
◎ waiting for Kustomization reconciliation
✔ Ready True ReconciliationSucceeded: Applied revision: $rev
✔ applied revision $rev" "$(cat "$tmp/out")"
requested=$(k -n "$ns" get kustomization apps -o jsonpath='{.metadata.annotations.reconcile\.gitsync\.dev/requestedAt}')
check "reconcile: the value handled is the value set" "$requested" \
  "$(k -n "$ns" get kustomization apps -o jsonpath='{.status.lastHandledReconcileAt}')"
check "reconcile: gitsync-cli applies the annotation and owns nothing else" \
  '{"f:metadata":{"f:annotations":{"f:reconcile.gitsync.dev/requestedAt":{}}}}' \
  "$(k -n "$ns" get kustomization apps -o json --show-managed-fields |
     jq -c '.metadata.managedFields[] | select(.manager == "gitsync-cli" and .operation == "Apply") | .fieldsV1')"

run reconcile ks apps -n "$ns" --with-source
check "reconcile --with-source: exit 0" 0 "$rc"
check "reconcile --with-source: the source first" "► annotating GitRepository repo in $ns namespace
✔ GitRepository annotated
◎ waiting for GitRepository reconciliation
✔ Ready True Succeeded: stored artifact for revision '$rev'
✔ fetched revision $rev
► annotating Kustomization apps in $ns namespace
✔ Kustomization annotated
◎ waiting for Kustomization reconciliation
✔ Ready True ReconciliationSucceeded: Applied revision: $rev
✔ applied revision $rev" "$(cat "$tmp/out")"

run reconcile source repo -n "$ns"
check "reconcile source: exit 0" 0 "$rc"
check "reconcile source: last line" "✔ fetched revision $rev" "$(tail -1 "$tmp/out")"

run reconcile kustomization broken -n "$ns"
check "reconcile not ready: exit 1" 1 "$rc"
check "reconcile not ready: lines" "► annotating Kustomization broken in $ns namespace
✔ Kustomization annotated
◎ waiting for Kustomization reconciliation
✗ Ready False BuildFailed: kustomize build failed: accumulating resources: missing.yaml
  last applied revision $old" "$(cat "$tmp/out")"
check "reconcile not ready: message" "error: kustomization 'broken' is not ready" "$(cat "$tmp/err")"

run reconcile kustomization stuck -n "$ns" --timeout 2s
check "reconcile timeout: exit 1" 1 "$rc"
requested=$(k -n "$ns" get kustomization stuck -o jsonpath='{.metadata.annotations.reconcile\.gitsync\.dev/requestedAt}')
check "reconcile timeout: message" "error: kustomization 'stuck' in namespace '$ns': timed out after 2s waiting for the controller to handle the reconcile request (status.lastHandledReconcileAt is '', want '$requested'); is the controller running?" \
  "$(cat "$tmp/err")"

run reconcile kustomization apps -n "$ns" --timeout 5x
check "reconcile bad --timeout" "2|error: --timeout '5x': expected a duration like 90s, 5m, 1h" \
  "$rc|$(cat "$tmp/err")"

# The reconcile command without a subcommand is still the local one-shot sync.
run reconcile
check "reconcile without --now or a subcommand" "2|error: reconcile: give --now --url URL (sync once from this machine), or kustomization NAME or source NAME (ask the in-cluster controller)" \
  "$rc|$(cat "$tmp/err")"
run reconcile --now --url "$tmp/no-such-repo" --cache-dir "$tmp/cache"
check "reconcile --now still fetches: exit 1" 1 "$rc"
check "reconcile --now still fetches: last line" "nothing was applied or pruned" "$(tail -1 "$tmp/err")"

exit $fail
