#!/usr/bin/env bash
# Starts the shop in one of its three topologies (same binaries, configuration only; see docs/topologies.md):
#
#   scripts/topology.sh monolith   one Host, SQLite, no gateway, no broker          -> http://localhost:5080
#   scripts/topology.sh scaled     PostgreSQL + RabbitMQ + 2 identical Hosts (5080, 5081) + Gateway
#   scripts/topology.sh split      PostgreSQL + RabbitMQ + one process per module
#                                  (Identity 5080, Catalog 5082, Cart 5083, Ordering 5084) + Gateway
#
# In scaled and split the web storefront runs in its own process (a Host with Modules:Enabled=None, port 5085),
# behind the gateway, which routes / and the storefront's pages to it (docs/adr/0014-storefront-bff-static-ssr.md).
#
# The gateway listens on https://localhost:5443 (public, dev certificate from scripts/dev-cert.sh) and
# http://127.0.0.1:5481 (internal). Everything runs in the foreground of this script: Ctrl-C (or SIGTERM) stops the
# processes it started, then RabbitMQ and PostgreSQL (through scripts/ci-rabbitmq.sh / ci-postgres.sh, which delete
# their data: nothing of scaled/split survives a stop). Logs: $SHOP_TOPOLOGY_DIR (default /tmp/shop-topology).
#
# Environment: SHOP_DATA_DIR (monolith: SQLite folder instead of src/Host/data; files made by older migrations make
# start-up fail with "table ... already exists": delete them or point this elsewhere), SHOP_TOPOLOGY_DIR (logs), SHOP_TOPOLOGY_TIMEOUT (seconds to wait for each /health/ready, default 120),
# SHOP_PG_PORT (25442), SHOP_RMQ_PORT (26682), SHOP_RMQ_DIST_PORT, SHOP_RMQ_EPMD_PORT, SHOP_PG_DIR, SHOP_RMQ_DIR (passed
# on to the ci scripts; the defaults differ from theirs so a test run and a topology can run side by side),
# SHOP_DATABASE (scaled/split: the connection string of an existing PostgreSQL database to run on, e.g. one that
# copy-data filled, instead of a fresh private PostgreSQL; the script neither starts nor stops that server),
# SHOP_SPLIT_ROUTE (split: `gateway`, the default, sends module-to-module contracts through the gateway's internal
# listener; `direct` sends them to each module's process, see docs/topologies.md),
# SHOP_TOPOLOGY_CONFIG (build configuration of the binaries to run, default Release), SHOP_TOPOLOGY_BUILD (false: use
# the binaries already built in that configuration; tests/EndToEnd.Tests does so).
#
# Like an orchestrator, the script restarts a process that exits (a crash, or `kill -9` from a failure test) with the
# same command line, and gives up (stopping everything) when one exits 3 times within a minute. For tools and tests
# it keeps, in $SHOP_TOPOLOGY_DIR: <process>.pid (the current pid of each process), <host>.url (each Host's own
# address), ready (written once everything answered /health/ready; holds the entry URL).
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
topology=${1:-}
work=${SHOP_TOPOLOGY_DIR:-/tmp/shop-topology}
timeout=${SHOP_TOPOLOGY_TIMEOUT:-120}
config=${SHOP_TOPOLOGY_CONFIG:-Release}
build=${SHOP_TOPOLOGY_BUILD:-true}
host_dll=$repo/src/Host/bin/$config/net10.0/Host.dll
gateway_dll=$repo/src/Gateway/bin/$config/net10.0/Gateway.dll
# Our own PostgreSQL and RabbitMQ instances, apart from the ones tests start with the same scripts (their defaults).
export SHOP_PG_DIR=${SHOP_PG_DIR:-$work/postgres} SHOP_PG_PORT=${SHOP_PG_PORT:-25442}
export SHOP_RMQ_DIR=${SHOP_RMQ_DIR:-$work/rabbitmq} SHOP_RMQ_PORT=${SHOP_RMQ_PORT:-26682}
export SHOP_RMQ_DIST_PORT=${SHOP_RMQ_DIST_PORT:-26683} SHOP_RMQ_EPMD_PORT=${SHOP_RMQ_EPMD_PORT:-26684}
public_url=https://localhost:5443
internal_url=http://127.0.0.1:5481

usage() { echo "usage: $0 monolith|scaled|split" >&2; exit 2; }
case $topology in monolith|scaled|split) ;; *) usage ;; esac
# Scaled and split run several .NET processes on the same cores: their idle thread-pool workers block at once instead
# of spinning for work, which took 0.80-0.85x the CPU per request through the gateway here (docs/operations.md,
# "Thread-pool spinning"). Set the variable (the runtime's default is 70) to choose otherwise.
if [[ $topology != monolith ]]; then
    export DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=${DOTNET_ThreadPool_UnfairSemaphoreSpinLimit:-0}
fi

say() { echo "[topology] $*" >&2; }

# ---- prerequisites -------------------------------------------------------------------------------------------------
check_prerequisites() {
    local missing=() hints=()
    if ! command -v dotnet >/dev/null 2>&1; then
        missing+=("dotnet (the .NET 10 SDK)")
        hints+=("install the .NET 10 SDK: https://dotnet.microsoft.com/download (global.json pins the version)")
    fi
    if [[ $topology != monolith ]]; then
        if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
            missing+=("PostgreSQL server binaries (/usr/lib/postgresql/*/bin)")
            hints+=("apt-get install -y postgresql")
        fi
        if [[ ! -x /usr/lib/rabbitmq/bin/rabbitmq-server ]] && ! command -v rabbitmq-server >/dev/null 2>&1; then
            missing+=("rabbitmq-server")
            hints+=("apt-get install -y rabbitmq-server")
        fi
        if ! command -v openssl >/dev/null 2>&1; then
            missing+=("openssl (for the gateway's development certificate)")
            hints+=("apt-get install -y openssl")
        fi
        if ! command -v runuser >/dev/null 2>&1 || [[ $(id -u) -ne 0 ]]; then
            missing+=("root with runuser (scripts/ci-postgres.sh runs PostgreSQL as the postgres user)")
            hints+=("run this script as root (e.g. sudo $0 $topology)")
        fi
    fi
    if ! command -v curl >/dev/null 2>&1; then
        missing+=("curl (to wait for /health/ready)")
        hints+=("apt-get install -y curl")
    fi
    if ((${#missing[@]})); then
        local IFS=';'
        say "missing: ${missing[*]}"
        unset IFS
        local h
        for h in "${hints[@]}"; do say "  fix: $h"; done
        [[ $topology != monolith ]] && say "  (or all at once: apt-get install -y postgresql rabbitmq-server openssl curl)"
        exit 1
    fi
}

# ---- process bookkeeping -------------------------------------------------------------------------------------------
pids=()        # process group leaders we started (each in its own session: setsid)
names=()
commands=()    # how to start each one again: "dir<TAB>quoted command line"
restarts=()    # SECONDS of each one's recent restarts, space-separated
pg_started=false
rmq_started=false
cleaned=false

cleanup() {
    $cleaned && return
    cleaned=true
    trap - INT TERM EXIT
    local i pid
    if ((${#pids[@]})); then
        say "stopping ${#pids[@]} process(es)..."
        for ((i = ${#pids[@]} - 1; i >= 0; i--)); do
            kill -TERM -- "-${pids[i]}" 2>/dev/null || true
        done
        local deadline=$((SECONDS + 20))
        for pid in "${pids[@]}"; do
            while kill -0 -- "-$pid" 2>/dev/null && ((SECONDS < deadline)); do sleep 0.2; done
            kill -KILL -- "-$pid" 2>/dev/null || true
        done
        for ((i = 0; i < ${#pids[@]}; i++)); do say "  stopped ${names[i]} (pid ${pids[i]})"; done
    fi
    if $rmq_started; then "$repo/scripts/ci-rabbitmq.sh" stop || true; fi
    if $pg_started; then "$repo/scripts/ci-postgres.sh" stop || true; fi
    if ((${#pids[@]})) || $pg_started || $rmq_started; then say "everything this script started is stopped"; fi
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap 'cleanup' EXIT

# start NAME LOGFILE WORKDIR COMMAND...: runs COMMAND in its own session (so it and its children stop together).
start() {
    local name=$1 log=$2 dir=$3
    shift 3
    (cd "$dir" && exec setsid "$@" >"$log" 2>&1) &
    pids+=($!)
    names+=("$name")
    commands+=("$dir"$'\t'"$(printf '%q ' "$@")")
    restarts+=("")
    echo $! >"$work/$name.pid"
    say "started $name (pid $!, log $log)"
}

# restart INDEX: starts process INDEX again with its command line, its log continued; false after 3 exits in a minute.
restart() {
    local i=$1 name=${names[$1]} dir=${commands[$1]%%$'\t'*} command=${commands[$1]#*$'\t'} recent=() t
    for t in ${restarts[i]}; do ((SECONDS - t < 60)) && recent+=("$t"); done
    ((${#recent[@]} < 3)) || return 1
    recent+=("$SECONDS")
    restarts[i]=${recent[*]}
    (cd "$dir" && eval "exec setsid $command" >>"$work/$name.log" 2>&1) &
    pids[i]=$!
    echo $! >"$work/$name.pid"
    say "restarted $name (pid $!)"
}

# wait_ready NAME URL [CURL ARGS...]: polls URL until 200, the process dies, or the deadline passes.
wait_ready() {
    local name=$1 url=$2
    shift 2
    local pid=${pids[-1]} deadline=$((SECONDS + timeout)) i
    for i in "${!names[@]}"; do [[ ${names[i]} == "$name" ]] && pid=${pids[i]}; done
    while ((SECONDS < deadline)); do
        if [[ $(curl -s -o /dev/null -w '%{http_code}' --max-time 3 "$@" "$url" || true) == 200 ]]; then
            say "$name ready: $url"
            return 0
        fi
        if ! kill -0 "$pid" 2>/dev/null; then
            say "$name exited before it was ready; last lines of its log:"
            tail -n 40 "$work/$name.log" >&2 || true
            exit 1
        fi
        sleep 1
    done
    say "$name not ready after ${timeout}s ($url); last lines of its log:"
    tail -n 40 "$work/$name.log" >&2 || true
    exit 1
}

# ---- pieces --------------------------------------------------------------------------------------------------------
start_infrastructure() {
    if [[ -n ${SHOP_DATABASE:-} ]]; then
        # A shop that grew up (docs/operations.md, "Growing up"): its data is already in this database; kept at the stop.
        connection=$SHOP_DATABASE
        say "PostgreSQL: the existing database of SHOP_DATABASE"
    else
        say "starting PostgreSQL (scripts/ci-postgres.sh)..."
        pg_started=true
        connection=$("$repo/scripts/ci-postgres.sh" start)
        say "PostgreSQL: $connection"
    fi
    say "starting RabbitMQ (scripts/ci-rabbitmq.sh)..."
    rmq_started=true
    rabbit=$("$repo/scripts/ci-rabbitmq.sh" start)
    say "RabbitMQ: $rabbit"
    if [[ ! -f $repo/certs/gateway.crt || ! -f $repo/certs/gateway.key ]]; then
        "$repo/scripts/dev-cert.sh" >&2
    fi
}

build_and_migrate() {
    if [[ $build == false ]]; then
        local dll
        for dll in "$host_dll" "$gateway_dll"; do
            [[ -f $dll ]] || { say "SHOP_TOPOLOGY_BUILD=false but $dll is missing: dotnet build -c $config first"; exit 1; }
        done
    else
        say "building (dotnet build -c $config src/Host src/Gateway)..."
        (cd "$repo" && dotnet build -c "$config" -nologo -v q src/Host/Host.csproj >"$work/build-host.log" 2>&1) \
            || { tail -n 40 "$work/build-host.log" >&2; exit 1; }
        (cd "$repo" && dotnet build -c "$config" -nologo -v q src/Gateway/Gateway.csproj >"$work/build-gateway.log" 2>&1) \
            || { tail -n 40 "$work/build-gateway.log" >&2; exit 1; }
    fi
    key_encryption_key
    say "migrating every module's schema on PostgreSQL (Host migrate)..."
    (cd "$repo/src/Host" && ASPNETCORE_ENVIRONMENT=Development dotnet "$host_dll" migrate \
        --Database:Provider=Postgres "--ConnectionStrings:Shop=$connection" >"$work/migrate.log" 2>&1) \
        || { tail -n 40 "$work/migrate.log" >&2; exit 1; }
}

# The key-encryption key that wraps the Identity keys (docs/adr/0011-key-encryption-key.md): the caller's
# (Identity__KeyEncryption__CertificatePath) if set; on a fresh private PostgreSQL a throwaway one in $work, deleted
# with the data it protects; on SHOP_DATABASE the Development one in the user's profile, as the monolith that filled it.
key_encryption_key() {
    [[ -n ${Identity__KeyEncryption__CertificatePath:-} || -n ${SHOP_DATABASE:-} ]] && return 0
    local folder=$work/key-encryption
    mkdir -p -m 700 "$folder"
    if [[ ! -f $folder/kek.crt ]]; then
        (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 30 -subj "/CN=shop topology key encryption" \
            -keyout "$folder/kek.key" -out "$folder/kek.crt" 2>/dev/null)
    fi
    export Identity__KeyEncryption__CertificatePath=$folder/kek.crt Identity__KeyEncryption__KeyPath=$folder/kek.key
}

# Settings every Host shares behind the gateway on PostgreSQL and RabbitMQ.
host_common() {
    key_encryption_key
    host_args=(
        --Database:Provider=Postgres "--ConnectionStrings:Shop=$connection"
        "--Messaging:RabbitMq:Uri=$rabbit"
        "--Auth:Issuer=$public_url/"
        --ForwardedHeaders:KnownProxies:0=127.0.0.1 --ForwardedHeaders:KnownProxies:1=::1
        --Storefront:Enabled=false
    )
}

# The storefront's own process: no module, the API and the provider through the gateway (whose development
# certificate it trusts), its client secret from the environment as docs/operations.md asks (Development value).
# start_storefront AUTHORITIES: like every Host it reads the revoked authorizations, from Identity's Host(s) directly
# with the service client's credentials, as the gateway does (without them its revocations check stays Degraded).
start_storefront() {
    local authorities=$1
    export Storefront__ClientSecret=${Storefront__ClientSecret:-dev-storefront-web-secret-0f-32-chars}
    export Auth__Revocation__ClientSecret=${Auth__Revocation__ClientSecret:-dev-internal-services-secret-0f-32-chars}
    echo "http://localhost:5085" >"$work/storefront.url"
    start storefront "$work/storefront.log" "$repo/src/Host" env ASPNETCORE_ENVIRONMENT=Development \
        dotnet "$host_dll" --urls "http://localhost:5085" --Modules:Enabled=None --Storefront:Enabled=true \
        "--Auth:Issuer=$public_url/" "--Storefront:TrustedCertificate=$repo/certs/gateway.crt" \
        "--Auth:Authority=$authorities" --Auth:Revocation:ClientId=internal-services \
        --ForwardedHeaders:KnownProxies:0=127.0.0.1 --ForwardedHeaders:KnownProxies:1=::1
    wait_ready storefront "http://localhost:5085/health/ready"
}

# start_host NAME PORT SEED EXTRA...: SEED=true migrates (a no-op after `migrate`) and seeds at start-up: the
# Development seed runs only after start-up migrations (Program.cs), so exactly one process per module does it.
start_host() {
    local name=$1 port=$2 seed=$3
    shift 3
    echo "http://localhost:$port" >"$work/$name.url"
    start "$name" "$work/$name.log" "$repo/src/Host" env ASPNETCORE_ENVIRONMENT=Development \
        dotnet "$host_dll" --urls "http://localhost:$port" "${host_args[@]}" \
        "--Database:MigrateOnStartup=$seed" "--Database:Seed=$seed" "$@"
    wait_ready "$name" "http://localhost:$port/health/ready"
}

start_gateway() {
    # The gateway reads the revoked authorizations from Identity with the service client's credentials (no modules
    # of its own, so under Auth:Revocation); the secret from the environment, as for the Hosts.
    export Auth__Revocation__ClientSecret=${Auth__Revocation__ClientSecret:-dev-internal-services-secret-0f-32-chars}
    start gateway "$work/gateway.log" "$repo/src/Gateway" env ASPNETCORE_ENVIRONMENT=Development \
        dotnet "$gateway_dll" --Auth:Revocation:ClientId=internal-services \
        "--Kestrel:Endpoints:Https:Certificate:Path=$repo/certs/gateway.crt" \
        "--Kestrel:Endpoints:Https:Certificate:KeyPath=$repo/certs/gateway.key" \
        "--Auth:Issuer=$public_url/" "$@"
    wait_ready gateway "$public_url/health/ready" --cacert "$repo/certs/gateway.crt"
}

# ---- topologies ----------------------------------------------------------------------------------------------------
monolith() {
    local data_args=() data="src/Host/data"
    if [[ -n ${SHOP_DATA_DIR:-} ]]; then
        data_args=(-- "--Database:DataDirectory=$SHOP_DATA_DIR")
        data=$SHOP_DATA_DIR
    fi
    start host "$work/host.log" "$repo" dotnet run --project src/Host "${data_args[@]}"
    wait_ready host http://localhost:5080/health/ready
    cat >&2 <<EOF

[topology] monolith is up (SQLite files under $data):
  shop        http://localhost:5080        (e.g. curl 'http://localhost:5080/api/catalog/products?pageSize=1')
  reference   http://localhost:5080/scalar
  log         $work/host.log
Ctrl-C stops it.
EOF
}

scaled() {
    start_infrastructure
    build_and_migrate
    host_common
    start_host host-1 5080 true
    start_host host-2 5081 false
    start_storefront "http://localhost:5080/,http://localhost:5081/"
    # Keys from either Host: one of them down does not stop the gateway from validating tokens.
    start_gateway --Gateway:Hosts:0=http://localhost:5080 --Gateway:Hosts:1=http://localhost:5081 \
        "--Auth:Authority=http://localhost:5080/,http://localhost:5081/" \
        --ReverseProxy:Clusters:storefront:Destinations:storefront-1:Address=http://localhost:5085
    cat >&2 <<EOF

[topology] scaled is up: 2 Hosts (all modules) on PostgreSQL + RabbitMQ behind the gateway:
  public      $public_url                  (curl --cacert $repo/certs/gateway.crt '$public_url/api/catalog/products?pageSize=1')
  internal    $internal_url                (gateway, /internal/{module}/** with scope internal)
  host-1      http://localhost:5080/health/ready
  host-2      http://localhost:5081/health/ready
  storefront  http://localhost:5085 (served at $public_url/)
  postgres    $connection
  rabbitmq    $rabbit
  logs        $work/*.log
Ctrl-C stops everything.
EOF
}

split() {
    start_infrastructure
    build_and_migrate
    host_common
    local remote=(
        "--Modules:Remote:BaseUrl=$internal_url/"
        --Modules:Remote:ClientId=internal-services
        --Modules:Remote:TokenEndpoint=http://localhost:5080/connect/token
        --Auth:Authority=http://localhost:5080/
    )
    if [[ ${SHOP_SPLIT_ROUTE:-gateway} == direct ]]; then
        # Each module's own address on the internal network, beside the gateway's internal listener (which stays
        # the fallback): one hop fewer per call, the same token with scope internal checked by the owner.
        remote+=(--Modules:Remote:Identity=http://localhost:5080/ --Modules:Remote:Catalog=http://localhost:5082/
            --Modules:Remote:Cart=http://localhost:5083/ --Modules:Remote:Ordering=http://localhost:5084/)
    fi
    # The service client's secret comes from the environment, as docs/operations.md asks (Development value).
    export Modules__Remote__ClientSecret=${Modules__Remote__ClientSecret:-dev-internal-services-secret-0f-32-chars}
    start_host identity 5080 true --Modules:Enabled=Identity "${remote[@]}"
    start_host catalog 5082 true --Modules:Enabled=Catalog "${remote[@]}"
    start_host cart 5083 true --Modules:Enabled=Cart "${remote[@]}"
    start_host ordering 5084 true --Modules:Enabled=Ordering "${remote[@]}"
    start_storefront http://localhost:5080/
    start_gateway --Auth:Authority=http://localhost:5080/ \
        --ReverseProxy:Clusters:storefront:Destinations:storefront-1:Address=http://localhost:5085 \
        --ReverseProxy:Clusters:identity:Destinations:identity-1:Address=http://localhost:5080 \
        --ReverseProxy:Clusters:catalog:Destinations:catalog-1:Address=http://localhost:5082 \
        --ReverseProxy:Clusters:cart:Destinations:cart-1:Address=http://localhost:5083 \
        --ReverseProxy:Clusters:ordering:Destinations:ordering-1:Address=http://localhost:5084
    cat >&2 <<EOF

[topology] split is up: one process per module on PostgreSQL + RabbitMQ behind the gateway:
  public      $public_url                  (curl --cacert $repo/certs/gateway.crt '$public_url/api/catalog/products?pageSize=1')
  internal    $internal_url                (module-to-module contracts: /internal/{module}/**)
  identity    http://localhost:5080   catalog http://localhost:5082   cart http://localhost:5083   ordering http://localhost:5084
  storefront  http://localhost:5085 (served at $public_url/)
  postgres    $connection
  rabbitmq    $rabbit
  logs        $work/*.log
Ctrl-C stops everything.
EOF
}

check_prerequisites
mkdir -p "$work"
rm -f "$work"/*.pid "$work"/*.url "$work/ready"
"$topology"
case $topology in monolith) echo http://localhost:5080 ;; *) echo "$public_url" ;; esac >"$work/ready"

# Stay in the foreground until Ctrl-C, restarting what exits.
while true; do
    for i in "${!pids[@]}"; do
        if ! kill -0 "${pids[i]}" 2>/dev/null; then
            say "${names[i]} (pid ${pids[i]}) exited; last lines of its log:"
            tail -n 5 "$work/${names[i]}.log" >&2 || true
            if ! restart "$i"; then
                say "${names[i]} exited 3 times within a minute: stopping everything"
                exit 1
            fi
        fi
    done
    sleep 1 &
    wait $! || true
done
