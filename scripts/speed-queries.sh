#!/bin/sh
# Issue 22, round 3: the renewals list (whole, as before; a page and its total, as now) and the
# dashboard's « paid in advance » query (before/after), timed by the sqlite3 shell's `.timer`
# on a seeded file, so that no release build is needed. Make the file once:
#   panier --db /tmp/large.sqlite init --name Bench
#   panier --db /tmp/large.sqlite seed --members 50000 --years 10 --accounts 60000 \
#       --lines 1000000 --until 2026-12-06 && sqlite3 /tmp/large.sqlite ANALYZE
# then: scripts/speed-queries.sh /tmp/large.sqlite 2026-12-06   (run it twice, keep the better;
# the report's contributors need the file at schema version 20: open it once with panier)
set -eu
DB=${1:?usage: speed-queries.sh FILE [TODAY]}
TODAY=${2:-$(date +%F)}
DUE=$(date -d "$TODAY + 30 days" +%F)
SEL="SELECT m.id, m.kind, m.first_name, m.last_name, m.org_name, m.email, m.lang, p.id, p.name, p.amount_cents, s.ends_before,
 (SELECT r.sent_on FROM reminders_sent r WHERE r.member_id = m.id AND r.period_end = s.ends_before AND r.kind = 'due'),
 (SELECT r.sent_on FROM reminders_sent r WHERE r.member_id = m.id AND r.period_end = s.ends_before AND r.kind = 'grace'),
 (SELECT r.sent_on FROM reminders_sent r WHERE r.member_id = m.id AND r.period_end = s.ends_before AND r.kind = 'expired')"
JOINS="JOIN subscriptions s ON s.id = (SELECT s2.id FROM subscriptions s2 JOIN plans p2 ON p2.id = s2.plan_id
  WHERE s2.member_id = m.id AND p2.kind = 'fee' AND +s2.ends_before = m.fee_paid_until ORDER BY s2.id DESC LIMIT 1)
 JOIN plans p ON p.id = s.plan_id"
t() { # label, sql
  printf '%-52s ' "$1"
  printf '.timer on\n.output /dev/null\n%s;\n' "$2" | sqlite3 "$DB" 2>&1 | grep 'Run Time' | tail -1 | awk '{printf "real %6.1f ms  cpu %6.1f ms\n", $4*1000, ($6+$8)*1000}'
}
t "renewals before: whole list (window)" "$SEL FROM members m $JOINS WHERE m.fee_paid_until > '' AND m.fee_paid_until <= '9999-12-31' ORDER BY m.fee_paid_until, m.id"
t "renewals before: whole due list (bench)" "$SEL FROM members m $JOINS WHERE m.fee_paid_until > '$TODAY' AND m.fee_paid_until <= '$DUE' ORDER BY m.fee_paid_until, m.id"
t "renewals after: total" "SELECT count(*) FROM members WHERE fee_paid_until > '' AND fee_paid_until <= '$DUE'"
t "renewals after: first page of 50" "$SEL FROM (SELECT id FROM members WHERE fee_paid_until > '' AND fee_paid_until <= '$DUE' ORDER BY fee_paid_until, id LIMIT 50 OFFSET 0) pk JOIN members m ON m.id = pk.id $JOINS ORDER BY m.fee_paid_until, m.id"
t "renewals after: page of 50 at 37,000" "$SEL FROM (SELECT id FROM members WHERE fee_paid_until > '' AND fee_paid_until <= '$DUE' ORDER BY fee_paid_until, id LIMIT 50 OFFSET 37000) pk JOIN members m ON m.id = pk.id $JOINS ORDER BY m.fee_paid_until, m.id"
t "renewals plain OFFSET (not kept): page at 37,000" "$SEL FROM members m $JOINS WHERE m.fee_paid_until > '' AND m.fee_paid_until <= '$DUE' ORDER BY m.fee_paid_until, m.id LIMIT 50 OFFSET 37000"
ADV="SELECT m.fee_paid_until, (SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
  WHERE s.member_id = m.id AND p.kind = 'fee' AND s.starts_on <= '$TODAY') FROM members m WHERE m.id IN"
t "dashboard paid-in-advance before" "$ADV (SELECT s.member_id FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.starts_on > '$TODAY' AND p.kind = 'fee')"
t "dashboard paid-in-advance after" "$ADV (SELECT s.member_id FROM subscriptions s CROSS JOIN plans p ON p.id = s.plan_id WHERE s.starts_on > '$TODAY' AND p.kind = 'fee')"
# The report's contributors per income source over last year (issue 22, round 3): the distinct
# count over the year's income lines it made before migration 0020, and the kept payers now.
Y=$(( ${TODAY%%-*} - 1 ))
t "report contributors before: the year's lines" "SELECT source, count(DISTINCT who) FROM (
 SELECT (SELECT s.name FROM income_source_accounts s WHERE s.account = l.account) AS source,
  CASE WHEN e.member_id IS NOT NULL THEN 'm' || e.member_id WHEN e.counterparty <> '' THEN 'c' || lower(e.counterparty) ELSE 'e' || e.id END AS who
 FROM ledger_entries e CROSS JOIN ledger_lines l ON l.entry_id = e.id
 WHERE e.entry_date >= '$Y-01-01' AND e.entry_date < '$((Y + 1))-01-01' AND l.account >= '7' AND l.account < '8'
  AND e.kind <> 'reversal' AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id))
 WHERE source IS NOT NULL GROUP BY source"
t "report contributors after: kept payers" "SELECT s.name, (SELECT count(DISTINCT p.who) FROM income_payer_days p
 WHERE p.source = s.source AND p.day_number >= ${Y}0101 AND p.day_number < $((Y + 1))0101)
 FROM (SELECT DISTINCT source, name FROM income_source_accounts) s"
