#!/usr/bin/env bash
# Starts one instance of one service as up.sh does, without waiting: service.sh start <service> [instance].
# Instance 2 is a replica 100 ports above instance 1. The chaos runner uses it to restart what it killed, so a
# service always starts with the same settings whoever starts it.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
[ "${1:-}" = start ] && [ -n "${SERVICE_PROJECT[${2:-}]:-}" ] || { echo "usage: service.sh start <${SERVICES[*]}> [instance]" >&2; exit 2; }
start_service "$2" "${3:-1}"
