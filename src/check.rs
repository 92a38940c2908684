//! A full check of a Panier file: SQLite's own integrity, foreign keys, and the rules of the
//! ledger that SQL constraints cannot express.

use crate::db::Database;
use crate::error::Result;
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
    let mut stmt = conn.prepare("PRAGMA integrity_check")?;
    for row in stmt.query_map([], |r| r.get::<_, String>(0))? {
        let line = row?;
        if line != "ok" {
            problems.push(Problem {
                area: "integrity".into(),
                detail: line,
            });
        }
    }
    let mut stmt = conn.prepare("PRAGMA foreign_key_check")?;
    let fk = stmt.query_map([], |r| {
        Ok(format!(
            "{} row {} → {}",
            r.get::<_, String>(0)?,
            r.get::<_, Option<i64>>(1)?.unwrap_or(0),
            r.get::<_, String>(2)?
        ))
    })?;
    for row in fk {
        problems.push(Problem {
            area: "foreign_key".into(),
            detail: row?,
        });
    }
    for (rule, sql) in LEDGER_RULES {
        let mut stmt = conn.prepare(sql)?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, detail) = row?;
            problems.push(Problem {
                area: "ledger".into(),
                detail: format!("entry {id}: {rule} ({detail})"),
            });
        }
    }
    for (rule, sql) in RECEIPT_RULES {
        let mut stmt = conn.prepare(sql)?;
        for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
            let (id, detail) = row?;
            problems.push(Problem {
                area: "receipts".into(),
                detail: format!("receipt {id}: {rule} ({detail})"),
            });
        }
    }
    // a closed year's entries still give the result stored when it was closed
    let mut stmt = conn.prepare(
        "SELECT c.year, c.result_cents, coalesce((SELECT sum(l.amount_cents) FROM ledger_lines l
             JOIN ledger_entries e ON e.id = l.entry_id
             WHERE e.entry_date >= c.starts_on AND e.entry_date < c.ends_before), 0) AS now
         FROM closed_years c WHERE c.result_cents <> now",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, i64>(1)?,
            r.get::<_, i64>(2)?,
        ))
    })? {
        let (year, stored, now) = row?;
        problems.push(Problem {
            area: "books".into(),
            detail: format!("closed year {year}: result {stored} at close, {now} now"),
        });
    }
    // the totals kept by triggers (migration 0007) equal the lines they sum up
    let mut stmt = conn.prepare(
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
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
        ))
    })? {
        let (day, account, method, stored, lines) = row?;
        problems.push(Problem {
            area: "books".into(),
            detail: format!(
                "ledger totals of {day}, account {account}, {method}: {stored} kept, the lines give {lines}"
            ),
        });
    }
    // the month totals (migration 0009) equal the day totals they sum up
    let mut stmt = conn.prepare(
        "WITH from_days AS (
             SELECT substr(day, 1, 7) AS month, account, method, sum(amount_cents) AS amount_cents,
                    sum(lines) AS lines
             FROM ledger_day_totals GROUP BY 1, 2, 3),
         stored AS (SELECT month, account, method, amount_cents, lines FROM ledger_month_totals)
         SELECT DISTINCT month, account, method FROM (
             SELECT * FROM (SELECT * FROM stored EXCEPT SELECT * FROM from_days)
             UNION ALL SELECT * FROM (SELECT * FROM from_days EXCEPT SELECT * FROM stored))
         ORDER BY 1, 2, 3 LIMIT 50",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (month, account, method) = row?;
        problems.push(Problem {
            area: "books".into(),
            detail: format!(
                "ledger totals of month {month}, account {account}, {method}: differ from its days"
            ),
        });
    }
    // each member's paid-until day (migration 0009) is the end of their latest fee period
    let mut stmt = conn.prepare(
        "SELECT id, coalesce(fee_paid_until, 'none'), coalesce(actual, 'none') FROM (
             SELECT m.id, m.fee_paid_until,
                    (SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
                     WHERE s.member_id = m.id AND p.kind = 'fee') AS actual
             FROM members m)
         WHERE fee_paid_until IS NOT actual ORDER BY id LIMIT 50",
    )?;
    for row in stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })? {
        let (id, kept, actual) = row?;
        problems.push(Problem {
            area: "members".into(),
            detail: format!("member {id}: paid until {kept} kept, their fee periods say {actual}"),
        });
    }
    let mut stmt =
        conn.prepare("SELECT id, email FROM members WHERE email <> lower(trim(email))")?;
    for row in stmt.query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))? {
        let (id, email) = row?;
        problems.push(Problem {
            area: "members".into(),
            detail: format!("member {id}: email not normalised ({email})"),
        });
    }
    // an erased member keeps no contact detail, and nothing of theirs that erasure deletes
    let mut stmt = conn.prepare(
        "SELECT id FROM members WHERE erased_on IS NOT NULL
             AND (first_name <> '' OR phone <> '' OR street <> '' OR postal_code <> ''
                  OR city <> '' OR notes <> '' OR email NOT LIKE '%@efface.invalid'
                  OR EXISTS (SELECT 1 FROM consents c WHERE c.member_id = members.id)
                  OR EXISTS (SELECT 1 FROM service_accounts a WHERE a.member_id = members.id))",
    )?;
    for row in stmt.query_map([], |r| r.get::<_, i64>(0))? {
        let id = row?;
        problems.push(Problem {
            area: "members".into(),
            detail: format!(
                "member {id}: erased, yet contact details, consents or accounts remain"
            ),
        });
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    Ok(Report {
        schema_version: version,
        members: conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?,
        ledger_entries: conn.query_row("SELECT count(*) FROM ledger_entries", [], |r| r.get(0))?,
        problems,
    })
}
