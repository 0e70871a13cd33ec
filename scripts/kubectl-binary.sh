#!/usr/bin/env bash
# Builds the real `kubectl` from its Go module (the Go module proxy is reachable here, the release
# downloads are not) into a cache folder outside the repository, and prints the binary's path on
# stdout. Idempotent: when the binary is already in the cache it only prints the path.
#
#   scripts/kubectl-binary.sh            # build or reuse, print the path
#   KUBECTL_BIN=$(scripts/kubectl-binary.sh) mvn -B -pl gateway -am verify -Dgroups=apiserver
#
# The kubectl tests (gateway/src/test/java/io/gitops/gateway/kubectl) run it against the simulator
# and the real kube-apiserver and compare what they answer; the README walk-through test runs the
# "Ten minutes with the demo" section with it.
#
# Environment (all optional):
#   KUBECTL_VERSION     a k8s.io/kubernetes tag                   (default v1.34.2, as kube-binaries.sh)
#   KUBECTL_BIN_CACHE   cache root              (default $HOME/.cache/gitops-gateway/kubectl)
#   KUBECTL_BUILD_JOBS  go build -p                                                 (default 2)
#
# Why a module of our own: kubectl's main package lives in k8s.io/kubernetes/cmd/kubectl, whose
# go.mod replaces its staging modules (k8s.io/api, k8s.io/kubectl, ...) with local folders, so
# `go install k8s.io/kubernetes/cmd/kubectl@vX` is refused. A module that requires
# k8s.io/kubernetes and pins each of those to the published v0.<minor>.<patch> builds fine (the
# same fix as kube-binaries.sh; with its module cache warm, the build needs only k8s.io/kubectl).
set -euo pipefail

KUBECTL_VERSION=${KUBECTL_VERSION:-v1.34.2}
CACHE_ROOT=${KUBECTL_BIN_CACHE:-$HOME/.cache/gitops-gateway/kubectl}
JOBS=${KUBECTL_BUILD_JOBS:-2}
OUT=$CACHE_ROOT/$KUBECTL_VERSION

log() { echo "kubectl-binary: $*" >&2; }
fail() { log "error: $*"; exit 1; }

[[ $KUBECTL_VERSION =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || fail "KUBECTL_VERSION must look like v1.34.2, got '$KUBECTL_VERSION'"
STAGING_VERSION=v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
MINOR=${BASH_REMATCH[1]}

# The cached case first: no Go, no network.
if [[ -x $OUT/kubectl ]]; then
  log "kubectl $KUBECTL_VERSION already in $OUT"
  echo "$OUT/kubectl"
  exit 0
fi
command -v go >/dev/null || fail "go is not on PATH; kubectl is built from its Go module"

export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local
mkdir -p "$OUT"
start=$(date +%s)
# A throw-away module in a temp folder inside the cache (removed on exit); the binary is written
# next to it and renamed when complete, so a half-built binary is never found.
WORK=$(mktemp -d "$OUT/.build.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

json=$(go mod download -json "k8s.io/kubernetes@$KUBECTL_VERSION") \
  || fail "could not download k8s.io/kubernetes@$KUBECTL_VERSION from the Go module proxy: $json"
GOMOD=$(sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<<"$json")
[[ -f $GOMOD ]] || fail "no go.mod for k8s.io/kubernetes@$KUBECTL_VERSION in the module cache"

cd "$WORK"
go mod init example.invalid/kubectl-binary >/dev/null 2>&1
go mod edit -require="k8s.io/kubernetes@$KUBECTL_VERSION"
# every "k8s.io/X => ./staging/..." replace of kubernetes' go.mod pinned to the published module
for m in $(awk '{ if ($1 == "replace") $0 = substr($0, index($0, $2)) }
    $1 ~ "^k8s.io/" && $2 == "=>" && $3 ~ /^\.\.?\// { print $1 }' "$GOMOD"); do
  go mod edit -replace="$m=$m@$STAGING_VERSION"
done
log "building kubectl $KUBECTL_VERSION (staging modules at $STAGING_VERSION) in $WORK, -p $JOBS"
# the version both in component-base and in client-go (kubectl's User-Agent and `kubectl version`)
ldflags="-s -w"
for vpkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
  ldflags+=" -X $vpkg.gitVersion=$KUBECTL_VERSION -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=$MINOR -X $vpkg.gitTreeState=clean"
done
go build -p "$JOBS" -trimpath -o "$WORK/kubectl" -ldflags="$ldflags" \
  k8s.io/kubernetes/cmd/kubectl \
  || fail "go build of kubectl $KUBECTL_VERSION failed"
mv "$WORK/kubectl" "$OUT/kubectl"
log "kubectl built in $(( $(date +%s) - start )) s"
"$OUT/kubectl" version --client >&2
echo "$OUT/kubectl"
