#!/usr/bin/env bash
# Stops the services that up.sh started (PostgreSQL and RabbitMQ keep running). Safe to run any time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
quiet=${1:-}
for service in "${SERVICES[@]}"; do
  pidfile="$RUN_DIR/$service.pid"
  [ -f "$pidfile" ] || continue
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    [ "$quiet" = --quiet ] || log "Stopping $service ($pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
