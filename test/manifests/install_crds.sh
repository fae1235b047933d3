#!/usr/bin/env bash
# Installs manifests/crds into the cluster of $KUBECONFIG (server-side apply) and waits until
# the API server serves them. The CTest fixture gitsync_crds: tests that create gitsync.dev
# objects declare FIXTURES_REQUIRED "cluster;gitsync_crds". Usage: install_crds.sh SOURCE_DIR
set -eu
root=$1
kubectl=${KUBECTL:-kubectl}
"$kubectl" apply --server-side --force-conflicts --field-manager=gitsync-manifests-test \
  -f "$root/manifests/crds"
"$kubectl" wait --for=condition=Established --timeout=60s crd/gitrepositories.gitsync.dev \
  crd/kustomizations.gitsync.dev crd/receivers.gitsync.dev
