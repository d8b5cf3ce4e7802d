#!/usr/bin/env bash
# The benchmark of the running system (issue 11), against what up.sh started: open-loop runs at fixed rates, a
# closed-loop maximum and the accept path, each with its own organizations and clusters; then the databases are
# seeded with history through the API and the same runs repeat. One markdown table (and JSON) in .run/bench-*.md.
#   deploy/local/bench.sh [--fresh] [--seconds N] [--rates 20,100,300] [--concurrency 64] [--runs open,closed,accept]
#                         [--accept] [--seed-bookings N] [--seed-open M] [--no-seed] [--lag-deadline S] [--max-in-flight N] [--warm-up S]
# --fresh stops the services, drops their six databases and starts them again (up.sh; the gateway with its per-client
# rate limit raised, see below), so "empty" is reproducible.
# Every other option goes to tests/Marketplace.Bench. Seeded data stays in the databases. See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

fresh=0
args=()
for arg in "$@"; do
  if [ "$arg" = --fresh ]; then fresh=1; else args+=("$arg"); fi
done

# The services' databases: Postgres:Database of each appsettings.json is marketplace_<service>, and start_service
# (env.sh) names them <prefix>_<service> when MARKETPLACE_DATABASE_PREFIX is set.
database() { echo "${MARKETPLACE_DATABASE_PREFIX:-marketplace}_$1"; }
sql() { # sql <database> <statement>
  PGPASSWORD="$Postgres__Password" psql -h "$Postgres__Host" -p "$Postgres__Port" -U "$Postgres__Username" -d "$1" \
    -v ON_ERROR_STOP=1 -qtAc "$2"
}
gateway_ready() { curl -fsS "http://127.0.0.1:$(service_port gateway)/health/ready" >/dev/null 2>&1; }

if [ $fresh = 1 ]; then
  # Every tenant of the benchmark sends from this one address, so the gateway's per-client limit (1,000 requests/s,
  # meant for one client) would cap the accept path at 1,000 bids/s plus its burst; the gateway started here gets a
  # limit far above any rate the benchmark offers. The per-organization limit (200/s) stays: a run's tenants each
  # send under it. Set Gateway__ClientRateLimitPerSecond yourself to measure with another (its burst is then twice it,
  # unless Gateway__ClientRateLimitBurst is set too). The services so started keep it until the next up.sh.
  export Gateway__ClientRateLimitPerSecond="${Gateway__ClientRateLimitPerSecond:-100000}"
  rate=${Gateway__ClientRateLimitPerSecond%.*}
  export Gateway__ClientRateLimitBurst="${Gateway__ClientRateLimitBurst:-$((2 * ${rate:-1}))}"
  "$REPO_ROOT/deploy/local/down.sh"
  for service in "${SERVICES[@]}"; do
    log "Dropping database $(database "$service")"
    # FORCE ends the services' connections, but not an autovacuum worker's (not ours to end, and busy right after a
    # run): such a worker finishes within seconds, so try again until a deadline.
    deadline=$((SECONDS + 60))
    until sql postgres "drop database if exists \"$(database "$service")\" with (force)" 2>/tmp/bench-drop.$$; do
      if [ $SECONDS -ge $deadline ]; then cat /tmp/bench-drop.$$ >&2; rm -f /tmp/bench-drop.$$; exit 1; fi
      sleep 1
    done
    rm -f /tmp/bench-drop.$$
  done
  "$REPO_ROOT/deploy/local/up.sh"
  existing=0
else
  if ! gateway_ready; then
    echo "The marketplace is not up on port $(service_port gateway): run deploy/local/up.sh first (or bench.sh --fresh)." >&2
    exit 1
  fi
  # Bookings the list shows (confirming, confirmed, cancelled) in the allocation service, which owns them.
  if ! existing=$(sql "$(database allocation)" "select count(*) from bookings where state in ('confirming', 'confirmed', 'cancelled')"); then
    echo "warning: could not count the bookings in $(database allocation); the first runs are labelled 'as found'." >&2
    existing=""
  elif [ "$existing" -gt 0 ]; then
    printf '\033[1;33mwarning:\033[0m %s bookings exist already: the first runs are not on empty databases (bench.sh --fresh starts from empty ones).\n' "$existing" >&2
  fi
fi

log "Building the benchmark (Release)"
dotnet build "$REPO_ROOT/tests/Marketplace.Bench/Marketplace.Bench.csproj" -c Release -nologo -v quiet -clp:ErrorsOnly
export RUN_DIR MARKETPLACE_ADMIN_KEY MARKETPLACE_DATABASE_PREFIX="${MARKETPLACE_DATABASE_PREFIX:-marketplace}"
known=()
[ -n "$existing" ] && known=(--existing-bookings "$existing")
exec dotnet "$REPO_ROOT/tests/Marketplace.Bench/bin/Release/net10.0/Marketplace.Bench.dll" \
  --gateway "http://127.0.0.1:$(service_port gateway)" ${known[@]+"${known[@]}"} ${args[@]+"${args[@]}"}
