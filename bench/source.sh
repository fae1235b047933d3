#!/usr/bin/env bash
# Source benchmark: `gitsync fetch` against git itself, over git:// on loopback.
#
#   bench/source.sh [GITSYNC_BINARY]        RUNS (default 5) runs of each case, alternating
#
# A generated repository (bench/source-gen-repo.py: 10,000 files, ~27 MB of text and some
# binaries, 10 commits, 5 tags, 3 branches) is served by `git daemon` behind a byte-counting
# TCP proxy (bench/source-proxy.py), so the bytes both tools receive are counted at the same
# place (all TCP payload to the client). Measured for each tool, in the same run:
#   (a) first fetch: `gitsync fetch --branch main` into an empty cache vs
#       `git clone --depth 1` (both write the 10,000 files of the tip);
#   (b) poll of the unchanged repository: `gitsync fetch` again with the same cache (a
#       reference listing only) vs `git fetch` in the clone of (a).
# Printed: medians of wall time, CPU time (user+sys, with the children a tool waits for, such
# as git's index-pack; less disturbed by other load on the machine than wall time), bytes
# received and peak RSS (wait4, the same number as /usr/bin/time -f %M), and the ratios. Run 1 also checks that gitsync's exported tree equals
# git's work tree.
# Exit status: 0 when everything ran; 1 when a tool failed or the trees differ.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
gitsync=${1:-$root/build/gitsync}
runs=${RUNS:-5}
[[ -x $gitsync ]] || { echo "source.sh: $gitsync is missing (build it first)" >&2; exit 1; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitsync-source-bench.XXXXXX")
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$tmp"
}
trap cleanup EXIT
export HOME=$tmp GIT_CONFIG_NOSYSTEM=1

echo "repository: $(python3 "$here/source-gen-repo.py" "$tmp/srv/repo.git")," \
     "pack $(du -sk "$tmp/srv/repo.git/objects/pack" | cut -f1) KiB"

# git daemon on a free port (retry when the port was taken in between).
for _ in 1 2 3 4 5; do
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  git daemon --reuseaddr --export-all --listen=127.0.0.1 --port="$port" \
    --base-path="$tmp/srv" 2>"$tmp/daemon.log" &
  dpid=$!
  for _ in $(seq 100); do
    if python3 -c "import socket; socket.create_connection(('127.0.0.1', $port))" 2>/dev/null; then
      break
    fi
    kill -0 "$dpid" 2>/dev/null || break
    sleep 0.05
  done
  if kill -0 "$dpid" 2>/dev/null; then pids+=("$dpid"); break; fi
done
((${#pids[@]})) || { echo "source.sh: git daemon did not start" >&2; exit 1; }

state=$tmp/proxy.state
coproc PROXY { exec python3 "$here/source-proxy.py" "$port" "$state"; }
pids+=("$PROXY_PID")
read -r pport <&"${PROXY[0]}"
url=git://127.0.0.1:$pport/repo.git
echo "server:     git daemon $(git --version | cut -d' ' -f3) at 127.0.0.1:$port, counted by a proxy at $url"
echo "gitsync:    $gitsync"
echo "runs:       $runs of each case, alternating which tool goes first"
echo

down() {  # bytes sent to clients so far, once no connection is open
  local open total bytes up
  for _ in $(seq 400); do
    read -r open total bytes up <"$state"
    ((open == 0)) && { echo "$bytes"; return; }
    sleep 0.01
  done
  echo "source.sh: a proxied connection stayed open" >&2; exit 1
}

results=$tmp/results   # case tool run wall rss bytes cpu
: >"$results"
measure() {  # measure CASE TOOL RUN command... : one row of $results
  local case=$1 tool=$2 n=$3 before after line wall rss cpu rc
  shift 3
  before=$(down)
  line=$(python3 "$here/measure.py" -o "$tmp/$case.$tool.$n.out" -e "$tmp/$case.$tool.$n.err" -- "$@")
  after=$(down)
  read -r wall rss cpu rc <<<"$line"
  if ((rc != 0)); then
    echo "source.sh: $tool ($case, run $n) failed with exit $rc:" >&2
    tail -n 20 "$tmp/$case.$tool.$n.err" >&2
    exit 1
  fi
  echo "$case $tool $n $wall $rss $((after - before)) $cpu" >>"$results"
  printf '  run %d %-6s %-7s %7.3f s %7.3f s cpu %10d bytes %8d KiB\n' "$n" "$case" "$tool" \
    "$wall" "$cpu" "$((after - before))" "$rss"
}

first_git() { measure first git "$1" git clone -q --depth 1 "$url" "$tmp/clone.$1"; }
first_gitsync() {
  measure first gitsync "$1" "$gitsync" fetch --url "$url" --branch main --cache-dir "$tmp/cache.$1"
}
poll_git() { measure poll git "$1" git -C "$tmp/clone.$1" fetch -q; }
poll_gitsync() {
  measure poll gitsync "$1" "$gitsync" fetch --url "$url" --branch main --cache-dir "$tmp/cache.$1"
  grep -qx 'changed  false' "$tmp/poll.gitsync.$1.out" ||
    { echo "source.sh: the poll did not report 'changed  false'" >&2; exit 1; }
}

for ((i = 1; i <= runs; i++)); do
  if ((i % 2)); then
    first_git "$i"; first_gitsync "$i"; poll_git "$i"; poll_gitsync "$i"
  else
    first_gitsync "$i"; first_git "$i"; poll_gitsync "$i"; poll_git "$i"
  fi
  if ((i == 1)); then
    tree=$(sed -n 's/^dir *//p' "$tmp/first.gitsync.1.out")
    [[ $tree = /* ]] || tree=$tmp/$tree
    if diff -r -q --exclude=.git "$tmp/clone.1" "$tree" >"$tmp/diff" 2>&1; then
      echo "  run 1 trees: gitsync's export equals git's work tree ($(find "$tree" -type f | wc -l) files)"
    else
      echo "source.sh: the trees differ:" >&2; head -n 20 "$tmp/diff" >&2; exit 1
    fi
  fi
  rm -rf "$tmp/clone.$i" "$tmp/cache.$i"
done
echo

python3 - "$results" <<'EOF'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    case, tool, _, wall, rss, nbytes, cpu = line.split()
    rows.setdefault((case, tool), []).append((float(wall), int(rss), int(nbytes), float(cpu)))
med = {k: tuple(statistics.median(x[i] for x in v) for i in range(4)) for k, v in rows.items()}
names = {"first": ("first fetch", "git clone --depth 1"), "poll": ("poll, unchanged", "git fetch")}
for case in ("first", "poll"):
    g, s = med[(case, "git")], med[(case, "gitsync")]
    label, peer = names[case]
    print(f"{label}: {peer} {g[0]:.3f} s ({g[3]:.3f} s cpu) {g[2]:.0f} bytes {g[1]:.0f} KiB | "
          f"gitsync fetch {s[0]:.3f} s ({s[3]:.3f} s cpu) {s[2]:.0f} bytes {s[1]:.0f} KiB")
    print(f"  ratios git/gitsync (above 1: gitsync is faster / receives less / uses less): "
          f"time {g[0] / s[0]:.2f}x, cpu {g[3] / max(s[3], 0.001):.2f}x, "
          f"bytes {g[2] / s[2]:.2f}x, peak RSS {g[1] / s[1]:.2f}x")
EOF
