#!/usr/bin/env bash
# Starts N ledger servers on one PostgreSQL database, on consecutive ports, with HAProxy in front
# (round robin, health-checked), and returns once the proxy answers.
#
#   infra/cluster/start.sh 3                 # servers on 127.0.0.1:3001..3003, proxy on 127.0.0.1:8080
#   infra/cluster/stop.sh                    # stop them all (proxy, then servers: SIGTERM, wait)
#   infra/cluster/stop.sh --server 2 --kill  # SIGKILL server 2 alone (to watch another take over)
#
# Settings (environment):
#   CLUSTER_PROXY_PORT      the proxy's port (default 8080)
#   CLUSTER_FIRST_PORT      the first server's port (default 3001; server i on FIRST_PORT + i - 1)
#   LEDGER_POSTGRES_URL     the database (default postgres://postgres@127.0.0.1:5432/ledger)
#   LEDGER_POSTGRES_SCHEMA  its schema (default ledger)
#   KAFKA_BROKERS           the broker(s) to publish to; unset: 127.0.0.1:${KAFKA_PORT:-9092} when a
#                           broker answers there (infra/kafka/start.sh), else none; empty: none
#   LEDGER_OPERATOR_KEY     the operator's key; unset: one made once into .run/operator.key
#   CLUSTER_RUN_DIR         where its files go (default infra/cluster/.run)
#   CLUSTER_BUILD=1         rebuild (npm run build) even when dist/ exists
#   any other LEDGER_* / KAFKA_* setting of the README is passed on to every server
#
# Files, under CLUSTER_RUN_DIR (infra/cluster/.run/, ignored by git):
#   operator.key         the operator's API key every server shares (made once, mode 0600)
#   signing-key.pem      the checkpoint-signing key every server shares (LEDGER_SIGNING_KEY_FILE)
#   server-<i>/          server i's data folder; server-<i>.log its log; server-<i>.pid
#   haproxy.cfg, haproxy.pid, haproxy.log
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUN="${CLUSTER_RUN_DIR:-$HERE/.run}"
N="${1:-3}"
PROXY_PORT="${CLUSTER_PROXY_PORT:-8080}"
FIRST_PORT="${CLUSTER_FIRST_PORT:-3001}"
export LEDGER_POSTGRES_URL="${LEDGER_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/ledger}"
export LEDGER_POSTGRES_SCHEMA="${LEDGER_POSTGRES_SCHEMA:-ledger}"

say() { echo "cluster: $*"; }
fail() { echo "cluster: ERROR: $*" >&2; exit 1; }
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

case "$N" in '' | *[!0-9]*) fail "usage: infra/cluster/start.sh [N] (N servers, 1 to 32)" ;; esac
[ "$N" -ge 1 ] && [ "$N" -le 32 ] || fail "N must be 1 to 32"
command -v node >/dev/null || fail "node is not installed (Node 24: infra/node/install.sh)"
command -v curl >/dev/null || fail "curl is not installed"
command -v openssl >/dev/null || fail "openssl is not installed (it makes the operator's key)"
mkdir -p "$RUN"
chmod 700 "$RUN"

for pidfile in "$RUN"/server-*.pid "$RUN/haproxy.pid"; do
  [ -f "$pidfile" ] && alive "$(cat "$pidfile")" && fail "a cluster is already running ($pidfile): infra/cluster/stop.sh first"
done
rm -f "$RUN"/server-*.pid "$RUN/haproxy.pid"
for i in $(seq 1 "$N"); do
  port_in_use $((FIRST_PORT + i - 1)) && fail "port $((FIRST_PORT + i - 1)) is in use (set CLUSTER_FIRST_PORT)"
done
port_in_use "$PROXY_PORT" && fail "port $PROXY_PORT is in use (set CLUSTER_PROXY_PORT)"

# HAProxy from Debian's packages, installed when missing.
if ! command -v haproxy >/dev/null; then
  [ "$(id -u)" = 0 ] || fail "haproxy is not installed: apt-get install haproxy (as root), then run this again"
  say "installing haproxy (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >/dev/null 2>&1 \
    || { apt-get update -q >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy >/dev/null; } \
    || fail "apt-get could not install haproxy"
fi

# The servers run the build (dist/), as npm start does.
if [ "${CLUSTER_BUILD:-0}" = 1 ] || [ ! -f "$REPO/dist/apps/ledger/src/main.js" ]; then
  say "building (npm run build)"
  (cd "$REPO" && npm run --silent build) || fail "npm run build failed"
fi

# The broker, when one runs here and none was named.
if [ -z "${KAFKA_BROKERS+set}" ] && port_in_use "${KAFKA_PORT:-9092}"; then
  export KAFKA_BROKERS="127.0.0.1:${KAFKA_PORT:-9092}"
fi

# What every server shares: the operator's key and the checkpoint-signing key.
if [ -n "${LEDGER_OPERATOR_KEY:-}" ]; then
  (umask 077 && printf '%s\n' "$LEDGER_OPERATOR_KEY" >"$RUN/operator.key")
elif [ ! -s "$RUN/operator.key" ]; then
  (umask 077 && openssl rand -base64 32 >"$RUN/operator.key")
fi
LEDGER_OPERATOR_KEY="$(cat "$RUN/operator.key")"
export LEDGER_OPERATOR_KEY
export LEDGER_SIGNING_KEY_FILE="$RUN/signing-key.pem"
export LEDGER_STORE=postgres

for i in $(seq 1 "$N"); do
  port=$((FIRST_PORT + i - 1))
  mkdir -p "$RUN/server-$i"
  chmod 700 "$RUN/server-$i"
  echo "==== start.sh $(date -u +%FT%TZ): server $i on 127.0.0.1:$port" >>"$RUN/server-$i.log"
  # In its own session, so that it outlives this script; its output in its log file.
  PORT="$port" LEDGER_DATA_DIR="$RUN/server-$i" setsid node "$REPO/dist/apps/ledger/src/main.js" >>"$RUN/server-$i.log" 2>&1 </dev/null &
  echo $! >"$RUN/server-$i.pid"
done

# Each server answers /health (the first start creates the schema; the others wait for its lock).
for i in $(seq 1 "$N"); do
  port=$((FIRST_PORT + i - 1))
  pid="$(cat "$RUN/server-$i.pid")"
  deadline=$((SECONDS + 60))
  until curl -sf -o /dev/null "http://127.0.0.1:$port/health"; do
    alive "$pid" || { tail -n 30 "$RUN/server-$i.log" >&2; fail "server $i (pid $pid) exited; its log: $RUN/server-$i.log"; }
    [ "$SECONDS" -lt "$deadline" ] || fail "server $i did not answer on 127.0.0.1:$port within 60 s"
    sleep 0.3
  done
  say "server $i (pid $pid) answers on http://127.0.0.1:$port"
done

# The proxy: round robin over the servers that pass their health check (GET /health every second,
# out after 2 failures). A request that could not reach a server is sent to another (retry-on
# conn-failure: only when nothing was sent). One a server took and died with is not sent again: its
# outcome is unknown to the proxy, and a client retries it with the same Idempotency-Key.
{
  cat <<EOF
# Rendered by infra/cluster/start.sh $N
global
    daemon
    maxconn 4096
    log stdout format raw local0 notice

defaults
    mode http
    timeout connect 2s
    timeout client 5m
    timeout server 5m
    timeout tunnel 1h
    retries 2
    retry-on conn-failure
    option redispatch
    http-reuse safe

frontend ledger
    bind 127.0.0.1:$PROXY_PORT
    default_backend ledger_servers

backend ledger_servers
    balance roundrobin
    option httpchk GET /health
    http-check expect status 200
    default-server inter 1s fall 2 rise 1
EOF
  for i in $(seq 1 "$N"); do
    echo "    server ledger$i 127.0.0.1:$((FIRST_PORT + i - 1)) check"
  done
} >"$RUN/haproxy.cfg"
haproxy -c -q -f "$RUN/haproxy.cfg" || fail "haproxy refuses $RUN/haproxy.cfg"
haproxy -f "$RUN/haproxy.cfg" -p "$RUN/haproxy.pid" >>"$RUN/haproxy.log" 2>&1 || fail "haproxy did not start (see $RUN/haproxy.log)"
deadline=$((SECONDS + 15))
until curl -sf -o /dev/null "http://127.0.0.1:$PROXY_PORT/health"; do
  [ "$SECONDS" -lt "$deadline" ] || fail "the proxy does not answer on 127.0.0.1:$PROXY_PORT"
  sleep 0.2
done

leader=""
for i in $(seq 1 "$N"); do
  if curl -s "http://127.0.0.1:$((FIRST_PORT + i - 1))/health" | grep -q '"role":"leader"'; then leader="$i"; fi
done
say "$N server(s) on PostgreSQL $LEDGER_POSTGRES_SCHEMA@${LEDGER_POSTGRES_URL##*@}${KAFKA_BROKERS:+, publishing to Kafka at $KAFKA_BROKERS}; leader: server ${leader:-?}"
say "proxy: http://127.0.0.1:$PROXY_PORT  (operator key: $RUN/operator.key; logs: $RUN/*.log)"
