#!/usr/bin/env bash
# Controller benchmark: 100 Kustomizations (each a small app: Deployment, Service, ConfigMap,
# in its own namespace, wait: true) from one repository served by `git daemon` on loopback.
# Measured: the time from the controller's start until all 100 are Ready at the repository's
# revision, and the controller's peak RSS (/usr/bin/time). Against a real cluster (the local
# development cluster when KUBECONFIG is not set), with the CRDs of manifests/crds.
#
#   bench/controller.sh [GITSYNC_BINARY]     RUNS (default 3) runs; N (default 100) apps;
#                                            CONCURRENT (default 4) workers per kind;
#                                            CONTROLLER_ARGS more flags (e.g. --kube-api-qps 200)
#
# The peer (Flux's kustomize-controller + source-controller) cannot run here (no images, no
# Docker engine), so its published figure is printed for reference, not measured: 100
# Kustomizations Ready in 26 s with kustomize-controller at 134 MiB, on a larger machine.
# The goals of issue 6 are printed next to the medians: all Ready within 60 s on this 2-core
# machine, controller peak RSS under 40 MB.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
gitsync=${1:-$root/build/gitsync}
runs=${RUNS:-3}
n=${N:-100}
concurrent=${CONCURRENT:-4}  # workers per kind (the controller's default)
if [ -z "${KUBECONFIG:-}" ]; then
  KUBECONFIG=$("$root/scripts/dev-cluster.sh" up)
  export KUBECONFIG
fi
sys=gitsync-bench
tmp=$(mktemp -d "${TMPDIR:-/tmp}/gitsync-controller-bench.XXXXXX")
ctl=
cleanup() {
  [ -n "$ctl" ] && pkill -9 -P "$ctl" 2>/dev/null
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

kubectl apply --server-side -f "$root/manifests/crds" >/dev/null
kubectl wait --for condition=established --timeout=60s crd/kustomizations.gitsync.dev >/dev/null

# The repository: apps/app-NNN/{kustomization,deployment,service,configmap}.yaml.
python3 - "$tmp/work" "$n" <<'PY'
import os, sys
root, n = sys.argv[1], int(sys.argv[2])
for i in range(n):
    d = os.path.join(root, "apps", f"app-{i:03d}")
    os.makedirs(d)
    name = f"app-{i:03d}"
    files = {
        "kustomization.yaml": f"namespace: bench-{name}\nresources:\n- namespace.yaml\n"
                              "- deployment.yaml\n- service.yaml\n- configmap.yaml\n",
        "namespace.yaml": f"apiVersion: v1\nkind: Namespace\nmetadata:\n  name: bench-{name}\n",
        "deployment.yaml": f"""apiVersion: apps/v1
kind: Deployment
metadata:
  name: {name}
spec:
  replicas: 1
  selector:
    matchLabels: {{app: {name}}}
  template:
    metadata:
      labels: {{app: {name}}}
    spec:
      containers:
      - name: app
        image: nginx:1.27
        ports:
        - containerPort: 80
""",
        "service.yaml": f"""apiVersion: v1
kind: Service
metadata:
  name: {name}
spec:
  selector: {{app: {name}}}
  ports:
  - port: 80
""",
        "configmap.yaml": f"apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {name}\n"
                          f"data:\n  index: \"{i}\"\n",
    }
    for f, text in files.items():
        with open(os.path.join(d, f), "w") as fh:
            fh.write(text)
PY
git -C "$tmp/work" init -q -b main && git -C "$tmp/work" add -A &&
  git -C "$tmp/work" -c user.name=b -c user.email=b@e commit -qm apps
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/apps.git"
port=$(free_port)
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"
rev="main@sha1:$(git -C "$tmp/work" rev-parse HEAD)"

{
  printf 'apiVersion: gitsync.dev/v1\nkind: GitRepository\nmetadata:\n  name: apps\n  namespace: %s\n' $sys
  printf 'spec:\n  interval: 10m\n  url: git://127.0.0.1:%s/apps.git\n  ref:\n    branch: main\n' "$port"
  for i in $(seq 0 $((n - 1))); do
    name=$(printf 'app-%03d' "$i")
    printf -- '---\napiVersion: gitsync.dev/v1\nkind: Kustomization\nmetadata:\n  name: %s\n  namespace: %s\n' "$name" $sys
    printf 'spec:\n  interval: 10m\n  timeout: 2m\n  sourceRef:\n    kind: GitRepository\n    name: apps\n'
    printf '  path: ./apps/%s\n  prune: true\n  wait: true\n' "$name"
  done
} >"$tmp/objects.yaml"

ready_count() {
  kubectl -n $sys get kustomizations.gitsync.dev -o json |
    python3 -c '
import json, sys
rev = sys.argv[1]
n = 0
for o in json.load(sys.stdin)["items"]:
    st = o.get("status", {})
    ready = [c for c in st.get("conditions", []) if c["type"] == "Ready" and c["status"] == "True"]
    n += bool(ready) and st.get("lastAppliedRevision") == rev
print(n)' "$rev"
}
clean() {  # removes every object of an earlier run (no controller runs: drop finalizers)
  for o in $(kubectl -n $sys get kustomizations.gitsync.dev -o name 2>/dev/null); do
    kubectl -n $sys patch "$o" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null
  done
  kubectl delete namespace $sys --ignore-not-found --wait=true --timeout=300s >/dev/null
  kubectl get namespaces -o name | { grep '^namespace/bench-app-' || true; } |
    xargs -r kubectl delete --wait=true --timeout=300s >/dev/null
}

times=(); rss=()
for run in $(seq "$runs"); do
  clean
  kubectl create namespace $sys >/dev/null
  kubectl apply --server-side -f "$tmp/objects.yaml" >/dev/null
  rm -rf "$tmp/cache"
  metrics_port=$(free_port)
  t0=$(date +%s.%N)
  /usr/bin/time -f '%M' -o "$tmp/rss" "$gitsync" controller --kubeconfig "$KUBECONFIG" \
    --metrics-addr "127.0.0.1:$metrics_port" --webhook-addr "127.0.0.1:$(free_port)" \
    --cache-dir "$tmp/cache" --concurrent "$concurrent" --log-format json --watch-namespace $sys \
    ${CONTROLLER_ARGS:-} \
    >"$tmp/controller.log" 2>&1 &
  ctl=$!
  deadline=$((SECONDS + 300))
  until [ "$(ready_count)" -ge "$n" ]; do
    if [ $SECONDS -ge $deadline ]; then
      echo "run $run: not all Ready after 300 s ($(ready_count)/$n)" >&2; tail -n 20 "$tmp/controller.log" >&2
      exit 1
    fi
    sleep 0.5
  done
  t1=$(date +%s.%N)
  # API requests sent until then, by verb (gitsync_kube_requests_total).
  requests=$(curl -s "http://127.0.0.1:$metrics_port/metrics" |
    awk '/^gitsync_kube_requests_total/ {split($1, a, "verb=\""); split(a[2], v, "\""); n[v[1]] += $2; t += $2}
         END {printf "%d requests (", t; for (k in n) printf " %s=%d", k, n[k]; printf " )"}')
  pkill -TERM -P "$ctl"; wait "$ctl" || true; ctl=  # SIGTERM to the controller, not to time
  secs=$(echo "$t1 - $t0" | bc -l)
  kb=$(tail -n 1 "$tmp/rss")
  times+=("$secs"); rss+=("$kb")
  printf 'run %d: %d Kustomizations Ready in %.1f s, controller peak RSS %.1f MiB, %s\n' \
    "$run" "$n" "$secs" "$(echo "$kb / 1024" | bc -l)" "$requests"
done
clean

median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
t=$(median "${times[@]}")
m=$(echo "$(median "${rss[@]}") / 1024" | bc -l)
printf '\n%d Kustomizations, %d runs (medians), --concurrent %d\n' "$n" "$runs" "$concurrent"
printf '  gitsync controller: all Ready in %.1f s, peak RSS %.1f MiB\n' "$t" "$m"
printf '  goal:               all Ready within 60 s, peak RSS under 40 MB (38.1 MiB)\n'
printf '  Flux (published, not measured here): 26 s, kustomize-controller 134 MiB\n'
printf '  memory ratio vs Flux published: %.1fx less\n' "$(echo "134 / $m" | bc -l)"
