# Settings shared by the local scripts. Every value can be overridden from the environment;
# the services read the same names (Postgres__Host, RabbitMq__Host, ...), the .NET configuration way.
export Postgres__Host="${Postgres__Host:-127.0.0.1}"
export Postgres__Port="${Postgres__Port:-5432}"
export Postgres__Username="${Postgres__Username:-marketplace}"
export Postgres__Password="${Postgres__Password:-marketplace}"
export RabbitMq__Host="${RabbitMq__Host:-127.0.0.1}"
export RabbitMq__Port="${RabbitMq__Port:-5672}"
# The administrator: operators, infra.sh and the tests (which create a virtual host per test class) use it; the services
# do not. Each service connects as its own user, marketplace-<service>, with only the permissions it needs
# (deploy/rabbitmq/service-users.sh); their passwords default to marketplace-<service>, for a laptop only.
export RabbitMq__Username="${RabbitMq__Username:-marketplace}"
export RabbitMq__Password="${RabbitMq__Password:-marketplace}"
export RABBITMQ_PASSWORD_GATEWAY="${RABBITMQ_PASSWORD_GATEWAY:-marketplace-gateway}"
export RABBITMQ_PASSWORD_INVENTORY="${RABBITMQ_PASSWORD_INVENTORY:-marketplace-inventory}"
export RABBITMQ_PASSWORD_BIDDING="${RABBITMQ_PASSWORD_BIDDING:-marketplace-bidding}"
export RABBITMQ_PASSWORD_ALLOCATION="${RABBITMQ_PASSWORD_ALLOCATION:-marketplace-allocation}"
export RABBITMQ_PASSWORD_SETTLEMENT="${RABBITMQ_PASSWORD_SETTLEMENT:-marketplace-settlement}"
export RabbitMq__ManagementPort="${RabbitMq__ManagementPort:-15672}"
export MARKETPLACE_ADMIN_KEY="${MARKETPLACE_ADMIN_KEY:-mk_local_admin_change_me}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
RUN_DIR="$REPO_ROOT/.run"
SERVICES=(inventory bidding allocation settlement gateway)
declare -A SERVICE_PORT=([gateway]=8080 [inventory]=8081 [bidding]=8082 [allocation]=8083 [settlement]=8084)
declare -A SERVICE_RABBIT_PASSWORD=([gateway]="$RABBITMQ_PASSWORD_GATEWAY" [inventory]="$RABBITMQ_PASSWORD_INVENTORY"
  [bidding]="$RABBITMQ_PASSWORD_BIDDING" [allocation]="$RABBITMQ_PASSWORD_ALLOCATION" [settlement]="$RABBITMQ_PASSWORD_SETTLEMENT")
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

# The key the services sign and verify request callers with (Bus:CallerSigningKey). up.sh runs them as Production,
# where a missing, short or default key stops a service; so the first run generates a random key into the run
# directory and later runs reuse it. Set Bus__CallerSigningKey to choose your own. Not exported here: the tests set
# their own key, and an exported one would reach their in-process services.
caller_signing_key() {
  if [ -n "${Bus__CallerSigningKey:-}" ]; then printf '%s' "$Bus__CallerSigningKey"; return; fi
  local file="$RUN_DIR/caller-signing-key"
  if [ ! -s "$file" ]; then
    mkdir -p "$RUN_DIR"
    (umask 077; head -c 48 /dev/urandom | base64 | tr -d '\n' >"$file")
  fi
  cat "$file"
}
