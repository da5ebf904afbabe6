# The secure broker's parts, sourced by start.sh --secure and member-user.sh (not run on its own):
# its certificates made with the JDK's keytool, its users' SCRAM-SHA-512 credentials, and ACLs given
# with Kafka's own tools. Needs HERE (infra/kafka), LOG, and the functions say, fail and tool.

SECURE_DIR="$HERE/.secure"
TLS="$SECURE_DIR/tls"
CREDENTIALS="$SECURE_DIR/credentials.env"
ADMIN_PROPS="$SECURE_DIR/admin.properties"

# A value of credentials.env.
secure_value() { sed -n "s/^$1=//p" "$CREDENTIALS"; }

# A password: 32 characters of [A-Za-z0-9] (nothing a properties file, JAAS or sed would read).
secure_secret() { head -c 48 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32; }

# A local CA, the broker's key pair signed by it (for 127.0.0.1 and localhost, CN=kafka-broker), a
# truststore with the CA; the passwords of the keystores and of the users admin and ledger.
secure_make_certificates_and_users() {
  command -v keytool >/dev/null || fail "keytool (the JDK's) is not installed"
  rm -rf "$SECURE_DIR"
  mkdir -p "$TLS" "$SECURE_DIR/run"
  chmod 700 "$SECURE_DIR"
  local store admin ledger
  store="$(secure_secret)"
  admin="$(secure_secret)"
  ledger="$(secure_secret)"
  kt() { keytool "$@" -storetype PKCS12 -storepass "$store" >>"$SECURE_DIR/keytool.log" 2>&1 || fail "keytool $1 failed (see $SECURE_DIR/keytool.log)"; }
  kt -genkeypair -alias ca -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=stewardship-ledger-dev-ca" -ext bc:c -keystore "$TLS/ca.p12"
  kt -exportcert -rfc -alias ca -keystore "$TLS/ca.p12" -file "$TLS/ca.pem"
  kt -genkeypair -alias broker -keyalg RSA -keysize 2048 -validity 3650 -dname "CN=kafka-broker" -keystore "$TLS/broker.p12"
  kt -certreq -alias broker -keystore "$TLS/broker.p12" -file "$TLS/broker.csr"
  kt -gencert -rfc -alias ca -keystore "$TLS/ca.p12" -infile "$TLS/broker.csr" -outfile "$TLS/broker.pem" -validity 3650 \
    -ext "SAN=dns:localhost,ip:127.0.0.1" -ext "KU=digitalSignature,keyEncipherment" -ext "EKU=serverAuth,clientAuth"
  kt -importcert -noprompt -alias ca -file "$TLS/ca.pem" -keystore "$TLS/broker.p12"
  kt -importcert -alias broker -file "$TLS/broker.pem" -keystore "$TLS/broker.p12"
  kt -importcert -noprompt -alias ca -file "$TLS/ca.pem" -keystore "$TLS/truststore.p12"
  (
    umask 077
    cat >"$CREDENTIALS" <<EOF
# Made by infra/kafka/start.sh --secure at $(date -u +%FT%TZ): how to reach the secure broker, and its users.
KAFKA_SECURE_BROKERS=127.0.0.1:$PORT
KAFKA_SSL_CA_FILE=$TLS/ca.pem
KAFKA_ADMIN_PASSWORD=$admin
KAFKA_LEDGER_USERNAME=ledger
KAFKA_LEDGER_PASSWORD=$ledger
KAFKA_STORE_PASSWORD=$store
EOF
    cat >"$ADMIN_PROPS" <<EOF
security.protocol=SASL_SSL
sasl.mechanism=SCRAM-SHA-512
sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="admin" password="$admin";
ssl.truststore.type=PKCS12
ssl.truststore.location=$TLS/truststore.p12
ssl.truststore.password=$store
EOF
  )
  say "made a local CA and the broker's certificate with keytool ($TLS), and the users admin and ledger ($CREDENTIALS)"
}

# The sed arguments that fill server-secure.properties.template.
secure_template_substitutions() {
  echo "-e s|@TLS_DIR@|$TLS|g -e s|@STORE_PASSWORD@|$(secure_value KAFKA_STORE_PASSWORD)|g -e s|@ADMIN_PASSWORD@|$(secure_value KAFKA_ADMIN_PASSWORD)|g"
}

# StorageTool format's arguments that add the first users' SCRAM credentials, one per line.
secure_format_arguments() {
  printf '%s\n' --add-scram "SCRAM-SHA-512=[name=admin,password=$(secure_value KAFKA_ADMIN_PASSWORD)]" \
    --add-scram "SCRAM-SHA-512=[name=ledger,password=$(secure_value KAFKA_LEDGER_PASSWORD)]"
}

# kafka.admin.AclCommand as admin, over SASL_SSL.
secure_acl() {
  tool kafka.admin.AclCommand --bootstrap-server "$(secure_value KAFKA_SECURE_BROKERS)" --command-config "$ADMIN_PROPS" "$@" >>"$LOG" 2>&1
}

# The ledger's user creates, writes and describes the topics whose names begin with
# KAFKA_SECURE_LEDGER_TOPICS (default ledger), and writes idempotently.
secure_grant_ledger() {
  local topics="${KAFKA_SECURE_LEDGER_TOPICS:-ledger}"
  secure_acl --add --allow-principal User:ledger --operation Create --operation Write --operation Describe \
    --topic "$topics" --resource-pattern-type prefixed || fail "kafka.admin.AclCommand could not grant User:ledger its topics"
  secure_acl --add --allow-principal User:ledger --operation IdempotentWrite --cluster \
    || fail "kafka.admin.AclCommand could not grant User:ledger idempotent writes"
  say "ACLs: User:ledger creates, writes and describes the topics $topics*"
}
