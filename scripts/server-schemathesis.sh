#!/usr/bin/env bash
# The team server's API against its own OpenAPI document: schemathesis (PyPI, installed in a
# venv under target/) generates requests for every path, logged in as the owner, and fails on
# any server error (5xx) or any answer outside the document. Run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

VENV=target/schemathesis-venv
if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q -r scripts/test-python.txt
fi

cargo build -q -p panier -p panier-server --bins
WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -s "$WORK/server.log" ]; then echo "--- server log:"; grep -v "^panier-serve: http" "$WORK/server.log" | tail -20 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB="$WORK/panier.sqlite"
target/debug/panier --db "$DB" init --name "AMIPO" >/dev/null
target/debug/panier --db "$DB" seed --members 30 --years 1 >/dev/null
echo "phrase-de-passe-schemathesis" | target/debug/panier --db "$DB" user add olga --role owner --password-stdin >/dev/null

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
target/debug/panier-serve --db "$DB" --listen "127.0.0.1:$PORT" 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.1; done

LOGIN=$(curl -s -c "$WORK/cookies" -H 'Content-Type: application/json' \
  -d '{"user":"olga","password":"phrase-de-passe-schemathesis"}' "$BASE/api/login")
CSRF=$(python3 -c 'import json,sys; print(json.loads(sys.argv[1])["csrf"])' "$LOGIN")
COOKIE=$(awk '$6 == "panier_session" { print $6 "=" $7 }' "$WORK/cookies")

# logout would end the session the run uses; login is exercised by the server's tests
"$VENV/bin/schemathesis" run "$BASE/api/openapi.json" \
  --url "$BASE" \
  --checks not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance \
  --max-examples "${SCHEMATHESIS_EXAMPLES:-25}" \
  --exclude-path /api/logout --exclude-path /api/login \
  -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF"
