#!/usr/bin/env bash
# YAML alias bomb ("billion laughs") against the renderer.
#
#   bench/alias-bomb.sh [GITSYNC_BINARY]
#
# Writes a kustomization whose only resource holds 9 levels of 9 aliases
# (a: 9 strings, b: 9 x *a, ..., i: 9 x *h = 9^9 = 387,420,489 strings once
# expanded) and runs `gitsync build` on it, printing its time, peak RSS,
# exit status and error message. gitsync is expected to refuse the file
# quickly, with little memory, and exit non-zero.
#
# Then, unless SKIP_KUBECTL=1, it runs `kubectl kustomize` on the same tree
# for comparison, guarded by a virtual-memory limit (KUBECTL_MEM_MIB,
# default 2048, like `ulimit -v`) and a 20 s timeout, because kubectl
# tries to expand the aliases and runs out of memory.
#
# GITSYNC_BINARY defaults to build/gitsync under the repository root; gitsync
# runs under the same guard (GITSYNC_MEM_MIB, default 2048; 60 s timeout).
# Exit status: 0 when gitsync rejected the file (non-zero exit, not killed,
# no timeout); 1 otherwise, including when gitsync is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
gitsync=${1:-$root/build/gitsync}
kubectl=${KUBECTL:-kubectl}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitsync-alias-bomb.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

dir=$tmp/bomb
mkdir -p "$dir"
cat >"$dir/kustomization.yaml" <<'EOF'
apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
  - lol.yaml
EOF
python3 - "$dir/lol.yaml" <<'EOF'
import sys
lines = ["apiVersion: v1", "kind: ConfigMap", "metadata:", "  name: lol", "data:"]
prev = None
for level in "abcdefghi":
    items = ['"lol"'] * 9 if prev is None else ["*" + prev] * 9
    lines.append(f"  {level}: &{level} [{', '.join(items)}]")
    prev = level
open(sys.argv[1], "w").write("\n".join(lines) + "\n")
EOF
echo "bomb: $(wc -c <"$dir/lol.yaml") bytes, 9 levels x 9 aliases = 9^9 strings expanded"
sed -n '6p;7p;14p' "$dir/lol.yaml" | cut -c1-100

report() { # label measure-line stderr-file
    local wall rss cpu rc
    read -r wall rss cpu rc <<<"$2"
    printf '%s: %.3f s wall, %.1f MiB peak RSS, %.3f s cpu, exit %d' \
        "$1" "$wall" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" "$cpu" "$rc"
    case $rc in
        0) echo " (accepted the file)" ;;
        124) echo " (killed by the timeout)" ;;
        1[2-9][0-9]) echo " (killed by signal $((rc - 128)))" ;;
        *) echo ;;
    esac
    if [[ -s $3 ]]; then
        echo "  stderr (first lines):"
        head -c 2000 "$3" | head -n 8 | sed 's/^/    /'
    fi
}

echo
status=1
if [[ -x $gitsync ]]; then
    line=$(python3 "$here/measure.py" -e "$tmp/gitsync.err" \
        --mem-limit "${GITSYNC_MEM_MIB:-2048}" --timeout 60 -- "$gitsync" build "$dir")
    report "gitsync build" "$line" "$tmp/gitsync.err"
    rc=${line##* }
    if ((rc != 0 && rc != 124 && rc < 128)); then
        echo "gitsync: rejected the alias bomb (good)"
        status=0
    else
        echo "gitsync: did NOT reject the alias bomb cleanly"
    fi
else
    echo "gitsync: $gitsync is missing (build it first)"
fi

if [[ ${SKIP_KUBECTL:-0} != 1 ]] && command -v "$kubectl" >/dev/null; then
    echo
    mem=${KUBECTL_MEM_MIB:-2048}
    line=$(python3 "$here/measure.py" -e "$tmp/kubectl.err" \
        --mem-limit "$mem" --timeout 20 -- "$kubectl" kustomize "$dir")
    report "kubectl kustomize (ulimit -v $mem MiB, timeout 20 s)" "$line" "$tmp/kubectl.err"
fi
exit "$status"
