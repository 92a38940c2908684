//! The apply: the plan's calls made, paced and with timeouts, each account's result recorded.
//! When the server throttles (429, or Panier's own count of the server's edit limit), the run
//! stops and the accounts not done are *waiting*, not failed: nothing is recorded against
//! them, and the next plan and apply take them up again.

use super::ocs::{Client, OcsError};
use super::sync_plan::{Action, PlanItem, SyncPlan};
use crate::kernel::dates::now_text;
use crate::kernel::error::Result;
use crate::kernel::ids::AccountId;
use crate::kernel::lang::Lang;
use crate::store::audit::Change;
use crate::store::db::Database;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// How one account's calls went.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccountResult {
    pub account_id: AccountId,
    pub login: String,
    /// every call succeeded
    pub ok: bool,
    /// the calls that succeeded
    pub done: Vec<Action>,
    /// the call that failed, and why
    pub failed: Option<Action>,
    pub error: Option<OcsError>,
    /// the error in the operator's words (French; `error` has the details)
    pub message: Option<String>,
    /// not done yet: the server throttled the run (the next apply resumes it)
    #[serde(default)]
    pub waiting: bool,
}

/// What `apply` did, account by account.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ApplyReport {
    pub results: Vec<AccountResult>,
    pub succeeded: usize,
    pub failed: usize,
    /// accounts not tried because the server refused the admin's credentials
    pub not_tried: usize,
    /// their logins
    pub skipped: Vec<String>,
    /// accounts left for the next apply because the server throttled the run, by login
    #[serde(default)]
    pub waiting: Vec<String>,
    /// the server's `Retry-After`, when it said one
    #[serde(default)]
    pub retry_after_secs: Option<u64>,
}

impl ApplyReport {
    /// What to tell when accounts are waiting (`None`: none are).
    pub fn waiting_message(&self, lang: Lang) -> Option<String> {
        if self.waiting.is_empty() {
            return None;
        }
        let error = OcsError::Throttled {
            retry_after_secs: self.retry_after_secs,
        };
        Some(match lang {
            Lang::Fr => format!(
                "{} ({}) — {}",
                lang.count(
                    self.waiting.len() as i64,
                    ("compte en attente", "comptes en attente"),
                    ("", "")
                ),
                self.waiting.join(", "),
                error.message(lang)
            ),
            Lang::En => format!(
                "{} ({}) — {}",
                lang.count(
                    self.waiting.len() as i64,
                    ("", ""),
                    ("account waiting", "accounts waiting")
                ),
                self.waiting.join(", "),
                error.message(lang)
            ),
        })
    }
}

/// Makes the plan's calls, account by account, and records each result. A failed call
/// marks its account "not in sync" with the error and leaves its quota in Panier as it was;
/// after a 997 (credentials refused) the remaining accounts are not tried.
pub fn apply(db: &mut Database, client: &Client, plan: &SyncPlan) -> Result<ApplyReport> {
    apply_each(db, client, plan, |_| {})
}

/// [`apply`], telling `progress` each account's result as soon as it is recorded (for a
/// window that shows them one by one).
pub fn apply_each(
    db: &mut Database,
    client: &Client,
    plan: &SyncPlan,
    mut progress: impl FnMut(&AccountResult),
) -> Result<ApplyReport> {
    let mut report = ApplyReport {
        results: Vec::new(),
        succeeded: 0,
        failed: 0,
        not_tried: 0,
        skipped: Vec::new(),
        waiting: Vec::new(),
        retry_after_secs: None,
    };
    let mut stop = false;
    let mut throttled = false;
    for item in &plan.items {
        if throttled {
            report.waiting.push(item.login.clone());
            continue;
        }
        if stop {
            report.not_tried += 1;
            report.skipped.push(item.login.clone());
            continue;
        }
        let account = crate::hosting::accounts::get(db.conn(), item.account_id)?;
        let mut result = AccountResult {
            account_id: item.account_id,
            login: item.login.clone(),
            ok: false,
            done: Vec::new(),
            failed: None,
            error: None,
            message: None,
            waiting: false,
        };
        // a plan computed before somebody else changed the account is not applied
        let stale = item.actions.iter().any(|a| match a {
            Action::SetQuota { from_bytes, .. } => *from_bytes != account.quota_bytes,
            Action::Disable => account.enabled,
            Action::Enable => !account.enabled,
            Action::Create { .. } => false,
        }) || account.login != item.login;
        if stale {
            result.message = Some(
                "le compte a changé depuis le plan : recalculez le plan (panier nextcloud plan)"
                    .into(),
            );
            record_result(db, item, &result, None, None, None)?;
            report.failed += 1;
            progress(&result);
            report.results.push(result);
            continue;
        }
        let mut exists_now = None;
        let mut enabled_now = None;
        let mut quota_now = None;
        for action in &item.actions {
            let outcome = match action {
                Action::Create { email, quota_bytes } => match client.get_user(&item.login) {
                    // already there: only its quota needs setting
                    Ok(_) => client.set_quota(&item.login, *quota_bytes),
                    Err(OcsError::UnknownUser) => {
                        match client.create_user(&item.login, email, *quota_bytes) {
                            // made meanwhile by someone else: not an error, set its quota
                            Err(OcsError::UserExists) => {
                                client.set_quota(&item.login, *quota_bytes)
                            }
                            other => other,
                        }
                    }
                    Err(e) => Err(e),
                }
                .map(|()| {
                    exists_now = Some(true);
                    enabled_now = Some(true);
                    quota_now = Some(*quota_bytes);
                }),
                Action::SetQuota { to_bytes, .. } => client
                    .set_quota(&item.login, *to_bytes)
                    .map(|()| quota_now = Some(*to_bytes)),
                Action::Disable => client
                    .set_enabled(&item.login, false)
                    .map(|()| enabled_now = Some(false)),
                Action::Enable => client
                    .set_enabled(&item.login, true)
                    .map(|()| enabled_now = Some(true)),
            };
            match outcome {
                Ok(()) => result.done.push(action.clone()),
                Err(OcsError::Throttled { retry_after_secs }) => {
                    throttled = true;
                    report.retry_after_secs = retry_after_secs;
                    result.waiting = true;
                    break;
                }
                Err(e) => {
                    if e == OcsError::UnknownUser {
                        exists_now = Some(false);
                    }
                    if e == OcsError::Unauthorised {
                        stop = true;
                    }
                    result.failed = Some(action.clone());
                    result.message = Some(e.message(Lang::Fr));
                    result.error = Some(e);
                    break;
                }
            }
        }
        if result.waiting {
            // what was done before the throttle is kept; the rest waits, with no error
            if !result.done.is_empty() {
                record_result(db, item, &result, exists_now, enabled_now, quota_now)?;
            }
            report.waiting.push(item.login.clone());
            progress(&result);
            report.results.push(result);
            continue;
        }
        result.ok = result.error.is_none();
        record_result(db, item, &result, exists_now, enabled_now, quota_now)?;
        if result.ok {
            report.succeeded += 1;
        } else {
            report.failed += 1;
        }
        progress(&result);
        report.results.push(result);
    }
    Ok(report)
}

/// Records one account's outcome: its quota and remote state for what succeeded, its sync
/// state, and one audit row.
fn record_result(
    db: &mut Database,
    item: &PlanItem,
    result: &AccountResult,
    exists_now: Option<bool>,
    enabled_now: Option<bool>,
    quota_now: Option<i64>,
) -> Result<()> {
    db.write(|tx| {
        let before = crate::hosting::accounts::get(tx, item.account_id)?;
        if let Some(q) = quota_now {
            tx.execute(
                "UPDATE service_accounts SET quota_bytes = ?2 WHERE id = ?1",
                params![item.account_id, q],
            )?;
        }
        let now = now_text();
        let ok = result.ok;
        tx.execute(
            "INSERT INTO nextcloud_sync (account_id, remote_exists, remote_enabled, remote_quota,
                 in_sync, last_error, last_attempt_at, last_ok_at)
             VALUES (?1, ?2, ?3, ?7, ?4, ?5, ?6, CASE WHEN ?4 THEN ?6 END)
             ON CONFLICT (account_id) DO UPDATE SET
                 remote_exists = coalesce(?2, remote_exists),
                 remote_enabled = coalesce(?3, remote_enabled),
                 remote_quota = coalesce(?7, remote_quota),
                 in_sync = ?4, last_error = ?5, last_attempt_at = ?6,
                 last_ok_at = CASE WHEN ?4 THEN ?6 ELSE last_ok_at END",
            params![
                item.account_id,
                exists_now,
                enabled_now,
                ok,
                result.message,
                now,
                quota_now.map(|q| q.to_string())
            ],
        )?;
        let after = crate::hosting::accounts::get(tx, item.account_id)?;
        let action = if ok {
            "nextcloud_apply"
        } else if result.waiting {
            "nextcloud_apply_waiting"
        } else {
            "nextcloud_apply_failed"
        };
        Ok((
            (),
            Change::new(action, "service_account", Some(item.account_id.0))
                .member(before.member_id)
                .before(&serde_json::json!({ "quota_bytes": before.quota_bytes }))
                .after(&serde_json::json!({
                    "quota_bytes": after.quota_bytes,
                    "done": result.done,
                    "failed": result.failed,
                    "error": result.message,
                    "why": item.why,
                })),
        ))
    })
}
