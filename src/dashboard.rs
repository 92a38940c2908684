//! The figures of the dashboard: what needs the treasurer's or an admin's attention today.

use crate::books::years::FinancialYear;
use crate::kernel::dates::Period;
use crate::kernel::error::Result;
use crate::kernel::money::Cents;
use crate::people::members::MembershipStatus;
use chrono::NaiveDate;
use rusqlite::{named_params, Connection};
use serde::{Deserialize, Serialize};

/// How many days ahead a renewal counts as due.
pub const DUE_WITHIN_DAYS: i64 = 30;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Dashboard {
    pub today: NaiveDate,
    pub members_total: i64,
    pub members_active: i64,
    pub members_grace: i64,
    pub members_expired: i64,
    pub members_never_paid: i64,
    /// active members whose fee period ends within the next `DUE_WITHIN_DAYS` days (and
    /// who have not renewed yet: the same members as the renewals list's « due »)
    pub renewals_due: i64,
    pub accounts_total: i64,
    pub accounts_over_quota: i64,
    /// at 90 % of their quota or more, not over
    pub accounts_near_quota: i64,
    /// the financial year that contains `today`
    pub year: Period,
    pub income_cents: Cents,
    pub expenses_cents: Cents,
    /// members' data requests still open whose deadline is within
    /// `requests::WARN_WITHIN_DAYS` days (see `requests::near_deadline` for the list)
    #[serde(default)]
    pub data_requests_due: i64,
    /// members' data requests still open after their deadline
    #[serde(default)]
    pub data_requests_late: i64,
}

pub fn compute(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    let grace_days = crate::store::settings::organisation_of(conn)?.grace_days;
    let cutoff = today - chrono::Duration::days(grace_days);
    let due_until = today + chrono::Duration::days(DUE_WITHIN_DAYS);
    let counts = member_counts(conn, today, cutoff, due_until)?;
    let (total, active, grace, expired, never, due) = (
        counts.total,
        counts.active,
        counts.grace,
        counts.expired,
        counts.never_paid,
        counts.due,
    );
    let (accounts_total, over, near): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT count(*),
                    count(*) FILTER (WHERE used_bytes > quota_bytes),
                    count(*) FILTER (WHERE used_bytes <= quota_bytes AND quota_bytes > 0
                                       AND used_bytes * 10 >= quota_bytes * 9)
             FROM service_accounts",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let year = FinancialYear::containing(conn, today)?;
    let so_far = Period {
        start: year.period.start,
        end_exclusive: today.succ_opt().unwrap_or(today),
    };
    let mut income = 0;
    let mut expenses = 0;
    for (account, cents) in crate::books::statements::account_totals(conn, so_far)? {
        if account.starts_with('7') {
            income += cents;
        } else if account.starts_with('6') {
            expenses -= cents;
        }
    }
    let requests = crate::rights::requests::near_deadline(
        conn,
        today,
        crate::rights::requests::WARN_WITHIN_DAYS,
    )?;
    let late = requests.iter().filter(|r| r.is_late(today)).count() as i64;
    Ok(Dashboard {
        data_requests_due: requests.len() as i64 - late,
        data_requests_late: late,
        today,
        members_total: total,
        members_active: active,
        members_grace: grace,
        members_expired: expired,
        members_never_paid: never,
        renewals_due: due,
        accounts_total,
        accounts_over_quota: over,
        accounts_near_quota: near,
        year: year.period,
        income_cents: income,
        expenses_cents: expenses,
    })
}

#[derive(Debug, Default, PartialEq)]
struct MemberCounts {
    total: i64,
    active: i64,
    grace: i64,
    expired: i64,
    never_paid: i64,
    due: i64,
}

impl MemberCounts {
    /// Counts one member whose paid-until day (periods started on `today`) is `paid_until`
    /// and whose latest period, started or not, ends on `latest_end`; `by` is 1 or -1.
    fn add(
        &mut self,
        paid_until: Option<&str>,
        latest_end: Option<&str>,
        [today, cutoff, due]: [&str; 3],
        by: i64,
    ) {
        match paid_until {
            None => self.never_paid += by,
            Some(end) if end > today => {
                self.active += by;
                // due: the latest period ends soon, so a member who renewed early is not due
                if latest_end.is_some_and(|l| l <= due) {
                    self.due += by;
                }
            }
            Some(end) if end > cutoff => self.grace += by,
            Some(_) => self.expired += by,
        }
    }
}

/// Members by status on `today`. A member's status comes from their fee periods started by
/// `today`; `members.fee_paid_until` (kept by triggers, migration 0009) is the end of their
/// latest period, started or not, so it is the answer for everyone whose periods have all
/// started. The counts are ranges of its index; the few members with a period still to come
/// (paid in advance) are then counted again from their periods.
fn member_counts(
    conn: &Connection,
    today: NaiveDate,
    cutoff: NaiveDate,
    due: NaiveDate,
) -> Result<MemberCounts> {
    let days = [today.to_string(), cutoff.to_string(), due.to_string()];
    let bounds = [days[0].as_str(), days[1].as_str(), days[2].as_str()];
    let mut counts = conn
        .prepare_cached(
            "SELECT (SELECT count(*) FROM members),
                    (SELECT count(*) FROM members WHERE fee_paid_until > :today),
                    (SELECT count(*) FROM members
                     WHERE fee_paid_until <= :today AND fee_paid_until > :cutoff),
                    (SELECT count(*) FROM members WHERE fee_paid_until <= :cutoff),
                    (SELECT count(*) FROM members WHERE fee_paid_until IS NULL),
                    (SELECT count(*) FROM members
                     WHERE fee_paid_until > :today AND fee_paid_until <= :due)",
        )?
        .query_row(
            named_params! { ":today": days[0], ":cutoff": days[1], ":due": days[2] },
            |r| {
                Ok(MemberCounts {
                    total: r.get(0)?,
                    active: r.get(1)?,
                    grace: r.get(2)?,
                    expired: r.get(3)?,
                    never_paid: r.get(4)?,
                    due: r.get(5)?,
                })
            },
        )?;
    let mut stmt = conn.prepare_cached(
        "SELECT m.fee_paid_until,
                (SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
                 WHERE s.member_id = m.id AND p.kind = 'fee' AND s.starts_on <= :today)
         FROM members m
         -- CROSS JOIN keeps subscriptions outer: the periods still to come are a short range
         -- of `subscriptions_start`, where the planner preferred every fee period by plan
         -- (large profile: ~290,000 index entries, 6–21 ms CPU → under 2 ms)
         WHERE m.id IN (SELECT s.member_id FROM subscriptions s
                        CROSS JOIN plans p ON p.id = s.plan_id
                        WHERE s.starts_on > :today AND p.kind = 'fee')",
    )?;
    let mut rows = stmt.query(named_params! { ":today": days[0] })?;
    while let Some(row) = rows.next()? {
        let latest: Option<String> = row.get(0)?;
        let started: Option<String> = row.get(1)?;
        // as counted above (all periods taken as started), then as they are
        counts.add(latest.as_deref(), latest.as_deref(), bounds, -1);
        counts.add(started.as_deref(), latest.as_deref(), bounds, 1);
    }
    Ok(counts)
}

/// The count of members in one status, as the dashboard shows it.
pub fn count(d: &Dashboard, status: MembershipStatus) -> i64 {
    match status {
        MembershipStatus::Active => d.members_active,
        MembershipStatus::Grace => d.members_grace,
        MembershipStatus::Expired => d.members_expired,
        MembershipStatus::None => d.members_never_paid,
    }
}
