# Settings shared by the local scripts. Every value can be overridden from the environment;
# the services read the same names (Postgres__Host, RabbitMq__Host, ...), the .NET configuration way.
export Postgres__Host="${Postgres__Host:-127.0.0.1}"
export Postgres__Port="${Postgres__Port:-5432}"
export Postgres__Username="${Postgres__Username:-marketplace}"
export Postgres__Password="${Postgres__Password:-marketplace}"
# PostgreSQL is on loopback here: TLS would protect nothing and cost CPU on every round trip (docs/operations.md).
export Postgres__SslMode="${Postgres__SslMode:-Disable}"
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
export RABBITMQ_PASSWORD_NOTIFICATIONS="${RABBITMQ_PASSWORD_NOTIFICATIONS:-marketplace-notifications}"
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
SERVICES=(inventory bidding allocation settlement notifications gateway)
# Instance 1 of each service listens on MARKETPLACE_BASE_PORT + offset (gateway 8080 by default); a second instance
# (a replica, as the chaos runner starts) 100 ports above.
BASE_PORT="${MARKETPLACE_BASE_PORT:-8080}"
declare -A SERVICE_OFFSET=([gateway]=0 [inventory]=1 [bidding]=2 [allocation]=3 [settlement]=4 [notifications]=5)
declare -A SERVICE_RABBIT_PASSWORD=([gateway]="$RABBITMQ_PASSWORD_GATEWAY" [inventory]="$RABBITMQ_PASSWORD_INVENTORY"
  [bidding]="$RABBITMQ_PASSWORD_BIDDING" [allocation]="$RABBITMQ_PASSWORD_ALLOCATION" [settlement]="$RABBITMQ_PASSWORD_SETTLEMENT"
  [notifications]="$RABBITMQ_PASSWORD_NOTIFICATIONS")
declare -A SERVICE_PROJECT=([gateway]=Gateway [inventory]=Inventory [bidding]=Bidding [allocation]=Allocation [settlement]=Settlement [notifications]=Notifications)
service_port() { echo $((BASE_PORT + SERVICE_OFFSET[$1] + (${2:-1} - 1) * 100)); }
service_name() { if [ "${2:-1}" = 1 ]; then echo "$1"; else echo "$1-$2"; fi; }

# Starts one instance of a service in the background from its Release build (pid in $RUN_DIR/<name>.pid, log in
# $RUN_DIR/logs/<name>.log) and returns at once. setsid: it outlives the script that started it.
# Webhooks may go to this machine over plain http (a receiver you run while developing): the notifications service
# allows 127.0.0.1 and localhost here (MARKETPLACE_WEBHOOK_HOST_0/_1 to change them); production allows none.
# Each service connects to RabbitMQ as its own user (infra.sh creates them), all with the same caller signing key.
# MARKETPLACE_DATABASE_PREFIX, when set, names the databases <prefix>_<service>, and MARKETPLACE_BROKER_AS_ADMIN=1 keeps
# the administrator from RabbitMq__Username: the chaos test's own system, on a virtual host only the administrator may use.
# The gateway sends placements straight to bidding's two instances (docs/decisions/0016; the second is the chaos
# runner's replica, skipped while it does not answer), through the broker when neither answers.
start_service() { # start_service <service> [instance]
  local service=$1 instance=${2:-1} project name port dir signing_key broker_user broker_password extra=()
  project="${SERVICE_PROJECT[$service]}"; name=$(service_name "$service" "$instance"); port=$(service_port "$service" "$instance")
  dir="$REPO_ROOT/services/$project/bin/Release/net10.0"
  signing_key="$(caller_signing_key)"
  broker_user="marketplace-$service"; broker_password="${SERVICE_RABBIT_PASSWORD[$service]}"
  if [ "${MARKETPLACE_BROKER_AS_ADMIN:-0}" = 1 ]; then broker_user="$RabbitMq__Username"; broker_password="$RabbitMq__Password"; fi
  if [ "$service" = gateway ]; then
    extra=("Gateway__BiddingUrls__0=${Gateway__BiddingUrls__0:-http://127.0.0.1:$(service_port bidding 1)}"
      "Gateway__BiddingUrls__1=${Gateway__BiddingUrls__1:-http://127.0.0.1:$(service_port bidding 2)}")
  fi
  mkdir -p "$RUN_DIR/logs"
  ( cd "$dir"
    env ${MARKETPLACE_DATABASE_PREFIX:+Postgres__Database=${MARKETPLACE_DATABASE_PREFIX}_$service} ${extra[@]+"${extra[@]}"} \
      ASPNETCORE_URLS="http://127.0.0.1:$port" ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Production}" \
      RabbitMq__Username="$broker_user" RabbitMq__Password="$broker_password" Bus__CallerSigningKey="$signing_key" \
      Notifications__AllowedWebhookHosts__0="${MARKETPLACE_WEBHOOK_HOST_0:-127.0.0.1}" Notifications__AllowedWebhookHosts__1="${MARKETPLACE_WEBHOOK_HOST_1:-localhost}" \
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
