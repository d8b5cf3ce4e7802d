#!/usr/bin/env bash
# Brings up the whole marketplace locally: PostgreSQL, RabbitMQ, every service and the gateway on
# http://127.0.0.1:8080. Safe to run again: it stops what it started before and starts everything afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/deploy/local/infra.sh"
"$REPO_ROOT/deploy/local/console.sh"
"$REPO_ROOT/deploy/local/down.sh" --quiet

log "Building (Release)"
dotnet build "$REPO_ROOT/Marketplace.sln" -c Release -nologo -v quiet -clp:ErrorsOnly

for service in "${SERVICES[@]}"; do
  log "Starting $service on http://127.0.0.1:$(service_port "$service")"
  start_service "$service"
done

ready() { curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; }
for service in "${SERVICES[@]}"; do
  port=$(service_port "$service")
  if ! wait_for 120 "$service to be ready" ready "$port"; then
    echo "--- last lines of $RUN_DIR/logs/$service.log:" >&2; tail -n 30 "$RUN_DIR/logs/$service.log" >&2 || true
    exit 1
  fi
  log "$service is ready"
done

cat <<MSG

The marketplace is up.
  Gateway:    http://127.0.0.1:8080   (API reference: http://127.0.0.1:8080/docs, OpenAPI: /openapi/v1.json)
  Admin key:  $MARKETPLACE_ADMIN_KEY
              (kept in $RUN_DIR/admin-key unless you set MARKETPLACE_ADMIN_KEY before 'up'; at least 32 characters.
               Changing it and running 'up' again revokes the previous one.)
  Logs:       $RUN_DIR/logs/<service>.log      Stop: deploy/local/down.sh

Try:
  curl -s http://127.0.0.1:8080/v1/me -H "Authorization: Bearer $MARKETPLACE_ADMIN_KEY"

A whole flow (provider lists, tenant bids, the market books) is in README.md.
MSG
