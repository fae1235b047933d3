#!/usr/bin/env bash
# `gitsync fetch` and the source part of `gitsync reconcile --now` against a real `git daemon`
# on loopback (port 0, temp dirs; no cluster): revision and changed lines, an unchanged second
# fetch, a missing branch, signature verification (an unsigned commit is refused, an SSH-signed
# one passes), reconcile --now stopping before the render when verification fails, and both
# commands offering the same source flags with the same help text.
set -u
bin=$1
tmp=$(mktemp -d)
fail=0
cleanup() {
  [ -f "$tmp/daemon.pid" ] && kill "$(cat "$tmp/daemon.pid")" 2>/dev/null
  rm -rf "$tmp"
}
trap cleanup EXIT
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $(printf '%q' "$2")"; echo "  actual:   $(printf '%q' "$3")"
    fail=1; fi
}
# No cluster: anything that tried to reach one would fail on this file.
export KUBECONFIG=$tmp/no-kubeconfig
unset KUBERNETES_SERVICE_HOST

# A repository: main has one unsigned commit; the branch signed has a commit signed with an
# SSH key (gpg.format=ssh, as `git commit -S` makes it).
git init -q -b main "$tmp/work"
mkdir -p "$tmp/work/app"
printf 'resources:\n- settings.yaml\n' > "$tmp/work/app/kustomization.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  mode: fast\n' \
  > "$tmp/work/app/settings.yaml"
git -C "$tmp/work" add -A && git -C "$tmp/work" -c user.name=t -c user.email=t@e commit -qm one
main=$(git -C "$tmp/work" rev-parse main)
ssh-keygen -q -t ed25519 -N '' -C signer -f "$tmp/signer"
fingerprint=$(ssh-keygen -l -f "$tmp/signer.pub" | cut -d' ' -f2)
git -C "$tmp/work" checkout -q -b signed
echo two > "$tmp/work/two.txt"
git -C "$tmp/work" add -A
git -C "$tmp/work" -c user.name=t -c user.email=t@e -c gpg.format=ssh \
  -c user.signingkey="$tmp/signer" commit -q -S -m two
signed=$(git -C "$tmp/work" rev-parse signed)
mkdir -p "$tmp/srv" && git clone -q --bare "$tmp/work" "$tmp/srv/repo.git"

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])')
git daemon --reuseaddr --base-path="$tmp/srv" --export-all --listen=127.0.0.1 --port="$port" \
  --detach --pid-file="$tmp/daemon.pid" "$tmp/srv"
for _ in $(seq 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
url=git://127.0.0.1:$port/repo.git
fetch() { "$bin" fetch --url "$url" --cache-dir "$tmp/cache" "$@" >"$tmp/out" 2>"$tmp/err"; }
line() { sed -n "$1p" "$tmp/out"; }  # line N of the last stdout

fetch --branch main; rc=$?
check "first fetch: exit 0" "0" "$rc"
check "first fetch: revision" "revision main@sha1:$main" "$(line 1)"
check "first fetch: changed" "changed  true" "$(line 2)"
dir=$(line 3 | sed 's/^dir      //')
check "first fetch: the tree is exported" "  mode: fast" "$(grep mode "$dir/app/settings.yaml")"
check "first fetch: stderr empty" "" "$(cat "$tmp/err")"

fetch --branch main; rc=$?
check "second fetch: exit 0" "0" "$rc"
check "second fetch: same revision" "revision main@sha1:$main" "$(line 1)"
check "second fetch: unchanged" "changed  false" "$(line 2)"
check "second fetch: same dir" "dir      $dir" "$(line 3)"
check "second fetch: nothing received" "received 0 bytes" "$(line 4)"

fetch --branch nope; rc=$?
check "missing branch: exit 1" "1" "$rc"
check "missing branch: message" "error: $url: source: branch \"nope\" not found" "$(cat "$tmp/err")"
check "missing branch: stdout empty" "" "$(cat "$tmp/out")"

fetch --ref-name refs/heads/main; rc=$?
check "--ref-name: exit 0" "0" "$rc"
check "--ref-name: revision" "revision refs/heads/main@sha1:$main" "$(line 1)"

fetch --branch main --verify-mode HEAD --verify-key-file "$tmp/signer.pub"; rc=$?
check "unsigned HEAD: exit 1" "1" "$rc"
check "unsigned HEAD: message" "error: $url: source: verify: commit $main: not signed" \
  "$(cat "$tmp/err")"
check "unsigned HEAD: nothing verified" "0" "$(grep -c '^verified' "$tmp/out")"

fetch --branch signed --verify-mode HEAD --verify-key-file "$tmp/signer.pub"; rc=$?
check "signed HEAD: exit 0" "0" "$rc"
check "signed HEAD: revision" "revision signed@sha1:$signed" "$(line 1)"
check "signed HEAD: verified line" "verified commit $signed signed by SSH key $fingerprint" \
  "$(line 6)"

fetch --branch main --ca-file "$tmp/missing.pem"; rc=$?
check "unreadable --ca-file: exit 2" "2" "$rc"
check "unreadable --ca-file: message" "error: --ca-file '$tmp/missing.pem': cannot read the file" \
  "$(cat "$tmp/err")"

# reconcile --now: a failed verification stops before the render.
reconcile() {
  "$bin" reconcile --now --url "$url" --path app --name fetch-cli --timeout 60s \
    --cache-dir "$tmp/cache2" "$@" >"$tmp/out" 2>"$tmp/err"
}
reconcile --branch main --verify-mode HEAD --verify-key-file "$tmp/signer.pub"; rc=$?
check "reconcile, unsigned HEAD: exit 1" "1" "$rc"
check "reconcile, unsigned HEAD: fetched" "1" \
  "$(grep -cE "^fetch main@sha1:$main in [0-9]+ ms$" "$tmp/out")"
check "reconcile, unsigned HEAD: no render" "0" "$(grep -c '^render' "$tmp/out")"
check "reconcile, unsigned HEAD: message" "error: $url: source: verify: commit $main: not signed
nothing was applied or pruned" "$(cat "$tmp/err")"

# A verified commit goes on to the render; the missing kubeconfig then stops it.
reconcile --branch signed --verify-mode HEAD --verify-key-file "$tmp/signer.pub"; rc=$?
check "reconcile, signed HEAD: exit 1 (no cluster)" "1" "$rc"
check "reconcile, signed HEAD: verified line" \
  "verified commit $signed signed by SSH key $fingerprint" "$(line 2)"
check "reconcile, signed HEAD: rendered" "1" \
  "$(sed -n 3p "$tmp/out" | grep -cE "^render signed@sha1:$signed: 1 objects in [0-9]+ ms$")"
check "reconcile, signed HEAD: stopped by the missing kubeconfig" \
  "error: kubeconfig: no configuration: $KUBECONFIG not found, and KUBERNETES_SERVICE_HOST is not\
 set" \
  "$(cat "$tmp/err")"

reconcile --branch main --known-hosts "$tmp/missing_known_hosts"; rc=$?
check "reconcile, unreadable --known-hosts: exit 2" "2" "$rc"
check "reconcile, unreadable --known-hosts: message" \
  "error: --known-hosts '$tmp/missing_known_hosts': cannot read the file" "$(cat "$tmp/err")"

# Both commands: every source flag, with the same help text.
"$bin" fetch --help >"$tmp/fetch-help"
"$bin" reconcile --help >"$tmp/reconcile-help"
for flag in --ssh-key --ssh-key-passphrase-file --known-hosts --ca-file --verify-mode \
            --verify-key-file --ref-name --username --token-file --cache-dir; do
  check "fetch --help lists $flag" "1" "$(grep -cE "^  $flag " "$tmp/fetch-help")"
  check "reconcile --help lists $flag" "1" "$(grep -cE "^  $flag " "$tmp/reconcile-help")"
done
source_help() {  # the help lines from --branch to the line after --verify-key-file
  sed -n '/^  --branch /,/^  --verify-key-file /{p;/^  --verify-key-file /{n;p}}' "$1"
}
check "the source flags' help is the same in both" "$(source_help "$tmp/fetch-help")" \
  "$(source_help "$tmp/reconcile-help")"
check "the source flags' help is not empty" "26" "$(source_help "$tmp/fetch-help" | wc -l)"
exit $fail
