#!/usr/bin/env bash
# Builds kube-apiserver and etcd from Go modules (the Go module proxy is reachable here, the
# release downloads are not) into a cache folder outside the repository, and prints that folder
# on stdout. Idempotent: when both binaries are already in the cache it only prints the folder.
#
#   scripts/kube-binaries.sh            # build or reuse, print the folder
#   KUBE_BIN_DIR=$(scripts/kube-binaries.sh) mvn -B -Dgroups=apiserver verify
#
# Measured on 2 shared cores: about 7 minutes with empty Go caches (etcd ~2, kube-apiserver ~5), about
# 20 s when only the binary cache is empty, a tenth of a second when the binaries are cached. The Go
# caches it fills (~/go/pkg/mod, ~/.cache/go-build) take about 3 GB; only the binary folder is needed
# afterwards.
#
# Environment (all optional):
#   KUBE_VERSION    kube-apiserver version, a k8s.io/kubernetes tag        (default v1.34.2)
#   ETCD_VERSION    etcd version, a go.etcd.io/etcd/server/v3 tag   (default: the one that Kubernetes
#                   release's go.mod requires, v3.6.4 for v1.34.2)
#   KUBE_BIN_CACHE  cache root                (default $HOME/.cache/gitops-gateway/kube)
#   KUBE_BUILD_JOBS go build -p                                            (default 2)
#
# Why a module of our own: `go install k8s.io/kubernetes/cmd/kube-apiserver@vX` is refused because
# k8s.io/kubernetes' go.mod replaces its staging modules (k8s.io/api, ...) with local folders. A
# module that requires k8s.io/kubernetes and pins each of those to the published v0.<minor>.<patch>
# builds fine. etcd's server module has the same kind of replace directives and gets the same fix.
set -euo pipefail

KUBE_VERSION=${KUBE_VERSION:-v1.34.2}
CACHE_ROOT=${KUBE_BIN_CACHE:-$HOME/.cache/gitops-gateway/kube}
JOBS=${KUBE_BUILD_JOBS:-2}
OUT=$CACHE_ROOT/$KUBE_VERSION

log() { echo "kube-binaries: $*" >&2; }
fail() { log "error: $*"; exit 1; }

[[ $KUBE_VERSION =~ ^v1\.([0-9]+)\.([0-9]+)$ ]] || fail "KUBE_VERSION must look like v1.34.2, got '$KUBE_VERSION'"
STAGING_VERSION=v0.${BASH_REMATCH[1]}.${BASH_REMATCH[2]}
MINOR=${BASH_REMATCH[1]}

export GOFLAGS="-mod=mod -buildvcs=false" CGO_ENABLED=0 GOTOOLCHAIN=local
mkdir -p "$OUT"

# A throw-away module in a temp folder (removed on exit); the Go module cache keeps the downloads
# between runs, so a rebuild needs no network.
WORK=$(mktemp -d "${TMPDIR:-/tmp}/kube-binaries.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
new_module() {
  local dir=$WORK/$1
  mkdir -p "$dir"
  (cd "$dir" && go mod init example.invalid/kube-binaries >/dev/null 2>&1)
  echo "$dir"
}

# The go.mod file of module@version, from the Go module proxy (or the module cache).
go_mod_of() {
  local json
  json=$(go mod download -json "$1") || fail "could not download $1 from the Go module proxy: $json"
  sed -n 's/^[[:space:]]*"GoMod": "\(.*\)",$/\1/p' <<<"$json"
}

# Pins every module the given go.mod replaces with a local path ("X => ./..." or "X => ../...")
# to the given version, so that the published modules are used instead.
pin_replaced_modules() {
  local gomod=$1 version=$2 prefix=$3
  local m
  # matches "X => ./dir" inside a replace block and "replace X => ../dir" on one line
  for m in $(awk -v p="$prefix" '{ if ($1 == "replace") $0 = substr($0, index($0, $2)) }
      $1 ~ "^"p && $2 == "=>" && $3 ~ /^\.\.?\// { print $1 }' "$gomod"); do
    go mod edit -replace="$m=$m@$version"
  done
}

build_kube_apiserver() {
  local target=$OUT/kube-apiserver
  if [[ -x $target ]]; then log "kube-apiserver $KUBE_VERSION already in $OUT"; return; fi
  local gomod dir start
  start=$(date +%s)
  gomod=$(go_mod_of "k8s.io/kubernetes@$KUBE_VERSION")
  dir=$(new_module kube-apiserver)
  (
    cd "$dir"
    go mod edit -require="k8s.io/kubernetes@$KUBE_VERSION"
    pin_replaced_modules "$gomod" "$STAGING_VERSION" "k8s.io/"
    log "building kube-apiserver $KUBE_VERSION (staging modules at $STAGING_VERSION) in $dir, -p $JOBS"
    local vpkg=k8s.io/component-base/version
    go build -p "$JOBS" -trimpath -o "$target.tmp" \
      -ldflags="-s -w -X $vpkg.gitVersion=$KUBE_VERSION -X $vpkg.gitMajor=1 -X $vpkg.gitMinor=$MINOR -X $vpkg.gitTreeState=clean" \
      k8s.io/kubernetes/cmd/kube-apiserver
  )
  mv "$target.tmp" "$target"
  log "kube-apiserver built in $(( $(date +%s) - start )) s"
}

build_etcd() {
  local target=$OUT/etcd
  if [[ -x $target && "$(cat "$OUT/etcd.version" 2>/dev/null)" == "$ETCD_VERSION" ]]; then
    log "etcd $ETCD_VERSION already in $OUT"; return
  fi
  local gomod dir start
  start=$(date +%s)
  gomod=$(go_mod_of "go.etcd.io/etcd/server/v3@$ETCD_VERSION")
  dir=$(new_module etcd)
  (
    cd "$dir"
    go mod edit -require="go.etcd.io/etcd/server/v3@$ETCD_VERSION"
    pin_replaced_modules "$gomod" "$ETCD_VERSION" "go.etcd.io/etcd/"
    log "building etcd $ETCD_VERSION in $dir, -p $JOBS"
    go build -p "$JOBS" -trimpath -o "$target.tmp" -ldflags="-s -w" go.etcd.io/etcd/server/v3
  )
  mv "$target.tmp" "$target"
  echo "$ETCD_VERSION" > "$OUT/etcd.version"
  log "etcd built in $(( $(date +%s) - start )) s"
}

# The cached case first: no Go, no network.
if [[ -x $OUT/kube-apiserver && -x $OUT/etcd && -f $OUT/etcd.version \
      && ( -z ${ETCD_VERSION:-} || $ETCD_VERSION == "$(cat "$OUT/etcd.version")" ) ]]; then
  log "kube-apiserver $KUBE_VERSION and etcd $(cat "$OUT/etcd.version") already in $OUT"
  echo "$OUT"
  exit 0
fi
command -v go >/dev/null || fail "go is not on PATH; kube-apiserver and etcd are built from Go modules"
if [[ -z ${ETCD_VERSION:-} ]]; then
  ETCD_VERSION=$(awk '$1 == "go.etcd.io/etcd/server/v3" { print $2 }' "$(go_mod_of "k8s.io/kubernetes@$KUBE_VERSION")")
  [[ -n $ETCD_VERSION ]] || fail "k8s.io/kubernetes@$KUBE_VERSION does not name an etcd version; set ETCD_VERSION"
fi
build_etcd
build_kube_apiserver
"$OUT/kube-apiserver" --version >&2
"$OUT/etcd" --version >&2
echo "$OUT"
