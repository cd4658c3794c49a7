#!/usr/bin/env bash
# One command for every benchmark of docs/benchmarks.md: `bash bench/run.sh` (about 15 minutes).
# Everything is measured in this one run, on this machine, side by side; the figures that matter are
# ratios between rows of the same run. Not part of CI. Needs: .NET SDK, curl, openssl, python3; installs
# wrk, nginx and haproxy with apt-get when missing.
#
# Knobs (environment): BENCH_DURATION (wrk seconds per run, 10), BENCH_CONNECTIONS (32),
# BENCH_THREADS (2), BENCH_USERS (customers signed in for the API runs, 16), BENCH_STARTS (start-up
# measurements per case, 3), BENCH_SKIP_MICRO=1 (no BenchmarkDotNet), BENCH_PORT_BASE (5190),
# BENCH_ENVIRONMENT (the Host's ASPNETCORE_ENVIRONMENT, Production: Development's settings are then given
# through the environment, so the same clients, admin, seed and migrations, without Development's extras),
# BENCH_HOST_R2R (1: the Host published for this machine's runtime, as it is deployed (ADR 0017); 0: the
# Release build, JIT only), BENCH_SKIP_TOPOLOGIES=1 (no scaled/split runs: they need root, PostgreSQL and
# RabbitMQ, as scripts/topology.sh does), BENCH_CHECKOUTS (measured checkouts per topology, 40), BENCH_CHECKOUT_WARMUP
# (checkouts before those, 200), BENCH_WARMUP (seconds
# of load through each proxy before the gateway comparison, 20), BENCH_PIN (1 on 2+ cores: wrk on core 0, the measured
# server on core 1, see "CPU per request" below; 0: nothing pinned), BENCH_WRITE_SECONDS (seconds of each raw write-limit
# run, 5), BENCH_ONLY_STARTUP=1 (only the start-up measurements, printed; no report written), BENCH_SPLIT_ROUTE (the
# split topology's module-to-module route: direct, the default, or gateway; see docs/topologies.md).
#
# The saga: after the POST /api/orders run, bench/saga.py reads the Ordering module's SQLite file for the orders still
# Pending, waits until none is, and gives each order's time from its 201 to Confirmed or Rejected (the report's
# "saga keeps up" row); the Host's CPU while it drains is counted per order too.
#
# CPU per request: every wrk run samples /proc/<pid>/stat (user + system time) of each measured process tree before and
# after (bench/proc_cpu.py); the difference over the requests served is the CPU time per request of that part, far
# steadier on 2 shared cores than requests/s. For the topologies it is summed over every process that served them
# (gateway, Hosts, PostgreSQL, RabbitMQ).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH=$ROOT/bench
DURATION=${BENCH_DURATION:-10}
CONNECTIONS=${BENCH_CONNECTIONS:-32}
THREADS=${BENCH_THREADS:-2}
USERS=${BENCH_USERS:-16}
STARTS=${BENCH_STARTS:-3}
WARMUP=${BENCH_WARMUP:-20}
PORT_BASE=${BENCH_PORT_BASE:-5190}
HOST_ENVIRONMENT=${BENCH_ENVIRONMENT:-Production}
HOST_R2R=${BENCH_HOST_R2R:-1}
HOST_PORT=$((PORT_BASE + 1)); RAW_PORT=$((PORT_BASE + 2)); GW_PORT=$((PORT_BASE + 3)); GW_INTERNAL_PORT=$((PORT_BASE + 4))
NGINX_PORT=$((PORT_BASE + 5)); HAPROXY_PORT=$((PORT_BASE + 6)); STARTUP_PORT=$((PORT_BASE + 7))
WORK=$(mktemp -d /tmp/shop-bench.XXXXXX)
WRITE_SECONDS=${BENCH_WRITE_SECONDS:-5}
PIN=${BENCH_PIN:-$( (( $(nproc) >= 2 )) && echo 1 || echo 0)}
RESULTS=$WORK/results.jsonl   # one JSON object a line: {"kind": ..., ...}
OUT=$ROOT/docs/benchmarks.md
PIDS=()

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
record() { printf '%s\n' "$1" >> "$RESULTS"; }

stop_pid() { # pid: TERM, then KILL after 5 s; only processes this script started
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
}
cleanup() {
  for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
  log "work files kept in $WORK"
}
trap cleanup EXIT

wait_http() { # url timeout-seconds [curl options]: 0 when it answers 2xx
  local url=$1 limit=$2; shift 2
  local end=$((SECONDS + limit))
  while (( SECONDS < end )); do
    curl -sf -o /dev/null --max-time 2 "$@" "$url" && return 0
    sleep 0.05
  done
  return 1
}

# ---------------------------------------------------------------------------------------------- ports
for port in $HOST_PORT $RAW_PORT $GW_PORT $GW_INTERNAL_PORT $NGINX_PORT $HAPROXY_PORT $STARTUP_PORT; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is in use: stop what listens there or set BENCH_PORT_BASE" >&2; exit 1
  fi
done

# ---------------------------------------------------------------------------------------------- tools
need=()
if [ "${BENCH_SKIP_TOPOLOGIES:-0}" != 1 ]; then
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
  [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] || need+=(rabbitmq-server)
fi
command -v wrk >/dev/null || need+=(wrk)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || need+=(nginx)
command -v haproxy >/dev/null || [ -x /usr/sbin/haproxy ] || need+=(haproxy)
if ((${#need[@]})); then
  log "installing ${need[*]} (apt-get)"
  apt-get update -qq >/dev/null 2>&1 || true
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null 2>&1 || log "apt-get install ${need[*]} failed"
fi
export PATH=$PATH:/usr/sbin
command -v wrk >/dev/null || { log "wrk is not available: cannot measure HTTP"; exit 1; }

# ---------------------------------------------------------------------------------------------- build
log "building (Release): Host, bench/RawKestrel, bench/Micro, Gateway"
if [ "$HOST_R2R" = 1 ]; then
  RID=$(dotnet --info | awk '/^ *RID:/ {print $2; exit}')
  log "publishing the Host for $RID (self-contained, composite ReadyToRun: ADR 0017)"
  dotnet publish -c Release -r "$RID" "$ROOT/src/Host/Host.csproj" -o "$WORK/host" -v q -nologo \
    > "$WORK/build-host.log" 2>&1 || { tail -20 "$WORK/build-host.log"; exit 1; }
  HOST_DLL=$WORK/host/Host.dll; HOST_FORM="published self-contained, composite ReadyToRun ($RID)"
else
  dotnet build -c Release "$ROOT/src/Host/Host.csproj" -v q -nologo > "$WORK/build-host.log" 2>&1 || { tail -20 "$WORK/build-host.log"; exit 1; }
  HOST_DLL=$ROOT/src/Host/bin/Release/net10.0/Host.dll; HOST_FORM="Release build (JIT)"
fi
dotnet build -c Release "$BENCH/RawKestrel/RawKestrel.csproj" -v q -nologo > "$WORK/build-raw.log" 2>&1 || { tail -20 "$WORK/build-raw.log"; exit 1; }
dotnet build -c Release "$BENCH/WriteLimit/WriteLimit.csproj" -v q -nologo > "$WORK/build-write.log" 2>&1 || { tail -20 "$WORK/build-write.log"; exit 1; }
dotnet build -c Release "$BENCH/Micro/Micro.csproj" -v q -nologo > "$WORK/build-micro.log" 2>&1 || { tail -20 "$WORK/build-micro.log"; exit 1; }
GATEWAY_OK=1; GATEWAY_WHY=""
if [ ! -f "$ROOT/src/Gateway/Gateway.csproj" ]; then
  GATEWAY_OK=0; GATEWAY_WHY="src/Gateway does not exist"
elif ! dotnet build -c Release "$ROOT/src/Gateway/Gateway.csproj" -v q -nologo > "$WORK/build-gateway.log" 2>&1; then
  GATEWAY_OK=0; GATEWAY_WHY="src/Gateway does not build (see $WORK/build-gateway.log)"
fi
RAW_DLL=$BENCH/RawKestrel/bin/Release/net10.0/RawKestrel.dll
MICRO_DLL=$BENCH/Micro/bin/Release/net10.0/Micro.dll
WRITE_DLL=$BENCH/WriteLimit/bin/Release/net10.0/WriteLimit.dll
GATEWAY_DLL=$ROOT/src/Gateway/bin/Release/net10.0/Gateway.dll

# Outside Development, Development's settings (clients, admin, seed, migrations at start-up) go in as environment
# variables (Section__Key=value), so that every environment serves the same data.
DEV_SETTINGS=()
if [ "$HOST_ENVIRONMENT" != Development ]; then
  mapfile -t DEV_SETTINGS < <(python3 - "$ROOT/src/Host/appsettings.Development.json" <<'PY'
import json, sys
def walk(prefix, value):
    if isinstance(value, dict):
        for key, item in value.items(): yield from walk(prefix + [key], item)
    elif isinstance(value, list):
        for index, item in enumerate(value): yield from walk(prefix + [str(index)], item)
    else:
        yield "__".join(prefix), value if isinstance(value, str) else json.dumps(value)
for key, value in walk([], json.load(open(sys.argv[1]))):
    print(f"{key}={value}")
PY
  )
fi

# Outside Development the Host refuses to start without a key-encryption key (ADR 0011): a throwaway one, outside every
# data folder.
mkdir -p "$WORK/kek" && (umask 077 && openssl req -x509 -newkey rsa:3072 -nodes -days 2 -subj "/CN=shop bench kek" \
  -keyout "$WORK/kek/kek.key" -out "$WORK/kek/kek.crt" >/dev/null 2>&1) || { log "openssl could not make a KEK"; exit 1; }

host_env() { # data-dir port command...: runs the command (exec) in the Host's folder with the benchmark settings
  local dir=$1 port=$2; shift 2
  cd "$(dirname "$HOST_DLL")" || return 1
  exec env "${DEV_SETTINGS[@]}" ASPNETCORE_ENVIRONMENT="$HOST_ENVIRONMENT" Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Microsoft.AspNetCore=Warning Logging__LogLevel__Microsoft.EntityFrameworkCore=Warning \
    Database__DataDirectory="$dir" Auth__Issuer="http://localhost:$port/" AllowedHosts="localhost;127.0.0.1" \
    Identity__RateLimits__SignInPerMinute=100000 Identity__RateLimits__RegisterPerMinute=100000 \
    Identity__RateLimits__TokenPerMinute=100000 \
    Ordering__CustomerLimits__UnitsPerProduct=0 Ordering__CustomerLimits__OpenOrders=0 \
    Identity__KeyEncryption__CertificatePath="$WORK/kek/kek.crt" Identity__KeyEncryption__KeyPath="$WORK/kek/kek.key" \
    OTEL_SDK_DISABLED=true "$@"
}

# ---------------------------------------------------------------------------------------------- 6. start-up
# From the moment the process is started (dotnet Host.dll) to the first 200 of /health/ready, polled
# every 50 ms. "fresh": an empty data folder (migrations, keys, seed); "existing": the folder of a previous run.
log "start-up: $STARTS fresh and $STARTS existing data folders"
EXISTING=$WORK/data-existing
measure_start() { # data-dir case
  local dir=$1 case=$2 t0 t1 pid
  t0=$(date +%s%N)
  (host_env "$dir" "$STARTUP_PORT" dotnet "$HOST_DLL" --urls "http://localhost:$STARTUP_PORT") >> "$WORK/startup.log" 2>&1 &
  pid=$!
  if wait_http "http://localhost:$STARTUP_PORT/health/ready" 120; then
    t1=$(date +%s%N)
    record "{\"kind\":\"startup\",\"case\":\"$case\",\"ms\":$(( (t1 - t0) / 1000000 ))}"
  else
    log "start-up ($case) never became ready"
    record "{\"kind\":\"startup\",\"case\":\"$case\",\"ms\":null}"
  fi
  stop_pid "$pid"
}
mkdir -p "$EXISTING"
measure_start "$EXISTING" prepare   # creates the existing folder (not counted: it is a fresh start too)
sed -i '/"case":"prepare"/d' "$RESULTS"
for n in $(seq 1 "$STARTS"); do
  mkdir -p "$WORK/data-fresh-$n"
  measure_start "$WORK/data-fresh-$n" fresh
  measure_start "$EXISTING" existing
done

if [ "${BENCH_ONLY_STARTUP:-0}" = 1 ]; then
  grep '"kind":"startup"' "$RESULTS"
  exit 0
fi

# ---------------------------------------------------------------------------------------------- servers
log "starting the Host (Release, SQLite, Development seed, Warning logs) on :$HOST_PORT"
HOST_DATA=$WORK/data-host; mkdir -p "$HOST_DATA"
(host_env "$HOST_DATA" "$HOST_PORT" dotnet "$HOST_DLL" --urls "http://localhost:$HOST_PORT") > "$WORK/host.log" 2>&1 &
HOST_PID=$!; PIDS+=("$HOST_PID")
wait_http "http://localhost:$HOST_PORT/health/ready" 120 && kill -0 "$HOST_PID" 2>/dev/null \
  || { log "the Host did not become ready"; tail -30 "$WORK/host.log"; exit 1; }

log "starting the raw Kestrel app on :$RAW_PORT"
ASPNETCORE_URLS="http://127.0.0.1:$RAW_PORT" dotnet "$RAW_DLL" > "$WORK/raw.log" 2>&1 &
RAW_PID=$!; PIDS+=("$RAW_PID")
wait_http "http://127.0.0.1:$RAW_PORT/" 60 || { log "the raw Kestrel app did not start"; exit 1; }

# Idle working set: after start-up and a few requests, before any load.
for _ in $(seq 1 20); do
  curl -s -o /dev/null "http://localhost:$HOST_PORT/health/ready"
  curl -s -o /dev/null "http://localhost:$HOST_PORT/api/catalog/products?pageSize=20"
done
sleep 1
RSS_KB=$(awk '/^VmRSS/ {print $2}' "/proc/$HOST_PID/status")
record "{\"kind\":\"rss\",\"kb\":$RSS_KB}"

log "signing in $USERS customers (authorization code + PKCE through the login form)"
TOKENS=$WORK/tokens.txt
bash "$BENCH/tokens.sh" "http://localhost:$HOST_PORT" "$USERS" > "$TOKENS" 2> "$WORK/tokens.log"
GOT=$(grep -c . "$TOKENS" || true)
(( GOT > 0 )) || { log "no token could be obtained"; cat "$WORK/tokens.log"; exit 1; }
(( GOT == USERS )) || log "only $GOT of $USERS tokens"
PRODUCTS=$WORK/products.txt
curl -sf "http://localhost:$HOST_PORT/api/catalog/products?pageSize=100" \
  | python3 -c 'import json,sys; [print(p["id"]) for p in json.load(sys.stdin)["items"]]' > "$PRODUCTS"
PRODUCT=$(head -1 "$PRODUCTS")

export BENCH_LUA=$BENCH/lua BENCH_TOKENS=$TOKENS BENCH_PRODUCTS=$PRODUCTS BENCH_RUN_ID=$(date +%s)

# What the next wrk runs measure: NAME=PID[,PID...] entries (process trees), and whether they are pinned.
MEASURE=(); PINNED=0
measure() { MEASURE=("$@"); }
cpu_sample() { python3 "$BENCH/proc_cpu.py" "${MEASURE[@]}"; }
# pin core pid...: every thread of those processes (and their children) on one core; threads made later inherit it.
pin() {
  local core=$1 pid child; shift
  (( PIN )) || return 0
  for pid in "$@"; do
    taskset -a -p -c "$core" "$pid" >/dev/null 2>&1 || log "could not pin $pid"
    for child in $(pgrep -P "$pid" 2>/dev/null); do taskset -a -p -c "$core" "$child" >/dev/null 2>&1 || true; done
  done
}
unpin() { local pid; for pid in "$@"; do taskset -a -p -c "0-$(( $(nproc) - 1 ))" "$pid" >/dev/null 2>&1 || true; done; }
WRK=(wrk)
wrk_pinned() { if (( PIN )); then WRK=(taskset -c 0 wrk); PINNED=1; else WRK=(wrk); PINNED=0; fi; }
wrk_free() { WRK=(wrk); PINNED=0; }

wrk_run() { # group name url script [BENCH_PATH]; appends {"kind":"wrk",...} with the CPU of the measured processes
  local group=$1 name=$2 url=$3 script=$4 path=${5:-} line before='{}' after='{}'
  log "wrk $name: $url (${DURATION}s, $THREADS threads, $CONNECTIONS connections)"
  ((${#MEASURE[@]})) && before=$(cpu_sample)
  line=$(BENCH_PATH=$path "${WRK[@]}" -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s -s "$BENCH/lua/$script" "$url" 2>&1 | tee -a "$WORK/wrk.log" | grep '^{"requests"' | tail -1)
  ((${#MEASURE[@]})) && after=$(cpu_sample)
  if [ -z "$line" ]; then
    log "wrk $name gave no result"; line='{"rps":null}'
  fi
  record "{\"kind\":\"wrk\",\"group\":\"$group\",\"name\":\"$name\",\"pinned\":$PINNED,\"result\":$line,\"cpu_before\":$before,\"cpu_after\":$after}"
}

# ---------------------------------------------------------------------------------------------- write limit
# The write path's physical limit, as raw Kestrel is the read path's: raw one-row transactions per second through the
# same SQLite library, pragmas and disk as the Host's data folder (bench/WriteLimit), or PostgreSQL for the topologies.
write_limit() { # name kind target writers
  local name=$1 kind=$2 target=$3 writers=$4 line
  log "write limit: $name ($kind, $writers writer(s), ${WRITE_SECONDS}s)"
  line=$(dotnet "$WRITE_DLL" "$kind" "$target" "$WRITE_SECONDS" "$writers" 2> "$WORK/write-$name.log" | tail -1)
  [ -n "$line" ] && record "{\"kind\":\"write-limit\",\"name\":\"$name\",\"result\":$line}" \
    || log "write limit $name failed (see $WORK/write-$name.log)"
}

# ---------------------------------------------------------------------------------------------- 2. API throughput
# The raw limit is measured before and after the API runs: the report uses their mean (and shows both).
H=http://localhost:$HOST_PORT
# Warm-up (not recorded): the Host's tiered JIT needs 10-20 s of full load to reach its steady code, like the gateway's.
for path in "/api/catalog/products/$PRODUCT" /api/cart; do
  BENCH_PATH=$path wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH/lua/get.lua" "$H$path" >> "$WORK/wrk-warmup.log" 2>&1
done
# Pinned (BENCH_PIN=1): wrk on core 0, the measured server alone on core 1 (the other one idles meanwhile).
pin 1 "$HOST_PID" "$RAW_PID"; wrk_pinned
measure "raw=$RAW_PID"
wrk_run api raw-before "http://127.0.0.1:$RAW_PORT/" get.lua /
measure "host=$HOST_PID"
wrk_run api product-get "$H/api/catalog/products/$PRODUCT" get.lua "/api/catalog/products/$PRODUCT"
wrk_run api cart-get "$H/api/cart" get.lua /api/cart
wrk_run api cart-add "$H/api/cart/items" add_item.lua
ORDERS_SINCE=$(date +%s.%N)
wrk_run api place-order "$H/api/orders" place_order.lua
# Whether the saga kept up: the orders still Pending when the load stopped, the time until none is, the 201-to-decided
# times of the run's orders, and the Host's CPU while it drains (bench/saga.py).
SAGA_BEFORE=$(cpu_sample)
SAGA=$(python3 "$BENCH/saga.py" "$HOST_DATA/ordering.db" "$ORDERS_SINCE" 120 2> "$WORK/saga.log")
record "{\"kind\":\"saga\",\"result\":${SAGA:-null},\"cpu_before\":$SAGA_BEFORE,\"cpu_after\":$(cpu_sample)}"
measure "raw=$RAW_PID"
wrk_run api raw-after "http://127.0.0.1:$RAW_PORT/" get.lua /
measure; wrk_free; unpin "$HOST_PID" "$RAW_PID"
write_limit sqlite sqlite "$WORK/write-limit.db" 1

# ---------------------------------------------------------------------------------------------- 1. gateway overhead
# One backend (the raw Kestrel app: it answers any path, so the proxies' own cost is not hidden behind
# the Host's), reached directly (HTTP), through our gateway (TLS, JWT validation against the Host's JWKS,
# per-user rate limiter with a limit too high to reject, consistent-hash load balancing on the cart
# route), through nginx (TLS, proxying only) and haproxy (TLS, proxying only); GET /api/cart with a token.
if (( GATEWAY_OK )); then
  log "gateway overhead"
  openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=localhost" -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    -keyout "$WORK/tls.key" -out "$WORK/tls.crt" >/dev/null 2>&1
  cat "$WORK/tls.crt" "$WORK/tls.key" > "$WORK/tls.pem"
  (cd "$(dirname "$GATEWAY_DLL")" && exec env ASPNETCORE_ENVIRONMENT=Production AllowedHosts="localhost;127.0.0.1" \
    Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Microsoft.AspNetCore=Warning Logging__LogLevel__Yarp=Warning OTEL_SDK_DISABLED=true \
    Kestrel__Endpoints__Https__Url="https://localhost:$GW_PORT" \
    Kestrel__Endpoints__Https__Certificate__Path="$WORK/tls.crt" Kestrel__Endpoints__Https__Certificate__KeyPath="$WORK/tls.key" \
    Kestrel__Endpoints__Internal__Url="http://127.0.0.1:$GW_INTERNAL_PORT" \
    Auth__Issuer="http://localhost:$HOST_PORT/" Auth__Authority="http://localhost:$HOST_PORT/" Auth__RequireHttpsMetadata=false \
    Gateway__Hosts__0="http://127.0.0.1:$RAW_PORT" Gateway__RateLimit__PermitLimit=100000000 \
    dotnet "$GATEWAY_DLL" > "$WORK/gateway.log" 2>&1) &
  GW_PID=$!; PIDS+=("$GW_PID")
  if ! wait_http "https://localhost:$GW_PORT/api/cart" 60 -k -H "Authorization: Bearer $(head -1 "$TOKENS")"; then
    GATEWAY_OK=0
    GATEWAY_WHY="the gateway did not answer 2xx to an authenticated GET /api/cart (see $WORK/gateway.log: $(curl -sk -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $(head -1 "$TOKENS")" "https://localhost:$GW_PORT/api/cart"))"
    stop_pid "$GW_PID"
  fi
fi
if (( GATEWAY_OK )); then
  cat > "$WORK/nginx.conf" <<EOF
worker_processes 1;
pid $WORK/nginx.pid;
error_log $WORK/nginx-error.log warn;
daemon off;
events { worker_connections 4096; }
http {
  access_log off;
  upstream backend { server 127.0.0.1:$RAW_PORT; keepalive 64; }
  server {
    listen 127.0.0.1:$NGINX_PORT ssl;
    ssl_certificate $WORK/tls.crt;
    ssl_certificate_key $WORK/tls.key;
    location / {
      proxy_pass http://backend;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto https;
    }
  }
}
EOF
  cat > "$WORK/haproxy.cfg" <<EOF
global
  nbthread 1
  maxconn 4096
defaults
  mode http
  timeout connect 5s
  timeout client 30s
  timeout server 30s
  option http-keep-alive
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT ssl crt $WORK/tls.pem
  option forwardfor
  http-request set-header X-Forwarded-Proto https
  default_backend be
backend be
  http-reuse always
  server raw 127.0.0.1:$RAW_PORT
EOF
  nginx -c "$WORK/nginx.conf" > "$WORK/nginx.log" 2>&1 &
  NGINX_PID=$!; PIDS+=("$NGINX_PID")
  haproxy -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
  HAPROXY_PID=$!; PIDS+=("$HAPROXY_PID")
  wait_http "https://127.0.0.1:$NGINX_PORT/api/cart" 20 -k || log "nginx did not start (see $WORK/nginx-error.log)"
  wait_http "https://127.0.0.1:$HAPROXY_PORT/api/cart" 20 -k || log "haproxy did not start (see $WORK/haproxy.log)"
  # Workers: nginx and haproxy get one worker/thread each, like the gateway's one process on 2 cores shared with wrk.
  # Warm-up (not recorded): $WARMUP s through each. Under full load on 2 cores the gateway's tiered JIT (with
  # dynamic PGO) needs 10-20 s to reach its steady code: after a 3 s warm-up it served 2.5x fewer requests/s.
  for url in "https://localhost:$GW_PORT/api/cart" "https://127.0.0.1:$NGINX_PORT/api/cart" "https://127.0.0.1:$HAPROXY_PORT/api/cart"; do
    BENCH_PATH=/api/cart wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" -s "$BENCH/lua/get.lua" "$url" >> "$WORK/wrk-warmup.log" 2>&1
  done
  # Pinned (BENCH_PIN=1): each proxy alone on core 1; wrk and the backend share core 0. CPU per request is read for
  # the proxy (its whole process tree: nginx's worker, haproxy's thread, the gateway) and for the backend.
  pin 1 "$GW_PID" "$NGINX_PID" "$HAPROXY_PID"; pin 0 "$RAW_PID"; wrk_pinned
  for round in "" -2; do
    names=(direct gateway nginx haproxy); [ "$round" = -2 ] && names=(haproxy nginx gateway direct)
    for name in "${names[@]}"; do
      case $name in
        direct) measure "backend=$RAW_PID"; url="http://127.0.0.1:$RAW_PORT/api/cart" ;;
        gateway) measure "proxy=$GW_PID" "backend=$RAW_PID"; url="https://localhost:$GW_PORT/api/cart" ;;
        nginx) measure "proxy=$NGINX_PID" "backend=$RAW_PID"; url="https://127.0.0.1:$NGINX_PORT/api/cart" ;;
        haproxy) measure "proxy=$HAPROXY_PID" "backend=$RAW_PID"; url="https://127.0.0.1:$HAPROXY_PORT/api/cart" ;;
      esac
      # the second round in the other order, so that drift of the shared machine shows
      wrk_run gateway "$name$round" "$url" get.lua /api/cart
    done
  done
  measure; wrk_free
else
  log "SKIPPED gateway overhead: $GATEWAY_WHY"
fi
record "{\"kind\":\"gateway-status\",\"ok\":$GATEWAY_OK,\"why\":$(python3 -c 'import json,sys; print(json.dumps(sys.argv[1]))' "$GATEWAY_WHY")}"

# stop the servers before the micro-benchmarks
for pid in "${PIDS[@]}"; do stop_pid "$pid"; done
PIDS=()

# ---------------------------------------------------------------------------------------------- 4. + 5. micro
if [ "${BENCH_SKIP_MICRO:-0}" != 1 ]; then
  filters=('*ContractDispatch*')
  if (( GATEWAY_OK )) || [ -f "$GATEWAY_DLL" ]; then filters+=('*ConsistentHashLookup*'); fi
  log "BenchmarkDotNet: ${filters[*]}"
  # BenchmarkDotNet builds a boilerplate project next to Micro.csproj: run from its folder.
  (cd "$BENCH/Micro" && GATEWAY_DLL=$GATEWAY_DLL dotnet "$MICRO_DLL" --filter "${filters[@]}" \
      --launchCount 1 --warmupCount 3 --iterationCount 8 --iterationTime 250 \
      --exporters json --artifacts "$WORK/bdn" > "$WORK/bdn.log" 2>&1) || log "BenchmarkDotNet failed (see $WORK/bdn.log)"
  python3 - "$WORK/bdn" >> "$RESULTS" <<'PY'
import glob, json, sys
seen = set()
for path in sorted(glob.glob(sys.argv[1] + "/results/*.json")):
    data = json.load(open(path))
    for b in data.get("Benchmarks", []):
        key = (b.get("Type"), b.get("Method"), b.get("Parameters"))
        if key in seen:
            continue
        seen.add(key)
        stats = b.get("Statistics") or {}
        mem = b.get("Memory") or {}
        print(json.dumps({"kind": "micro", "type": b.get("Type"), "method": b.get("Method"), "params": b.get("Parameters") or "",
                          "mean_ns": stats.get("Mean"), "median_ns": stats.get("Median"), "stddev_ns": stats.get("StandardDeviation"),
                          "bytes": mem.get("BytesAllocatedPerOperation")}))
PY
fi
if [ -f "$GATEWAY_DLL" ]; then
  log "consistent-hash spread and movement (1M keys)"
  for vn in 160 640; do
    line=$(GATEWAY_DLL=$GATEWAY_DLL dotnet "$MICRO_DLL" hashring-stats "$vn" 2> "$WORK/hashring.log" | tail -1)
    [ -n "$line" ] && record "{\"kind\":\"hashring\",\"result\":$line}" || log "hashring-stats failed (see $WORK/hashring.log)"
  done
else
  log "SKIPPED consistent hashing: no Gateway build"
fi

# ---------------------------------------------------------------------------------------------- 2. scaled + 3. checkout
# Checkout latency (bench/Checkout) on the monolith, then the scaled and split topologies started with
# scripts/topology.sh exactly as a user starts them (Release builds, Development); on scaled also the API calls
# of section 2 through the gateway. Release builds for all three, so the figures compare.
if [ "${BENCH_SKIP_TOPOLOGIES:-0}" != 1 ]; then
  CHECKOUTS=${BENCH_CHECKOUTS:-40}
  # Warm-up orders before the measured ones, for every topology alike: 200, like the 20 s of load the other runs get
  # first, so each process's hot code has left the JIT's first tier. The split topology spreads a checkout over four
  # processes, and with 5 warm-up orders it measured mostly that warm-up (2026-11-28: 54.6 against 18.7 ms p50).
  CHECKOUT_WARMUP=${BENCH_CHECKOUT_WARMUP:-200}
  log "building (Release): Host, Gateway, bench/Checkout"
  for project in src/Host/Host.csproj src/Gateway/Gateway.csproj bench/Checkout/Checkout.csproj; do
    dotnet build -c Release "$ROOT/$project" -v q -nologo > "$WORK/build-topology.log" 2>&1 || { tail -20 "$WORK/build-topology.log"; exit 1; }
  done
  CHECKOUT_DLL=$BENCH/Checkout/bin/Release/net10.0/Checkout.dll
  # Every process below inherits these: quiet logs, and limits that never reject the benchmark's one address or its
  # customers' many open orders (Ordering:CustomerLimits).
  export Logging__LogLevel__Default=Warning OTEL_SDK_DISABLED=true \
    Identity__RateLimits__SignInPerMinute=100000 Identity__RateLimits__RegisterPerMinute=100000 \
    Identity__RateLimits__TokenPerMinute=100000 Gateway__RateLimit__PermitLimit=100000000 \
    Ordering__CustomerLimits__UnitsPerProduct=0 Ordering__CustomerLimits__OpenOrders=0

  checkout_run() { # topology url [--ca file]: appends {"kind":"checkout",...} with the CPU of the measured processes
    local topology=$1 url=$2 line before='{}' after='{}'; shift 2
    log "checkout latency on $topology ($CHECKOUT_WARMUP warm-up orders, then $CHECKOUTS)"
    ((${#MEASURE[@]})) && before=$(cpu_sample)
    line=$(dotnet "$CHECKOUT_DLL" --url "$url" --orders "$CHECKOUTS" --warmup "$CHECKOUT_WARMUP" "$@" \
      2> "$WORK/checkout-$topology.log" | tail -1)
    ((${#MEASURE[@]})) && after=$(cpu_sample)
    [ -n "$line" ] && record "{\"kind\":\"checkout\",\"topology\":\"$topology\",\"warmup\":$CHECKOUT_WARMUP,\"result\":$line,\"cpu_before\":$before,\"cpu_after\":$after}" \
      || log "checkout on $topology failed (see $WORK/checkout-$topology.log)"
  }

  MONO_PORT=$((PORT_BASE + 9)); MONO_DATA=$WORK/data-monolith; mkdir -p "$MONO_DATA"
  (cd "$ROOT/src/Host" && exec env ASPNETCORE_ENVIRONMENT=Development dotnet bin/Release/net10.0/Host.dll \
    --urls "http://localhost:$MONO_PORT" --Database:DataDirectory="$MONO_DATA" --Auth:Issuer="http://localhost:$MONO_PORT/") \
    > "$WORK/monolith.log" 2>&1 &
  MONO_PID=$!; PIDS+=("$MONO_PID")
  if wait_http "http://localhost:$MONO_PORT/health/ready" 120; then
    measure "host=$MONO_PID"
    checkout_run monolith "http://localhost:$MONO_PORT/"
    measure
  else
    log "the monolith did not become ready (see $WORK/monolith.log)"
  fi
  stop_pid "$MONO_PID"

  for topology in scaled split; do
    log "starting the $topology topology (scripts/topology.sh)"
    # Not under $WORK (mode 700): PostgreSQL runs as the postgres user and must reach its folder.
    tdir=/tmp/shop-bench-topology-$topology; rm -rf "$tdir"
    SHOP_TOPOLOGY_DIR=$tdir SHOP_TOPOLOGY_CONFIG=Release SHOP_TOPOLOGY_BUILD=false \
      SHOP_SPLIT_ROUTE=${BENCH_SPLIT_ROUTE:-direct} bash "$ROOT/scripts/topology.sh" "$topology" > "$WORK/topology-$topology.log" 2>&1 &
    TOPOLOGY_PID=$!; PIDS+=("$TOPOLOGY_PID")
    end=$((SECONDS + 300))
    while [ ! -f "$tdir/ready" ] && kill -0 "$TOPOLOGY_PID" 2>/dev/null && (( SECONDS < end )); do sleep 1; done
    if [ ! -f "$tdir/ready" ]; then
      log "the $topology topology did not start (see $WORK/topology-$topology.log)"; tail -20 "$WORK/topology-$topology.log" >&2
      stop_pid "$TOPOLOGY_PID"; continue
    fi
    G=$(cat "$tdir/ready"); CA=$ROOT/certs/gateway.crt
    # Every process that serves the topology, in parts: CPU per request is their sum (not pinned: too many processes
    # for two cores).
    hosts=$(for f in "$tdir"/*.pid; do [ "$(basename "$f")" = gateway.pid ] || cat "$f"; done | paste -sd,)
    measure "gateway=$(cat "$tdir/gateway.pid")" "hosts=$hosts" \
      "postgres=$(head -1 "$tdir/postgres/data/postmaster.pid" 2>/dev/null)" \
      "rabbitmq=$(cat "$tdir/rabbitmq/rabbitmq.pid" 2>/dev/null)"
    if [ "$topology" = scaled ]; then
      pg=$(sed -n 's/.*PostgreSQL: //p' "$WORK/topology-$topology.log" | head -1)
      [ -n "$pg" ] && write_limit postgres postgres "$pg" 8
    fi
    checkout_run "$topology" "$G/" --ca "$CA"
    if [ "$topology" = scaled ]; then
      log "signing in $USERS customers through the gateway"
      SCALED_TOKENS=$WORK/tokens-scaled.txt; SCALED_PRODUCTS=$WORK/products-scaled.txt
      CURL_CA_BUNDLE=$CA bash "$BENCH/tokens.sh" "$G" "$USERS" scaled > "$SCALED_TOKENS" 2> "$WORK/tokens-scaled.log"
      curl -sf --cacert "$CA" "$G/api/catalog/products?pageSize=100" \
        | python3 -c 'import json,sys; [print(p["id"]) for p in json.load(sys.stdin)["items"]]' > "$SCALED_PRODUCTS"
      if [ -s "$SCALED_TOKENS" ] && [ -s "$SCALED_PRODUCTS" ]; then
        P=$(head -1 "$SCALED_PRODUCTS")
        export BENCH_TOKENS=$SCALED_TOKENS BENCH_PRODUCTS=$SCALED_PRODUCTS
        wrk_run scaled product-get "$G/api/catalog/products/$P" get.lua "/api/catalog/products/$P"
        wrk_run scaled cart-get "$G/api/cart" get.lua /api/cart
        wrk_run scaled cart-add "$G/api/cart/items" add_item.lua
        wrk_run scaled place-order "$G/api/orders" place_order.lua
        export BENCH_TOKENS=$TOKENS BENCH_PRODUCTS=$PRODUCTS
      else
        log "no tokens or products on the scaled topology (see $WORK/tokens-scaled.log)"
      fi
    fi
    measure
    # TERM: the script stops its processes, then RabbitMQ and PostgreSQL.
    kill -TERM "$TOPOLOGY_PID" 2>/dev/null; wait "$TOPOLOGY_PID" 2>/dev/null
  done
fi

# ---------------------------------------------------------------------------------------------- report
CORES=$(nproc); MEM_GIB=$(awk '/MemTotal/ {printf "%.1f", $2/1048576}' /proc/meminfo)
CPU=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
python3 "$BENCH/report.py" "$RESULTS" "$OUT" \
  --cores "$CORES" --memory "$MEM_GIB GiB" --cpu "$CPU" --date "$(date -u '+%Y-%m-%d %H:%M UTC')" \
  --commit "$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')" \
  --dotnet "$(dotnet --version)" --wrk "$(wrk -v 2>&1 | head -1 | awk '{print $2}')" \
  --load "$(cut -d' ' -f1-3 /proc/loadavg)" \
  --settings "wrk ${DURATION}s, $THREADS threads, $CONNECTIONS connections; $USERS customers; split route: ${BENCH_SPLIT_ROUTE:-direct}" \
  --warmup "$WARMUP" \
  --host "$HOST_FORM, \`ASPNETCORE_ENVIRONMENT=$HOST_ENVIRONMENT\`"
status=$?
(( status == 0 )) && log "wrote $OUT" || log "report failed ($status); results in $RESULTS"
exit $status
