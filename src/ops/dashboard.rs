//! The dashboard's figures: what needs the treasurer's or an admin's attention today, as
//! `panier dashboard` prints them.

use super::{Access, Area, Operation};
use crate::kernel::error::Result;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The core's `Dashboard`, with days as YYYY-MM-DD and money as integer cents.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DashboardFigures {
    pub today: String,
    #[ts(type = "number")]
    pub members_total: i64,
    #[ts(type = "number")]
    pub members_active: i64,
    #[ts(type = "number")]
    pub members_grace: i64,
    #[ts(type = "number")]
    pub members_expired: i64,
    #[ts(type = "number")]
    pub members_never_paid: i64,
    /// active members whose period ends within `renewal_days`
    #[ts(type = "number")]
    pub renewals_due: i64,
    #[ts(type = "number")]
    pub renewal_days: i64,
    #[ts(type = "number")]
    pub accounts_total: i64,
    #[ts(type = "number")]
    pub accounts_over_quota: i64,
    #[ts(type = "number")]
    pub accounts_near_quota: i64,
    /// the financial year containing today: [start, end)
    pub year_start: String,
    pub year_end_exclusive: String,
    #[ts(type = "number")]
    pub income_cents: i64,
    #[ts(type = "number")]
    pub expenses_cents: i64,
    /// open data requests due within `request_warn_days`
    #[ts(type = "number")]
    pub data_requests_due: i64,
    #[ts(type = "number")]
    pub data_requests_late: i64,
    #[ts(type = "number")]
    pub request_warn_days: i64,
}

/// Today's figures. Read as the money area (they hold the year's income and expenses).
pub struct Figures;

impl Operation for Figures {
    const NAME: &'static str = "dashboard_figures";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = ();
    type Response = DashboardFigures;

    fn run(db: &mut Database, _: ()) -> Result<DashboardFigures> {
        let d = crate::dashboard::compute(db.conn(), crate::kernel::dates::today())?;
        Ok(DashboardFigures {
            today: d.today.to_string(),
            members_total: d.members_total,
            members_active: d.members_active,
            members_grace: d.members_grace,
            members_expired: d.members_expired,
            members_never_paid: d.members_never_paid,
            renewals_due: d.renewals_due,
            renewal_days: crate::dashboard::DUE_WITHIN_DAYS,
            accounts_total: d.accounts_total,
            accounts_over_quota: d.accounts_over_quota,
            accounts_near_quota: d.accounts_near_quota,
            year_start: d.year.start.to_string(),
            year_end_exclusive: d.year.end_exclusive.to_string(),
            income_cents: d.income_cents,
            expenses_cents: d.expenses_cents,
            data_requests_due: d.data_requests_due,
            data_requests_late: d.data_requests_late,
            request_warn_days: crate::rights::requests::WARN_WITHIN_DAYS,
        })
    }
}

/// Today's figures as the core computes them: what `panier dashboard --format json` prints.
pub struct Dashboard;

impl Operation for Dashboard {
    const NAME: &'static str = "dashboard";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = ();
    type Response = crate::dashboard::Dashboard;

    fn run(db: &mut Database, _: ()) -> Result<crate::dashboard::Dashboard> {
        crate::dashboard::compute(db.conn(), crate::kernel::dates::today())
    }
}
