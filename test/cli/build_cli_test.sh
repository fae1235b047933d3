#!/usr/bin/env bash
# CLI behaviour of `gitsync build` beyond the golden cases: -o, --substitute, exit codes,
# nothing on stdout on errors, version.
set -u
bin=$1
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" != "$3" ]; then
    echo "FAIL $1"; echo "  expected: $(printf '%q' "$2")"; echo "  actual:   $(printf '%q' "$3")"; fail=1
  else
    echo "ok   $1"
  fi
}
mkdir -p "$tmp/app"
cat > "$tmp/app/kustomization.yaml" <<'Y'
resources:
- deploy.yaml
Y
cat > "$tmp/app/deploy.yaml" <<'Y'
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: ${ns:=default}
spec:
  replicas: ${replicas}
Y

out=$("$bin" build "$tmp/app" 2>&1 >/dev/null)
check "no substitution by default keeps \${...}" "" "$out"

"$bin" build "$tmp/app" --substitute replicas=3 -o "$tmp/out.yaml"
check "-o writes the file" "apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: default
spec:
  replicas: 3" "$(cat "$tmp/out.yaml")"

stdout=$("$bin" build "$tmp/app" --substitute ns=prod 2>"$tmp/err")
rc=$?
check "missing variable: exit 1" "1" "$rc"
check "missing variable: stdout empty" "" "$stdout"
check "missing variable: error names it and the object" \
  "error: Deployment/\${ns:=default}/web: substitute: variable 'replicas' is not set and has no default" \
  "$(cat "$tmp/err")"

"$bin" build "$tmp/app" --substitute =x >/dev/null 2>"$tmp/err"
check "bad --substitute: exit 2" "2" "$?"
check "bad --substitute: message" "error: --substitute '=x': expected KEY=VALUE" "$(cat "$tmp/err")"

"$bin" build "$tmp/missing" >/dev/null 2>"$tmp/err"
check "missing folder: exit 1" "1" "$?"
check "missing folder: message" "error: build: '$tmp/missing' is not a folder" "$(cat "$tmp/err")"

check "version" "gitsync 0.1.0" "$("$bin" version)"
exit $fail
