//! The figures of the dashboard: what needs the treasurer's or an admin's attention today.

use crate::dates::Period;
use crate::error::Result;
use crate::members::MembershipStatus;
use crate::money::Cents;
use chrono::{Datelike, NaiveDate};
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
    /// active members whose fee period ends within the next `DUE_WITHIN_DAYS` days
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

/// The financial year containing `day`, from the association's `fiscal_year_start`.
pub fn financial_year_of(conn: &Connection, day: NaiveDate) -> Result<Period> {
    let start = crate::settings::organisation_of(conn)?.fiscal_year_start;
    let this = Period::fiscal_year(day.year(), start);
    Ok(if day < this.start {
        Period::fiscal_year(day.year() - 1, start)
    } else {
        this
    })
}

pub fn compute(conn: &Connection, today: NaiveDate) -> Result<Dashboard> {
    let grace_days = crate::settings::organisation_of(conn)?.grace_days;
    let cutoff = today - chrono::Duration::days(grace_days);
    let due_until = today + chrono::Duration::days(DUE_WITHIN_DAYS);
    let (total, active, grace, expired, never, due): (i64, i64, i64, i64, i64, i64) = conn
        .prepare_cached(
            "SELECT count(*),
                    count(*) FILTER (WHERE paid_until > :today),
                    count(*) FILTER (WHERE paid_until <= :today AND paid_until > :cutoff),
                    count(*) FILTER (WHERE paid_until <= :cutoff),
                    count(*) FILTER (WHERE paid_until IS NULL),
                    count(*) FILTER (WHERE paid_until > :today AND paid_until <= :due)
             FROM (SELECT (SELECT max(s.ends_before) FROM subscriptions s
                           JOIN plans p ON p.id = s.plan_id
                           WHERE s.member_id = m.id AND p.kind = 'fee' AND s.starts_on <= :today)
                          AS paid_until
                   FROM members m)",
        )?
        .query_row(
            named_params! {
                ":today": today.to_string(),
                ":cutoff": cutoff.to_string(),
                ":due": due_until.to_string(),
            },
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                ))
            },
        )?;
    let (accounts_total, over, near): (i64, i64, i64) = conn
        .prepare_cached(
            "SELECT count(*),
                    count(*) FILTER (WHERE used_bytes > quota_bytes),
                    count(*) FILTER (WHERE used_bytes <= quota_bytes AND quota_bytes > 0
                                       AND used_bytes * 10 >= quota_bytes * 9)
             FROM service_accounts",
        )?
        .query_row([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
    let year = financial_year_of(conn, today)?;
    let so_far = Period {
        start: year.start,
        end_exclusive: today.succ_opt().unwrap_or(today),
    };
    let mut income = 0;
    let mut expenses = 0;
    for (account, cents) in crate::ledger::totals_by_account(conn, so_far)? {
        if account.starts_with('7') {
            income += cents;
        } else if account.starts_with('6') {
            expenses -= cents;
        }
    }
    let requests = crate::requests::near_deadline(conn, today, crate::requests::WARN_WITHIN_DAYS)?;
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
        year,
        income_cents: income,
        expenses_cents: expenses,
    })
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
