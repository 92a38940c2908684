#!/usr/bin/env bash
# The browser UI end to end: panier-serve on a fresh file and a free loopback port, with a
# member, a fee and three users (treasurer, admin, auditor), then ui/e2e/team.mjs drives two
# and three headless Chromium contexts at once (playwright-core, from ui/'s devDependencies).
# Screenshots: target/screenshots/browser-*.png. Run by `make test`.
set -euo pipefail
cd "$(dirname "$0")/.."

cargo build -q -p panier -p panier-server --bins
[ -f ui/dist/index.html ] || (cd ui && npm run build)
[ -d ui/node_modules/playwright-core ] || (cd ui && npm ci)

WORK=$(mktemp -d)
SERVER_PID=
cleanup() {
  if [ -n "$SERVER_PID" ]; then kill -TERM "$SERVER_PID" 2>/dev/null || true; wait "$SERVER_PID" 2>/dev/null || true; fi
  if [ -s "$WORK/server.log" ]; then grep -v "^panier-serve: \(http\|arrêté\)" "$WORK/server.log" | tail -20 || true; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

DB="$WORK/panier.sqlite"
PANIER=(target/debug/panier --db "$DB")
"${PANIER[@]}" init --name "AMIPO" >/dev/null
# the SIREN names the FEC the treasurer downloads
"${PANIER[@]}" settings set siren 732829320 >/dev/null
"${PANIER[@]}" plan add --name "Adhésion" --kind fee --amount 20 --counterpart 15 >/dev/null
"${PANIER[@]}" member add --first-name "Hélène" --last-name "Lefèvre" --email helene@example.org >/dev/null
SUFFIX="phrase-de-passe-e2e"
for pair in tom:treasurer adam:admin aude:auditor; do
  echo "${pair%%:*}-$SUFFIX" | "${PANIER[@]}" user add "${pair%%:*}" --role "${pair##*:}" --password-stdin >/dev/null
done

PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE="http://127.0.0.1:$PORT"
target/debug/panier-serve --db "$DB" --listen "127.0.0.1:$PORT" --ui ui/dist 2>"$WORK/server.log" &
SERVER_PID=$!
for _ in $(seq 100); do curl -sf "$BASE/api/health" >/dev/null && break; sleep 0.1; done

(cd ui && node e2e/team.mjs "$BASE" "$PWD/../target/screenshots" "$SUFFIX")
