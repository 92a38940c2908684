//! A full check of a Panier file: SQLite's own integrity, foreign keys, and the rules of the
//! ledger that SQL constraints cannot express.

use crate::kernel::error::Result;
use crate::store::db::Database;
use crate::store::integrity::Verdict;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Problem {
    /// `integrity`, `foreign_key`, `ledger`, `receipts`, `books`, `members`
    pub area: String,
    pub detail: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Report {
    pub schema_version: i64,
    pub members: i64,
    pub ledger_entries: i64,
    pub problems: Vec<Problem>,
}

impl Report {
    pub fn ok(&self) -> bool {
        self.problems.is_empty()
    }
}

/// Ledger rules, each a query returning the ids (and a detail) of the rows that break it.
const LEDGER_RULES: &[(&str, &str)] = &[
    (
        "the lines of an entry sum to its amount",
        "SELECT e.id, e.amount_cents || ' ≠ ' || coalesce(sum(l.amount_cents), 0)
         FROM ledger_entries e LEFT JOIN ledger_lines l ON l.entry_id = e.id
         GROUP BY e.id HAVING coalesce(sum(l.amount_cents), 0) <> e.amount_cents",
    ),
    (
        "a reversal is the exact opposite of the entry it cancels",
        "SELECT r.id, r.amount_cents || ' vs ' || o.amount_cents
         FROM ledger_entries r JOIN ledger_entries o ON o.id = r.reverses_id
         WHERE r.amount_cents <> -o.amount_cents OR o.kind = 'reversal'",
    ),
    (
        "income entries bring money in, expenses take it out",
        "SELECT id, kind || ' ' || amount_cents FROM ledger_entries
         WHERE (kind IN ('fee', 'tier', 'donation', 'subsidy', 'income') AND amount_cents < 0)
            OR (kind = 'expense' AND amount_cents > 0)",
    ),
    (
        "days are written YYYY-MM-DD",
        "SELECT id, entry_date FROM ledger_entries WHERE date(entry_date) IS NOT entry_date",
    ),
];

/// Receipt rules (issue 4), each a query returning a receipt id (or year) and a detail.
const RECEIPT_RULES: &[(&str, &str)] = &[
    (
        "receipt numbers run 1, 2, 3… per series and year, with no gap",
        "SELECT issue_year, series || ': ' || count(*) || ' receipts, highest n° ' || max(number)
         FROM receipts GROUP BY series, issue_year HAVING max(number) <> count(*)",
    ),
    (
        "a receipt's amount is the sum of what it covers",
        "SELECT r.id, r.amount_cents || ' ≠ ' || coalesce(sum(x.amount_cents), 0)
         FROM receipts r LEFT JOIN receipt_entries x ON x.receipt_id = r.id
         GROUP BY r.id HAVING coalesce(sum(x.amount_cents), 0) <> r.amount_cents",
    ),
    (
        "a tax receipt covers gifts only (accounts 7561 and 7541)",
        "SELECT x.receipt_id, 'entry ' || x.entry_id || ': ' || x.amount_cents || ' > '
                || coalesce((SELECT sum(l.amount_cents) FROM ledger_lines l
                   WHERE l.entry_id = x.entry_id AND l.account IN ('7561', '7541')), 0)
         FROM receipt_entries x JOIN receipts r ON r.id = x.receipt_id
         WHERE r.series = 'tax' AND x.amount_cents > coalesce((SELECT sum(l.amount_cents)
               FROM ledger_lines l WHERE l.entry_id = x.entry_id
               AND l.account IN ('7561', '7541')), 0)",
    ),
    (
        "a receipt of a reversed entry is cancelled",
        "SELECT DISTINCT r.id, 'entry ' || x.entry_id FROM receipts r
         JOIN receipt_entries x ON x.receipt_id = r.id
         JOIN ledger_entries rev ON rev.reverses_id = x.entry_id
         WHERE r.cancelled_on IS NULL",
    ),
];

pub fn run(db: &Database) -> Result<Report> {
    let conn = db.conn();
    let mut problems = Vec::new();
    let mut check = |area: &str,
                     sql: &str,
                     describe: &dyn Fn(&rusqlite::Row<'_>) -> rusqlite::Result<Option<String>>|
     -> Result<()> {
        // one problem per row the query finds (`None`: a row that is not one)
        let mut stmt = conn.prepare(sql)?;
        let mut rows = stmt.query([])?;
        while let Some(row) = rows.next()? {
            if let Some(detail) = describe(row)? {
                problems.push(Problem {
                    area: area.into(),
                    detail,
                });
            }
        }
        Ok(())
    };
    check("integrity", "PRAGMA integrity_check", &|r| {
        let line: String = r.get(0)?;
        Ok((line != "ok").then_some(line))
    })?;

    check("foreign_key", "PRAGMA foreign_key_check", &|r| {
        Ok(Some(format!(
            "{} row {} → {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            r.get::<_, String>(2)?
        )))
    })?;
    for (rule, sql) in LEDGER_RULES {
        check("ledger", sql, &|r| {
            Ok(Some(format!(
                "entry {}: {rule} ({})",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?
            )))
        })?;
    }
    for (rule, sql) in RECEIPT_RULES {
        check("receipts", sql, &|r| {
            Ok(Some(format!(
                "receipt {}: {rule} ({})",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?
            )))
        })?;
    }
    // a closed year's entries still give the result stored when it was closed
    check(
        "books",
        "SELECT c.year, c.result_cents, coalesce((SELECT sum(l.amount_cents) FROM ledger_lines l
             JOIN ledger_entries e ON e.id = l.entry_id
             WHERE e.entry_date >= c.starts_on AND e.entry_date < c.ends_before), 0) AS now
         FROM closed_years c WHERE c.result_cents <> now",
        &|r| {
            Ok(Some(format!(
                "closed year {}: result {} at close, {} now",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?
            )))
        },
    )?;
    // the totals kept by triggers (migration 0007) equal the lines they sum up
    check(
        "books",
        "WITH from_lines AS (
             SELECT e.entry_date AS day, l.account, e.method, sum(l.amount_cents) AS amount_cents,
                    count(*) AS lines
             FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
             GROUP BY e.entry_date, l.account, e.method),
         stored AS (SELECT day, account, method, amount_cents, lines FROM ledger_day_totals),
         differ AS (SELECT * FROM (SELECT * FROM stored EXCEPT SELECT * FROM from_lines)
                    UNION SELECT * FROM (SELECT * FROM from_lines EXCEPT SELECT * FROM stored))
         SELECT d.day, d.account, d.method,
                coalesce((SELECT s.amount_cents || ' (' || s.lines || ' lines)' FROM stored s
                          WHERE (s.day, s.account, s.method) = (d.day, d.account, d.method)), 'none'),
                coalesce((SELECT f.amount_cents || ' (' || f.lines || ' lines)' FROM from_lines f
                          WHERE (f.day, f.account, f.method) = (d.day, d.account, d.method)), 'none')
         FROM (SELECT DISTINCT day, account, method FROM differ) d
         ORDER BY 1, 2, 3 LIMIT 50",
        &|r| {
            Ok(Some(format!(
                "ledger totals of {}, account {}, {}: {} kept, the lines give {}",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, String>(4)?
            )))
        },
    )?;
    // the month totals (migration 0009) equal the day totals they sum up
    check(
        "books",
        "WITH from_days AS (
             SELECT substr(day, 1, 7) AS month, account, method, sum(amount_cents) AS amount_cents,
                    sum(lines) AS lines
             FROM ledger_day_totals GROUP BY 1, 2, 3),
         stored AS (SELECT month, account, method, amount_cents, lines FROM ledger_month_totals)
         SELECT DISTINCT month, account, method FROM (
             SELECT * FROM (SELECT * FROM stored EXCEPT SELECT * FROM from_days)
             UNION ALL SELECT * FROM (SELECT * FROM from_days EXCEPT SELECT * FROM stored))
         ORDER BY 1, 2, 3 LIMIT 50",
        &|r| {
            Ok(Some(format!(
                "ledger totals of month {}, account {}, {}: differ from its days",
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            )))
        },
    )?;
    // the report's payers per income source and day (migration 0020) equal the income lines
    check(
        "books",
        "WITH from_lines AS (
             SELECT source, day_number, who, count(*) FROM income_lines WHERE counted
             GROUP BY source, day_number, who),
         stored AS (SELECT source, day_number, who, lines FROM income_payer_days)
         SELECT DISTINCT source, day_number,
                CASE WHEN typeof(who) = 'text' THEN 'a named payer'
                     WHEN who > 0 THEN 'member ' || who ELSE 'entry ' || -who END
         FROM (SELECT * FROM (SELECT * FROM stored EXCEPT SELECT * FROM from_lines)
               UNION ALL SELECT * FROM (SELECT * FROM from_lines EXCEPT SELECT * FROM stored))
         ORDER BY 1, 2, 3 LIMIT 50",
        &|r| {
            Ok(Some(format!(
                "report payers of income source {}, day {}, {}: differ from the income lines",
                r.get::<_, i64>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, String>(2)?
            )))
        },
    )?;
    // each member's paid-until day (migration 0009) is the end of their latest fee period
    check(
        "members",
        "SELECT id, coalesce(fee_paid_until, 'none'), coalesce(actual, 'none') FROM (
             SELECT m.id, m.fee_paid_until,
                    (SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
                     WHERE s.member_id = m.id AND p.kind = 'fee') AS actual
             FROM members m)
         WHERE fee_paid_until IS NOT actual ORDER BY id LIMIT 50",
        &|r| {
            Ok(Some(format!(
                "member {}: paid until {} kept, their fee periods say {}",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?
            )))
        },
    )?;
    check(
        "members",
        "SELECT id, email FROM members WHERE email <> lower(trim(email))",
        &|r| {
            Ok(Some(format!(
                "member {}: email not normalised ({})",
                r.get::<_, i64>(0)?,
                r.get::<_, String>(1)?
            )))
        },
    )?;
    // an erased member keeps no contact detail, and nothing of theirs that erasure deletes
    check(
        "members",
        "SELECT id FROM members WHERE erased_on IS NOT NULL
             AND (first_name <> '' OR phone <> '' OR street <> '' OR postal_code <> ''
                  OR city <> '' OR notes <> '' OR email NOT LIKE '%@efface.invalid'
                  OR EXISTS (SELECT 1 FROM consents c WHERE c.member_id = members.id)
                  OR EXISTS (SELECT 1 FROM service_accounts a WHERE a.member_id = members.id))",
        &|r| {
            Ok(Some(format!(
                "member {}: erased, yet contact details, consents or accounts remain",
                r.get::<_, i64>(0)?
            )))
        },
    )?;
    // What SQLite found is the file's verdict: kept, so a damaged file takes no write.
    let damage: Vec<&str> = problems
        .iter()
        .filter(|p| p.area == "integrity")
        .map(|p| p.detail.as_str())
        .collect();
    db.settle_integrity(&if damage.is_empty() {
        Verdict::Sound
    } else {
        Verdict::Damaged {
            detail: damage.join(" ; "),
        }
    });
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(Report {
        schema_version: version,
        members: conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?,
        ledger_entries: conn.query_row("SELECT count(*) FROM ledger_entries", [], |r| r.get(0))?,
        problems,
    })
}
