#!/usr/bin/env bash
# The args of manifests/deployment.yaml are options the gitsync binary has: each option before
# the subcommand in `gitsync --help`, each after it in `gitsync <subcommand> --help`, and the
# subcommand among gitsync's. Exit 77 (skipped) while the binary has no `controller`
# subcommand yet. Usage: controller_args_test.sh GITSYNC DEPLOYMENT_YAML
set -u
bin=$1
deployment=$2
fail=0
check() {  # check NAME EXPECTED ACTUAL
  if [ "$2" == "$3" ]; then echo "ok   $1"; else
    echo "FAIL $1"; echo "  expected: $2"; echo "  actual:   $3"; fail=1; fi
}

# The items of the first `args:` list of the container.
args=$(awk '/^ *args:$/ { inside = 1; next }
            inside && /^ *- / { sub(/^ *- /, ""); print; next }
            inside { exit }' "$deployment")
check "args found" "--log-format=json controller" "$(head -2 <<<"$args" | tr '\n' ' ' | sed 's/ $//')"

top_help=$("$bin" --help 2>&1)
if ! grep -qE '^  controller ' <<<"$top_help"; then
  echo "skip: $bin has no controller subcommand yet"
  exit 77
fi
help=$top_help
subcommand=""
while IFS= read -r arg; do
  case $arg in
    --*)
      name=${arg%%=*}
      if grep -qE -- "(^|[ ,])$name([ =,]|$)" <<<"$help"; then
        echo "ok   ${subcommand:-gitsync} has $name"
      else
        echo "FAIL ${subcommand:-gitsync} has no option $name"; fail=1
      fi
      ;;
    *)
      subcommand=$arg
      help=$("$bin" "$subcommand" --help 2>&1)
      check "subcommand $subcommand --help exit code" 0 $?
      ;;
  esac
done <<<"$args"
exit $fail
