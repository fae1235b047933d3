#!/usr/bin/env bash
# End to end against the local cluster (KUBECONFIG from the CTest fixture) and a real
# `git daemon` on loopback: `gitsync reconcile --now` syncs a repository; a commit that deletes
# a file prunes its objects; a commit with broken YAML exits non-zero naming the file and the
# line and leaves the cluster as it was.
set -u
bin=$1
kubectl=${KUBECTL:-kubectl}
ns=gitsync-e2e
tmp=$(mktemp -d)
fail=0
cleanup() {
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  "$kubectl" delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1
  "$kubectl" -n default delete configmap gitsync-inventory-e2e --ignore-not-found >/dev/null 2>&1
  rm -rf "$tmp"
}
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}

# A repository with a namespace, a ConfigMap and a Deployment.
git init -q -b main "$tmp/work"
mkdir -p "$tmp/work/app"
cat > "$tmp/work/app/kustomization.yaml" <<'Y'
namespace: gitsync-e2e
resources:
- namespace.yaml
- settings.yaml
- web.yaml
Y
printf 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: gitsync-e2e\n' > "$tmp/work/app/namespace.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n' > "$tmp/work/app/settings.yaml"
cat > "$tmp/work/app/web.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
Y
git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm one
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/repo.git"
push() { git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm "$1" &&
         git -C "$tmp/work" push -q "$tmp/srv/repo.git" main; }

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url=git://127.0.0.1:$port/repo.git
reconcile() {
  "$bin" reconcile --now --url "$url" --branch main --path app --name e2e --prune --wait \
    --timeout 120s --cache-dir "$tmp/cache" >"$tmp/out" 2>"$tmp/err"
}

reconcile; rc=$?
check "first sync exits 0" "0" "$rc"
[ $rc -eq 0 ] || cat "$tmp/out" "$tmp/err"
check "revision printed" "1" "$(grep -cE '^fetch main@sha1:[0-9a-f]{40} in [0-9]+ ms$' "$tmp/out")"
check "ConfigMap synced" "fast" "$("$kubectl" -n $ns get configmap settings -o jsonpath='{.data.mode}')"
check "Deployment available" "2" "$("$kubectl" -n $ns get deployment web -o jsonpath='{.status.availableReplicas}')"
rv=$("$kubectl" -n $ns get deployment web -o jsonpath='{.metadata.resourceVersion}')

reconcile; rc=$?
check "unchanged poll exits 0" "0" "$rc"
check "unchanged poll says so" "1" "$(grep -c '(unchanged)' "$tmp/out")"
check "unchanged sync writes nothing" "$rv" "$("$kubectl" -n $ns get deployment web -o jsonpath='{.metadata.resourceVersion}')"

git -C "$tmp/work" rm -q app/settings.yaml
sed -i '/settings.yaml/d' "$tmp/work/app/kustomization.yaml"
push "drop settings"
reconcile; rc=$?
check "sync after deleting a file exits 0" "0" "$rc"
check "its objects are pruned" "NotFound" \
  "$("$kubectl" -n $ns get configmap settings 2>&1 | grep -o NotFound | head -1)"

printf 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: [3\n' > "$tmp/work/app/web.yaml"
push "broken"
reconcile; rc=$?
check "broken YAML exits 1" "1" "$rc"
check "the error names the file and the line" "1" \
  "$(grep -cE "app/web.yaml: line [0-9]+: " "$tmp/err")"
check "nothing applied or pruned" "1" "$(grep -c 'nothing was applied or pruned' "$tmp/err")"
check "the cluster is as it was" "$rv" "$("$kubectl" -n $ns get deployment web -o jsonpath='{.metadata.resourceVersion}')"
exit $fail
