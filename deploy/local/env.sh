# Settings shared by the local scripts. Every value can be overridden from the environment;
# the services read the same names (Postgres__Host, RabbitMq__Host, ...), the .NET configuration way.
export Postgres__Host="${Postgres__Host:-127.0.0.1}"
export Postgres__Port="${Postgres__Port:-5432}"
export Postgres__Username="${Postgres__Username:-marketplace}"
export Postgres__Password="${Postgres__Password:-marketplace}"
export RabbitMq__Host="${RabbitMq__Host:-127.0.0.1}"
export RabbitMq__Port="${RabbitMq__Port:-5672}"
export RabbitMq__Username="${RabbitMq__Username:-marketplace}"
export RabbitMq__Password="${RabbitMq__Password:-marketplace}"
export RabbitMq__ManagementPort="${RabbitMq__ManagementPort:-15672}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="${MARKETPLACE_RUN_DIR:-$REPO_ROOT/.run}"

# The first admin key: yours if MARKETPLACE_ADMIN_KEY is set, otherwise a random one made on first use and kept in
# .run/admin-key (git-ignored), so every run on this machine has the same key and no well-known key exists. The
# services run as Production, which refuses placeholder or short keys.
if [ -z "${MARKETPLACE_ADMIN_KEY:-}" ]; then
  if [ ! -s "$RUN_DIR/admin-key" ]; then
    mkdir -p "$RUN_DIR"
    (umask 077; printf 'mk_%s\n' "$(head -c 32 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n')" >"$RUN_DIR/admin-key")
  fi
  MARKETPLACE_ADMIN_KEY="$(cat "$RUN_DIR/admin-key")"
fi
export MARKETPLACE_ADMIN_KEY
SERVICES=(inventory bidding allocation settlement gateway)
# Instance 1 of each service listens on MARKETPLACE_BASE_PORT + offset (gateway 8080 by default); a second instance
# (a replica, as the chaos runner starts) 100 ports above.
BASE_PORT="${MARKETPLACE_BASE_PORT:-8080}"
declare -A SERVICE_OFFSET=([gateway]=0 [inventory]=1 [bidding]=2 [allocation]=3 [settlement]=4)
declare -A SERVICE_PROJECT=([gateway]=Gateway [inventory]=Inventory [bidding]=Bidding [allocation]=Allocation [settlement]=Settlement)
service_port() { echo $((BASE_PORT + SERVICE_OFFSET[$1] + (${2:-1} - 1) * 100)); }
service_name() { if [ "${2:-1}" = 1 ]; then echo "$1"; else echo "$1-$2"; fi; }

# Starts one instance of a service in the background from its Release build (pid in $RUN_DIR/<name>.pid, log in
# $RUN_DIR/logs/<name>.log) and returns at once. setsid: it outlives the script that started it. Urls (not
# ASPNETCORE_URLS): the appsettings.json files name a default address, and only a plain variable overrides them.
# MARKETPLACE_DATABASE_PREFIX, when set, names the databases <prefix>_<service> (the chaos test's own).
start_service() { # start_service <service> [instance]
  local service=$1 instance=${2:-1} project name port dir
  project="${SERVICE_PROJECT[$service]}"; name=$(service_name "$service" "$instance"); port=$(service_port "$service" "$instance")
  dir="$REPO_ROOT/services/$project/bin/Release/net10.0"
  mkdir -p "$RUN_DIR/logs"
  ( cd "$dir"
    env ${MARKETPLACE_DATABASE_PREFIX:+Postgres__Database=${MARKETPLACE_DATABASE_PREFIX}_$service} \
      Urls="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
      setsid nohup dotnet "$dir/Marketplace.$project.dll" >>"$RUN_DIR/logs/$name.log" 2>&1 </dev/null &
    echo $! >"$RUN_DIR/$name.pid" )
}

log() { printf '\033[1m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else echo "need root for: $*" >&2; return 1; fi; }
port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }
wait_for() { # wait_for <seconds> <description> <command...>
  local deadline=$((SECONDS + $1)) what=$2; shift 2
  until "$@"; do
    if [ $SECONDS -ge $deadline ]; then echo "timed out waiting for $what" >&2; return 1; fi
    sleep 0.5
  done
}
