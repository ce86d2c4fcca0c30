#!/usr/bin/env bash
# Starts desk-server on this machine with a PostgreSQL cluster of its own: installs
# Debian's postgresql if missing, creates the cluster once in the OS data directory
# (~/.local/share/incident-desk-server/pg; as root /var/lib/incident-desk-server/pg, since
# the postgres account cannot enter /root), starts it if it is not running (unix socket
# only, in a directory only its owner can enter), builds desk-server and runs it.
#
#   scripts/server.sh                                  serve on 127.0.0.1:8470
#   scripts/server.sh user set LOGIN --role supervisor the first supervisor (password asked)
#   scripts/server.sh --check-config
#
# Any desk-server arguments pass through; DESK_SERVER_* variables configure it (docs/server.md).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages build-essential pkg-config curl postgresql
ensure_rust

if [ "$(id -u)" -eq 0 ]; then DATA=/var/lib/incident-desk-server; else DATA="${XDG_DATA_HOME:-$HOME/.local/share}/incident-desk-server"; fi
PGDATA="$DATA/pg"
SOCK="$DATA/run"
PGPORT="${DESK_SERVER_PG_PORT:-5433}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
[ -x "$PGBIN/initdb" ] || { echo "PostgreSQL's initdb not found in /usr/lib/postgresql/*/bin" >&2; exit 1; }

# PostgreSQL refuses to run as root: as root, the cluster belongs to Debian's postgres account.
pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PGBIN/$1" "${@:2}"; else "$PGBIN/$1" "${@:2}"; fi
}

mkdir -p "$DATA"
if [ ! -f "$PGDATA/PG_VERSION" ]; then
  say "creating the PostgreSQL cluster in $PGDATA"
  install -d -m 700 "$PGDATA" "$SOCK"
  [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$PGDATA" "$SOCK"
  pg initdb -A trust -U postgres -E UTF8 --locale=C.UTF-8 -D "$PGDATA" >/dev/null
fi
if ! pg pg_ctl -D "$PGDATA" status >/dev/null 2>&1; then
  say "starting PostgreSQL (socket in $SOCK, port $PGPORT)"
  pg pg_ctl -D "$PGDATA" -w -l "$PGDATA/postgresql.log" \
    -o "-p $PGPORT -k $SOCK -c listen_addresses=''" start >/dev/null
fi
if ! pg psql -h "$SOCK" -p "$PGPORT" -U postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'desk'" | grep -q 1; then
  pg createdb -h "$SOCK" -p "$PGPORT" -U postgres desk
fi

say "building desk-server"
cargo build --locked --release -p desk-server --manifest-path "$ROOT/Cargo.toml"
export DESK_SERVER_DATABASE_URL="${DESK_SERVER_DATABASE_URL:-postgresql://postgres@localhost:$PGPORT/desk?host=$SOCK}"
say "desk-server on ${DESK_SERVER_LISTEN:-127.0.0.1:8470} (stop PostgreSQL later with: $PGBIN/pg_ctl -D $PGDATA stop)"
exec "$ROOT/target/release/desk-server" "$@"
