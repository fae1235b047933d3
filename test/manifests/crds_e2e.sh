#!/usr/bin/env bash
# The gitsync.dev/v1 CRDs against the real API server (KUBECONFIG from the CTest fixture).
#  1. Installs manifests/crds (server-side apply) and waits until they are Established. They
#     stay installed: the controller tests use them.
#  2. Server-side dry runs of the whole install (kubectl apply -k manifests/) and of every
#     cluster folder of examples/gitops-repo succeed.
#  3. Invalid objects are rejected with the API server's exact messages.
#  4. A round trip through the real API: defaults, the status the controller writes (status
#     subresource), printer columns, short names and the category.
#  5. The RBAC of manifests/rbac, installed under other names for a ServiceAccount of
#     manifests-e2e: what the controller may and may not do, before and after the apply grant.
# Objects of parts 3 to 5 live in the namespace manifests-e2e (and ClusterRoles and bindings
# named after it), deleted at the end. The
# namespace gitsync-system is created (and left, like the CRDs) when it does not exist yet:
# namespaced objects cannot be dry-run into a missing namespace.
# Usage: crds_e2e.sh SOURCE_DIR
set -u
root=$1
kubectl=${KUBECTL:-kubectl}
ns=manifests-e2e
fm=gitsync-manifests-test
fail=0
cleanup() {
  "$kubectl" delete clusterrolebinding "$ns-controller" "$ns-controller-apply" \
    --ignore-not-found >/dev/null 2>&1
  "$kubectl" delete clusterrole "$ns-controller" --ignore-not-found >/dev/null 2>&1
  "$kubectl" delete namespace "$ns" --ignore-not-found --wait=false >/dev/null 2>&1
}
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}

# ---------------------------------------------------------------- 1. install the CRDs
out=$("$kubectl" apply --server-side --force-conflicts --field-manager=$fm \
  -f "$root/manifests/crds" 2>&1)
check "CRDs applied" "customresourcedefinition.apiextensions.k8s.io/gitrepositories.gitsync.dev serverside-applied
customresourcedefinition.apiextensions.k8s.io/kustomizations.gitsync.dev serverside-applied
customresourcedefinition.apiextensions.k8s.io/receivers.gitsync.dev serverside-applied" "$out"
out=$("$kubectl" wait --for=condition=Established --timeout=60s crd/gitrepositories.gitsync.dev \
  crd/kustomizations.gitsync.dev crd/receivers.gitsync.dev 2>&1)
check "CRDs Established" "customresourcedefinition.apiextensions.k8s.io/gitrepositories.gitsync.dev condition met
customresourcedefinition.apiextensions.k8s.io/kustomizations.gitsync.dev condition met
customresourcedefinition.apiextensions.k8s.io/receivers.gitsync.dev condition met" "$out"
# A freshly Established CRD can take a moment to show up in discovery.
for _ in $(seq 1 30); do
  "$kubectl" api-resources --api-group=gitsync.dev -o name 2>/dev/null | grep -q receivers && break
  sleep 1
done
check "served resources" "gitrepositories.gitsync.dev
kustomizations.gitsync.dev
receivers.gitsync.dev" "$("$kubectl" api-resources --api-group=gitsync.dev -o name | sort)"

# ---------------------------------------------------------------- 2. dry runs
"$kubectl" get namespace gitsync-system >/dev/null 2>&1 ||
  "$kubectl" apply --server-side --field-manager=$fm -f "$root/manifests/namespace.yaml" >/dev/null
out=$("$kubectl" apply --server-side --dry-run=server --force-conflicts --field-manager=$fm \
  -k "$root/manifests" 2>&1)
check "install: server dry run" "namespace/gitsync-system serverside-applied (server dry run)
customresourcedefinition.apiextensions.k8s.io/gitrepositories.gitsync.dev serverside-applied (server dry run)
customresourcedefinition.apiextensions.k8s.io/kustomizations.gitsync.dev serverside-applied (server dry run)
customresourcedefinition.apiextensions.k8s.io/receivers.gitsync.dev serverside-applied (server dry run)
serviceaccount/gitsync-controller serverside-applied (server dry run)
role.rbac.authorization.k8s.io/gitsync-leader-election serverside-applied (server dry run)
clusterrole.rbac.authorization.k8s.io/gitsync-controller serverside-applied (server dry run)
rolebinding.rbac.authorization.k8s.io/gitsync-leader-election serverside-applied (server dry run)
clusterrolebinding.rbac.authorization.k8s.io/gitsync-controller serverside-applied (server dry run)
clusterrolebinding.rbac.authorization.k8s.io/gitsync-controller-apply serverside-applied (server dry run)
service/gitsync-metrics serverside-applied (server dry run)
service/webhook-receiver serverside-applied (server dry run)
deployment.apps/gitsync-controller serverside-applied (server dry run)" "$out"

clusters=$(cd "$root/examples/gitops-repo/clusters" && ls -d */ | tr -d /)
check "example cluster folders" "production
staging" "$clusters"
for c in $clusters; do
  out=$("$kubectl" apply --server-side --dry-run=server --force-conflicts --field-manager=$fm \
    -k "$root/examples/gitops-repo/clusters/$c" 2>&1)
  check "example clusters/$c: server dry run" "gitrepository.gitsync.dev/gitops-repo serverside-applied (server dry run)
kustomization.gitsync.dev/apps serverside-applied (server dry run)
kustomization.gitsync.dev/infrastructure serverside-applied (server dry run)" "$out"
done

# ---------------------------------------------------------------- 3. invalid objects
# A namespace left terminating by an earlier run must be gone first.
"$kubectl" delete namespace "$ns" --ignore-not-found --wait=true --timeout=120s >/dev/null
check "namespace $ns created" "namespace/$ns created" "$("$kubectl" create namespace "$ns" 2>&1)"

# The controller's pod meets the "restricted" Pod Security Standard: the API server warns
# ("would violate PodSecurity ...") about a Deployment whose pods would be refused.
"$kubectl" label namespace "$ns" pod-security.kubernetes.io/enforce=restricted >/dev/null
out=$(sed "s/namespace: gitsync-system/namespace: $ns/" "$root/manifests/deployment.yaml" |
  "$kubectl" create --dry-run=server -f - 2>&1)
check "Deployment: restricted Pod Security, no warning" \
  "deployment.apps/gitsync-controller created (server dry run)" "$out"
reject() {  # reject NAME EXPECTED_MESSAGE < object YAML
  local out rc
  out=$("$kubectl" apply --server-side --dry-run=server --field-manager=$fm -n "$ns" -f - 2>&1)
  rc=$?
  check "$1: exit code" 1 $rc
  check "$1: message" "$2" "$out"
}
git_repo() {  # git_repo NAME SPEC_FLOW_MAPPING
  printf 'apiVersion: gitsync.dev/v1\nkind: GitRepository\nmetadata: {name: %s}\nspec: %s\n' "$1" "$2"
}
kustomization() {
  printf 'apiVersion: gitsync.dev/v1\nkind: Kustomization\nmetadata: {name: %s}\nspec: %s\n' "$1" "$2"
}
receiver() {
  printf 'apiVersion: gitsync.dev/v1\nkind: Receiver\nmetadata: {name: %s}\nspec: %s\n' "$1" "$2"
}

git_repo bad-url '{url: "ftp://example.com/repo.git", interval: 1m}' | reject "GitRepository ftp:// url" \
  "The GitRepository \"bad-url\" is invalid: spec.url: Invalid value: \"ftp://example.com/repo.git\": spec.url in body should match '^(http|https|ssh|git)://.*\$'"
git_repo no-scheme '{url: "/srv/git/repo.git", interval: 1m}' | reject "GitRepository url without scheme (a path)" \
  "The GitRepository \"no-scheme\" is invalid: spec.url: Invalid value: \"/srv/git/repo.git\": spec.url in body should match '^(http|https|ssh|git)://.*\$'"
for scheme in https://github.com/org/repo http://127.0.0.1:8080/repo.git \
              ssh://git@github.com/org/repo git://127.0.0.1:9418/repo.git; do
  out=$(git_repo scheme "{url: \"$scheme\", interval: 1m}" |
    "$kubectl" apply --server-side --dry-run=server --field-manager=$fm -n "$ns" -f - 2>&1)
  check "GitRepository url $scheme accepted" \
    "gitrepository.gitsync.dev/scheme serverside-applied (server dry run)" "$out"
done
git_repo bad-interval '{url: "https://example.com/repo.git", interval: 5x}' | reject "GitRepository interval 5x" \
  "The GitRepository \"bad-interval\" is invalid: spec.interval: Invalid value: \"5x\": spec.interval in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+\$'"
git_repo no-interval '{url: "https://example.com/repo.git"}' | reject "GitRepository without interval" \
  "The GitRepository \"no-interval\" is invalid: spec.interval: Required value"
git_repo hour-timeout '{url: "https://example.com/repo.git", interval: 1m, timeout: 1h}' | reject "GitRepository timeout in hours" \
  "The GitRepository \"hour-timeout\" is invalid: spec.timeout: Invalid value: \"1h\": spec.timeout in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m))+\$'"
git_repo verify-head '{url: "https://example.com/repo.git", interval: 1m, verify: {mode: head, secretRef: {name: keys}}}' | reject "GitRepository verify.mode head" \
  "The GitRepository \"verify-head\" is invalid: spec.verify.mode: Unsupported value: \"head\": supported values: \"HEAD\", \"Tag\", \"TagAndHEAD\""
git_repo verify-no-keys '{url: "https://example.com/repo.git", interval: 1m, verify: {mode: Tag}}' | reject "GitRepository verify without secretRef" \
  "The GitRepository \"verify-no-keys\" is invalid: spec.verify.secretRef: Required value"
git_repo include '{url: "https://example.com/repo.git", interval: 1m, include: [{repository: {name: other}}]}' | reject "GitRepository unsupported field include" \
  "Error from server: failed to create typed patch object ($ns/include; gitsync.dev/v1, Kind=GitRepository): .spec.include: field not declared in schema"

receiver bad-type '{type: slack, secretRef: {name: token}, resources: [{kind: GitRepository, name: app}]}' | reject "Receiver type slack" \
  "The Receiver \"bad-type\" is invalid: spec.type: Unsupported value: \"slack\": supported values: \"generic\", \"generic-hmac\", \"github\", \"gitlab\", \"bitbucket\""
receiver no-secret '{type: github, resources: [{kind: GitRepository, name: app}]}' | reject "Receiver without secretRef" \
  "The Receiver \"no-secret\" is invalid: spec.secretRef: Required value"
receiver bad-kind '{type: github, secretRef: {name: token}, resources: [{kind: HelmRelease, name: app}]}' | reject "Receiver resource kind HelmRelease" \
  "The Receiver \"bad-kind\" is invalid: spec.resources[0].kind: Unsupported value: \"HelmRelease\": supported values: \"GitRepository\", \"Kustomization\""

kustomization no-source '{interval: 10m, prune: true, path: ./apps}' | reject "Kustomization without sourceRef" \
  "The Kustomization \"no-source\" is invalid: spec.sourceRef: Required value"
kustomization bucket '{interval: 10m, prune: true, sourceRef: {kind: Bucket, name: assets}}' | reject "Kustomization sourceRef.kind Bucket" \
  "The Kustomization \"bucket\" is invalid: spec.sourceRef.kind: Unsupported value: \"Bucket\": supported values: \"GitRepository\""
kustomization no-prune '{interval: 10m, sourceRef: {kind: GitRepository, name: app}}' | reject "Kustomization without prune" \
  "The Kustomization \"no-prune\" is invalid: spec.prune: Required value"
kustomization bad-retry '{interval: 10m, retryInterval: 1d, prune: true, sourceRef: {kind: GitRepository, name: app}}' | reject "Kustomization retryInterval 1d" \
  "The Kustomization \"bad-retry\" is invalid: spec.retryInterval: Invalid value: \"1d\": spec.retryInterval in body should match '^([0-9]+(\\.[0-9]+)?(ms|s|m|h))+\$'"
long=$(printf 'n%.0s' $(seq 1 64))
kustomization long-ns "{interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: app}, targetNamespace: $long}" | reject "Kustomization targetNamespace of 64 characters" \
  "The Kustomization \"long-ns\" is invalid: spec.targetNamespace: Too long: may not be more than 63 bytes"
kustomization from-pod '{interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: app}, postBuild: {substituteFrom: [{kind: Pod, name: vars}]}}' | reject "Kustomization substituteFrom kind Pod" \
  "The Kustomization \"from-pod\" is invalid: spec.postBuild.substituteFrom[0].kind: Unsupported value: \"Pod\": supported values: \"Secret\", \"ConfigMap\""
kustomization patch-no-text '{interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: app}, patches: [{target: {kind: Deployment}}]}' | reject "Kustomization patch without patch" \
  "The Kustomization \"patch-no-text\" is invalid: spec.patches[0].patch: Required value"
kustomization decryption '{interval: 10m, prune: true, sourceRef: {kind: GitRepository, name: app}, decryption: {provider: sops}}' | reject "Kustomization unsupported field decryption" \
  "Error from server: failed to create typed patch object ($ns/decryption; gitsync.dev/v1, Kind=Kustomization): .spec.decryption: field not declared in schema"

# ---------------------------------------------------------------- 4. round trip
# suspend: true and prune: false, so that a controller running against this cluster leaves
# the objects (and their finalizers) alone.
apply() { "$kubectl" apply --server-side --field-manager=$fm -n "$ns" -f - 2>&1; }
out=$(git_repo podinfo '{url: "https://github.com/stefanprodan/podinfo", interval: 5m, ref: {semver: ">=6.0.0 <7.0.0"}, verify: {secretRef: {name: keys}}, ignore: "/*\n!/kustomize\n", suspend: true}' | apply)
check "GitRepository created" "gitrepository.gitsync.dev/podinfo serverside-applied" "$out"
check "GitRepository defaults" "60s HEAD -1" \
  "$("$kubectl" -n "$ns" get gitrepo podinfo -o jsonpath='{.spec.timeout} {.spec.verify.mode} {.status.observedGeneration}')"
out=$(kustomization podinfo '{interval: 10m, prune: false, suspend: true, sourceRef: {kind: GitRepository, name: podinfo}, path: ./kustomize, postBuild: {substituteFrom: [{kind: ConfigMap, name: vars}]}}' | apply)
check "Kustomization created" "kustomization.gitsync.dev/podinfo serverside-applied" "$out"
check "Kustomization defaults" "false false -1" \
  "$("$kubectl" -n "$ns" get ks podinfo -o jsonpath='{.spec.force} {.spec.postBuild.substituteFrom[0].optional} {.status.observedGeneration}')"
out=$(receiver github '{type: github, events: [push], secretRef: {name: webhook-token}, resources: [{apiVersion: gitsync.dev/v1, kind: GitRepository, name: "*", matchLabels: {team: web}}], suspend: true}' | apply)
check "Receiver created" "receiver.gitsync.dev/github serverside-applied" "$out"

# The status as the controller writes it (api.h: conditionsToJson, inventoryToJson).
when=2026-11-22T02:16:10Z
cond() {  # cond TYPE STATUS REASON MESSAGE
  printf '{"type":"%s","status":"%s","reason":"%s","message":"%s","observedGeneration":1,"lastTransitionTime":"%s"}' \
    "$1" "$2" "$3" "$4" "$when"
}
rev="v6.7.1@sha1:0123456789abcdef0123456789abcdef01234567"
status_of() {  # status_of KIND NAME STATUS_JSON: writes it, prints what the API server keeps
  "$kubectl" -n "$ns" patch "$1" "$2" --subresource=status --type=merge -p "{\"status\":$3}" >/dev/null &&
    "$kubectl" -n "$ns" get "$1" "$2" -o json |
    python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin)["status"], sort_keys=True))'
}
canonical() { python3 -c 'import json,sys; print(json.dumps(json.load(sys.stdin), sort_keys=True))'; }

status="{\"observedGeneration\":1,\"lastHandledReconcileAt\":\"$when\",\"conditions\":[$(cond Ready True Succeeded "stored artifact for revision '$rev'"),$(cond ArtifactInStorage True Succeeded "stored artifact for revision '$rev'")],\"artifact\":{\"path\":\"gitrepository/$ns/podinfo/0123456789abcdef0123456789abcdef01234567.tar.gz\",\"url\":\"\",\"revision\":\"$rev\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"lastUpdateTime\":\"$when\",\"size\":4096}}"
check "GitRepository status kept as written" "$(canonical <<<"$status")" "$(status_of gitrepo podinfo "$status")"

status="{\"observedGeneration\":1,\"lastAppliedRevision\":\"$rev\",\"lastAttemptedRevision\":\"$rev\",\"lastHandledReconcileAt\":\"$when\",\"conditions\":[$(cond Ready False HealthCheckFailed 'Deployment/apps/podinfo: health: timeout'),$(cond Healthy False HealthCheckFailed 'Deployment/apps/podinfo: health: timeout'),$(cond Reconciling True Progressing 'reconciliation in progress')],\"inventory\":{\"entries\":[{\"id\":\"apps_podinfo_apps_Deployment\",\"v\":\"v1\"},{\"id\":\"_apps__Namespace\",\"v\":\"v1\"}]}}"
check "Kustomization status kept as written" "$(canonical <<<"$status")" "$(status_of ks podinfo "$status")"

status="{\"observedGeneration\":1,\"webhookPath\":\"/hook/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08\",\"conditions\":[$(cond Ready True Succeeded "Receiver initialized for path: /hook/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")]}"
check "Receiver status kept as written" "$(canonical <<<"$status")" "$(status_of receiver github "$status")"

bad="{\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\",\"message\":\"\",\"lastTransitionTime\":\"$when\"}]}"
out=$("$kubectl" -n "$ns" patch ks podinfo --subresource=status --type=merge -p "{\"status\":$bad}" 2>&1)
check "condition without reason rejected" "The Kustomization \"podinfo\" is invalid: status.conditions[0].reason: Required value" "$out"
bad="{\"artifact\":{\"revision\":\"$rev\",\"lastUpdateTime\":\"\"}}"
out=$("$kubectl" -n "$ns" patch gitrepo podinfo --subresource=status --type=merge -p "{\"status\":$bad}" 2>&1)
check "empty artifact.lastUpdateTime rejected" "The GitRepository \"podinfo\" is invalid: status.artifact.lastUpdateTime: Invalid value: \"\": artifact.lastUpdateTime in body must be of type date-time: \"\"" "$out"

# Printer columns (AGE varies: replaced), short names, the category.
columns() { "$kubectl" -n "$ns" get "$@" -o wide | tr -s ' ' | sed -E 's/ [0-9]+[smhd]([0-9]+[smhd])? / <age> /'; }
check "gitrepo columns" "NAME URL AGE READY STATUS REVISION
podinfo https://github.com/stefanprodan/podinfo <age> True stored artifact for revision '$rev' $rev" "$(columns gitrepo)"
check "ks columns" "NAME AGE READY STATUS REVISION
podinfo <age> False Deployment/apps/podinfo: health: timeout $rev" "$(columns ks)"
check "receiver columns" "NAME AGE READY STATUS PATH
github <age> True Receiver initialized for path: /hook/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08 /hook/9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08" "$(columns receiver)"
check "category gitsync" "gitrepository.gitsync.dev/podinfo
kustomization.gitsync.dev/podinfo
receiver.gitsync.dev/github" "$("$kubectl" -n "$ns" get gitsync -o name)"

# ---------------------------------------------------------------- 5. RBAC
rename() {
  sed -e "s/gitsync-system/$ns/g" -e "s/gitsync-controller/$ns-controller/g" \
    -e "s/gitsync-leader-election/$ns-leader-election/g" "$@"
}
out=$( { cat "$root/manifests/rbac/serviceaccount.yaml"; echo ---
         cat "$root/manifests/rbac/controller.yaml"; echo ---
         cat "$root/manifests/rbac/leader-election.yaml"; } | rename |
       "$kubectl" apply --server-side --field-manager=$fm -f - 2>&1)
check "RBAC applied" "serviceaccount/$ns-controller serverside-applied
clusterrole.rbac.authorization.k8s.io/$ns-controller serverside-applied
clusterrolebinding.rbac.authorization.k8s.io/$ns-controller serverside-applied
role.rbac.authorization.k8s.io/$ns-leader-election serverside-applied
rolebinding.rbac.authorization.k8s.io/$ns-leader-election serverside-applied" "$out"
sa=system:serviceaccount:$ns:$ns-controller
permissions() {  # one "yes"/"no" line per question
  local q
  while IFS= read -r q; do
    # shellcheck disable=SC2086
    echo "$q: $("$kubectl" auth can-i $q --as="$sa" 2>/dev/null)"
  done <<'Q'
watch gitrepositories.gitsync.dev --all-namespaces
list kustomizations.gitsync.dev --all-namespaces
get receivers.gitsync.dev -n default
patch kustomizations.gitsync.dev/status -n default
update gitrepositories.gitsync.dev/status -n default
patch receivers.gitsync.dev/status -n default
update kustomizations.gitsync.dev/finalizers -n default
create kustomizations.gitsync.dev -n default
delete gitrepositories.gitsync.dev -n default
watch secrets --all-namespaces
get configmaps -n default
create secrets -n default
create events -n default
patch events -n default
impersonate serviceaccounts -n default
create leases.coordination.k8s.io -n manifests-e2e
update leases.coordination.k8s.io -n manifests-e2e
create leases.coordination.k8s.io -n default
create deployments.apps -n default
delete namespaces
Q
}
# RBAC changes reach the authorizer through a watch: wait until both bindings show.
for _ in $(seq 1 30); do
  [ "$("$kubectl" auth can-i watch gitrepositories.gitsync.dev --all-namespaces --as="$sa" \
       2>/dev/null)" == yes ] &&
    [ "$("$kubectl" auth can-i create leases.coordination.k8s.io -n "$ns" --as="$sa" \
         2>/dev/null)" == yes ] && break
  sleep 1
done
before=$(permissions)
check "RBAC: the controller's own rights" "watch gitrepositories.gitsync.dev --all-namespaces: yes
list kustomizations.gitsync.dev --all-namespaces: yes
get receivers.gitsync.dev -n default: yes
patch kustomizations.gitsync.dev/status -n default: yes
update gitrepositories.gitsync.dev/status -n default: yes
patch receivers.gitsync.dev/status -n default: yes
update kustomizations.gitsync.dev/finalizers -n default: yes
create kustomizations.gitsync.dev -n default: no
delete gitrepositories.gitsync.dev -n default: no
watch secrets --all-namespaces: yes
get configmaps -n default: yes
create secrets -n default: no
create events -n default: yes
patch events -n default: yes
impersonate serviceaccounts -n default: yes
create leases.coordination.k8s.io -n manifests-e2e: yes
update leases.coordination.k8s.io -n manifests-e2e: yes
create leases.coordination.k8s.io -n default: no
create deployments.apps -n default: no
delete namespaces: no" "$before"
out=$(rename "$root/manifests/rbac/apply-cluster-admin.yaml" |
  "$kubectl" apply --server-side --field-manager=$fm -f - 2>&1)
check "apply grant applied" \
  "clusterrolebinding.rbac.authorization.k8s.io/$ns-controller-apply serverside-applied" "$out"
for _ in $(seq 1 30); do
  [ "$("$kubectl" auth can-i delete namespaces --as="$sa" 2>/dev/null)" == yes ] && break
  sleep 1
done
check "RBAC: with the apply grant, everything" "$(sed 's/: no$/: yes/' <<<"$before")" \
  "$(permissions)"

exit $fail
