#!/usr/bin/env bash
# Renderer benchmark: gitsync build vs kubectl kustomize on the synthetic
# tree of bench/gen-tree.py (400 apps -> 1,200 documents).
#
#   bench/render.sh [GITSYNC_BINARY]
#
# GITSYNC_BINARY defaults to build/gitsync under the repository root.
# Environment: RUNS (default 5) runs of each tool, alternating;
# KUBECTL (default kubectl).
#
# Prints the median wall time, peak RSS and CPU time of each tool, the
# ratios (kubectl/gitsync time, gitsync/kubectl RSS) and whether the two
# outputs are byte-identical.
# Exit status: 0 when gitsync ran and its output is identical to kubectl's;
# 1 when gitsync is missing or failed (kubectl's numbers are still printed);
# 2 when the outputs differ.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
gitsync=${1:-$root/build/gitsync}
kubectl=${KUBECTL:-kubectl}
runs=${RUNS:-5}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitsync-render-bench.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

command -v "$kubectl" >/dev/null || { echo "render.sh: $kubectl not found" >&2; exit 1; }

have_gitsync=1
if [[ ! -x $gitsync ]]; then
    have_gitsync=0
fi

overlay=$(python3 "$here/gen-tree.py" "$tmp/tree")
# A GitOps tree lives in a Git work tree; gitsync reads nothing outside the
# work tree of PATH (the overlay loads ../base), so make the tree one.
echo "tree:    $(find "$tmp/tree" -type f | wc -l) files, overlay $overlay"
git init -q "$tmp/tree"
echo "kubectl: $("$kubectl" version --client 2>/dev/null | tr '\n' ' ')"
if ((have_gitsync)); then
    echo "gitsync: $gitsync"
else
    echo "gitsync: $gitsync is missing (build it first); measuring kubectl only"
fi
echo "runs:    $runs of each, alternating"
echo

# one line per run: tool run wall_s maxrss_kib cpu_s rc
results=$tmp/results
: >"$results"

run() { # tool run-number command...
    local tool=$1 n=$2
    shift 2
    local line
    line=$(python3 "$here/measure.py" -o "$tmp/$tool.$n.out" -e "$tmp/$tool.$n.err" -- "$@")
    echo "$tool $n $line" >>"$results"
    read -r wall rss cpu rc <<<"$line"
    printf '  run %d %-8s %7.3f s %8d KiB %7.3f s cpu  exit %d\n' "$n" "$tool" "$wall" "$rss" "$cpu" "$rc"
}

for ((i = 1; i <= runs; i++)); do
    run kubectl "$i" "$kubectl" kustomize "$overlay"
    if ((have_gitsync)); then
        run gitsync "$i" "$gitsync" build "$overlay"
    fi
done
echo

kout=$tmp/kubectl.1.out
failed() { # tool -> number of its first failing run, if any
    awk -v t="$1" '$1 == t && $6 != 0 { print $2; exit }' "$results"
}
bad=$(failed kubectl)
if [[ -n $bad ]]; then
    echo "kubectl kustomize failed in run $bad:" >&2
    tail -n 20 "$tmp/kubectl.$bad.err" >&2
    exit 1
fi
for ((i = 2; i <= runs; i++)); do
    cmp -s "$kout" "$tmp/kubectl.$i.out" || echo "note: kubectl's output differs between run 1 and run $i"
done
docs=$(awk 'NR == 1 || $0 == "---" { n++ } END { print n + 0 }' "$kout")
echo "kubectl output: $docs documents, $(wc -c <"$kout") bytes"

python3 - "$results" "$have_gitsync" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    tool, _, wall, rss, cpu, rc = line.split()
    rows.setdefault(tool, []).append((float(wall), int(rss), float(cpu), int(rc)))
med = {}
for tool in ("kubectl", "gitsync"):
    r = [x for x in rows.get(tool, []) if x[3] == 0]
    if not r:
        continue
    w = statistics.median(x[0] for x in r)
    m = statistics.median(x[1] for x in r)
    c = statistics.median(x[2] for x in r)
    med[tool] = (w, m, c)
    print(f"median {tool:8s} wall {w:7.3f} s   peak RSS {m / 1024:7.1f} MiB ({m} KiB)"
          f"   cpu {c:7.3f} s   ({len(r)} ok runs)")
if "kubectl" in med and "gitsync" in med:
    k, g = med["kubectl"], med["gitsync"]
    print(f"ratio    time kubectl/gitsync {k[0] / g[0]:.2f}x"
          f"   RSS gitsync/kubectl {g[1] / k[1]:.3f}")
EOF

if ! ((have_gitsync)); then
    echo "gitsync: missing ($gitsync); no comparison" >&2
    exit 1
fi
bad=$(failed gitsync)
if [[ -n $bad ]]; then
    echo "gitsync build failed in run $bad:" >&2
    tail -n 20 "$tmp/gitsync.$bad.err" >&2
    exit 1
fi
gout=$tmp/gitsync.1.out
if cmp -s "$kout" "$gout"; then
    echo "outputs: byte-identical"
else
    echo "outputs: DIFFER ($(cmp "$kout" "$gout" 2>&1 | head -n 1))"
    diff -u "$kout" "$gout" | head -n 40 || true
    exit 2
fi
