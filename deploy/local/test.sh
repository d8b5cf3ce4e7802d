#!/usr/bin/env bash
# Runs every test of the solution against real PostgreSQL and RabbitMQ (installed and started if needed).
# Each test class gets its own databases and RabbitMQ virtual host, so nothing here touches a running 'up'.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/deploy/local/infra.sh"
log "Building and running the tests"
dotnet test "$REPO_ROOT/Marketplace.sln" -c Release --logger "console;verbosity=normal" "$@"
