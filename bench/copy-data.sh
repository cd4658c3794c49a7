#!/usr/bin/env bash
# Growing up, measured: a monolith with BENCH_ORDERS (default 50,000) delivered orders on SQLite is backed up,
# restored, copied to PostgreSQL with copy-data, and verified there; prints the time and size of each step and the
# copy's rows per second (docs/benchmarks.md, "Growing up").
#
#   bench/copy-data.sh            # PostgreSQL: a private one from scripts/ci-postgres.sh on SHOP_PG_PORT (default 25452)
#   BENCH_POSTGRES='Host=...;Database=empty;...' bench/copy-data.sh     # or an existing, empty database
set -euo pipefail

repo=$(cd "$(dirname "$0")/.." && pwd)
orders=${BENCH_ORDERS:-50000}
work=${BENCH_DIR:-/tmp/shop-bench-copy-data}
host_dll=$repo/src/Host/bin/Release/net10.0/Host.dll
export SHOP_PG_PORT=${SHOP_PG_PORT:-25452} SHOP_PG_DIR=${SHOP_PG_DIR:-$work/postgres}

rm -rf "$work/data" "$work/backup" "$work/restored"
mkdir -p "$work"
pg_started=false
if [[ -z ${BENCH_POSTGRES:-} ]]; then
    BENCH_POSTGRES=$("$repo/scripts/ci-postgres.sh" start)
    pg_started=true
fi
trap '$pg_started && "$repo/scripts/ci-postgres.sh" stop >/dev/null 2>&1 || true' EXIT

dotnet build -c Release -nologo -v q "$repo/src/Host/Host.csproj" >/dev/null
host() { (cd "$repo/src/Host" && dotnet "$host_dll" "$@"); }
sqlite=(--Database:DataDirectory="$work/data")
timed() { # timed <label> <command...>: runs it, prints its last line and how long it took
    local begin=$(date +%s.%N)
    "${@:2}" >"$work/$1.log" 2>&1 || { tail -n 30 "$work/$1.log" >&2; exit 1; }
    local seconds=$(echo "$(date +%s.%N) - $begin" | bc)
    printf '%-10s %6.1f s   %s\n' "$1" "$seconds" "$(tail -n 2 "$work/$1.log" | head -n 1)"
    eval "${1//-/_}_seconds=$seconds"
}

host migrate "${sqlite[@]}" >/dev/null
python3 "$repo/bench/copy-data/seed.py" "$work/data" "$orders"
timed backup host backup "${sqlite[@]}" --out "$work/backup"
echo "           backup size $(du -sh "$work/backup" | cut -f1), SQLite files $(du -ch "$work/data"/*.db | tail -n 1 | cut -f1)"
timed restore host restore --Database:DataDirectory="$work/restored" --from "$work/backup"
timed copy-data host copy-data "${sqlite[@]}" --to-provider Postgres --to-connection "$BENCH_POSTGRES"
timed verify host verify --Database:Provider=Postgres "--ConnectionStrings:Shop=$BENCH_POSTGRES"
rows=$(python3 -c 'import json,sys; m=json.load(open(sys.argv[1])); print(sum(t["rows"] for x in m["modules"] for t in x["tables"]))' "$work/backup/manifest.json")
echo "copy-data: $rows rows in ${copy_data_seconds} s = $(echo "$rows / $copy_data_seconds" | bc) rows/s (read, written, read back and checksummed)"
