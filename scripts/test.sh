#!/usr/bin/env bash
# The whole test suite: installs what it needs, builds, runs every test through ctest.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/scripts/build.sh"
cd "$root/build"
ctest --output-on-failure --timeout 3600 "$@"
