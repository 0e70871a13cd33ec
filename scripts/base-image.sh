#!/usr/bin/env bash
# Builds the gateway image's base from Debian packages, without Docker and without a registry (this
# machine reaches neither Docker Hub nor gcr.io, only Debian's mirror): Debian 12 "bookworm" with
# Essential packages, openjdk-17-jre-headless, CA certificates, tzdata, and the user `gateway`
# (uid/gid 10001) the image runs as. Written as a `docker save` tarball that Jib reads with
# `tar://` (see the `image` profile in gateway/pom.xml). Prints the tarball's path on stdout.
# Idempotent: a cached tarball is reused (delete it, or change the package list, to rebuild).
#
#   GATEWAY_BASE_IMAGE=$(scripts/base-image.sh) mvn -B verify   # builds gateway/target/jib-image.tar
#
# Measured on 2 shared cores: ~40 s (mmdebstrap, ~75 MB of packages) the first time; instant after.
# Production builds should pin a base image by digest from their own registry instead
# (-Dimage.base=registry.example.com/base/jre17@sha256:...): see docs/image.md.
set -euo pipefail

SUITE=${BASE_IMAGE_SUITE:-bookworm}
MIRROR=${BASE_IMAGE_MIRROR:-http://deb.debian.org/debian}
SECURITY=${BASE_IMAGE_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
PACKAGES=openjdk-17-jre-headless,ca-certificates,tzdata,netbase
CACHE_ROOT=${BASE_IMAGE_CACHE:-$HOME/.cache/gitops-gateway/image}
KEY=$(printf '%s|%s|%s' "$SUITE" "$PACKAGES" v1 | sha256sum | cut -c1-12)
OUT=$CACHE_ROOT/base-$SUITE-$KEY.tar

log() { echo "base-image: $*" >&2; }
fail() { log "error: $*"; exit 1; }

if [[ -s $OUT ]]; then
  log "reusing $OUT"
  echo "$OUT"
  exit 0
fi
if ! command -v mmdebstrap >/dev/null; then
  [[ $(id -u) -eq 0 ]] || fail "mmdebstrap is not installed (apt-get install mmdebstrap)"
  log "installing mmdebstrap"
  apt-get install -y -q mmdebstrap >&2 || fail "could not install mmdebstrap"
fi
command -v python3 >/dev/null || fail "python3 is needed to write the docker-save tarball"

mkdir -p "$CACHE_ROOT"
work=$(mktemp -d "$CACHE_ROOT/.build.XXXXXX")
trap 'rm -rf "$work"' EXIT

log "building a $SUITE root file system with $PACKAGES"
mmdebstrap --variant=essential --include="$PACKAGES" \
  --dpkgopt='path-exclude=/usr/share/doc/*' --dpkgopt='path-exclude=/usr/share/locale/*' \
  --customize-hook='rm -rf "$1"/usr/share/man/* "$1"/var/cache/apt/* "$1"/var/lib/apt/lists/* "$1"/var/log/*' \
  --customize-hook='echo "gateway:x:10001:10001:gitops-gateway:/home/gateway:/usr/sbin/nologin" >> "$1"/etc/passwd' \
  --customize-hook='echo "gateway:x:10001:" >> "$1"/etc/group' \
  --customize-hook='mkdir -p "$1"/home/gateway && chown 10001:10001 "$1"/home/gateway' \
  "$SUITE" "$work/rootfs.tar" "deb $MIRROR $SUITE main" "deb $SECURITY $SUITE-security main" \
  >"$work/mmdebstrap.log" 2>&1 || { tail -20 "$work/mmdebstrap.log" >&2; fail "mmdebstrap failed"; }

python3 - "$work/rootfs.tar" "$work/image.tar" "$SUITE" <<'PY'
# One layer (the root file system) plus the config and manifest `docker save` writes.
import hashlib, io, json, sys, tarfile
rootfs, out, suite = sys.argv[1:]
h = hashlib.sha256()
with open(rootfs, "rb") as f:
    for chunk in iter(lambda: f.read(1 << 20), b""):
        h.update(chunk)
diff_id = "sha256:" + h.hexdigest()
config = {
    "architecture": "amd64",
    "os": "linux",
    "config": {
        "Env": [
            "PATH=/usr/lib/jvm/java-17-openjdk-amd64/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64",
            "LANG=C.UTF-8",
        ],
        "User": "10001:10001",
        "Labels": {"org.opencontainers.image.description": "Debian " + suite + " + openjdk-17-jre-headless (scripts/base-image.sh)"},
    },
    "rootfs": {"type": "layers", "diff_ids": [diff_id]},
    "history": [{"created_by": "scripts/base-image.sh (mmdebstrap " + suite + ")"}],
}
config_bytes = json.dumps(config, sort_keys=True).encode()
config_name = hashlib.sha256(config_bytes).hexdigest() + ".json"
manifest = json.dumps([{"Config": config_name, "RepoTags": ["gitops-gateway-base:" + suite], "Layers": ["layer.tar"]}]).encode()
with tarfile.open(out, "w") as t:
    def add(name, data):
        info = tarfile.TarInfo(name); info.size = len(data); t.addfile(info, io.BytesIO(data))
    add(config_name, config_bytes)
    add("manifest.json", manifest)
    t.add(rootfs, arcname="layer.tar")
PY
mv "$work/image.tar" "$OUT"
log "wrote $OUT ($(du -h "$OUT" | cut -f1))"
echo "$OUT"
