#!/usr/bin/env bash
# Makes PostgreSQL and RabbitMQ available on loopback for the marketplace. Uses them where they already
# answer with the configured credentials; otherwise installs them from Debian packages, starts them, and creates
# the user (databases are created by each service at start-up). Safe to run any number of times.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"

apt_updated=0
apt_install() {
  if [ $apt_updated = 0 ]; then as_root apt-get update -qq; apt_updated=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

pg_ready() { PGPASSWORD="$Postgres__Password" psql -h "$Postgres__Host" -p "$Postgres__Port" -U "$Postgres__Username" -d postgres -tAc 'select 1' >/dev/null 2>&1; }

ensure_postgres() {
  if command -v psql >/dev/null && pg_ready \
     && [ "$(PGPASSWORD="$Postgres__Password" psql -h "$Postgres__Host" -p "$Postgres__Port" -U "$Postgres__Username" -d postgres -tAc 'show max_connections')" -ge 500 ]; then
    log "PostgreSQL: reachable at $Postgres__Host:$Postgres__Port"; return
  fi
  if pg_ready && ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "PostgreSQL: reachable at $Postgres__Host:$Postgres__Port (not managed here; raise max_connections to 500 for the test suite)"; return
  fi
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1; then
    log "PostgreSQL: installing from Debian packages"
    apt_install postgresql postgresql-contrib
  fi
  log "PostgreSQL: starting"
  as_root service postgresql start >/dev/null
  wait_for 60 "PostgreSQL" as_root su postgres -c "psql -tAc 'select 1'" >/dev/null
  # CREATEDB: each service creates its own database; the tests create one per test class.
  as_root su postgres -c "psql -v ON_ERROR_STOP=1 -q" <<SQL
do \$\$ begin
  if not exists (select from pg_roles where rolname = '$Postgres__Username') then
    create role "$Postgres__Username" login createdb password '$Postgres__Password';
  else
    alter role "$Postgres__Username" login createdb password '$Postgres__Password';
  end if;
end \$\$;
SQL
  # Every service and every test class keeps a connection pool; the default 100 connections is too few for the
  # test suite, whose assemblies run in parallel, each starting the five services.
  # pg_stat_statements is preloaded too (one restart for both): it is where an operator, and docs/benchmarks.md, see
  # which statements the marketplace's PostgreSQL time goes to (create extension pg_stat_statements in a database).
  if [ "$(as_root su postgres -c "psql -tAc 'show max_connections'")" -lt 500 ]; then
    as_root su postgres -c "psql -qc 'alter system set max_connections = 500'"
    as_root su postgres -c "psql -qc \"alter system set shared_preload_libraries = 'pg_stat_statements'\""
    as_root service postgresql restart >/dev/null
    wait_for 60 "PostgreSQL restart" as_root su postgres -c "psql -tAc 'select 1'" >/dev/null
  fi
  wait_for 30 "PostgreSQL login as $Postgres__Username" pg_ready
  log "PostgreSQL: ready"
}

rabbit_ready() {
  curl -fsS -u "$RabbitMq__Username:$RabbitMq__Password" "http://$RabbitMq__Host:$RabbitMq__ManagementPort/api/whoami" >/dev/null 2>&1
}

# The management UI and API answer on loopback only. Written into the config of a local install, so the next start
# uses it; a server already running is never restarted for it (other users of this machine may be using it).
bind_management_to_loopback() {
  [ -d /etc/rabbitmq ] || [ -x /usr/sbin/rabbitmq-server ] || return 0
  local conf=/etc/rabbitmq/rabbitmq.conf
  if ! as_root grep -qs '^management.tcp.ip' "$conf"; then
    as_root mkdir -p /etc/rabbitmq
    echo 'management.tcp.ip = 127.0.0.1' | as_root tee -a "$conf" >/dev/null
    log "RabbitMQ: management bound to 127.0.0.1 in $conf (takes effect at the next start)"
  fi
}

# One user per service with only the permissions it needs (no tags, so no UI either); see deploy/rabbitmq/service-users.sh.
ensure_service_users() {
  RABBITMQ_API="http://$RabbitMq__Host:$RabbitMq__ManagementPort" \
  RABBITMQ_ADMIN_USER="$RabbitMq__Username" RABBITMQ_ADMIN_PASSWORD="$RabbitMq__Password" RABBITMQ_VHOST=/ \
    sh "$REPO_ROOT/deploy/rabbitmq/service-users.sh" >/dev/null
  log "RabbitMQ: users marketplace-{gateway,inventory,bidding,allocation,settlement,notifications} ready"
}

ensure_rabbitmq() {
  if port_open "$RabbitMq__Host" "$RabbitMq__Port" && rabbit_ready; then
    log "RabbitMQ: reachable at $RabbitMq__Host:$RabbitMq__Port"
    bind_management_to_loopback
    return
  fi
  if ! command -v rabbitmq-server >/dev/null && [ ! -x /usr/sbin/rabbitmq-server ]; then
    log "RabbitMQ: installing from Debian packages"
    apt_install rabbitmq-server
  fi
  command -v curl >/dev/null || apt_install curl
  bind_management_to_loopback
  log "RabbitMQ: starting"
  # The management plugin gives operators a UI and lets the tests create a virtual host per test class.
  as_root rabbitmq-plugins enable --offline rabbitmq_management >/dev/null
  as_root service rabbitmq-server start >/dev/null || true
  wait_for 90 "RabbitMQ" as_root rabbitmqctl -q await_startup
  as_root rabbitmq-plugins enable rabbitmq_management >/dev/null  # in case it was already running before the offline enable
  as_root rabbitmqctl -q add_user "$RabbitMq__Username" "$RabbitMq__Password" 2>/dev/null \
    || as_root rabbitmqctl -q change_password "$RabbitMq__Username" "$RabbitMq__Password"
  as_root rabbitmqctl -q set_user_tags "$RabbitMq__Username" administrator
  as_root rabbitmqctl -q set_permissions -p / "$RabbitMq__Username" '.*' '.*' '.*'
  wait_for 60 "RabbitMQ management API" rabbit_ready
  log "RabbitMQ: ready"
}

command -v curl >/dev/null || apt_install curl ca-certificates
command -v psql >/dev/null || apt_install postgresql-client
ensure_postgres
ensure_rabbitmq
ensure_service_users
