#!/usr/bin/env bash
# Integration-event figures of docs/benchmarks.md (issue #17), one command: `bash bench/events.sh`.
# Builds Release, then prints one JSON line per figure:
#   - end-to-end events/s from the outbox hand-over to handled, in one process (SQLite) and through RabbitMQ
#     (bench/Events monolith|rabbitmq);
#   - publisher throughput, one confirm per message against batched confirms (bench/Events publisher);
#   - p50/p99 of an order's 201 -> Confirmed on the monolith Host (bench/Checkout, createdToConfirmed*).
# Knobs: BENCH_EVENTS (2000), BENCH_CHECKOUTS (200), BENCH_PORT (5290), SHOP_BENCH_RABBITMQ (an AMQP URI; else a
# private broker is started with scripts/ci-rabbitmq.sh on SHOP_RMQ_* ports, default 2771x, and stopped after).
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
EVENTS=${BENCH_EVENTS:-2000}
CHECKOUTS=${BENCH_CHECKOUTS:-200}
PORT=${BENCH_PORT:-5290}
WORK=$(mktemp -d /tmp/shop-bench-events.XXXXXX)
export SHOP_RMQ_PORT=${SHOP_RMQ_PORT:-27711} SHOP_RMQ_DIST_PORT=${SHOP_RMQ_DIST_PORT:-27712}
export SHOP_RMQ_EPMD_PORT=${SHOP_RMQ_EPMD_PORT:-27713} SHOP_RMQ_DIR=${SHOP_RMQ_DIR:-/tmp/shop-bench-rabbitmq}
started_broker=0
host_pid=
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  [ "$started_broker" = 1 ] && bash "$ROOT/scripts/ci-rabbitmq.sh" stop > /dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT

for project in src/Host/Host.csproj bench/Checkout/Checkout.csproj bench/Events/Events.csproj; do
  dotnet build -c Release "$ROOT/$project" -v q -nologo > "$WORK/build.log" 2>&1 || { tail -20 "$WORK/build.log"; exit 1; }
done

broker=${SHOP_BENCH_RABBITMQ:-}
if [ -z "$broker" ]; then
  broker=$(bash "$ROOT/scripts/ci-rabbitmq.sh" start); started_broker=1
fi

EVENTS_DLL=$ROOT/bench/Events/bin/Release/net10.0/Events.dll
for mode in monolith rabbitmq publisher; do
  dotnet "$EVENTS_DLL" "$mode" --events "$EVENTS" --rabbitmq "$broker" 2> "$WORK/events-$mode.log" | tail -1
done

data=$WORK/data; mkdir -p "$data"
(cd "$ROOT/src/Host" && exec env ASPNETCORE_ENVIRONMENT=Development Logging__LogLevel__Default=Warning \
  OTEL_SDK_DISABLED=true Identity__RateLimits__TokenPerMinute=100000 dotnet bin/Release/net10.0/Host.dll \
  --urls "http://localhost:$PORT" --Database:DataDirectory="$data" --Auth:Issuer="http://localhost:$PORT/") \
  > "$WORK/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 120); do
  curl -sf "http://localhost:$PORT/health/ready" > /dev/null 2>&1 && break
  sleep 1
done
dotnet "$ROOT/bench/Checkout/bin/Release/net10.0/Checkout.dll" --url "http://localhost:$PORT/" --orders "$CHECKOUTS" \
  2> "$WORK/checkout.log" | tail -1 || { tail -20 "$WORK/checkout.log" "$WORK/host.log" >&2; exit 1; }
