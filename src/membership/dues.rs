//! Dues: a membership a member signed up for and has not paid yet, with the amount expected
//! (Paheko's unpaid subscriptions, issue #20). A period (`subscriptions`) is what was paid
//! or given, and renewals, quota and reports count it as a membership; a due is not one, so
//! an unpaid membership never passes for a paid one. A due is outstanding until a period of
//! the same member and plan overlaps it (the payment recorded when it comes): derived from
//! the dates, never a flag, like every status of Panier's periods.

use crate::kernel::dates::{now_text, Period};
use crate::kernel::error::Result;
use crate::kernel::ids::{MemberId, PlanId, SubscriptionId};
use crate::kernel::money::Cents;
use chrono::NaiveDate;
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Due {
    pub id: i64,
    pub member_id: MemberId,
    pub plan_id: PlanId,
    pub plan_name: String,
    pub starts_on: NaiveDate,
    pub ends_before: NaiveDate,
    pub amount_due_cents: Cents,
    /// where it comes from ("paheko" for an import)
    pub source: String,
    /// the period that settles it, once paid
    pub settled_by: Option<SubscriptionId>,
}

/// Writes a due inside a caller's transaction.
pub fn insert(
    conn: &Connection,
    member: MemberId,
    plan: PlanId,
    period: Period,
    amount_due_cents: Cents,
    source: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO membership_dues (member_id, plan_id, starts_on, ends_before,
             amount_due_cents, source, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        member,
        plan,
        period.start.to_string(),
        period.end_exclusive.to_string(),
        amount_due_cents.max(0),
        source,
        now_text()
    ])?;
    Ok(conn.last_insert_rowid())
}

const SELECT: &str = "SELECT d.id, d.member_id, d.plan_id, p.name, d.starts_on, d.ends_before,
        d.amount_due_cents, d.source,
        (SELECT s.id FROM subscriptions s
         WHERE s.member_id = d.member_id AND s.plan_id = d.plan_id
           AND s.starts_on < d.ends_before AND s.ends_before > d.starts_on
         ORDER BY s.starts_on LIMIT 1) AS settled_by
    FROM membership_dues d JOIN plans p ON p.id = d.plan_id";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Due> {
    let day = |i: usize| -> rusqlite::Result<NaiveDate> {
        let text: String = r.get(i)?;
        text.parse().map_err(|e| {
            rusqlite::Error::FromSqlConversionFailure(i, rusqlite::types::Type::Text, Box::new(e))
        })
    };
    Ok(Due {
        id: r.get(0)?,
        member_id: MemberId(r.get(1)?),
        plan_id: PlanId(r.get(2)?),
        plan_name: r.get(3)?,
        starts_on: day(4)?,
        ends_before: day(5)?,
        amount_due_cents: r.get(6)?,
        source: r.get(7)?,
        settled_by: r.get::<_, Option<i64>>(8)?.map(SubscriptionId),
    })
}

/// A member's dues, settled or not, oldest first.
pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<Due>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE d.member_id = ?1 ORDER BY d.starts_on, d.id"
    ))?;
    let rows = stmt.query_map([member], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every due no period settles yet, oldest first.
pub fn outstanding(conn: &Connection) -> Result<Vec<Due>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT * FROM ({SELECT}) WHERE settled_by IS NULL ORDER BY starts_on, id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
