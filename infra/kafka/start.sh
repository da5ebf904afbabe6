#!/usr/bin/env bash
# Starts a real single-node Apache Kafka broker (KRaft: broker and controller in one JVM) on
# 127.0.0.1, from Maven Central artifacts, and returns once it really answers.
#
#   infra/kafka/start.sh                       # 127.0.0.1:9092, fresh data
#   KAFKA_PORT=19092 infra/kafka/start.sh      # another port (controller on KAFKA_PORT + 1)
#   KAFKA_KEEP_DATA=1 infra/kafka/start.sh     # restart on the data of the previous run
#   infra/kafka/start.sh --secure              # a second broker: TLS, SASL/SCRAM-SHA-512 and ACLs, on 9094
#   infra/kafka/stop.sh [--secure] [--kill]    # stop it (SIGTERM and wait; --kill: SIGKILL)
#
# Settings (environment):
#   KAFKA_PORT             client port (default 9092)
#   KAFKA_CONTROLLER_PORT  KRaft controller port (default KAFKA_PORT + 1)
#   KAFKA_KEEP_DATA=1      keep the data (else it is formatted anew on every start)
#   KAFKA_HEAP_OPTS        JVM heap (default -Xms128m -Xmx512m)
#   KAFKA_START_TIMEOUT    seconds to wait for the broker to answer (default 120)
# With --secure (infra/kafka/README.md, "The secure broker"):
#   KAFKA_SECURE_PORT      its SASL_SSL client port (default 9094; its controller, TLS, on port + 1)
#   KAFKA_SECURE_LEDGER_TOPICS  the topics the user `ledger` may create, write and describe: those
#                          whose names begin with it (default ledger)
#
# Files, all under infra/kafka/ and ignored by git:
#   .lib/   the broker's jars (mvn dependency:copy-dependencies of pom.xml; reused when present)
#   .data/  the KRaft log directory
#   .run/   server.properties (rendered from server.properties.template), kafka.pid, kafka.log
#   .secure/  the secure broker's data/ and run/, tls/ (its CA and keystores, made with keytool),
#           credentials.env (its users' passwords, mode 0600), admin.properties (for Kafka's tools)
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
LIB="$HERE/.lib"
SECURE=0
case "${1:-}" in
  "") ;;
  --secure) SECURE=1 ;;
  -h | --help) sed -n '2,31p' "$0"; exit 0 ;;
  *) echo "kafka: unknown option $1 (use --secure)" >&2; exit 2 ;;
esac
if [ "$SECURE" = 1 ]; then
  # shellcheck source=secure.sh
  . "$HERE/secure.sh"
  DATA="$SECURE_DIR/data"
  RUN="$SECURE_DIR/run"
  TEMPLATE="$HERE/server-secure.properties.template"
  PORT="${KAFKA_SECURE_PORT:-9094}"
  CONTROLLER_PORT="${KAFKA_SECURE_CONTROLLER_PORT:-$((PORT + 1))}"
else
  DATA="$HERE/.data"
  RUN="$HERE/.run"
  TEMPLATE="$HERE/server.properties.template"
  PORT="${KAFKA_PORT:-9092}"
  CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((PORT + 1))}"
fi
PID_FILE="$RUN/kafka.pid"
LOG="$RUN/kafka.log"
PROPS="$RUN/server.properties"
HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
TIMEOUT="${KAFKA_START_TIMEOUT:-120}"
VERSION="$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$HERE/pom.xml")"

say() { echo "kafka: $*"; }
fail() {
  echo "kafka: ERROR: $*" >&2
  if [ -f "$LOG" ]; then
    echo "---- last lines of $LOG ----" >&2
    tail -n 60 "$LOG" >&2 || true
    echo "----" >&2
  fi
  exit 1
}

# A pid is our broker if it runs kafka.Kafka and is not a zombie.
is_broker() {
  local pid="$1"
  [ -n "$pid" ] && [ -r "/proc/$pid/cmdline" ] || return 1
  [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q 'kafka\.Kafka'
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_ready() {
  if [ "$SECURE" = 1 ]; then
    # The secure broker answers its admin user only, over TLS.
    (cd "$REPO" && WAIT_READY_CA_FILE="$TLS/ca.pem" WAIT_READY_SASL_USERNAME=admin WAIT_READY_SASL_PASSWORD="$(secure_value KAFKA_ADMIN_PASSWORD)" \
      node "$HERE/wait-ready.js" "127.0.0.1:$PORT" "$TIMEOUT" "${1:-}")
  else
    (cd "$REPO" && node "$HERE/wait-ready.js" "127.0.0.1:$PORT" "$TIMEOUT" "${1:-}")
  fi
}

# Kafka's own command-line tools (StorageTool, AclCommand, ConfigCommand), from the broker's jars.
tool() { java -Dlog4j.configuration="file:$HERE/log4j.properties" -cp "$LIB/*" "$@"; }

command -v java >/dev/null || fail "java is not installed (the broker needs Java 11 or later)"
command -v node >/dev/null || fail "node is not installed (needed to check that the broker answers)"
mkdir -p "$RUN"

# Already running (started by an earlier call)? Then only check it answers.
if [ -f "$PID_FILE" ] && is_broker "$(cat "$PID_FILE")"; then
  say "already running (pid $(cat "$PID_FILE")); checking it answers"
  wait_ready "$(cat "$PID_FILE")" || fail "the running broker does not answer on 127.0.0.1:$PORT"
  exit 0
fi
rm -f "$PID_FILE"
# A broker just killed may still be closing its sockets: give the ports a few seconds.
for _ in $(seq 1 50); do port_in_use "$PORT" || port_in_use "$CONTROLLER_PORT" || break; sleep 0.2; done
PORT_SETTING=KAFKA_PORT
[ "$SECURE" = 1 ] && PORT_SETTING=KAFKA_SECURE_PORT
port_in_use "$PORT" && fail "port $PORT is already in use by another process (set $PORT_SETTING, or stop it)"
port_in_use "$CONTROLLER_PORT" && fail "controller port $CONTROLLER_PORT is already in use (set ${PORT_SETTING/PORT/CONTROLLER_PORT})"

# 1. The broker's jars, from Maven Central (the ordinary Maven client; works with an empty ~/.m2).
if [ ! -f "$LIB/kafka_2.13-$VERSION.jar" ]; then
  command -v mvn >/dev/null || fail "mvn is not installed (needed once, to fetch Kafka $VERSION from Maven Central)"
  say "fetching Apache Kafka $VERSION and its runtime dependencies from Maven Central into $LIB"
  rm -rf "$HERE/.lib.tmp"
  mvn -q -B -Dstyle.color=never -f "$HERE/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$HERE/.lib.tmp" \
    || fail "mvn could not fetch org.apache.kafka:kafka_2.13:$VERSION"
  [ -f "$HERE/.lib.tmp/kafka_2.13-$VERSION.jar" ] || fail "mvn ran but kafka_2.13-$VERSION.jar is not in $HERE/.lib.tmp"
  rm -rf "$LIB"
  mv "$HERE/.lib.tmp" "$LIB"
fi

JAVA_OPTS=($HEAP_OPTS -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:+ExitOnOutOfMemoryError -Djava.awt.headless=true
  "-Dlog4j.configuration=file:$HERE/log4j.properties" "-Dkafka.logs.dir=$RUN")

# 2. A fresh start wipes the data (and, for the secure broker, makes its certificates with keytool
#    and its users' passwords anew: secure.sh); KAFKA_KEEP_DATA=1 keeps them.
KEEP=0
if [ "${KAFKA_KEEP_DATA:-0}" = "1" ] && [ -f "$DATA/kraft-logs/meta.properties" ]; then
  KEEP=1
fi
if [ "$SECURE" = 1 ] && [ "$KEEP" = 0 ]; then
  secure_make_certificates_and_users
fi
mkdir -p "$RUN"

# 3. The configuration, and a KRaft log directory (formatted anew unless KAFKA_KEEP_DATA=1).
(
  umask 077
  sed -e "s|@KAFKA_PORT@|$PORT|g" -e "s|@KAFKA_CONTROLLER_PORT@|$CONTROLLER_PORT|g" -e "s|@KAFKA_LOG_DIRS@|$DATA/kraft-logs|g" \
    $([ "$SECURE" = 1 ] && secure_template_substitutions) \
    "$TEMPLATE" >"$PROPS"
)
echo "==== start.sh $(date -u +%FT%TZ): Kafka $VERSION on 127.0.0.1:$PORT (controller $CONTROLLER_PORT)$([ "$SECURE" = 1 ] && echo ', TLS, SASL/SCRAM, ACLs')" >>"$LOG"

if [ "$KEEP" = 1 ]; then
  say "keeping the data in $DATA (KAFKA_KEEP_DATA=1)"
else
  rm -rf "$DATA"
  mkdir -p "$DATA"
  CLUSTER_ID="$(tool kafka.tools.StorageTool random-uuid 2>>"$LOG" | tail -n 1)"
  [ -n "$CLUSTER_ID" ] || fail "kafka.tools.StorageTool random-uuid gave no cluster id"
  FORMAT_ARGS=()
  # The secure broker's first users go into its metadata log as it is formatted (SCRAM credentials).
  [ "$SECURE" = 1 ] && mapfile -t FORMAT_ARGS < <(secure_format_arguments)
  tool kafka.tools.StorageTool format -t "$CLUSTER_ID" -c "$PROPS" "${FORMAT_ARGS[@]}" >>"$LOG" 2>&1 \
    || fail "kafka.tools.StorageTool format failed"
  say "formatted a fresh KRaft log directory (cluster $CLUSTER_ID)"
fi

# 4. The broker, in its own session so that it outlives this script and whoever called it, with its
#    output in the log file (not in the caller's pipes: a caller waiting for them would hang).
setsid java "${JAVA_OPTS[@]}" -cp "$LIB/*" kafka.Kafka "$PROPS" >>"$LOG" 2>&1 </dev/null &
PID=$!
echo "$PID" >"$PID_FILE"
say "started Kafka $VERSION (pid $PID), log $LOG; waiting until it answers on 127.0.0.1:$PORT"

# 5. Until it really answers (admin client: cluster described, topics listed).
if ! wait_ready "$PID"; then
  kill -KILL "$PID" 2>/dev/null || true
  rm -f "$PID_FILE"
  fail "the broker did not become ready on 127.0.0.1:$PORT within $TIMEOUT s"
fi
if [ "$SECURE" = 1 ]; then
  # 6. The ledger's ACLs (secure.sh); members' users: infra/kafka/member-user.sh.
  [ "$KEEP" = 1 ] || secure_grant_ledger
  say "ready on 127.0.0.1:$PORT: SASL_SSL (TLS: $TLS/ca.pem; SCRAM-SHA-512 users admin and ledger: $CREDENTIALS)"
else
  say "ready on 127.0.0.1:$PORT"
fi
