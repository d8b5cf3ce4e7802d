#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL and RabbitMQ (installed and started if needed).
# Each test class gets its own databases and RabbitMQ virtual host, so the tests never touch a running 'up'.
# Extra arguments go to 'dotnet test' (e.g. --filter "FullyQualifiedName~Inventory").
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/deploy/local/infra.sh"
"$REPO_ROOT/deploy/local/console.sh"
# The console's tests drive Debian's Chromium (Playwright cannot download its own browsers here).
if ! command -v chromium >/dev/null 2>&1; then
  log "Installing Chromium (Debian package) for the console's browser tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi
# The Python client's tests (tests/PythonClient.Tests) pip-install clients/python offline into a virtual environment
# of Debian's Python, whose packages give what the client and pytest need (no Python index is reachable here).
if ! /usr/bin/python3 -c "import httpx, attrs, pytest, setuptools, wheel, ensurepip" >/dev/null 2>&1; then
  log "Installing Debian's Python packages for the Python client's tests"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    python3 python3-venv python3-httpx python3-attr python3-pytest python3-setuptools python3-wheel >/dev/null
fi
log "Building and running the tests"
mkdir -p "$RUN_DIR"
set +e
# A test that hangs (every wait in the tests has a deadline, so one nobody foresaw) ends its assembly's run after
# 15 minutes with the test's name in the log, instead of holding the whole run until CI's limit.
dotnet test "$REPO_ROOT/Marketplace.sln" -c Release --blame-hang-timeout 15m --blame-hang-dump-type none "$@" 2>&1 | tee "$RUN_DIR/test.log"
status=${PIPESTATUS[0]}
set -e
# One summary line over all test assemblies.
awk '/^(Passed|Failed)! +- Failed: +[0-9]+, Passed: +[0-9]+/ {
       gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
     END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$RUN_DIR/test.log"
exit "$status"
