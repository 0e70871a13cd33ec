#!/usr/bin/env bash
# Prints the path of Debian's `docker-registry` binary (the CNCF distribution registry), fetched
# once with apt-get download + dpkg -x (no service is installed or started) and cached outside the
# repository. OciChartsTest starts it itself on a loopback port.
set -euo pipefail
cache="${DOCKER_REGISTRY_CACHE:-$HOME/.cache/gitops-gateway/docker-registry}"
bin="$cache/usr/bin/docker-registry"
if [ -x "$bin" ]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download docker-registry >&2 2>/dev/null; then
  apt-get update -qq >&2
  apt-get download docker-registry >&2
fi
dpkg -x docker-registry_*.deb "$cache"
"$bin" --version >&2
echo "$bin"
