//! Accounts and quota: every service account with its quota granted and used, the admins'
//! lists (over, near, lapsed, expired, downgrades), opening, disabling, and the bonuses
//! (grants) given on top of what the tiers give.

use super::{Access, Area, Operation};
use crate::hosting::quota::{self, AccountQuota, DowngradeReason, Grant, GrantInput, QuotaFilter};
use crate::kernel::dates::{parse_optional_date, today};
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::kernel::ids::{AccountId, GrantId, MemberId};
use crate::kernel::size::parse_size;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use ts_rs::TS;

/// Why a quota should go down (the UI words it in its language).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DowngradeView {
    /// `tier_lapsed`, `tier_ended`, `member_expired`, `bonus_ended` or `other`
    pub kind: String,
    pub plan: Option<String>,
    /// `YYYY-MM-DD`
    pub ended_on: Option<String>,
}

impl DowngradeView {
    pub fn of(reason: &DowngradeReason) -> Self {
        let (kind, plan, ended_on) = match reason {
            DowngradeReason::TierLapsed { plan, ended_on } => (
                "tier_lapsed",
                Some(plan.clone()),
                Some(ended_on.to_string()),
            ),
            DowngradeReason::TierEnded { plan, ended_on } => {
                ("tier_ended", Some(plan.clone()), Some(ended_on.to_string()))
            }
            DowngradeReason::MemberExpired => ("member_expired", None, None),
            DowngradeReason::BonusEnded => ("bonus_ended", None, None),
            DowngradeReason::Other => ("other", None, None),
        };
        DowngradeView {
            kind: kind.to_string(),
            plan,
            ended_on,
        }
    }
}

/// One account's line: quota in force, what the tiers and bonuses give, usage, sync state.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountRow {
    #[ts(type = "number")]
    pub account_id: i64,
    #[ts(type = "number")]
    pub member_id: i64,
    pub member_name: String,
    pub member_email: String,
    /// `active`, `grace`, `expired` or `none`
    pub membership: String,
    pub service: String,
    pub login: String,
    pub enabled: bool,
    /// the quota in force (the one Panier last set on the service)
    #[ts(type = "number")]
    pub quota_bytes: i64,
    pub tier_name: Option<String>,
    #[ts(type = "number")]
    pub tier_bytes: i64,
    #[ts(type = "number")]
    pub bonus_bytes: i64,
    /// tiers + bonuses: what the account should have
    #[ts(type = "number")]
    pub target_bytes: i64,
    #[ts(type = "number | null")]
    pub used_bytes: Option<i64>,
    pub used_seen_at: Option<String>,
    #[ts(type = "number | null")]
    pub used_percent: Option<i64>,
    pub over: bool,
    pub near: bool,
    pub lapsed: bool,
    pub member_expired: bool,
    pub downgrade: Option<DowngradeView>,
    /// Nextcloud only: `in_sync`, `not_in_sync`, `to_create` or `unknown`; `None` elsewhere
    pub sync: Option<String>,
    pub sync_error: Option<String>,
}

/// How many accounts each list holds, for the filter buttons.
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilterCounts {
    #[ts(type = "number")]
    pub all: i64,
    #[ts(type = "number")]
    pub over: i64,
    #[ts(type = "number")]
    pub near: i64,
    #[ts(type = "number")]
    pub lapsed: i64,
    #[ts(type = "number")]
    pub expired: i64,
    #[ts(type = "number")]
    pub downgrades: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountsView {
    pub rows: Vec<AccountRow>,
    pub counts: FilterCounts,
}

fn sync_word(status: crate::hosting::nextcloud::SyncStatus) -> &'static str {
    use crate::hosting::nextcloud::SyncStatus;
    match status {
        SyncStatus::InSync => "in_sync",
        SyncStatus::NotInSync => "not_in_sync",
        SyncStatus::ToCreate => "to_create",
        SyncStatus::Unknown => "unknown",
    }
}

fn row(q: &AccountQuota, sync: Option<&crate::hosting::nextcloud::SyncState>) -> AccountRow {
    AccountRow {
        account_id: q.account_id.0,
        member_id: q.member_id.0,
        member_name: q.member_name.clone(),
        member_email: q.member_email.clone(),
        membership: q.membership.as_str().to_string(),
        service: q.service.clone(),
        login: q.login.clone(),
        enabled: q.enabled,
        quota_bytes: q.quota_bytes,
        tier_name: q.tier.as_ref().map(|t| t.name.clone()),
        tier_bytes: q.tier_bytes,
        bonus_bytes: q.bonus_bytes,
        target_bytes: q.target_bytes,
        used_bytes: q.used_bytes,
        used_seen_at: q.used_seen_at.clone(),
        used_percent: q.used_percent,
        over: q.over,
        near: q.near,
        lapsed: q.lapsed.is_some(),
        member_expired: q.member_expired,
        downgrade: q.downgrade.as_ref().map(DowngradeView::of),
        sync: sync.map(|s| sync_word(s.status).to_string()),
        sync_error: sync.and_then(|s| s.last_error.clone()),
    }
}

fn parse_filter(text: &str) -> QuotaFilter {
    match text {
        "over" => QuotaFilter::Over,
        "near" => QuotaFilter::Near,
        "lapsed" => QuotaFilter::Lapsed,
        "expired" => QuotaFilter::Expired,
        "downgrades" => QuotaFilter::Downgrades,
        _ => QuotaFilter::All,
    }
}

/// A member offered by the picker.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberPick {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: String,
}

/// The grant dialog as typed.
#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GrantForm {
    pub service: String,
    pub login: String,
    /// `5 GB`, `500MB`, `1.5 GiB` or bytes (1 GB = 1024³ bytes, as Nextcloud counts)
    pub size: String,
    pub reason: String,
    /// the last day it counts (`YYYY-MM-DD` or `JJ/MM/AAAA`); empty: no end
    pub until: String,
}

/// A bonus as the account's grants list shows it: who, when, why.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GrantRow {
    #[ts(type = "number")]
    pub id: i64,
    pub login: String,
    #[ts(type = "number")]
    pub bytes: i64,
    pub reason: String,
    pub until: Option<String>,
    pub granted_at: String,
    pub granted_by: String,
    /// it counts today
    pub current: bool,
}

fn grant_row(g: Grant) -> GrantRow {
    GrantRow {
        current: g.counts_on(today()),
        id: g.id.0,
        login: g.login,
        bytes: g.bytes,
        reason: g.reason,
        until: g.until.map(|d| d.to_string()),
        granted_at: g.granted_at,
        granted_by: g.granted_by,
    }
}

/// Which accounts the list shows.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AccountsQuery {
    /// `over`, `near`, `lapsed`, `expired`, `downgrades`; anything else: all
    pub filter: String,
    /// one member's accounts only
    pub member: Option<i64>,
}

/// The accounts of one list, of one member when asked, with every list's count.
pub struct List;

impl Operation for List {
    const NAME: &'static str = "accounts_list";
    const ACCESS: Access = Access::Read(Area::Accounts);
    type Request = AccountsQuery;
    type Response = AccountsView;

    fn run(db: &mut Database, query: AccountsQuery) -> Result<AccountsView> {
        let all = quota::overview(db.conn(), today())?;
        let sync: HashMap<_, _> = crate::hosting::nextcloud::sync_states(db.conn())?
            .into_iter()
            .map(|s| (s.account_id, s))
            .collect();
        let mine: Vec<&AccountQuota> = all
            .iter()
            .filter(|q| query.member.is_none_or(|m| q.member_id == MemberId(m)))
            .collect();
        let count = |f: QuotaFilter| mine.iter().filter(|q| f.keeps(q)).count() as i64;
        let counts = FilterCounts {
            all: mine.len() as i64,
            over: count(QuotaFilter::Over),
            near: count(QuotaFilter::Near),
            lapsed: count(QuotaFilter::Lapsed),
            expired: count(QuotaFilter::Expired),
            downgrades: count(QuotaFilter::Downgrades),
        };
        let filter = parse_filter(&query.filter);
        let rows = mine
            .into_iter()
            .filter(|q| filter.keeps(q))
            .map(|q| row(q, sync.get(&q.account_id)))
            .collect();
        Ok(AccountsView { rows, counts })
    }
}

/// Words to find a member by.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct MemberPickQuery {
    pub search: String,
}

/// Members matching a search (names and email, ignoring case and accents), at most 20: the
/// picker of the account form (names and status, no amounts).
pub struct MemberSearch;

impl Operation for MemberSearch {
    const NAME: &'static str = "accounts_member_search";
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = MemberPickQuery;
    type Response = Vec<MemberPick>;

    fn run(db: &mut Database, query: MemberPickQuery) -> Result<Vec<MemberPick>> {
        if query.search.trim().is_empty() {
            return Ok(Vec::new());
        }
        let query = crate::people::members::MemberQuery {
            search: Some(query.search),
            limit: Some(20),
            ..Default::default()
        };
        Ok(crate::people::members::list(db.conn(), &query, today())?
            .into_iter()
            .map(|m| MemberPick {
                id: m.id.0,
                name: m.name,
                email: m.email,
                status: m.status.as_str().to_string(),
            })
            .collect())
    }
}

/// An account to open.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountOpening {
    pub member_id: i64,
    pub service: String,
    pub login: String,
}

/// Opens an account for a member with the quota their tiers give; a Nextcloud account is
/// then "to create" for the connector's next plan. Answers its id.
pub struct Open;

impl Operation for Open {
    const NAME: &'static str = "account_open";
    const ACCESS: Access = Access::Write(Area::Accounts);
    type Request = AccountOpening;
    type Response = i64;

    fn run(db: &mut Database, asked: AccountOpening) -> Result<i64> {
        let id = crate::hosting::accounts::open(
            db,
            MemberId(asked.member_id),
            &asked.service,
            &asked.login,
            today(),
        )?;
        Ok(id.0)
    }
}

/// An account to disable or enable, and why (kept in the audit log).
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AccountSwitch {
    pub service: String,
    pub login: String,
    pub enabled: bool,
    pub reason: String,
}

/// Disables or enables an account.
pub struct SetEnabled;

impl Operation for SetEnabled {
    const NAME: &'static str = "account_set_enabled";
    const ACCESS: Access = Access::Write(Area::Accounts);
    type Request = AccountSwitch;
    type Response = ();

    fn run(db: &mut Database, asked: AccountSwitch) -> Result<()> {
        crate::hosting::accounts::set_enabled(
            db,
            &asked.service,
            &asked.login,
            asked.enabled,
            &asked.reason,
        )
        .map(|_| ())
    }
}

/// Gives an account a bonus; answers the grant.
pub struct GrantBonus;

impl Operation for GrantBonus {
    const NAME: &'static str = "quota_grant";
    const ACCESS: Access = Access::Write(Area::Quota);
    type Request = GrantForm;
    type Response = GrantRow;

    fn run(db: &mut Database, form: GrantForm) -> Result<GrantRow> {
        let id = quota::grant(db, &form.input()?, today())?;
        Ok(grant_row(quota::get_grant(db.conn(), id)?))
    }
}

impl GrantForm {
    /// The form's text read: the size and the end date parsed, each refusal naming its field.
    fn input(&self) -> Result<GrantInput> {
        Ok(GrantInput {
            service: self.service.clone(),
            login: self.login.clone(),
            bytes: parse_size(Field::Size, &self.size)?,
            reason: self.reason.clone(),
            until: parse_optional_date(Field::Until, &self.until)?,
        })
    }
}

/// Which account.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountRef {
    pub account_id: i64,
}

/// An account's bonuses, newest first (ended ones too).
pub struct Grants;

impl Operation for Grants {
    const NAME: &'static str = "quota_grants";
    const ACCESS: Access = Access::Read(Area::Quota);
    type Request = AccountRef;
    type Response = Vec<GrantRow>;

    fn run(db: &mut Database, account: AccountRef) -> Result<Vec<GrantRow>> {
        Ok(quota::grants_for(db.conn(), AccountId(account.account_id))?
            .into_iter()
            .map(grant_row)
            .collect())
    }
}

/// A bonus to end, and why.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct GrantEnding {
    pub id: i64,
    pub reason: String,
}

/// Ends a bonus early (from today on it no longer counts).
pub struct EndGrant;

impl Operation for EndGrant {
    const NAME: &'static str = "quota_end_grant";
    const ACCESS: Access = Access::Write(Area::Quota);
    type Request = GrantEnding;
    type Response = GrantRow;

    fn run(db: &mut Database, asked: GrantEnding) -> Result<GrantRow> {
        quota::end_grant(db, GrantId(asked.id), &asked.reason, today()).map(grant_row)
    }
}
