//! The Nextcloud connector: one server's settings, and the plan → apply flow that carries
//! Panier's quota decisions to it.
//!
//! - [`configure`] keeps the URL and admin login in `nextcloud_server` and the app password
//!   alone in `nextcloud_secret`: it is never printed, serialised, exported, or written in
//!   the audit log (which says "password changed").
//! - [`plan`] is a dry run: every call it would make (create, set quota, disable, enable),
//!   and the downgrades it only proposes (see [`crate::hosting::quota`]).
//! - [`apply`] makes the calls, paced and with timeouts, and records each account's result:
//!   in sync, or not in sync with the error. A failed call leaves Panier's quota as it was.
//! - [`pull`] reads every account's usage into `service_accounts.used_bytes`.
//! - [`occ_lines`] writes the same plan as `occ` commands, for admins without API access.

pub mod ocs;

pub use ocs::{AppPassword, Client, ClientOptions, OcsError, OcsVersion, RemoteUser};

use crate::hosting::quota::{AccountQuota, DowngradeReason};
use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{AccountId, MemberId};
use crate::kernel::lang::Lang;
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The `service` of Nextcloud accounts.
pub const SERVICE: &str = crate::hosting::accounts::NEXTCLOUD_SERVICE;

/// The server's settings as anyone may see them (no password, only whether there is one).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ServerSettings {
    pub url: String,
    pub admin_user: String,
    pub ocs_version: OcsVersion,
    pub has_password: bool,
    pub password_changed_at: Option<String>,
    pub updated_at: String,
}

/// What an admin types to configure the server (the password travels separately).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ServerInput {
    pub url: String,
    pub admin_user: String,
    #[serde(default)]
    pub ocs_version: OcsVersion,
}

fn check_url(url: &str) -> Result<String> {
    let url = url.trim().trim_end_matches('/').to_string();
    let refuse = |fr: &str, en: &str| Error::invalid("url", url.clone(), fr, en);
    let Some(rest) = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
    else {
        return Err(refuse(
            "l'adresse du serveur doit commencer par https://",
            "the server's address must start with https://",
        ));
    };
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() || host.contains(char::is_whitespace) {
        return Err(refuse(
            "adresse du serveur illisible",
            "unreadable server address",
        ));
    }
    if host.contains('@') {
        return Err(refuse(
            "pas d'identifiant ni de mot de passe dans l'adresse : utilisez --user et --password-stdin",
            "no login or password in the address: use --user and --password-stdin",
        ));
    }
    if url.starts_with("http://") && !ocs::is_loopback(&url) {
        return Err(refuse(
            "le mot de passe ne voyage pas en clair : utilisez https://",
            "the password does not travel in clear text: use https://",
        ));
    }
    Ok(url)
}

/// Records the server's address and admin login, and the app password when one is given
/// (`None` keeps the stored one). The audit row names the URL and login, and says only
/// "password changed".
pub fn configure(
    db: &mut Database,
    input: &ServerInput,
    password: Option<&AppPassword>,
) -> Result<ServerSettings> {
    let url = check_url(&input.url)?;
    let user = input.admin_user.trim().to_string();
    if user.is_empty() || user.contains(':') {
        return Err(Error::invalid(
            "utilisateur",
            user,
            "identifiant administrateur vide ou invalide",
            "empty or invalid admin login",
        ));
    }
    db.write(|tx| {
        let before = server(tx)?;
        if password.is_none() && !before.as_ref().is_some_and(|s| s.has_password) {
            return Err(Error::invalid(
                "mot de passe",
                "",
                "donnez le mot de passe d'application (--password-stdin)",
                "give the app password (--password-stdin)",
            ));
        }
        let now = now_text();
        tx.execute(
            "INSERT INTO nextcloud_server (id, url, admin_user, ocs_version, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET url = ?1, admin_user = ?2, ocs_version = ?3,
                 updated_at = ?4",
            params![url, user, input.ocs_version.number(), now],
        )?;
        if let Some(p) = password {
            tx.execute(
                "INSERT INTO nextcloud_secret (id, app_password, changed_at) VALUES (1, ?1, ?2)
                 ON CONFLICT (id) DO UPDATE SET app_password = ?1, changed_at = ?2",
                params![p.expose(), now],
            )?;
        }
        let after = server(tx)?.expect("just written");
        let shown = |s: &ServerSettings| {
            serde_json::json!({
                "url": s.url, "admin_user": s.admin_user, "ocs_version": s.ocs_version,
            })
        };
        let mut after_json = shown(&after);
        after_json["password"] = serde_json::json!(if password.is_some() {
            "changed"
        } else {
            "unchanged"
        });
        let mut change = Change::new("configure", "nextcloud_server", Some(1));
        if let Some(b) = &before {
            change = change.before(&shown(b));
        }
        Ok((after, change.after(&after_json)))
    })
}

/// The server's settings, if configured.
pub fn server(conn: &Connection) -> Result<Option<ServerSettings>> {
    Ok(conn
        .query_row(
            "SELECT s.url, s.admin_user, s.ocs_version, s.updated_at, p.changed_at
             FROM nextcloud_server s LEFT JOIN nextcloud_secret p ON p.id = 1 WHERE s.id = 1",
            [],
            |r| {
                let changed: Option<String> = r.get(4)?;
                Ok(ServerSettings {
                    url: r.get(0)?,
                    admin_user: r.get(1)?,
                    ocs_version: OcsVersion::from_number(r.get(2)?),
                    has_password: changed.is_some(),
                    password_changed_at: changed,
                    updated_at: r.get(3)?,
                })
            },
        )
        .optional()?)
}

fn not_configured() -> Error {
    Error::refused(
        "le serveur Nextcloud n'est pas configuré : panier nextcloud configure --url … --user … --password-stdin",
        "the Nextcloud server is not configured: panier nextcloud configure --url … --user … --password-stdin",
    )
}

/// A client for the configured server.
pub fn client(conn: &Connection, options: &ClientOptions) -> Result<Client> {
    let settings = server(conn)?.ok_or_else(not_configured)?;
    let secret: Option<String> = conn
        .query_row(
            "SELECT app_password FROM nextcloud_secret WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let password = AppPassword::new(&secret.ok_or_else(not_configured)?)?;
    Client::new(
        &settings.url,
        &settings.admin_user,
        &password,
        settings.ocs_version,
        options,
    )
}

/// The answer to "can Panier talk to the server?".
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ConnectionCheck {
    pub ok: bool,
    pub error: Option<OcsError>,
    /// the error in French (`error` has the details)
    pub message: Option<String>,
}

/// Tries the configured server with one read of the admin's own user (`GET /users/{admin}`):
/// the address, the login and the app password are right when it answers. Changes nothing.
pub fn check_connection(conn: &Connection, options: &ClientOptions) -> Result<ConnectionCheck> {
    let settings = server(conn)?.ok_or_else(not_configured)?;
    let client = client(conn, options)?;
    Ok(match client.get_user(&settings.admin_user) {
        Ok(_) => ConnectionCheck {
            ok: true,
            error: None,
            message: None,
        },
        Err(e) => ConnectionCheck {
            ok: false,
            message: Some(e.message(Lang::Fr)),
            error: Some(e),
        },
    })
}

/// What Panier knows of one account on the server.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SyncState {
    pub account_id: AccountId,
    pub login: String,
    pub status: SyncStatus,
    /// `Some(false)`: not on the server yet; `None`: never checked (assumed there)
    pub remote_exists: Option<bool>,
    pub remote_enabled: Option<bool>,
    /// the quota as the server last reported it
    pub remote_quota: Option<String>,
    pub last_error: Option<String>,
    pub last_attempt_at: Option<String>,
    pub last_ok_at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncStatus {
    /// the last push or read went well
    InSync,
    /// the last push or read failed (see `last_error`)
    NotInSync,
    /// added in Panier, not yet created on the server
    ToCreate,
    /// Panier has not talked to the server about it yet
    Unknown,
}

/// Every Nextcloud account's sync state, by login.
pub fn sync_states(conn: &Connection) -> Result<Vec<SyncState>> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.id, a.login, s.remote_exists, s.remote_enabled, s.remote_quota, s.in_sync,
                s.last_error, s.last_attempt_at, s.last_ok_at, s.account_id IS NOT NULL
         FROM service_accounts a LEFT JOIN nextcloud_sync s ON s.account_id = a.id
         WHERE a.service = ?1 ORDER BY a.login",
    )?;
    let rows = stmt.query_map([SERVICE], |r| {
        let exists: Option<bool> = r.get(2)?;
        let in_sync: Option<bool> = r.get(5)?;
        let last_error: Option<String> = r.get(6)?;
        let has_row: bool = r.get(9)?;
        let status = if last_error.is_some() {
            SyncStatus::NotInSync
        } else if exists == Some(false) {
            SyncStatus::ToCreate
        } else if in_sync == Some(true) {
            SyncStatus::InSync
        } else if has_row {
            SyncStatus::NotInSync
        } else {
            SyncStatus::Unknown
        };
        Ok(SyncState {
            account_id: r.get(0)?,
            login: r.get(1)?,
            status,
            remote_exists: exists,
            remote_enabled: r.get(3)?,
            remote_quota: r.get(4)?,
            last_error,
            last_attempt_at: r.get(7)?,
            last_ok_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// One call the plan would make.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// `POST /users` (after checking the user is not already there)
    Create { email: String, quota_bytes: i64 },
    /// `PUT /users/{id}` `key=quota`
    SetQuota { from_bytes: i64, to_bytes: i64 },
    /// `PUT /users/{id}/disable`
    Disable,
    /// `PUT /users/{id}/enable`
    Enable,
}

impl Action {
    pub fn describe(&self, lang: Lang) -> String {
        use crate::kernel::size::display_size as s;
        match (self, lang) {
            (Action::Create { quota_bytes, .. }, Lang::Fr) => {
                format!("créer, quota {}", s(*quota_bytes))
            }
            (Action::Create { quota_bytes, .. }, Lang::En) => {
                format!("create, quota {}", s(*quota_bytes))
            }
            (
                Action::SetQuota {
                    from_bytes,
                    to_bytes,
                },
                Lang::Fr,
            ) => {
                format!("quota {} → {}", s(*from_bytes), s(*to_bytes))
            }
            (
                Action::SetQuota {
                    from_bytes,
                    to_bytes,
                },
                Lang::En,
            ) => {
                format!("quota {} → {}", s(*from_bytes), s(*to_bytes))
            }
            (Action::Disable, Lang::Fr) => "désactiver".into(),
            (Action::Disable, Lang::En) => "disable".into(),
            (Action::Enable, Lang::Fr) => "réactiver".into(),
            (Action::Enable, Lang::En) => "enable".into(),
        }
    }
}

/// Why an account gets the quota the plan sets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuotaWhy {
    /// the tier that counts
    pub tier: Option<String>,
    pub tier_bytes: i64,
    pub bonus_bytes: i64,
    /// set when this is an accepted downgrade
    pub downgrade: Option<DowngradeReason>,
}

/// The calls for one account, in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanItem {
    pub account_id: AccountId,
    pub member_id: MemberId,
    pub member_name: String,
    pub login: String,
    pub actions: Vec<Action>,
    pub why: QuotaWhy,
    /// the quota the server reported at the last pull, if any
    pub remote_quota: Option<String>,
    /// the error of the last attempt, if it failed
    pub last_error: Option<String>,
}

/// A downgrade the plan does not make until an admin accepts it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Proposal {
    pub account_id: AccountId,
    pub member_name: String,
    pub login: String,
    pub from_bytes: i64,
    pub to_bytes: i64,
    pub used_bytes: Option<i64>,
    pub reason: DowngradeReason,
}

/// Which downgrades the admin accepts for this plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct PlanOptions {
    /// logins whose proposed downgrade is accepted
    pub accept_downgrades: Vec<String>,
    /// accept every proposed downgrade
    pub accept_all_downgrades: bool,
}

/// A dry run: every call `apply` would make, and the downgrades only proposed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SyncPlan {
    pub day: NaiveDate,
    pub items: Vec<PlanItem>,
    pub proposals: Vec<Proposal>,
    /// accounts with nothing to do
    pub unchanged: usize,
}

struct SyncRow {
    exists: Option<bool>,
    enabled: Option<bool>,
    remote_quota: Option<String>,
    last_error: Option<String>,
}

/// A quota as the server wrote it, in bytes (`None`: unlimited or not a size).
fn remote_bytes(text: &str) -> Option<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        Ok(_) => None,
        Err(_) => crate::kernel::size::parse_size("quota", text).ok(),
    }
}

fn sync_rows(conn: &Connection) -> Result<HashMap<AccountId, SyncRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account_id, remote_exists, remote_enabled, remote_quota, last_error
         FROM nextcloud_sync",
    )?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, AccountId>(0)?,
            SyncRow {
                exists: r.get(1)?,
                enabled: r.get(2)?,
                remote_quota: r.get(3)?,
                last_error: r.get(4)?,
            },
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Computes the plan on `today`, changing nothing.
pub fn plan(conn: &Connection, today: NaiveDate, options: &PlanOptions) -> Result<SyncPlan> {
    let quotas: Vec<AccountQuota> = crate::hosting::quota::overview(conn, today)?
        .into_iter()
        .filter(|q| q.service == SERVICE)
        .collect();
    let sync = sync_rows(conn)?;
    let mut items = Vec::new();
    let mut proposals = Vec::new();
    let mut unchanged = 0;
    for q in &quotas {
        let accepted = options.accept_all_downgrades
            || options
                .accept_downgrades
                .iter()
                .any(|l| l.trim() == q.login);
        let decided = q.decided_bytes(accepted);
        if let Some(reason) = &q.downgrade {
            if !accepted {
                proposals.push(Proposal {
                    account_id: q.account_id,
                    member_name: q.member_name.clone(),
                    login: q.login.clone(),
                    from_bytes: q.quota_bytes,
                    to_bytes: q.target_bytes,
                    used_bytes: q.used_bytes,
                    reason: reason.clone(),
                });
            }
        }
        let row = sync.get(&q.account_id);
        let exists = row.and_then(|r| r.exists);
        let remote_enabled = row.and_then(|r| r.enabled);
        let mut actions = Vec::new();
        if exists == Some(false) {
            if q.enabled {
                actions.push(Action::Create {
                    email: q.member_email.clone(),
                    quota_bytes: decided,
                });
            }
        } else {
            // the server's own word, when a pull read it: a quota changed there by hand
            // is set back to Panier's
            let drifted = row
                .and_then(|r| r.remote_quota.as_deref())
                .is_some_and(|text| remote_bytes(text) != Some(decided));
            if decided != q.quota_bytes || drifted {
                actions.push(Action::SetQuota {
                    from_bytes: q.quota_bytes,
                    to_bytes: decided,
                });
            }
            if !q.enabled && remote_enabled != Some(false) {
                actions.push(Action::Disable);
            } else if q.enabled && remote_enabled == Some(false) {
                actions.push(Action::Enable);
            }
        }
        if actions.is_empty() {
            unchanged += 1;
            continue;
        }
        items.push(PlanItem {
            account_id: q.account_id,
            member_id: q.member_id,
            member_name: q.member_name.clone(),
            login: q.login.clone(),
            actions,
            why: QuotaWhy {
                tier: q.tier.as_ref().map(|t| t.name.clone()),
                tier_bytes: q.tier_bytes,
                bonus_bytes: q.bonus_bytes,
                downgrade: if accepted { q.downgrade.clone() } else { None },
            },
            remote_quota: row.and_then(|r| r.remote_quota.clone()),
            last_error: row.and_then(|r| r.last_error.clone()),
        });
    }
    Ok(SyncPlan {
        day: today,
        items,
        proposals,
        unchanged,
    })
}

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
    };
    let mut stop = false;
    for item in &plan.items {
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
                        client.create_user(&item.login, email, *quota_bytes)
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
                        let agrees = remote_bytes(&user.quota.quota_text)
                            == Some(account.quota_bytes)
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

/// A size the way `occ` and Nextcloud read it: `5 GB` when that says it exactly, else bytes.
pub fn occ_size(bytes: i64) -> String {
    let shown = crate::kernel::size::display_size(bytes);
    match crate::kernel::size::parse_size("quota", &shown) {
        Ok(b) if b == bytes => shown,
        _ => bytes.to_string(),
    }
}

/// Quotes a word for a POSIX shell, inside double quotes.
fn shell_quote(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        if matches!(c, '"' | '\\' | '$' | '`') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('"');
    out
}

/// The plan as `occ` commands to paste on the server (run them as the web server's user,
/// e.g. `sudo -u www-data php occ …`).
pub fn occ_lines(plan: &SyncPlan) -> Vec<String> {
    let mut lines = Vec::new();
    for item in &plan.items {
        let uid = shell_quote(&item.login);
        for action in &item.actions {
            match action {
                Action::Create { email, quota_bytes } => {
                    let mut line = format!(
                        "occ user:add --password-from-env --display-name {}",
                        shell_quote(&item.member_name)
                    );
                    if !email.is_empty() {
                        line.push_str(&format!(" --email {}", shell_quote(email)));
                    }
                    line.push_str(&format!(" {uid}"));
                    lines.push(line);
                    lines.push(format!(
                        "occ user:setting {uid} files quota \"{}\"",
                        occ_size(*quota_bytes)
                    ));
                }
                Action::SetQuota { to_bytes, .. } => lines.push(format!(
                    "occ user:setting {uid} files quota \"{}\"",
                    occ_size(*to_bytes)
                )),
                Action::Disable => lines.push(format!("occ user:disable {uid}")),
                Action::Enable => lines.push(format!("occ user:enable {uid}")),
            }
        }
    }
    lines
}
