#!/usr/bin/env bash
# Apply benchmark: `gitsync apply` against `kubectl apply --server-side` on the 1,200-document
# synthetic tree of bench/gen-tree.py, against a real cluster (the local development cluster
# when KUBECONFIG is not set).
#
#   bench/apply.sh [GITSYNC_BINARY]        RUNS (default 3) runs of each case
#
# Each tool gets its own namespace so neither sees the other's objects. Measured, for each:
#   (a) first apply into an empty namespace (the namespace is deleted and re-created first);
#   (b) a no-op re-apply of the same input.
# Printed: medians of wall time, the HTTP requests each sent (kubectl: its -v=6 request log;
# gitsync: its client's request counters, --stats) and how many of them were writes, and the
# ratios. kubectl runs with a warm discovery cache, as a user's kubectl does.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
gitsync=${1:-$root/build/gitsync}
runs=${RUNS:-3}
if [ -z "${KUBECONFIG:-}" ]; then
  KUBECONFIG=$("$root/scripts/dev-cluster.sh" up)
  export KUBECONFIG
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitsync-apply-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

overlay=$(python3 "$here/gen-tree.py" "$tmp/tree")
git -C "$tmp/tree" init -q
ns_g=shop-production                       # the overlay's namespace: gitsync applies the tree
ns_k=shop-kubectl                          # kubectl applies the same objects, moved here
"$gitsync" build "$overlay" | sed "s/namespace: $ns_g\$/namespace: $ns_k/" > "$tmp/kubectl.yaml"
docs=$(grep -c '^kind:' "$tmp/kubectl.yaml")

now() { date +%s.%N; }
fresh_ns() {  # fresh_ns NAME: delete and re-create a namespace, waiting until it is gone
  kubectl delete namespace "$1" --ignore-not-found --wait=true --timeout=300s >/dev/null
  kubectl create namespace "$1" >/dev/null
}
kubectl_apply() {  # prints "<seconds> <requests> <writes>"
  local t0 t1 log
  log=$tmp/kubectl.log
  t0=$(now)
  kubectl apply --server-side --field-manager=bench -f "$tmp/kubectl.yaml" -v=6 >/dev/null 2>"$log"
  t1=$(now)
  echo "$(awk "BEGIN{print $t1 - $t0}") $(grep -cE 'round_trippers.go.*\] (GET|PATCH|POST|PUT|DELETE) ' "$log") \
$(grep -cE 'round_trippers.go.*\] (PATCH|POST|PUT|DELETE) ' "$log")"
}
gitsync_apply() {
  local t0 t1 stats
  t0=$(now)
  "$gitsync" apply "$overlay" --name bench --namespace "$ns_g" --stats >"$tmp/gitsync.out" 2>&1 ||
    { cat "$tmp/gitsync.out" >&2; exit 1; }
  t1=$(now)
  stats=$(grep '^requests:' "$tmp/gitsync.out")   # "requests: total N writes M ..."
  echo "$(awk "BEGIN{print $t1 - $t0}") $(echo "$stats" | awk '{print $3}') $(echo "$stats" | awk '{print $5}')"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

kubectl get --raw /version >/dev/null   # warm kubectl's discovery cache
echo "input: $docs documents"
for case in first noop; do
  : > "$tmp/k.$case"; : > "$tmp/g.$case"
done
for i in $(seq "$runs"); do
  fresh_ns "$ns_k"; fresh_ns "$ns_g"
  kubectl_apply >> "$tmp/k.first"; gitsync_apply >> "$tmp/g.first"
  kubectl_apply >> "$tmp/k.noop";  gitsync_apply >> "$tmp/g.noop"
  echo "run $i: first kubectl $(tail -1 "$tmp/k.first") gitsync $(tail -1 "$tmp/g.first");" \
       "no-op kubectl $(tail -1 "$tmp/k.noop") gitsync $(tail -1 "$tmp/g.noop")  (s requests writes)"
done
for case in first noop; do
  kt=$(cut -d' ' -f1 "$tmp/k.$case" | median); gt=$(cut -d' ' -f1 "$tmp/g.$case" | median)
  kr=$(cut -d' ' -f2 "$tmp/k.$case" | median); gr=$(cut -d' ' -f2 "$tmp/g.$case" | median)
  kw=$(cut -d' ' -f3 "$tmp/k.$case" | median); gw=$(cut -d' ' -f3 "$tmp/g.$case" | median)
  printf '%-6s kubectl %7.2f s %6s requests (%s writes) | gitsync %7.2f s %6s requests (%s writes) | time %.1fx, requests %.1fx\n' \
    "$case" "$kt" "$kr" "$kw" "$gt" "$gr" "$gw" "$(awk "BEGIN{print $kt / $gt}")" \
    "$(awk "BEGIN{print $kr / ($gr > 0 ? $gr : 1)}")"
done
kubectl delete namespace "$ns_k" "$ns_g" --wait=false >/dev/null
