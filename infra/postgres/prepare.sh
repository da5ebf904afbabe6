#!/usr/bin/env bash
# Prepares the machine's PostgreSQL server for the ledger and its tests: waits until it accepts
# connections, then creates the `ledger` database (and `ledger_test`, used by the test suites) if
# missing. The schemas inside are created and migrated by the ledger itself on start.
#
# Settings (environment): PGHOST (127.0.0.1), PGPORT (5432), PGUSER (postgres),
#   POSTGRES_WAIT_TIMEOUT seconds (60), LEDGER_DATABASES ("ledger ledger_test").
set -euo pipefail

export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}" PGUSER="${PGUSER:-postgres}"
TIMEOUT="${POSTGRES_WAIT_TIMEOUT:-60}"
DATABASES="${LEDGER_DATABASES:-ledger ledger_test}"

command -v psql >/dev/null || { echo "postgres: ERROR: psql is not installed" >&2; exit 1; }

deadline=$((SECONDS + TIMEOUT))
until last_error="$(psql -X -q -d postgres -tAc 'SELECT 1' 2>&1 >/dev/null)"; do
  if [ "$SECONDS" -ge "$deadline" ]; then
    echo "postgres: ERROR: no answer from $PGUSER@$PGHOST:$PGPORT within $TIMEOUT s: $last_error" >&2
    exit 1
  fi
  sleep 1
done
echo "postgres: $PGHOST:$PGPORT answers ($(psql -X -d postgres -tAc 'SHOW server_version'))"

for db in $DATABASES; do
  if [ "$(psql -X -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'")" = 1 ]; then
    echo "postgres: database $db exists"
  else
    psql -X -q -d postgres -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\"" && echo "postgres: created database $db"
  fi
done
