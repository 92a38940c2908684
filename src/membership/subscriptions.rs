//! Subscriptions: a member × a plan × a period [starts_on, ends_before). Their status is
//! derived from the dates, never stored.

use crate::kernel::dates::now_text;
use crate::kernel::dates::{add_months, Period};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{MemberId, PlanId, SubscriptionId};
use crate::membership::plans::{Plan, PlanKind, PlanPeriod};
use crate::people::members::MembershipStatus;
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SubscriptionStatus {
    /// starts after today
    Upcoming,
    Active,
    /// ended less than the grace days ago
    Grace,
    Expired,
}

impl SubscriptionStatus {
    pub fn of(period: Period, today: NaiveDate, grace_days: i64) -> Self {
        if today < period.start {
            SubscriptionStatus::Upcoming
        } else if today < period.end_exclusive {
            SubscriptionStatus::Active
        } else if today < period.end_exclusive + chrono::Duration::days(grace_days) {
            SubscriptionStatus::Grace
        } else {
            SubscriptionStatus::Expired
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Subscription {
    pub id: SubscriptionId,
    pub member_id: MemberId,
    pub plan_id: PlanId,
    pub plan_name: String,
    pub plan_kind: PlanKind,
    pub starts_on: NaiveDate,
    pub ends_before: NaiveDate,
    pub status: SubscriptionStatus,
}

/// The latest end of this member's periods that count as "the same thing" as `plan`: any
/// fee for a fee (changing fee keeps the membership continuous), the same tier for a tier.
pub fn last_end(conn: &Connection, member: MemberId, plan: &Plan) -> Result<Option<NaiveDate>> {
    let end: Option<String> = match plan.kind {
        PlanKind::Fee => conn
            .prepare_cached(
                "SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
                 WHERE s.member_id = ?1 AND p.kind = 'fee'",
            )?
            .query_row([member], |r| r.get(0))?,
        PlanKind::Tier => conn
            .prepare_cached(
                "SELECT max(ends_before) FROM subscriptions WHERE member_id = ?1 AND plan_id = ?2",
            )?
            .query_row(params![member, plan.id], |r| r.get(0))?,
    };
    Ok(end.and_then(|d| d.parse().ok()))
}

/// The period a payment of `plan` made on `paid_on` buys:
/// - while a period still runs (early renewal), the new one starts where it ends;
/// - after a lapse, it starts on the payment day, unless the plan says a renewal covers the
///   gap, in which case it starts where the last one ended;
/// - a civil-year plan ends on 1 January; paid in December, it runs to the end of next year;
/// - a rolling plan lasts N months (31 January + 1 month = end of February).
pub fn next_period(
    conn: &Connection,
    member: MemberId,
    plan: &Plan,
    paid_on: NaiveDate,
) -> Result<Period> {
    let last = last_end(conn, member, plan)?;
    Ok(period_after(last, plan, paid_on))
}

/// [`next_period`] without the database: `last` is the end of the member's latest period.
///
/// A plan that covers the gap starts the new period where the last one ended, unless that
/// period would already be over on the payment day (a member back after years is not billed
/// for the years away): then it starts on the payment day.
pub fn period_after(last: Option<NaiveDate>, plan: &Plan, paid_on: NaiveDate) -> Period {
    let from = |start: NaiveDate| {
        let end = match plan.period {
            PlanPeriod::Civil => {
                let year = if start.month() == 12 && start == paid_on {
                    start.year() + 2
                } else {
                    start.year() + 1
                };
                NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January exists")
            }
            PlanPeriod::Months(n) => add_months(start, n),
        };
        Period {
            start,
            end_exclusive: end,
        }
    };
    match last {
        Some(end) if end > paid_on => from(end),
        Some(end) if plan.covers_gap => {
            let covering = from(end);
            if covering.end_exclusive > paid_on {
                covering
            } else {
                from(paid_on)
            }
        }
        _ => from(paid_on),
    }
}

/// Inserts a subscription inside a caller's transaction.
pub fn insert(
    conn: &Connection,
    member: MemberId,
    plan: PlanId,
    period: Period,
) -> Result<SubscriptionId> {
    conn.prepare_cached(
        "INSERT INTO subscriptions (member_id, plan_id, starts_on, ends_before, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
    )?
    .execute(params![
        member,
        plan,
        period.start.to_string(),
        period.end_exclusive.to_string(),
        now_text()
    ])?;
    Ok(SubscriptionId(conn.last_insert_rowid()))
}

/// Subscribes a member to a plan for a period (without payment: a free tier, a gift).
pub fn add(
    db: &mut Database,
    member: MemberId,
    plan: PlanId,
    period: Period,
) -> Result<SubscriptionId> {
    db.write(|tx| {
        crate::people::members::get(tx, member)?;
        let plan = crate::membership::plans::get(tx, plan)?;
        if plan.archived {
            return Err(Error::refused(
                format!("la formule « {} » est archivée", plan.name),
                format!("the plan “{}” is archived", plan.name),
            ));
        }
        let id = insert(tx, member, plan.id, period)?;
        let change = Change::new("add", "subscription", Some(id.0))
            .member(member)
            .after(&serde_json::json!({
                "plan": plan.name, "starts_on": period.start, "ends_before": period.end_exclusive
            }));
        Ok((id, change))
    })
}

pub fn get(conn: &Connection, id: SubscriptionId, today: NaiveDate) -> Result<Subscription> {
    let grace = crate::store::settings::organisation_of(conn)?.grace_days;
    conn.query_row(
        "SELECT s.id, s.member_id, s.plan_id, p.name, p.kind, s.starts_on, s.ends_before
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id WHERE s.id = ?1",
        [id],
        |r| row(r, today, grace),
    )
    .optional()?
    .ok_or_else(|| Error::not_found("abonnement", "subscription", id.to_string()))
}

fn row(r: &rusqlite::Row<'_>, today: NaiveDate, grace: i64) -> rusqlite::Result<Subscription> {
    let kind: String = r.get(4)?;
    let start: String = r.get(5)?;
    let end: String = r.get(6)?;
    let start: NaiveDate = start.parse().unwrap_or_default();
    let end: NaiveDate = end.parse().unwrap_or_default();
    Ok(Subscription {
        id: r.get(0)?,
        member_id: r.get(1)?,
        plan_id: r.get(2)?,
        plan_name: r.get(3)?,
        plan_kind: if kind == "tier" {
            PlanKind::Tier
        } else {
            PlanKind::Fee
        },
        starts_on: start,
        ends_before: end,
        status: SubscriptionStatus::of(
            Period {
                start,
                end_exclusive: end,
            },
            today,
            grace,
        ),
    })
}

/// A member's subscriptions, latest first, with their status on `today`.
pub fn for_member(
    conn: &Connection,
    member: MemberId,
    today: NaiveDate,
) -> Result<Vec<Subscription>> {
    let grace = crate::store::settings::organisation_of(conn)?.grace_days;
    let mut stmt = conn.prepare_cached(
        "SELECT s.id, s.member_id, s.plan_id, p.name, p.kind, s.starts_on, s.ends_before
         FROM subscriptions s JOIN plans p ON p.id = s.plan_id
         WHERE s.member_id = ?1 ORDER BY s.ends_before DESC, s.id DESC",
    )?;
    let rows = stmt.query_map([member], |r| row(r, today, grace))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The quota a new account of `member` starts with: its tiers on `today` (no bonus yet).
pub fn initial_quota(conn: &Connection, member: MemberId, today: NaiveDate) -> Result<i64> {
    let status = crate::people::members::status(conn, member, today)?;
    let member_counts = matches!(status, MembershipStatus::Active | MembershipStatus::Grace);
    let day = today.to_string();
    let subscribed: Option<i64> = conn.query_row(
        "SELECT max(p.quota_bytes) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
         WHERE s.member_id = ?1 AND p.kind = 'tier' AND s.starts_on <= ?2 AND s.ends_before > ?2
           AND (p.members_only = 0 OR ?3)",
        params![member, day, member_counts],
        |r| r.get(0),
    )?;
    let floor: Option<i64> = conn.query_row(
        "SELECT max(quota_bytes) FROM plans WHERE kind = 'tier' AND archived = 0
           AND members_only = 0 AND amount_cents = 0 AND pay_what_you_want = 0",
        [],
        |r| r.get(0),
    )?;
    Ok(subscribed.unwrap_or(0).max(floor.unwrap_or(0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn status_follows_the_dates() {
        let p = Period::new(d(2026, 1, 1), d(2027, 1, 1)).unwrap();
        use SubscriptionStatus::*;
        assert_eq!(SubscriptionStatus::of(p, d(2025, 12, 31), 30), Upcoming);
        assert_eq!(SubscriptionStatus::of(p, d(2026, 1, 1), 30), Active);
        assert_eq!(SubscriptionStatus::of(p, d(2026, 12, 31), 30), Active);
        assert_eq!(SubscriptionStatus::of(p, d(2027, 1, 1), 30), Grace);
        assert_eq!(SubscriptionStatus::of(p, d(2027, 1, 30), 30), Grace);
        assert_eq!(SubscriptionStatus::of(p, d(2027, 1, 31), 30), Expired);
    }
}
