#!/usr/bin/env bash
# Local Kubernetes cluster for gitsync's integration tests and demo.
#
#   scripts/dev-cluster.sh up          build if needed, start, print the kubeconfig path
#   scripts/dev-cluster.sh down        stop every process `up` started
#   scripts/dev-cluster.sh status      say what runs
#   scripts/dev-cluster.sh kubeconfig  print the kubeconfig path
#
# Components (one multicall binary built from test/cluster, one process each):
# etcd, kube-apiserver, kube-controller-manager, kube-scheduler and kwok, which
# fakes two nodes (kwok-node-0, kwok-node-1) and the pods scheduled on them.
# Everything listens on 127.0.0.1 on free ports. See docs/dev-cluster.md.
#
# Environment:
#   GITSYNC_CLUSTER_DIR  state folder (default: build/cluster under the repo root)
#   GITSYNC_CLUSTER_BIN  the multicall binary (default: build/kcluster/kcluster under the repo root)
#   GITSYNC_CLUSTER_NODES number of fake nodes (default 2)
#   GITSYNC_CLUSTER_TIMEOUT seconds to wait for readiness (default 180)
#
# stdout carries only the kubeconfig path (up, kubeconfig) or the status
# report (status); progress and errors go to stderr.
set -euo pipefail

SCRIPT_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_ROOT=$(cd "$SCRIPT_DIR/.." && pwd)
SRC_DIR=$REPO_ROOT/test/cluster
STATE_DIR=$(realpath -m "${GITSYNC_CLUSTER_DIR:-$REPO_ROOT/build/cluster}")
BIN=$(realpath -m "${GITSYNC_CLUSTER_BIN:-$REPO_ROOT/build/kcluster/kcluster}")
NODES=${GITSYNC_CLUSTER_NODES:-2}
TIMEOUT=${GITSYNC_CLUSTER_TIMEOUT:-180}

# Start order; `down` stops in reverse order.
COMPONENTS=(etcd kube-apiserver kube-controller-manager kube-scheduler kwok)

SERVICE_CIDR=10.96.0.0/12
SERVICE_IP=10.96.0.1 # first address of SERVICE_CIDR: the `kubernetes` Service
POD_CIDR=10.244.0.0/16

log() { printf '[dev-cluster] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# ---------------------------------------------------------------- prerequisites

APT_UPDATED=
apt_install() {
  command -v apt-get >/dev/null 2>&1 || die "missing $* and no apt-get to install it"
  local sudo=
  if [ "$(id -u)" != 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "missing $*; install it (not root, no sudo)"
    sudo=sudo
  fi
  if [ -z "$APT_UPDATED" ]; then
    log "apt-get update"
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    APT_UPDATED=1
  fi
  log "apt-get install $*"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >&2
}

# need COMMAND DEBIAN_PACKAGE
need() { command -v "$1" >/dev/null 2>&1 || apt_install "$2"; }

ensure_tools() {
  need openssl openssl
  need setsid util-linux
  need flock util-linux
  need base64 coreutils
  need find findutils
  need awk mawk
  # Debian's ca-certificates: the Go module proxy is reached over https.
  [ -e /etc/ssl/certs/ca-certificates.crt ] || apt_install ca-certificates
}

find_go() {
  if command -v go >/dev/null 2>&1; then
    GO=$(command -v go)
  elif [ -x /usr/local/go/bin/go ]; then
    GO=/usr/local/go/bin/go
  else
    die "Go not found (looked on PATH and in /usr/local/go/bin)"
  fi
}

k8s_version() {
  awk '$1 == "k8s.io/kubernetes" && $2 ~ /^v/ { print $2; exit }' "$SRC_DIR/go.mod"
}

# ---------------------------------------------------------------- build

# What the binary was built with besides its sources; a change forces a build.
BUILD_RECIPE=2
build_stamp() { echo "recipe=$BUILD_RECIPE kubernetes=$(k8s_version)"; }

needs_build() {
  [ -x "$BIN" ] || return 0
  [ -n "$(find "$SRC_DIR" -maxdepth 1 \( -name '*.go' -o -name go.mod -o -name go.sum \) -newer "$BIN" -print -quit)" ] && return 0
  [ "$(cat "$BIN.stamp" 2>/dev/null)" = "$(build_stamp)" ] || return 0
  return 1
}

build() {
  if ! needs_build; then
    return 0
  fi
  find_go
  local v major minor
  v=$(k8s_version)
  [ -n "$v" ] || die "cannot read the k8s.io/kubernetes version from test/cluster/go.mod"
  major=${v#v}; major=${major%%.*}
  minor=${v#v*.}; minor=${minor%%.*}
  local pkg=k8s.io/component-base/version
  local ldflags="-s -w -X $pkg.gitVersion=$v -X $pkg.gitMajor=$major -X $pkg.gitMinor=$minor"
  # gitCommit: the module proxy does not say which commit v1.36.x is; empty
  # rather than the placeholder "$Format:%H$".
  ldflags+=" -X $pkg.gitTreeState=clean -X $pkg.gitCommit= -X $pkg.buildDate=$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  mkdir -p "$(dirname "$BIN")"
  log "building $BIN (Kubernetes $v; a cold build takes many minutes)"
  local t0=$SECONDS
  (cd "$SRC_DIR" && GOTOOLCHAIN=local CGO_ENABLED=0 GOFLAGS="-mod=readonly -buildvcs=false" \
    "$GO" build -trimpath -ldflags "$ldflags" -o "$BIN.tmp" .) >&2 || die "go build failed"
  mv -f "$BIN.tmp" "$BIN"
  build_stamp >"$BIN.stamp"
  log "built in $((SECONDS - t0)) s"
}

# A kubectl of the cluster's version, for machines without one: the multicall
# binary acts as kubectl when called through a link of that name.
link_kubectl() {
  local dir
  dir=$(dirname "$BIN")
  [ "$(readlink "$dir/kubectl" 2>/dev/null)" = "$(basename "$BIN")" ] || ln -sfn "$(basename "$BIN")" "$dir/kubectl"
}

# ---------------------------------------------------------------- state helpers

pid_file() { echo "$STATE_DIR/pids/$1.pid"; }

# pid_of NAME: prints the pid if the process recorded for NAME is alive and is
# really ours (its command line names our state folder).
pid_of() {
  local f pid
  f=$(pid_file "$1")
  [ -s "$f" ] || return 1
  pid=$(cat "$f")
  [ -r "/proc/$pid/cmdline" ] || return 1
  local cmd
  cmd=$(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null) || return 1
  case "$cmd" in
    *" $1 "*"$STATE_DIR/"*) echo "$pid" ;;
    *) return 1 ;;
  esac
}

load_ports() {
  [ -s "$STATE_DIR/ports.env" ] || return 1
  # shellcheck disable=SC1091
  . "$STATE_DIR/ports.env"
}

# is_listening PORT: true if something listens on 127.0.0.1:PORT (or any address).
is_listening() {
  local hex
  hex=$(printf '%04X' "$1")
  awk -v p=":$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' \
    /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

all_ports() { echo "$ETCD_PORT $ETCD_PEER_PORT $API_PORT $KCM_PORT $SCHED_PORT $KWOK_PORT"; }

kubectl_() { "$BIN" kubectl --kubeconfig "$STATE_DIR/kubeconfig" --cache-dir "$STATE_DIR/run/kubectl-cache" "$@"; }

readyz() { [ "$(kubectl_ get --raw /readyz 2>/dev/null)" = ok ]; }

all_running() {
  local c
  for c in "${COMPONENTS[@]}"; do pid_of "$c" >/dev/null || return 1; done
}

# ---------------------------------------------------------------- certificates

# genkey FILE: ECDSA P-256 private key (PKCS#8 PEM); a few ms, unlike RSA.
genkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

# sign NAME SUBJECT EXTENSIONS: key + certificate signed by the cluster CA.
sign() {
  local name=$1 subj=$2 ext=$3 pki=$STATE_DIR/pki
  genkey "$pki/$name.key"
  openssl req -new -key "$pki/$name.key" -subj "$subj" -out "$pki/$name.csr" 2>/dev/null
  printf '%b\n' "$ext" >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" \
    -set_serial "0x$(openssl rand -hex 16)" -days 3650 -sha256 \
    -extfile "$pki/$name.ext" -out "$pki/$name.crt" 2>/dev/null
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}

gen_pki() {
  local pki=$STATE_DIR/pki
  mkdir -p "$pki"
  chmod 700 "$pki"
  genkey "$pki/ca.key"
  openssl req -x509 -new -key "$pki/ca.key" -subj "/CN=gitsync-dev-cluster-ca" -days 3650 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign,digitalSignature" \
    -out "$pki/ca.crt" 2>/dev/null
  local client="basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=clientAuth"
  sign apiserver "/CN=kube-apiserver" \
    "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth\nsubjectAltName=IP:127.0.0.1,IP:$SERVICE_IP,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local"
  sign admin "/O=system:masters/CN=gitsync-admin" "$client"
  sign kube-controller-manager "/CN=system:kube-controller-manager" "$client"
  sign kube-scheduler "/CN=system:kube-scheduler" "$client"
  # Service-account token signing key pair.
  genkey "$pki/sa.key"
  openssl pkey -in "$pki/sa.key" -pubout -out "$pki/sa.pub" 2>/dev/null
  chmod 600 "$pki"/*.key
}

# write_kubeconfig FILE CERT_NAME: self-contained kubeconfig (embedded data).
write_kubeconfig() {
  local file=$1 user=$2 pki=$STATE_DIR/pki
  cat >"$file.tmp" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: gitsync-dev
  cluster:
    server: https://127.0.0.1:$API_PORT
    certificate-authority-data: $(base64 -w0 <"$pki/ca.crt")
users:
- name: $user
  user:
    client-certificate-data: $(base64 -w0 <"$pki/$user.crt")
    client-key-data: $(base64 -w0 <"$pki/$user.key")
contexts:
- name: gitsync-dev
  context:
    cluster: gitsync-dev
    user: $user
current-context: gitsync-dev
EOF
  chmod 600 "$file.tmp"
  mv -f "$file.tmp" "$file"
}

# ---------------------------------------------------------------- processes

# start NAME ARGS...: runs `$BIN NAME ARGS...` detached (own session, no
# inherited descriptors, so CTest and terminals do not wait for it).
start() {
  local name=$1
  shift
  local pidf
  pidf=$(pid_file "$name")
  rm -f "$pidf"
  # shellcheck disable=SC2016
  # 9>&-: the daemon must not inherit (and keep holding) the state-folder lock.
  setsid bash -c 'echo $$ >"$0"; exec "$@"' "$pidf" "$BIN" "$name" "$@" \
    </dev/null >"$STATE_DIR/logs/$name.log" 2>&1 9>&- &
  local i
  for i in $(seq 50); do
    [ -s "$pidf" ] && break
    sleep 0.1
  done
  [ -s "$pidf" ] || die "$name did not start"
}

check_alive() {
  local c
  for c in "$@"; do
    if ! pid_of "$c" >/dev/null; then
      log "$c exited; last lines of $STATE_DIR/logs/$c.log:"
      tail -n 30 "$STATE_DIR/logs/$c.log" >&2 || true
      die "$c is not running"
    fi
  done
}

# wait_for WHAT COMPONENTS COMMAND...: polls COMMAND until it succeeds.
wait_for() {
  local what=$1 comps=$2
  shift 2
  local deadline=$((SECONDS + TIMEOUT))
  # shellcheck disable=SC2086
  until "$@"; do
    check_alive $comps
    [ $SECONDS -lt $deadline ] || die "timed out after ${TIMEOUT}s waiting for $what"
    sleep 0.25
  done
}

# stop_group NAME...: SIGTERM to each running NAME at once, wait up to 15 s,
# then SIGKILL what is left.
stop_group() {
  local c pid n pids=()
  for c in "$@"; do
    if pid=$(pid_of "$c"); then
      log "stopping $c (pid $pid)"
      kill -TERM "$pid" 2>/dev/null || true
      pids+=("$pid")
    fi
  done
  for pid in "${pids[@]}"; do
    for n in $(seq 150); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    if kill -0 "$pid" 2>/dev/null; then
      log "pid $pid did not stop in 15 s; killing it"
      kill -KILL "$pid" 2>/dev/null || true
      for n in $(seq 50); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.1
      done
    fi
  done
  for c in "$@"; do rm -f "$(pid_file "$c")"; done
}

# Clients first, then the API server, then its storage.
stop_all() {
  stop_group kwok kube-scheduler kube-controller-manager
  stop_group kube-apiserver
  stop_group etcd
}

check_no_listener() {
  load_ports || return 0
  local p left=
  for p in $(all_ports); do
    if is_listening "$p"; then left+=" $p"; fi
  done
  [ -z "$left" ] || die "something still listens on 127.0.0.1 port(s)$left"
}

# ---------------------------------------------------------------- commands

node_manifest() {
  local i name
  for ((i = 0; i < NODES; i++)); do
    name=kwok-node-$i
    cat <<EOF
---
apiVersion: v1
kind: Node
metadata:
  name: $name
  annotations:
    kwok.x-k8s.io/node: fake
    node.alpha.kubernetes.io/ttl: "0"
  labels:
    kubernetes.io/arch: amd64
    kubernetes.io/hostname: $name
    kubernetes.io/os: linux
    kubernetes.io/role: agent
    node-role.kubernetes.io/agent: ""
    type: kwok
status:
  allocatable:
    cpu: "32"
    memory: 256Gi
    pods: "110"
  capacity:
    cpu: "32"
    memory: 256Gi
    pods: "110"
EOF
  done
}

nodes_ready() {
  local n
  n=$(kubectl_ get nodes -o 'jsonpath={range .items[*]}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}' 2>/dev/null |
    grep -c '^True$') || true
  [ "${n:-0}" -ge "$NODES" ]
}

default_sa() { kubectl_ -n default get serviceaccount default >/dev/null 2>&1; }

cmd_up() {
  ensure_tools
  mkdir -p "$STATE_DIR"
  exec 9>"$STATE_DIR/.lock"
  flock 9

  if [ -s "$STATE_DIR/kubeconfig" ] && load_ports 2>/dev/null && all_running && [ -x "$BIN" ] && readyz; then
    log "cluster already running"
    echo "$STATE_DIR/kubeconfig"
    return 0
  fi

  build
  link_kubectl
  # A failed `up` stops what it started (the logs stay in $STATE_DIR/logs).
  trap 'rc=$?; if [ $rc != 0 ]; then log "up failed: stopping what was started"; stop_all; fi' EXIT
  # Whatever is left of an earlier cluster is stopped and removed: every `up`
  # that starts processes starts from an empty cluster.
  stop_all
  check_no_listener
  rm -rf "$STATE_DIR/etcd" "$STATE_DIR/pki" "$STATE_DIR/logs" "$STATE_DIR/pids" "$STATE_DIR/run" \
    "$STATE_DIR/kubeconfig" "$STATE_DIR"/*.kubeconfig "$STATE_DIR/ports.env" "$STATE_DIR/kwok.yaml"
  mkdir -p "$STATE_DIR/logs" "$STATE_DIR/pids" "$STATE_DIR/run"

  local t0=$SECONDS
  gen_pki
  local ports
  mapfile -t ports < <("$BIN" free-ports 6)
  [ "${#ports[@]}" = 6 ] || die "could not find free ports"
  cat >"$STATE_DIR/ports.env" <<EOF
ETCD_PORT=${ports[0]}
ETCD_PEER_PORT=${ports[1]}
API_PORT=${ports[2]}
KCM_PORT=${ports[3]}
SCHED_PORT=${ports[4]}
KWOK_PORT=${ports[5]}
EOF
  load_ports
  local pki=$STATE_DIR/pki
  write_kubeconfig "$STATE_DIR/kubeconfig" admin
  write_kubeconfig "$STATE_DIR/kube-controller-manager.kubeconfig" kube-controller-manager
  write_kubeconfig "$STATE_DIR/kube-scheduler.kubeconfig" kube-scheduler
  "$BIN" kwok-stages >"$STATE_DIR/kwok.yaml"

  log "starting etcd on 127.0.0.1:$ETCD_PORT"
  start etcd \
    --name=gitsync-dev \
    --data-dir="$STATE_DIR/etcd" \
    --listen-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --advertise-client-urls="http://127.0.0.1:$ETCD_PORT" \
    --listen-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-advertise-peer-urls="http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster="gitsync-dev=http://127.0.0.1:$ETCD_PEER_PORT" \
    --initial-cluster-state=new \
    --unsafe-no-fsync=true \
    --quota-backend-bytes=8589934592 \
    --log-level=warn

  log "starting kube-apiserver on https://127.0.0.1:$API_PORT"
  start kube-apiserver \
    --etcd-servers="http://127.0.0.1:$ETCD_PORT" \
    --etcd-prefix=/registry \
    --bind-address=127.0.0.1 \
    --advertise-address=127.0.0.1 \
    --secure-port="$API_PORT" \
    --cert-dir="$STATE_DIR/run/kube-apiserver" \
    --tls-cert-file="$pki/apiserver.crt" \
    --tls-private-key-file="$pki/apiserver.key" \
    --client-ca-file="$pki/ca.crt" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="$pki/sa.pub" \
    --service-account-signing-key-file="$pki/sa.key" \
    --authorization-mode=Node,RBAC \
    --endpoint-reconciler-type=none \
    --allow-privileged=true \
    --profiling=false

  wait_for "etcd and kube-apiserver /readyz" "etcd kube-apiserver" readyz
  log "kube-apiserver ready after $((SECONDS - t0)) s"

  log "starting kube-controller-manager, kube-scheduler and kwok"
  start kube-controller-manager \
    --kubeconfig="$STATE_DIR/kube-controller-manager.kubeconfig" \
    --authentication-kubeconfig="$STATE_DIR/kube-controller-manager.kubeconfig" \
    --authorization-kubeconfig="$STATE_DIR/kube-controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$KCM_PORT" \
    --cert-dir="$STATE_DIR/run/kube-controller-manager" \
    --leader-elect=false \
    --use-service-account-credentials=true \
    --service-account-private-key-file="$pki/sa.key" \
    --root-ca-file="$pki/ca.crt" \
    --cluster-signing-cert-file="$pki/ca.crt" \
    --cluster-signing-key-file="$pki/ca.key" \
    --service-cluster-ip-range="$SERVICE_CIDR" \
    --node-monitor-period=5s \
    --node-monitor-grace-period=40s \
    --profiling=false

  start kube-scheduler \
    --kubeconfig="$STATE_DIR/kube-scheduler.kubeconfig" \
    --authentication-kubeconfig="$STATE_DIR/kube-scheduler.kubeconfig" \
    --authorization-kubeconfig="$STATE_DIR/kube-scheduler.kubeconfig" \
    --bind-address=127.0.0.1 \
    --secure-port="$SCHED_PORT" \
    --cert-dir="$STATE_DIR/run/kube-scheduler" \
    --leader-elect=false \
    --profiling=false

  start kwok \
    --config="$STATE_DIR/kwok.yaml" \
    --kubeconfig="$STATE_DIR/kubeconfig" \
    --manage-nodes-with-annotation-selector=kwok.x-k8s.io/node=fake \
    --node-lease-duration-seconds=40 \
    --cidr="$POD_CIDR" \
    --node-ip=127.0.0.1 \
    --server-address="127.0.0.1:$KWOK_PORT"

  log "creating $NODES fake nodes"
  node_manifest | kubectl_ apply --server-side --field-manager=dev-cluster -f - >&2
  wait_for "$NODES Ready nodes" "${COMPONENTS[*]}" nodes_ready
  log "nodes Ready after $((SECONDS - t0)) s"
  wait_for "the default service account" "${COMPONENTS[*]}" default_sa
  check_alive "${COMPONENTS[@]}"
  log "cluster up after $((SECONDS - t0)) s (kubectl --kubeconfig $STATE_DIR/kubeconfig ...)"
  trap - EXIT
  echo "$STATE_DIR/kubeconfig"
}

cmd_down() {
  [ -d "$STATE_DIR" ] || { log "no state folder $STATE_DIR: nothing to stop"; return 0; }
  exec 9>"$STATE_DIR/.lock"
  flock 9
  stop_all
  check_no_listener
  log "stopped"
}

cmd_status() {
  local c pid port rc=0
  if ! load_ports 2>/dev/null; then
    echo "no cluster in $STATE_DIR"
    return 3
  fi
  for c in "${COMPONENTS[@]}"; do
    case $c in
      etcd) port=$ETCD_PORT ;;
      kube-apiserver) port=$API_PORT ;;
      kube-controller-manager) port=$KCM_PORT ;;
      kube-scheduler) port=$SCHED_PORT ;;
      kwok) port=$KWOK_PORT ;;
    esac
    if pid=$(pid_of "$c"); then
      printf '%-24s running  pid %-8s 127.0.0.1:%s\n' "$c" "$pid" "$port"
    else
      printf '%-24s stopped\n' "$c"
      rc=3
    fi
  done
  if [ "$rc" = 0 ] && readyz; then
    echo "readyz: ok"
    kubectl_ get nodes --no-headers 2>/dev/null | awk '{ print "node: " $1 " " $2 }'
    echo "kubeconfig: $STATE_DIR/kubeconfig"
  elif [ "$rc" = 0 ]; then
    echo "readyz: not ready"
    rc=1
  fi
  return "$rc"
}

cmd_kubeconfig() {
  [ -s "$STATE_DIR/kubeconfig" ] || die "no kubeconfig in $STATE_DIR (run: $0 up)"
  echo "$STATE_DIR/kubeconfig"
}

case "${1:-}" in
  up) cmd_up ;;
  down) cmd_down ;;
  status) cmd_status ;;
  kubeconfig) cmd_kubeconfig ;;
  build) ensure_tools; build; link_kubectl ;;
  *)
    echo "usage: $0 up|down|status|kubeconfig|build" >&2
    exit 2
    ;;
esac
