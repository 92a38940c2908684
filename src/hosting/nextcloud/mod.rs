//! The Nextcloud connector: one server's settings, and the plan → apply flow that carries
//! Panier's quota decisions to it.
//!
//! - [`configure`] keeps the URL and admin login in `nextcloud_server`, and the app password
//!   out of the file, in the secret store ([`crate::store::secrets`]): it is never printed,
//!   serialised, exported, backed up, or written in the audit log (which says "password
//!   changed"). A copy of the file on another machine asks for it again.
//! - [`plan`] is a dry run: every call it would make (create, set quota, disable, enable),
//!   and the downgrades it only proposes (see [`crate::hosting::quota`]).
//! - [`apply`] makes the calls, paced and with timeouts, and records each account's result:
//!   in sync, or not in sync with the error. A failed call leaves Panier's quota as it was.
//! - [`pull`] reads every account's usage into `service_accounts.used_bytes`.
//! - [`occ_lines`] writes the same plan as `occ` commands, for admins without API access.

pub mod occ;
pub mod ocs;
pub mod ocs_error;
pub mod pacing;
pub mod pull;
pub mod rounding;
pub mod sync_apply;
pub mod sync_plan;
pub mod webdav;

pub use occ::{occ_lines, occ_size};
pub use ocs::{AppPassword, Client, ClientOptions, OcsError, OcsVersion, RemoteUser};
pub use pull::{pull, PullReport, PullResult};
pub use sync_apply::{apply, apply_each, AccountResult, ApplyReport};
pub use sync_plan::{plan, Action, PlanItem, PlanOptions, Proposal, QuotaWhy, SyncPlan};

use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::AccountId;
use crate::kernel::lang::Lang;
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::store::secrets::NEXTCLOUD_APP_PASSWORD;
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
    let before = server(db)?;
    if password.is_none() && !before.as_ref().is_some_and(|s| s.has_password) {
        return Err(Error::invalid(
            "mot de passe",
            "",
            "donnez le mot de passe d'application (--password-stdin)",
            "give the app password (--password-stdin)",
        ));
    }
    // out of the file first: if the store refuses, nothing changes
    if let Some(p) = password {
        db.keep_secret(NEXTCLOUD_APP_PASSWORD, p.expose())?;
    }
    let has_password = before.as_ref().is_some_and(|s| s.has_password) || password.is_some();
    db.write(|tx| {
        let now = now_text();
        tx.execute(
            "INSERT INTO nextcloud_server (id, url, admin_user, ocs_version, updated_at)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET url = ?1, admin_user = ?2, ocs_version = ?3,
                 updated_at = ?4",
            params![url, user, input.ocs_version.number(), now],
        )?;
        if password.is_some() {
            tx.execute(
                "UPDATE nextcloud_server SET password_changed_at = ?1 WHERE id = 1",
                params![now],
            )?;
        }
        let mut after = server_row(tx)?.expect("just written");
        after.has_password = has_password;
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

/// The server's settings, if configured; `has_password`: its app password is kept on this
/// machine for this file.
pub fn server(db: &Database) -> Result<Option<ServerSettings>> {
    let Some(mut settings) = server_row(db.conn())? else {
        return Ok(None);
    };
    settings.has_password = db.secret(NEXTCLOUD_APP_PASSWORD)?.is_some();
    Ok(Some(settings))
}

/// The settings as the file holds them (`has_password` not looked up: false).
fn server_row(conn: &Connection) -> Result<Option<ServerSettings>> {
    Ok(conn
        .query_row(
            "SELECT url, admin_user, ocs_version, updated_at, password_changed_at
             FROM nextcloud_server WHERE id = 1",
            [],
            |r| {
                Ok(ServerSettings {
                    url: r.get(0)?,
                    admin_user: r.get(1)?,
                    ocs_version: OcsVersion::from_number(r.get(2)?),
                    has_password: false,
                    password_changed_at: r.get(4)?,
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

/// The file names a server but this machine keeps no app password for it: a file restored
/// or copied here, or a secret store emptied.
fn password_needed() -> Error {
    Error::refused(
        "mot de passe Nextcloud nécessaire : il n'est pas dans le fichier Panier et cette machine ne le connaît pas (fichier restauré ou copié ?) ; donnez-le avec : panier nextcloud configure --url … --user … --password-stdin",
        "Nextcloud password needed: it is not in the Panier file and this machine does not know it (a restored or copied file?); give it with: panier nextcloud configure --url … --user … --password-stdin",
    )
}

/// A client for the configured server.
pub fn client(db: &Database, options: &ClientOptions) -> Result<Client> {
    let settings = server_row(db.conn())?.ok_or_else(not_configured)?;
    let secret = db
        .secret(NEXTCLOUD_APP_PASSWORD)?
        .ok_or_else(password_needed)?;
    let password = AppPassword::new(&secret)?;
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
pub fn check_connection(db: &Database, options: &ClientOptions) -> Result<ConnectionCheck> {
    let settings = server_row(db.conn())?.ok_or_else(not_configured)?;
    let client = client(db, options)?;
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

struct SyncRow {
    exists: Option<bool>,
    enabled: Option<bool>,
    remote_quota: Option<String>,
    last_error: Option<String>,
}

/// A quota as the server wrote it, in bytes (`None`: unlimited or not a size), read as
/// Nextcloud reads it.
fn remote_bytes(text: &str) -> Option<i64> {
    match text.trim().parse::<i64>() {
        Ok(n) if n >= 0 => Some(n),
        Ok(_) => None,
        Err(_) => rounding::computer_file_size(text).filter(|n| *n >= 0),
    }
}

/// Whether the server's quota (as it wrote it) is Panier's `quota_bytes`, within Nextcloud's
/// rounding (see [`rounding`]).
fn remote_agrees(text: &str, quota_bytes: i64) -> bool {
    remote_bytes(text).is_some_and(|remote| rounding::same_quota(quota_bytes, remote))
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
