#!/usr/bin/env bash
# A `panier` command end to end against the floor of "a process that opens the file and asks
# one thing": the sqlite3 shell counting the members of the same file. Paheko-sized
# association (5,000 members, 20,000 entries), release build, warm page cache.
#   scripts/cli-floor.sh [--runs N] [--json FILE]
# Needs hyperfine and sqlite3 (Debian packages); builds `panier` in release if missing.
set -euo pipefail
cd "$(dirname "$0")/.."

runs=30
json=""
while [ $# -gt 0 ]; do
  case "$1" in
    --runs) runs="$2"; shift 2 ;;
    --json) json="$2"; shift 2 ;;
    *) echo "usage: $0 [--runs N] [--json FILE]" >&2; exit 2 ;;
  esac
done

for tool in hyperfine sqlite3; do
  command -v "$tool" >/dev/null || { echo "$tool manque : apt-get install $tool" >&2; exit 1; }
done
cargo build -q --release -p panier
panier="$PWD/target/release/panier"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
db="$work/paheko.sqlite"
export PANIER_OPERATOR=bench PANIER_DB="$db"
"$panier" init --name "AMIPO (mesure)" >/dev/null
"$panier" seed --members 5000 --entries 20000 --renewal-percent 5 --until 2026-11-30 >/dev/null
# The day's backup and the first write's full check happen once a day: out of the timing.
"$panier" donate --anonymous --amount 1 --date 2026-11-30 >/dev/null

args=(--warmup 3 --runs "$runs" -N --export-markdown "$work/table.md")
[ -n "$json" ] && args+=(--export-json "$json")
hyperfine "${args[@]}" \
  -n "sqlite3: count members (floor)" "sqlite3 $db 'SELECT count(*) FROM members'" \
  -n "panier member list --search" "$panier member list --search durand" \
  -n "panier member show (card)" "$panier member show 42" \
  -n "panier books --year 2025" "$panier books --year 2025" \
  -n "panier donate (a write)" "$panier donate --anonymous --amount 5 --date 2026-11-30"
cat "$work/table.md"
