//! Accounts and quota: every service account with its quota granted and used, the admins'
//! lists (over, near, lapsed, expired, downgrades), opening, disabling and bonuses — each
//! command one operation of the core (`panier::ops::accounts`).

use crate::form::{perform, perform_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::ops::accounts::{
    self as ops, AccountOpening, AccountRef, AccountSwitch, AccountsQuery, AccountsView,
    GrantEnding, GrantForm, GrantRow, MemberPick, MemberPickQuery,
};
use tauri::State;

/// The accounts of one list (`filter`: `over`, `near`, `lapsed`, `expired`, `downgrades`,
/// anything else: all), of one member when `member` is given, with every list's count.
#[tauri::command]
pub async fn accounts_list(
    session: State<'_, Session>,
    filter: String,
    member: Option<i64>,
) -> Result<AccountsView, String> {
    perform::<ops::List>(&session, AccountsQuery { filter, member })
}

/// Members matching `search` (names and email, ignoring case and accents), at most 20.
#[tauri::command]
pub async fn accounts_member_search(
    session: State<'_, Session>,
    search: String,
) -> Result<Vec<MemberPick>, String> {
    perform::<ops::MemberSearch>(&session, MemberPickQuery { search })
}

/// The account forms' fields.
const ACCOUNT_FIELDS: &[Field] = &[Field::Service, Field::Login, Field::Reason];

/// Opens an account for a member with the quota their tiers give.
#[tauri::command]
pub async fn account_open(
    session: State<'_, Session>,
    member_id: i64,
    service: String,
    login: String,
) -> Result<i64, FormError> {
    let request = AccountOpening {
        member_id,
        service,
        login,
    };
    perform_form::<ops::Open>(&session, ACCOUNT_FIELDS, request)
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
    let request = AccountSwitch {
        service,
        login,
        enabled,
        reason,
    };
    perform_form::<ops::SetEnabled>(&session, ACCOUNT_FIELDS, request)
}

/// The grant dialog's fields.
const GRANT_FIELDS: &[Field] = &[Field::Size, Field::Reason, Field::Until];

/// Gives an account a bonus; returns the grant.
#[tauri::command]
pub async fn quota_grant(
    session: State<'_, Session>,
    form: GrantForm,
) -> Result<GrantRow, FormError> {
    perform_form::<ops::GrantBonus>(&session, GRANT_FIELDS, form)
}

/// An account's bonuses, newest first (ended ones too).
#[tauri::command]
pub async fn quota_grants(
    session: State<'_, Session>,
    account_id: i64,
) -> Result<Vec<GrantRow>, String> {
    perform::<ops::Grants>(&session, AccountRef { account_id })
}

/// Ends a bonus early (from today on it no longer counts).
#[tauri::command]
pub async fn quota_end_grant(
    session: State<'_, Session>,
    id: i64,
    reason: String,
) -> Result<GrantRow, FormError> {
    perform_form::<ops::EndGrant>(&session, ACCOUNT_FIELDS, GrantEnding { id, reason })
}
