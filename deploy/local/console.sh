#!/usr/bin/env bash
# Builds the web console (console/, TypeScript + Vite, versions pinned by package-lock.json) into the gateway's web root,
# services/Gateway/wwwroot/console, where the gateway serves it at /console/. Needs Node.js 18+ and npm (installed
# from Debian's packages if missing). Skips the build when nothing in console/ changed since the last one.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

console="$REPO_ROOT/console"
out="$REPO_ROOT/services/Gateway/wwwroot/console/index.html"
if ! command -v npm >/dev/null 2>&1; then
  log "Installing Node.js and npm (Debian packages) to build the console"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
if [ -f "$out" ] && [ -z "$(find "$console" -path "$console/node_modules" -prune -o -newer "$out" -type f -print -quit)" ]; then
  log "Console up to date"
  exit 0
fi
log "Building the console"
cd "$console"
npm ci --no-audit --no-fund --loglevel=error
npm run build --silent
