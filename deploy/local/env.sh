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
RUN_DIR="$REPO_ROOT/.run"

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
declare -A SERVICE_PORT=([gateway]=8080 [inventory]=8081 [bidding]=8082 [allocation]=8083 [settlement]=8084)
declare -A SERVICE_PROJECT=([gateway]=Gateway [inventory]=Inventory [bidding]=Bidding [allocation]=Allocation [settlement]=Settlement)

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
