//! Accounts and quota: every service account with its quota granted and used, the admins'
//! lists (over, near, lapsed, expired, downgrades), opening, disabling and bonuses.

use crate::form::{run_form, FormError};
use crate::session::Session;
use panier::hosting::quota::{self, AccountQuota, DowngradeReason, Grant, GrantInput, QuotaFilter};
use panier::kernel::field::Field;
use panier::kernel::ids::{GrantId, MemberId};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use tauri::State;
use ts_rs::TS;

/// Why a quota should go down (the UI words it in its language).
#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Default, Serialize, TS)]
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

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountsView {
    pub rows: Vec<AccountRow>,
    pub counts: FilterCounts,
}

fn sync_word(status: panier::hosting::nextcloud::SyncStatus) -> &'static str {
    use panier::hosting::nextcloud::SyncStatus;
    match status {
        SyncStatus::InSync => "in_sync",
        SyncStatus::NotInSync => "not_in_sync",
        SyncStatus::ToCreate => "to_create",
        SyncStatus::Unknown => "unknown",
    }
}

fn row(q: &AccountQuota, sync: Option<&panier::hosting::nextcloud::SyncState>) -> AccountRow {
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

/// The accounts of one list (`filter`: `over`, `near`, `lapsed`, `expired`, `downgrades`,
/// anything else: all), of one member when `member` is given, with every list's count.
#[tauri::command]
pub async fn accounts_list(
    session: State<'_, Session>,
    filter: String,
    member: Option<i64>,
) -> Result<AccountsView, String> {
    session.with_database(|db| {
        let all = quota::overview(db.conn(), panier::kernel::dates::today())?;
        let sync: HashMap<_, _> = panier::hosting::nextcloud::sync_states(db.conn())?
            .into_iter()
            .map(|s| (s.account_id, s))
            .collect();
        let mine: Vec<&AccountQuota> = all
            .iter()
            .filter(|q| member.is_none_or(|m| q.member_id == MemberId(m)))
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
        let filter = parse_filter(&filter);
        let rows = mine
            .into_iter()
            .filter(|q| filter.keeps(q))
            .map(|q| row(q, sync.get(&q.account_id)))
            .collect();
        Ok(AccountsView { rows, counts })
    })
}

/// A member offered by the picker.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberPick {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: String,
    pub status: String,
}

/// Members matching `search` (names and email, ignoring case and accents), at most 20.
#[tauri::command]
pub async fn accounts_member_search(
    session: State<'_, Session>,
    search: String,
) -> Result<Vec<MemberPick>, String> {
    if search.trim().is_empty() {
        return Ok(Vec::new());
    }
    session.with_database(|db| {
        let query = panier::people::members::MemberQuery {
            search: Some(search),
            limit: Some(20),
            ..Default::default()
        };
        Ok(
            panier::people::members::list(db.conn(), &query, panier::kernel::dates::today())?
                .into_iter()
                .map(|m| MemberPick {
                    id: m.id.0,
                    name: m.name,
                    email: m.email,
                    status: m.status.as_str().to_string(),
                })
                .collect(),
        )
    })
}

/// The account forms' fields.
const ACCOUNT_FIELDS: &[Field] = &[Field::Service, Field::Login, Field::Reason];

/// Opens an account for a member with the quota their tiers give; a Nextcloud account is
/// then "to create" for the connector's next plan.
#[tauri::command]
pub async fn account_open(
    session: State<'_, Session>,
    member_id: i64,
    service: String,
    login: String,
) -> Result<i64, FormError> {
    run_form(&session, ACCOUNT_FIELDS, |db| {
        let id = panier::hosting::accounts::open(
            db,
            MemberId(member_id),
            &service,
            &login,
            panier::kernel::dates::today(),
        )?;
        Ok(id.0)
    })
}

/// Disables or enables an account, saying why (kept in the audit log).
#[tauri::command]
pub async fn account_set_enabled(
    session: State<'_, Session>,
    service: String,
    login: String,
    enabled: bool,
    reason: String,
) -> Result<(), FormError> {
    run_form(&session, ACCOUNT_FIELDS, |db| {
        panier::hosting::accounts::set_enabled(db, &service, &login, enabled, &reason).map(|_| ())
    })
}

/// The grant dialog as typed.
#[derive(Debug, Clone, Deserialize, TS)]
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

/// The grant dialog's fields.
const GRANT_FIELDS: &[Field] = &[Field::Size, Field::Reason, Field::Until];

/// A bonus as the account's grants list shows it: who, when, why.
#[derive(Debug, Clone, Serialize, TS)]
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
        current: g.counts_on(panier::kernel::dates::today()),
        id: g.id.0,
        login: g.login,
        bytes: g.bytes,
        reason: g.reason,
        until: g.until.map(|d| d.to_string()),
        granted_at: g.granted_at,
        granted_by: g.granted_by,
    }
}

/// Gives an account a bonus; returns the grant.
#[tauri::command]
pub async fn quota_grant(
    session: State<'_, Session>,
    form: GrantForm,
) -> Result<GrantRow, FormError> {
    run_form(&session, GRANT_FIELDS, |db| {
        let until = form.until.trim();
        let input = GrantInput {
            service: form.service.clone(),
            login: form.login.clone(),
            bytes: panier::kernel::size::parse_size(Field::Size, &form.size)?,
            reason: form.reason.clone(),
            until: if until.is_empty() {
                None
            } else {
                Some(panier::kernel::dates::parse_date(Field::Until, until)?)
            },
        };
        let id = quota::grant(db, &input, panier::kernel::dates::today())?;
        Ok(grant_row(quota::get_grant(db.conn(), id)?))
    })
}

/// An account's bonuses, newest first (ended ones too).
#[tauri::command]
pub async fn quota_grants(
    session: State<'_, Session>,
    account_id: i64,
) -> Result<Vec<GrantRow>, String> {
    session.with_database(|db| {
        Ok(
            quota::grants_for(db.conn(), panier::kernel::ids::AccountId(account_id))?
                .into_iter()
                .map(grant_row)
                .collect(),
        )
    })
}

/// Ends a bonus early (from today on it no longer counts).
#[tauri::command]
pub async fn quota_end_grant(
    session: State<'_, Session>,
    id: i64,
    reason: String,
) -> Result<GrantRow, FormError> {
    run_form(&session, ACCOUNT_FIELDS, |db| {
        quota::end_grant(db, GrantId(id), &reason, panier::kernel::dates::today()).map(grant_row)
    })
}
