#!/usr/bin/env bash
# A private, throwaway RabbitMQ for tests: `scripts/ci-rabbitmq.sh start` installs it if missing, starts a node
# `shop-ci@localhost` on 127.0.0.1:${SHOP_RMQ_PORT:-26672} (distribution port ${SHOP_RMQ_DIST_PORT:-26673}, its own
# epmd on ${SHOP_RMQ_EPMD_PORT:-26674}) with everything under ${SHOP_RMQ_DIR:-/tmp/shop-ci-rabbitmq}, waits until it
# is up and prints its AMQP URI; `stop` stops it (and its epmd) and deletes everything it made. `pause` stops the
# broker application (every client is disconnected, the port closes) and `resume` starts it again, with its queues
# and messages: tests use them to take the broker away. `queues` lists every queue's name and type.
# Runs the broker as root with a private HOME and Erlang cookie (see /work/shared/CI-SERVICES.md).
set -euo pipefail

port=${SHOP_RMQ_PORT:-26672}
dist_port=${SHOP_RMQ_DIST_PORT:-26673}
epmd_port=${SHOP_RMQ_EPMD_PORT:-26674}
root=${SHOP_RMQ_DIR:-/tmp/shop-ci-rabbitmq}
bin=/usr/lib/rabbitmq/bin
node=shop-ci@localhost

export HOME=$root/home
export RABBITMQ_NODENAME=$node RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$port RABBITMQ_DIST_PORT=$dist_port
export RABBITMQ_MNESIA_BASE=$root/mnesia RABBITMQ_LOG_BASE=$root/log RABBITMQ_CONFIG_FILE=$root/rabbitmq
export RABBITMQ_ENABLED_PLUGINS_FILE=$root/enabled_plugins RABBITMQ_PID_FILE=$root/rabbitmq.pid
export ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$epmd_port

start() {
    if [[ ! -x $bin/rabbitmq-server ]]; then
        echo "Installing RabbitMQ..." >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2
        apt-get install -y -qq rabbitmq-server >&2
    fi

    stop quietly
    mkdir -p "$HOME" "$RABBITMQ_MNESIA_BASE" "$RABBITMQ_LOG_BASE"
    head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$HOME/.erlang.cookie"
    chmod 400 "$HOME/.erlang.cookie"
    echo '[].' > "$RABBITMQ_ENABLED_PLUGINS_FILE"
    # guest may connect from loopback only (the default), which is all this broker listens on.
    printf 'loopback_users.guest = true\n' > "$RABBITMQ_CONFIG_FILE.conf"
    nohup "$bin/rabbitmq-server" > "$root/server.out" 2>&1 &
    if ! "$bin/rabbitmqctl" -n "$node" wait "$RABBITMQ_PID_FILE" --timeout 60 >/dev/null 2>&1; then
        echo "RabbitMQ did not start; its output:" >&2
        tail -n 50 "$root/server.out" >&2 || true
        exit 1
    fi
    echo "amqp://guest:guest@127.0.0.1:$port/"
}

stop() {
    if [[ -f $RABBITMQ_PID_FILE && -x $bin/rabbitmqctl ]]; then
        "$bin/rabbitmqctl" -n "$node" stop "$RABBITMQ_PID_FILE" >/dev/null 2>&1 || true
    fi
    # Last: any rabbitmqctl call (re)starts epmd on our port. Only ours: the port is private.
    if command -v epmd >/dev/null 2>&1 || [[ -x $bin/rabbitmqctl ]]; then
        epmd -port "$epmd_port" -kill >/dev/null 2>&1 || true
    fi
    rm -rf "$root"
    [[ ${1:-} == quietly ]] || echo "RabbitMQ on port $port stopped" >&2
}

ctl() { "$bin/rabbitmqctl" -n "$node" "$@" >/dev/null; }

case ${1:-} in
    start) start ;;
    stop) stop ;;
    pause) ctl stop_app ;;
    resume) ctl start_app && ctl await_startup --timeout 60 ;;
    # Every queue's name and type (classic, quorum), one a line: tests assert the queue types with it.
    queues) "$bin/rabbitmqctl" -n "$node" list_queues name type --quiet --no-table-headers ;;
    *) echo "usage: $0 start|stop|pause|resume|queues" >&2; exit 2 ;;
esac
