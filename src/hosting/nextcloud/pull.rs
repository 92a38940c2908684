//! The pull: every account's usage and quota read from the server.

use super::ocs::{Client, OcsError, RemoteUser};
use super::{remote_agrees, sync_rows, SERVICE};
use crate::kernel::dates::now_text;
use crate::kernel::error::Result;
use crate::kernel::ids::AccountId;
use crate::kernel::lang::Lang;
use crate::store::audit::Change;
use crate::store::db::Database;
use rusqlite::params;
use serde::{Deserialize, Serialize};

/// One account's reading.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PullResult {
    pub account_id: AccountId,
    pub login: String,
    pub used_bytes: Option<i64>,
    /// the quota as the server reports it
    pub remote_quota: Option<String>,
    pub error: Option<OcsError>,
    pub message: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PullReport {
    pub results: Vec<PullResult>,
    pub read: usize,
    pub failed: usize,
}

/// How the error of a reading (as opposed to a push) starts.
const PULL_ERROR: &str = "lecture : ";

/// Reads every Nextcloud account's usage (those not waiting to be created) into
/// `service_accounts.used_bytes` / `used_seen_at`, and what the server says of its quota and
/// state into the sync state. One audit row for the whole reading.
pub fn pull(db: &mut Database, client: &Client) -> Result<PullReport> {
    let sync = sync_rows(db.conn())?;
    let accounts: Vec<_> = crate::hosting::accounts::list(db.conn())?
        .into_iter()
        .filter(|a| a.service == SERVICE)
        .filter(|a| sync.get(&a.id).and_then(|s| s.exists) != Some(false))
        .collect();
    let mut results = Vec::new();
    let mut users: Vec<(
        &crate::hosting::accounts::ServiceAccount,
        std::result::Result<RemoteUser, OcsError>,
    )> = Vec::new();
    for a in &accounts {
        let answer = client.get_user(&a.login);
        let stop = answer == Err(OcsError::Unauthorised);
        results.push(PullResult {
            account_id: a.id,
            login: a.login.clone(),
            used_bytes: answer.as_ref().ok().map(|u| u.quota.used),
            remote_quota: answer.as_ref().ok().map(|u| u.quota.quota_text.clone()),
            error: answer.as_ref().err().cloned(),
            message: answer.as_ref().err().map(|e| e.message(Lang::Fr)),
        });
        users.push((a, answer));
        if stop {
            break;
        }
    }
    let read = results.iter().filter(|r| r.error.is_none()).count();
    let failed = results.len() - read;
    if !users.is_empty() {
        db.write(|tx| {
            let now = now_text();
            for (account, answer) in &users {
                let id = account.id;
                match answer {
                    Ok(user) => {
                        // in sync when the server says what Panier set
                        let agrees = remote_agrees(&user.quota.quota_text, account.quota_bytes)
                            && user.enabled.is_none_or(|e| e == account.enabled);
                        tx.execute(
                            "UPDATE service_accounts SET used_bytes = ?2, used_seen_at = ?3
                             WHERE id = ?1",
                            params![id, user.quota.used, now],
                        )?;
                        tx.execute(
                            "INSERT INTO nextcloud_sync (account_id, remote_exists, remote_enabled,
                                 remote_quota, in_sync, last_error, last_attempt_at, last_ok_at)
                             VALUES (?1, 1, ?2, ?3, ?5, NULL, ?4, ?4)
                             ON CONFLICT (account_id) DO UPDATE SET remote_exists = 1,
                                 remote_enabled = coalesce(?2, remote_enabled), remote_quota = ?3,
                                 last_attempt_at = ?4, last_ok_at = ?4,
                                 -- a reading clears a reading's error, not a failed push's
                                 last_error = CASE WHEN last_error LIKE ?6 || '%'
                                     THEN NULL ELSE last_error END,
                                 in_sync = ?5 AND (last_error IS NULL OR last_error LIKE ?6 || '%')",
                            params![
                                id,
                                user.enabled,
                                user.quota.quota_text,
                                now,
                                agrees,
                                PULL_ERROR
                            ],
                        )?;
                    }
                    Err(e) => {
                        let exists = (*e == OcsError::UnknownUser).then_some(false);
                        tx.execute(
                            "INSERT INTO nextcloud_sync (account_id, remote_exists, in_sync,
                                 last_error, last_attempt_at)
                             VALUES (?1, ?2, 0, ?3, ?4)
                             ON CONFLICT (account_id) DO UPDATE SET
                                 remote_exists = coalesce(?2, remote_exists), in_sync = 0,
                                 last_error = ?3, last_attempt_at = ?4",
                            params![id, exists, format!("{PULL_ERROR}{e}"), now],
                        )?;
                    }
                }
            }
            Ok((
                (),
                Change::new("nextcloud_pull", "nextcloud_server", Some(1))
                    .after(&serde_json::json!({ "read": read, "failed": failed })),
            ))
        })?;
    }
    Ok(PullReport {
        results,
        read,
        failed,
    })
}
