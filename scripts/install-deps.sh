#!/usr/bin/env bash
# Installs the Debian packages gitsync needs to build and test. Safe to run again.
set -euo pipefail
pkgs=(build-essential cmake ninja-build pkg-config git time
      libgit2-dev libyaml-dev nlohmann-json3-dev libspdlog-dev libcli11-dev catch2
      libcurl4-openssl-dev libssl-dev libcpp-httplib-dev openssl
      gnupg openssh-client openssh-server)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
fi
