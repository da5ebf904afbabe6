#!/usr/bin/env bash
# Stops the broker started by infra/kafka/start.sh.
#   infra/kafka/stop.sh          graceful: SIGTERM (controlled shutdown), wait, SIGKILL only if it hangs
#   infra/kafka/stop.sh --kill   SIGKILL at once (a crash, for fault tests)
#   infra/kafka/stop.sh --secure the secure broker (start.sh --secure); with --kill too
# KAFKA_STOP_TIMEOUT: seconds to wait for a graceful stop (default 60).
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
PID_FILE="$HERE/.run/kafka.pid"
TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"
SIGNAL=TERM
for option in "$@"; do
  case "$option" in
    --kill) SIGNAL=KILL ;;
    --secure) PID_FILE="$HERE/.secure/run/kafka.pid" ;;
    -h | --help) sed -n '2,6p' "$0"; exit 0 ;;
    *) echo "kafka: unknown option $option (use --kill, --secure)" >&2; exit 2 ;;
  esac
done

is_broker() {
  local pid="$1"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka'
}

if [ ! -f "$PID_FILE" ]; then
  echo "kafka: not running (no $PID_FILE)"
  exit 0
fi
PID="$(cat "$PID_FILE")"
if ! is_broker "$PID"; then
  echo "kafka: not running (stale pid $PID)"
  rm -f "$PID_FILE"
  exit 0
fi

# Gone means reaped or a zombie: its memory goes before its sockets while it exits, so
# /proc/PID/cmdline empties before the ports are free; wait on the process state, not on that.
running() {
  local state
  state="$(awk '{print $3}' "/proc/$PID/stat" 2>/dev/null)" || return 1
  [ -n "$state" ] && [ "$state" != Z ] && [ "$state" != X ]
}

wait_gone() {
  local deadline=$((SECONDS + $1))
  while running; do
    [ "$SECONDS" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

echo "kafka: sending SIG$SIGNAL to pid $PID"
kill -"$SIGNAL" "$PID"
if [ "$SIGNAL" = TERM ] && ! wait_gone "$TIMEOUT"; then
  echo "kafka: still running after $TIMEOUT s; sending SIGKILL" >&2
  kill -KILL "$PID" 2>/dev/null || true
fi
wait_gone 20 || { echo "kafka: ERROR: pid $PID is still running" >&2; exit 1; }
rm -f "$PID_FILE"
echo "kafka: stopped"
