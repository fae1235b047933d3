#!/usr/bin/env bash
# golden_case.sh GITSYNC ROOT EXPECTED [output|error] [REPO_ROOT]
# output: `gitsync build ROOT` must exit 0 and print exactly EXPECTED.
# error:  it must exit 1, print nothing on stdout, and print exactly EXPECTED on stderr
#         (with "ROOT" standing for the build root's path).
set -u
bin=$1 root=$2 expected=$3 mode=${4:-output} repo=${5:-$2}
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
"$bin" build "$root" --root "$repo" >"$out" 2>"$err"
rc=$?
if [ "$mode" = output ]; then
  if [ $rc -ne 0 ]; then
    echo "gitsync build failed (exit $rc):"; cat "$err"; exit 1
  fi
  diff -u "$expected" "$out" && exit 0
  echo "output differs from $expected"; exit 1
else
  if [ $rc -ne 1 ]; then echo "expected exit 1, got $rc"; cat "$err"; exit 1; fi
  if [ -s "$out" ]; then echo "stdout is not empty:"; cat "$out"; exit 1; fi
  diff -u <(sed "s|ROOT|$root|g" "$expected") "$err" && exit 0
  echo "error message differs"; exit 1
fi
