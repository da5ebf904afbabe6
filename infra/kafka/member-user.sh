#!/usr/bin/env bash
# Gives a member organization a user of the secure broker (start.sh --secure) that reads exactly
# the topics of the collaboratives it belongs to, with the registry's and the checkpoints'.
#
#   KAFKA_MEMBER_PASSWORD=... infra/kafka/member-user.sh <user> <topic-prefix> <collaborative-id>...
#   infra/kafka/member-user.sh riverside-chc ledger upper-valley-partnership   # prints a new password
#
# - its SCRAM-SHA-512 credential, made with Kafka's own kafka-configs tool (kafka.admin.ConfigCommand);
#   KAFKA_MEMBER_PASSWORD, or a new password printed once when unset;
# - ACLs (kafka.admin.AclCommand): Read and Describe on <prefix>.registry, <prefix>.checkpoints and
#   <prefix>.collaborative.<id> for each collaborative named (exact names, not prefixes: another
#   collaborative's topic stays closed to it), and Read on the consumer groups whose names begin
#   with <user> (its LedgerConsumer's groupId must).
# Run it again with more collaboratives when the organization joins one; the ACLs add up.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
LIB="$HERE/.lib"
LOG="$HERE/.secure/run/kafka.log"
say() { echo "kafka: $*"; }
fail() { echo "kafka: ERROR: $*" >&2; exit 1; }
tool() { java -Dlog4j.configuration="file:$HERE/log4j.properties" -cp "$LIB/*" "$@"; }
# shellcheck source=secure.sh
. "$HERE/secure.sh"

[ $# -ge 3 ] || fail "usage: [KAFKA_MEMBER_PASSWORD=...] infra/kafka/member-user.sh <user> <topic-prefix> <collaborative-id>..."
USER_NAME="$1"
PREFIX="$2"
shift 2
[ -f "$CREDENTIALS" ] || fail "no secure broker here ($CREDENTIALS is missing): infra/kafka/start.sh --secure first"
[[ "$USER_NAME" =~ ^[A-Za-z0-9._-]{1,100}$ ]] || fail "a user name is 1 to 100 characters of A-Z a-z 0-9 . _ -"
[[ "$PREFIX" =~ ^[A-Za-z0-9._-]{1,150}$ ]] || fail "the topic prefix is 1 to 150 characters of A-Z a-z 0-9 . _ -"
PASSWORD="${KAFKA_MEMBER_PASSWORD:-}"
GENERATED=0
if [ -z "$PASSWORD" ]; then
  PASSWORD="$(secure_secret)"
  GENERATED=1
fi
[[ "$PASSWORD" =~ ^[A-Za-z0-9._~-]{12,200}$ ]] || fail "KAFKA_MEMBER_PASSWORD must be 12 to 200 characters of A-Z a-z 0-9 . _ ~ -"

NAMES=("$PREFIX.registry" "$PREFIX.checkpoints")
for collaborative in "$@"; do
  [[ "$collaborative" =~ ^[a-z0-9][a-z0-9-]{1,62}$ ]] || fail "$collaborative is not a collaborative's id"
  NAMES+=("$PREFIX.collaborative.$collaborative")
done
TOPICS=()
for name in "${NAMES[@]}"; do TOPICS+=(--topic "$name"); done

tool kafka.admin.ConfigCommand --bootstrap-server "$(secure_value KAFKA_SECURE_BROKERS)" --command-config "$ADMIN_PROPS" \
  --alter --entity-type users --entity-name "$USER_NAME" --add-config "SCRAM-SHA-512=[password=$PASSWORD]" >>"$LOG" 2>&1 \
  || fail "kafka.admin.ConfigCommand could not set $USER_NAME's SCRAM credential (see $LOG)"
secure_acl --add --allow-principal "User:$USER_NAME" --operation Read --operation Describe "${TOPICS[@]}" \
  || fail "kafka.admin.AclCommand could not grant $USER_NAME its topics (see $LOG)"
secure_acl --add --allow-principal "User:$USER_NAME" --operation Read --group "$USER_NAME" --resource-pattern-type prefixed \
  || fail "kafka.admin.AclCommand could not grant $USER_NAME its consumer groups (see $LOG)"
say "User:$USER_NAME reads ${NAMES[*]} (consumer groups $USER_NAME*)"
[ "$GENERATED" = 1 ] && echo "password: $PASSWORD"
exit 0
