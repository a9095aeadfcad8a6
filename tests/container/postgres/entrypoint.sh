#!/bin/sh
# The stand-in's start (see Containerfile): as root, hand the data directory to `postgres` and run
# again as that user; on an empty directory, make the cluster, the role and the database from
# POSTGRES_USER / POSTGRES_PASSWORD / POSTGRES_DB (as the official image does), then run the server.
set -eu
if [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups /bin/sh "$0" "$@"
fi

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  : "${POSTGRES_PASSWORD:?the stand-in, like the official image, needs POSTGRES_PASSWORD}"
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  initdb --username="$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 >/dev/null
  rm -f "$pwfile"
  echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
  echo 'host all all all scram-sha-256' >>"$PGDATA/pg_hba.conf"
  if [ "$db" != postgres ]; then
    pg_ctl --wait --options="-c listen_addresses=''" start >/dev/null
    createdb --username="$user" "$db"
    pg_ctl --wait --mode=fast stop >/dev/null
  fi
  echo "postgres stand-in: made role $user and database $db"
fi
exec "$@"
