#!/usr/bin/env bash
# Brings up the whole marketplace locally: PostgreSQL, RabbitMQ, every service and the gateway on
# http://127.0.0.1:8080. Safe to run again: it stops what it started before and starts everything afresh.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

"$REPO_ROOT/deploy/local/infra.sh"
"$REPO_ROOT/deploy/local/down.sh" --quiet

log "Building (Release)"
dotnet build "$REPO_ROOT/Marketplace.sln" -c Release -nologo -v quiet -clp:ErrorsOnly

mkdir -p "$RUN_DIR/logs"
signing_key="$(caller_signing_key)"
for service in "${SERVICES[@]}"; do
  project="${SERVICE_PROJECT[$service]}"
  port="${SERVICE_PORT[$service]}"
  dll="$REPO_ROOT/services/$project/bin/Release/net10.0/Marketplace.$project.dll"
  log "Starting $service on http://127.0.0.1:$port"
  (
    cd "$REPO_ROOT/services/$project/bin/Release/net10.0"
    # Each service as its own broker user (infra.sh created them), all with the same caller signing key.
    ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
      RabbitMq__Username="marketplace-$service" RabbitMq__Password="${SERVICE_RABBIT_PASSWORD[$service]}" \
      Bus__CallerSigningKey="$signing_key" \
      nohup dotnet "$dll" >"$RUN_DIR/logs/$service.log" 2>&1 &
    echo $! >"$RUN_DIR/$service.pid"
  )
done

ready() { curl -fsS "http://127.0.0.1:$1/health/ready" >/dev/null 2>&1; }
for service in "${SERVICES[@]}"; do
  port="${SERVICE_PORT[$service]}"
  if ! wait_for 120 "$service to be ready" ready "$port"; then
    echo "--- last lines of $RUN_DIR/logs/$service.log:" >&2; tail -n 30 "$RUN_DIR/logs/$service.log" >&2 || true
    exit 1
  fi
  log "$service is ready"
done

cat <<MSG

The marketplace is up.
  Gateway:    http://127.0.0.1:8080   (API reference: http://127.0.0.1:8080/docs, OpenAPI: /openapi/v1.json)
  Admin key:  $MARKETPLACE_ADMIN_KEY   (set MARKETPLACE_ADMIN_KEY before 'up' to choose your own)
  Logs:       $RUN_DIR/logs/<service>.log      Stop: deploy/local/down.sh

Try:
  curl -s http://127.0.0.1:8080/v1/me -H "Authorization: Bearer $MARKETPLACE_ADMIN_KEY"

A whole flow (provider lists, tenant bids, the market books) is in README.md.
MSG
