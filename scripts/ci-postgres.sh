#!/usr/bin/env bash
# A private, throwaway PostgreSQL for tests: `scripts/ci-postgres.sh start` installs it if missing, starts it on
# 127.0.0.1:${SHOP_PG_PORT:-25432} with its data and socket under ${SHOP_PG_DIR:-/tmp/shop-ci-postgres}, creates
# the role `shop` (password `shop`, may create databases) and the database `shop`, and prints the connection
# string; `stop` stops it and deletes everything it made. fsync is off: nothing here must survive a crash.
set -euo pipefail

port=${SHOP_PG_PORT:-25432}
root=${SHOP_PG_DIR:-/tmp/shop-ci-postgres}
data=$root/data
sockets=$root/sockets
log=$root/postgres.log

bin_dir() {
    local initdb
    initdb=$(ls -d /usr/lib/postgresql/*/bin/initdb 2>/dev/null | sort -V | tail -n 1 || true)
    [[ -n $initdb ]] && dirname "$initdb"
}

as_postgres() { runuser -u postgres -- "$@"; }

start() {
    local bin
    bin=$(bin_dir || true)
    if [[ -z $bin ]]; then
        echo "Installing PostgreSQL..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq postgresql >&2
        bin=$(bin_dir)
    fi

    stop quietly
    mkdir -p "$data" "$sockets"
    chown -R postgres:postgres "$root"
    if ! as_postgres test -x "$data"; then
        echo "The postgres user cannot reach $data: every folder above it must be traversable (chmod o+x)," \
            "e.g. not under a mktemp -d folder (mode 700). Set SHOP_PG_DIR elsewhere." >&2
        exit 1
    fi
    as_postgres "$bin/initdb" -D "$data" -U postgres --auth-local=trust --auth-host=scram-sha-256 --no-sync >/dev/null
    as_postgres "$bin/pg_ctl" -D "$data" -l "$log" -w -o \
        "-p $port -c listen_addresses=127.0.0.1 -c unix_socket_directories=$sockets -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
        start >/dev/null
    as_postgres "$bin/psql" -h "$sockets" -p "$port" -U postgres -v ON_ERROR_STOP=1 -q \
        -c "CREATE ROLE shop LOGIN CREATEDB PASSWORD 'shop';" \
        -c "CREATE DATABASE shop OWNER shop;"
    echo "Host=127.0.0.1;Port=$port;Database=shop;Username=shop;Password=shop"
}

stop() {
    local bin
    bin=$(bin_dir || true)
    if [[ -n $bin && -f $data/postmaster.pid ]]; then
        as_postgres "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null || true
    fi
    rm -rf "$root"
    [[ ${1:-} == quietly ]] || echo "PostgreSQL on port $port stopped" >&2
}

case ${1:-} in
    start) start ;;
    stop) stop ;;
    *) echo "usage: $0 start|stop" >&2; exit 2 ;;
esac
