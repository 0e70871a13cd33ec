#!/usr/bin/env bash
# Fetches Keycloak, the most common self-hosted OIDC issuer, from Maven Central (its distribution
# is published there as org.keycloak:keycloak-quarkus-dist, a zip) into a cache folder outside the
# repository, finds a Java it runs on (Keycloak 26 needs 21 or newer; the gateway itself stays on
# 17), and prints two lines for the caller to eval:
#
#   export KEYCLOAK_HOME=...        the unpacked distribution (never written to: tests copy it)
#   export KEYCLOAK_JAVA_HOME=...   a JDK >= 21
#
#   eval "$(scripts/keycloak.sh)" && mvn -B verify      # KeycloakServeJarTest then runs
#
# Measured here: the 165 MB download takes ~6 s, the unpacking ~3 s, once; cached afterwards.
# Environment (optional): KEYCLOAK_VERSION (default 26.5.6), KEYCLOAK_CACHE (default
# $HOME/.cache/gitops-gateway/keycloak), KEYCLOAK_JAVA_HOME (skip the search).
set -euo pipefail

VERSION=${KEYCLOAK_VERSION:-26.5.6}
CACHE_ROOT=${KEYCLOAK_CACHE:-$HOME/.cache/gitops-gateway/keycloak}
HOME_DIR=$CACHE_ROOT/keycloak-$VERSION

log() { echo "keycloak: $*" >&2; }
fail() { log "error: $*"; exit 1; }

[[ $VERSION =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "KEYCLOAK_VERSION must look like 26.5.6, got '$VERSION'"

java_major() { "$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | sed -n 1p; }

find_java() {
  if [[ -n ${KEYCLOAK_JAVA_HOME:-} ]]; then
    echo "$KEYCLOAK_JAVA_HOME"
    return
  fi
  local candidate major
  for candidate in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [[ -x $candidate/bin/java ]] || continue
    major=$(java_major "$candidate")
    if [[ -n $major && $major -ge 21 ]]; then
      echo "$candidate"
      return
    fi
  done
  return 1
}

JAVA_DIR=$(find_java) || fail "no JDK 21 or newer under /usr/lib/jvm (Keycloak $VERSION needs one; set KEYCLOAK_JAVA_HOME)"

if [[ ! -x $HOME_DIR/bin/kc.sh ]]; then
  mkdir -p "$CACHE_ROOT"
  work=$(mktemp -d "$CACHE_ROOT/.fetch.XXXXXX")
  trap 'rm -rf "$work"' EXIT
  log "fetching org.keycloak:keycloak-quarkus-dist:$VERSION from Maven Central"
  mvn -B -q dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$VERSION:zip" \
    -DoutputDirectory="$work" -Dmdep.useBaseVersion=true >&2 \
    || fail "could not fetch org.keycloak:keycloak-quarkus-dist:$VERSION"
  unzip -q "$work/keycloak-quarkus-dist-$VERSION.zip" -d "$work" || fail "could not unpack the distribution"
  rm -rf "$HOME_DIR"
  mv "$work/keycloak-$VERSION" "$HOME_DIR"
fi
log "Keycloak $VERSION in $HOME_DIR, Java $(java_major "$JAVA_DIR") in $JAVA_DIR"
echo "export KEYCLOAK_HOME=$HOME_DIR"
echo "export KEYCLOAK_JAVA_HOME=$JAVA_DIR"
