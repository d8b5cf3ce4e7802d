#!/usr/bin/env bash
# A chaos run against the system up.sh starts (started here if it is not up): an open-loop load of bids while every
# service is killed (-9) and restarted, restarted with SIGTERM, RabbitMQ and PostgreSQL are restarted, and replicas run
# and lose one of each pair; then every invariant is checked and one table printed. Loopback only; it stops by itself.
#   deploy/local/chaos.sh [seconds] [--rate bids/s] [--tenants N] [--short] [--strict]
# Exit 1 when an invariant fails; with --strict, 2 when a fault missed a recovery goal. See docs/reliability.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

if ! curl -fsS "http://127.0.0.1:$(service_port gateway)/health/ready" >/dev/null 2>&1; then
  "$REPO_ROOT/deploy/local/up.sh"
else
  log "Building the chaos runner (Release)"
  dotnet build "$REPO_ROOT/tests/Marketplace.Chaos/Marketplace.Chaos.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
fi
export REPO_ROOT RUN_DIR
exec dotnet "$REPO_ROOT/tests/Marketplace.Chaos/bin/Release/net10.0/Marketplace.Chaos.dll" "$@"
