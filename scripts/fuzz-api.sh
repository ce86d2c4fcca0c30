#!/usr/bin/env bash
# API fuzzing of desk-server (issue 16 item 3): schemathesis (PyPI, in target/schemathesis-venv)
# generates requests from the committed docs/openapi.json and sends them to a real
# desk-server on a throwaway PostgreSQL cluster, logged in as a supervisor so that the
# requests reach past authentication. Fails on any 5xx and on any response (error bodies
# included) that does not match the documented schema.
#
#   scripts/fuzz-api.sh            FUZZ_EXAMPLES examples per operation (default 25)
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ensure_packages python3-venv postgresql
EXAMPLES="${FUZZ_EXAMPLES:-25}"
VENV="$ROOT/target/schemathesis-venv"
if [ ! -x "$VENV/bin/schemathesis" ]; then
  say "installing schemathesis into target/schemathesis-venv"
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'schemathesis>=4,<5'
fi

say "building desk-server"
cargo build --locked --quiet -p desk-server --manifest-path "$ROOT/Cargo.toml"
SERVER="$ROOT/target/debug/desk-server"

# A throwaway cluster, as crates/testkit's PgCluster makes one (as root: as postgres).
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"
WORK="$(mktemp -d /tmp/desk-fuzz-XXXXXX)"
pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$PGBIN/$1" "${@:2}"; else "$PGBIN/$1" "${@:2}"; fi
}
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
[ "$(id -u)" -eq 0 ] && chown postgres "$WORK"
SERVER_PID=""
cleanup() {
  [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null && wait "$SERVER_PID" 2>/dev/null
  pg pg_ctl -D "$WORK/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
PGPORT="$(free_port)"
pg initdb -A trust -U postgres --no-sync -E UTF8 --locale=C.UTF-8 -D "$WORK/data" >/dev/null
pg pg_ctl -D "$WORK/data" -w -l "$WORK/pg.log" \
  -o "-p $PGPORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off" start >/dev/null
pg createdb -h 127.0.0.1 -p "$PGPORT" -U postgres desk

PORT="$(free_port)"
export DESK_SERVER_DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/desk"
export DESK_SERVER_LISTEN="127.0.0.1:$PORT"
PASSWORD="fuzz-supervisor-password"
DESK_SERVER_PASSWORD="$PASSWORD" "$SERVER" user set fuzzboss --role supervisor >/dev/null
"$SERVER" >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
BASE="http://127.0.0.1:$PORT"
for _ in $(seq 100); do curl -fs "$BASE/health" >/dev/null 2>&1 && break; sleep 0.1; done

TOKEN="$(curl -fs -X POST "$BASE/api/v1/login" -H 'x-desk-api: 1' -H 'content-type: application/json' \
  -d "{\"login\":\"fuzzboss\",\"password\":\"$PASSWORD\",\"workstation\":{\"id\":\"0190a0b0-0000-7000-8000-0000000000f1\",\"code\":\"FUZZ1\"}}" |
  python3 -c 'import json,sys; print(json.load(sys.stdin)["token"])')"

say "schemathesis: $EXAMPLES examples per operation against $BASE"
# logout would revoke the fuzzer's own token and leave the rest at 401.
# Run from target/: schemathesis keeps its example database in ./.schemathesis.
cd "$ROOT/target"
status=0
"$VENV/bin/schemathesis" run "$ROOT/docs/openapi.json" --url "$BASE" \
  -H "Authorization: Bearer $TOKEN" -H "x-desk-api: 1" \
  --exclude-path /api/v1/logout \
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance \
  --max-examples "$EXAMPLES" --seed 16 "$@" || status=$?
if [ "$status" -ne 0 ]; then
  echo "--- desk-server log (last 40 lines) ---" >&2
  tail -n 40 "$WORK/server.log" >&2
fi
exit "$status"
