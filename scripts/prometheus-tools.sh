#!/usr/bin/env bash
# Prints a folder holding Debian's `prometheus` and `promtool` binaries, fetched once with
# apt-get download + dpkg -x (no service is installed or started) and cached outside the repository.
set -euo pipefail
cache="${PROMETHEUS_CACHE:-$HOME/.cache/gitops-gateway/prometheus}"
bin="$cache/usr/bin"
if [ -x "$bin/prometheus" ] && [ -x "$bin/promtool" ]; then
  echo "$bin"
  exit 0
fi
mkdir -p "$cache"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
if ! apt-get download prometheus >&2 2>/dev/null; then
  apt-get update -qq >&2
  apt-get download prometheus >&2
fi
dpkg -x prometheus_*.deb "$cache"
"$bin/promtool" --version >&2
echo "$bin"
