#!/usr/bin/env bash
# Installs, from Debian's packages, whatever provides a command this machine lacks.
# Usage: scripts/install-missing.sh <command>=<package>[,<package>…] …   e.g. node=nodejs,npm wrk=wrk
set -euo pipefail

missing=()
for wanted in "$@"; do
  if ! command -v "${wanted%%=*}" >/dev/null; then
    IFS=, read -ra packages <<<"${wanted#*=}"
    missing+=("${packages[@]}")
  fi
done
if ((${#missing[@]})); then
  echo "Installing ${missing[*]}"
  apt_run=""; [ "$(id -u)" -eq 0 ] || apt_run="sudo"
  $apt_run apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $apt_run apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
