#!/usr/bin/env bash
# Stops what infra/cluster/start.sh started.
#   infra/cluster/stop.sh                    the proxy, then every server (SIGTERM: each finishes its
#                                            requests in flight; SIGKILL after CLUSTER_STOP_TIMEOUT s)
#   infra/cluster/stop.sh --server I         server I alone (SIGTERM)
#   infra/cluster/stop.sh --server I --kill  server I alone, SIGKILL (a crash: another takes over)
# CLUSTER_RUN_DIR: as for start.sh.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
RUN="${CLUSTER_RUN_DIR:-$HERE/.run}"
TIMEOUT="${CLUSTER_STOP_TIMEOUT:-30}"
SERVER=""
SIGNAL=TERM
while [ $# -gt 0 ]; do
  case "$1" in
    --server) SERVER="${2:-}"; shift 2 ;;
    --kill) SIGNAL=KILL; shift ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "cluster: unknown option $1" >&2; exit 2 ;;
  esac
done

alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" != Z ]; }

stop_pid() {
  local name="$1" pidfile="$2" signal="$3" pid
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"
  if alive "$pid"; then
    echo "cluster: sending SIG$signal to $name (pid $pid)"
    kill -"$signal" "$pid" 2>/dev/null || true
    local deadline=$((SECONDS + TIMEOUT))
    while alive "$pid"; do
      if [ "$SECONDS" -ge "$deadline" ]; then
        echo "cluster: $name still running after $TIMEOUT s; SIGKILL" >&2
        kill -KILL "$pid" 2>/dev/null || true
        deadline=$((SECONDS + 10))
      fi
      sleep 0.2
    done
  fi
  rm -f "$pidfile"
}

if [ -n "$SERVER" ]; then
  [ -f "$RUN/server-$SERVER.pid" ] || { echo "cluster: no server $SERVER running" >&2; exit 1; }
  stop_pid "server $SERVER" "$RUN/server-$SERVER.pid" "$SIGNAL"
  exit 0
fi

stop_pid haproxy "$RUN/haproxy.pid" TERM
for pidfile in "$RUN"/server-*.pid; do
  [ -f "$pidfile" ] || continue
  name="$(basename "$pidfile" .pid)"
  stop_pid "${name/-/ }" "$pidfile" "$SIGNAL" &
done
wait
echo "cluster: stopped"
