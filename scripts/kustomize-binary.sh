#!/usr/bin/env bash
# Builds the real `kustomize` from its Go module (the Go module proxy is reachable here, the
# release downloads are not) into a cache folder outside the repository, and prints the binary's
# path on stdout. Idempotent: when the binary is already in the cache it only prints the path.
#
#   scripts/kustomize-binary.sh            # build or reuse, print the path
#   KUSTOMIZE_BIN=$(scripts/kustomize-binary.sh) mvn -B -Dgroups=apiserver verify
#
# Measured on 2 shared cores: about 30 s with empty Go caches, a tenth of a second when cached.
# KustomizeOverlaysTest builds every overlay under k8s/ with it and compares the gateway's own
# Kustomize renderer against it.
#
# Environment (all optional):
#   KUSTOMIZE_VERSION     a sigs.k8s.io/kustomize/kustomize/v5 tag   (default v5.8.2: it needs Go 1.26,
#                         which this machine has; v5.8.3 needs Go 1.27)
#   KUSTOMIZE_BIN_CACHE   cache root              (default $HOME/.cache/gitops-gateway/kustomize)
#   KUSTOMIZE_BUILD_JOBS  go build -p                                               (default 2)
#
# `go install module@version` works here (unlike kube-apiserver, see kube-binaries.sh): kustomize's
# go.mod has no replace directives.
set -euo pipefail

KUSTOMIZE_VERSION=${KUSTOMIZE_VERSION:-v5.8.2}
CACHE_ROOT=${KUSTOMIZE_BIN_CACHE:-$HOME/.cache/gitops-gateway/kustomize}
JOBS=${KUSTOMIZE_BUILD_JOBS:-2}
OUT=$CACHE_ROOT/$KUSTOMIZE_VERSION

log() { echo "kustomize-binary: $*" >&2; }
fail() { log "error: $*"; exit 1; }

[[ $KUSTOMIZE_VERSION =~ ^v5\.[0-9]+\.[0-9]+$ ]] || fail "KUSTOMIZE_VERSION must look like v5.8.2, got '$KUSTOMIZE_VERSION'"

# The cached case first: no Go, no network.
if [[ -x $OUT/kustomize ]]; then
  log "kustomize $KUSTOMIZE_VERSION already in $OUT"
  echo "$OUT/kustomize"
  exit 0
fi
command -v go >/dev/null || fail "go is not on PATH; kustomize is built from its Go module"

export GOFLAGS="-buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local
mkdir -p "$OUT"
start=$(date +%s)
log "building sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION into $OUT, -p $JOBS"
# GOBIN is a temp folder inside the cache, renamed when complete: a half-built binary is never found.
tmp=$(mktemp -d "$OUT/.build.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
GOBIN=$tmp go install -p "$JOBS" -trimpath -ldflags="-s -w" \
  "sigs.k8s.io/kustomize/kustomize/v5@$KUSTOMIZE_VERSION" \
  || fail "go install of kustomize $KUSTOMIZE_VERSION failed"
mv "$tmp/kustomize" "$OUT/kustomize"
log "kustomize built in $(( $(date +%s) - start )) s"
"$OUT/kustomize" version >&2
echo "$OUT/kustomize"
