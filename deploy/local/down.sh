#!/usr/bin/env bash
# Stops the services that up.sh (or the chaos runner) started, replicas included; PostgreSQL and RabbitMQ keep running.
# Safe to run any time.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
quiet=${1:-}
shopt -s nullglob
for pidfile in "$RUN_DIR"/*.pid; do
  name=$(basename "$pidfile" .pid)
  pid=$(cat "$pidfile")
  if kill -0 "$pid" 2>/dev/null; then
    [ "$quiet" = --quiet ] || log "Stopping $name ($pid)"
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
done
