#!/usr/bin/env bash
# `gitsync build manifests/` prints the same bytes as `kubectl kustomize manifests/` (the
# install is usable with either tool), and that output holds every object of the install.
# Needs no cluster. Usage: build_test.sh GITSYNC KUBECTL MANIFESTS_DIR
set -u
bin=$1
kubectl=$2
dir=$3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}

"$kubectl" kustomize "$dir" > "$tmp/kubectl.yaml"
check "kubectl kustomize exit code" 0 $?
"$bin" build "$dir" > "$tmp/gitsync.yaml" 2> "$tmp/gitsync.err"
check "gitsync build exit code" 0 $?
check "gitsync build stderr" "" "$(cat "$tmp/gitsync.err")"
if cmp -s "$tmp/kubectl.yaml" "$tmp/gitsync.yaml"; then
  echo "ok   gitsync build == kubectl kustomize"
else
  echo "FAIL gitsync build != kubectl kustomize"
  diff -u "$tmp/kubectl.yaml" "$tmp/gitsync.yaml" | head -50
  fail=1
fi

# kind/name of every document, in output order (metadata.name only).
objects=$(awk '
  /^---$/ { if (kind != "") print kind "/" name; kind = ""; name = ""; meta = 0; next }
  /^kind: / { kind = $2 }
  /^metadata:/ { meta = 1; next }
  /^[^ ]/ { meta = 0 }
  meta && /^  name: / { name = $2 }
  END { if (kind != "") print kind "/" name }' "$tmp/kubectl.yaml")
expected="Namespace/gitsync-system
CustomResourceDefinition/gitrepositories.gitsync.dev
CustomResourceDefinition/kustomizations.gitsync.dev
CustomResourceDefinition/receivers.gitsync.dev
ServiceAccount/gitsync-controller
Role/gitsync-leader-election
ClusterRole/gitsync-controller
RoleBinding/gitsync-leader-election
ClusterRoleBinding/gitsync-controller
ClusterRoleBinding/gitsync-controller-apply
Service/gitsync-metrics
Service/webhook-receiver
Deployment/gitsync-controller"
check "objects of the install" "$expected" "$objects"
exit $fail
