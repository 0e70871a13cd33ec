#!/usr/bin/env bash
# Fuzzes every operation of the served OpenAPI document (/api/v1/openapi.yaml) with Schemathesis,
# as a tenant admin (the demo's alice), and fails on any 5xx answer. The gateway runs in demo mode
# from the built demo jar (mvn package first). Exit codes: 0 no 5xx; 1 Schemathesis found a failure;
# 3 Schemathesis could not be installed (the caller decides whether that is fatal).
#
#   scripts/fuzz-api.sh                  # the CI budget
#   FUZZ_EXAMPLES=200 FUZZ_MAX_TIME=900 scripts/fuzz-api.sh   # a longer hunt
#   FUZZ_ARGS="--include-path-regex apps/\{app\}$" scripts/fuzz-api.sh   # one route
#
# One worker: Python 3.11's ast.parse, which Hypothesis calls to describe filters, is not
# thread-safe ("AST constructor recursion depth mismatch"), and a tool error would fail CI for nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

jar="${GATEWAY_JAR:-demo/target/gitops-gateway-demo.jar}"
venv="${SCHEMATHESIS_VENV:-$HOME/.cache/gitops-gateway/schemathesis-venv}"
version="${SCHEMATHESIS_VERSION:-4.32.5}" # 4.x: its CLI differs from 3.x (--checks names, --max-time, --phases)
examples="${FUZZ_EXAMPLES:-100}"         # per operation and phase
max_time="${FUZZ_MAX_TIME:-240}"         # seconds for the whole run
seed="${FUZZ_SEED:-20240612}"             # fixed: a failure in CI reproduces locally with the same seed

if [ ! -f "$jar" ]; then
  echo "fuzz-api: $jar not found; run mvn -B package -DskipTests first" >&2
  exit 2
fi

if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "version $version"; then
  if ! { python3 -m venv "$venv" && "$venv/bin/pip" install -q "schemathesis==$version"; } >&2; then
    echo "fuzz-api: cannot install schemathesis $version from PyPI" >&2
    exit 3
  fi
fi

port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
work="$(mktemp -d)"
log="$work/demo.log"
java -jar "$jar" demo --port "$port" --data-dir "$work/data" >"$log" 2>&1 &
demo=$!
stop() {
  kill "$demo" 2>/dev/null && wait "$demo" 2>/dev/null || true
  rm -rf "$work"
}
trap stop EXIT

base="http://localhost:$port"
for _ in $(seq 1 180); do
  # the banner comes after the gateway started; it names the issuer, needed below
  if grep -q "demo is ready" "$log" && curl -fs "$base/health/ready" >/dev/null 2>&1; then
    break
  fi
  if ! kill -0 "$demo" 2>/dev/null; then
    echo "fuzz-api: the demo stopped before it was ready:" >&2
    cat "$log" >&2
    exit 2
  fi
  sleep 1
done
curl -fs "$base/health/ready" >/dev/null || { echo "fuzz-api: demo not ready after 180 s" >&2; cat "$log" >&2; exit 2; }

# The demo prints its development-only issuer; its /token endpoint signs for the demo users.
issuer="$(sed -n 's/.*DEVELOPMENT-ONLY OIDC issuer \([^;]*\);.*/\1/p' "$log" | head -n 1)"
token="$(curl -fs -d username=alice -d password=alice "$issuer/token" \
  | python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

# The demo's own tenant and app in every path, and app bodies aimed at its repository and an allowed
# destination: random names only reach the 404 of an unknown tenant, random destinations only the
# tenant policy's 403, and the bugs are behind them (a NUL in source.path was a 500 from PostgreSQL).
cat >"$work/schemathesis.toml" <<TOML
[parameters]
"path.tenant" = "team-a"
"path.app" = "guestbook-dev"
"body.source.repoURL" = "file://$work/data/repo"
"body.destination.cluster" = "dev"
"body.destination.namespace" = "team-a-guestbook"
TOML

# Schemathesis keeps found crashes in ./.schemathesis and replays them first in later runs: keep
# that next to the venv, out of the repository.
state="$(dirname "$venv")/schemathesis-state"
mkdir -p "$state"

# fuzz SECONDS [schemathesis options…]: one run with the shared options; its exit code.
fuzz() {
  local budget="$1"
  shift
  (cd "$state" && "$venv/bin/schemathesis" --config-file "$work/schemathesis.toml" run "$base/api/v1/openapi.yaml" \
    --checks not_a_server_error \
    --header "Authorization: Bearer $token" \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --max-time "$budget" \
    --seed "$seed" \
    --workers 1 \
    --request-timeout 30 \
    --suppress-health-check all \
    --no-color "$@")
}

echo "fuzz-api: schemathesis $version on $base/api/v1/openapi.yaml as alice (team-a admin)," \
  "$examples examples per operation, at most ${max_time}s, seed $seed"
start=$SECONDS
status=0
# Half the budget on the app routes first: their bodies are the deepest input, and spread over all
# 33 operations the budget did not find the NUL-in-source.path 500 that a focused run found.
fuzz $((max_time / 2)) --include-path-regex "${FUZZ_FOCUS:-/apps(/\{app\})?\$}" ${FUZZ_ARGS:-} || status=$?
if [ "$status" -eq 0 ]; then
  fuzz $((max_time - max_time / 2)) ${FUZZ_ARGS:-} || status=$?
fi
echo "fuzz-api: schemathesis took $((SECONDS - start)) s, exit $status"
if grep -q "unexpected error" "$log"; then
  echo "fuzz-api: the gateway logged unexpected errors:" >&2
  grep -A3 "unexpected error" "$log" | head -n 40 >&2
fi
exit "$status"
