#!/usr/bin/env bash
# Load check of the web UI's applications view (docs/ui/README.md): APPS apps, RATE status changes
# per second for SECONDS seconds through the real status feed, in headless Chromium.
# Usage: scripts/ui-load.sh [APPS [RATE [SECONDS]]]   (default 10000 200 60)
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -o -q -pl gateway,demo package -DskipTests
mvn -B -o -q -pl demo dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/ui-load.classpath
# the shaded demo jar first: it holds this tree's gateway (with the UI), not ~/.m2's
exec java -cp "demo/target/gitops-gateway-demo.jar:demo/target/test-classes:$(cat demo/target/ui-load.classpath)" \
  io.gitops.gateway.demo.ui.UiAppsLoad "${1:-10000}" "${2:-200}" "${3:-60}"
