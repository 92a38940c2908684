//! Service accounts: a member's login on one of the association's services, with the
//! storage quota granted and the usage last seen.

use crate::kernel::dates::{now_text, today};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::{Field, FieldName};
use crate::kernel::ids::{AccountId, MemberId};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// The service name of a Nextcloud account (the one service Panier sets quotas on).
pub const NEXTCLOUD_SERVICE: &str = "nextcloud";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ServiceAccount {
    pub id: AccountId,
    pub member_id: MemberId,
    pub service: String,
    pub login: String,
    pub quota_bytes: i64,
    pub used_bytes: Option<i64>,
    pub used_seen_at: Option<String>,
    pub enabled: bool,
    /// the day it opened, and the day it was closed (disabled; None while open): the public
    /// report counts a past year's accounts from them
    #[serde(default)]
    pub opened_on: Option<NaiveDate>,
    #[serde(default)]
    pub closed_on: Option<NaiveDate>,
}

const COLUMNS: &str = "id, member_id, service, login, quota_bytes, used_bytes, used_seen_at, \
     enabled, opened_on, closed_on";

pub fn from_row(row: &Row<'_>) -> rusqlite::Result<ServiceAccount> {
    Ok(ServiceAccount {
        id: row.get("id")?,
        member_id: row.get("member_id")?,
        service: row.get("service")?,
        login: row.get("login")?,
        quota_bytes: row.get("quota_bytes")?,
        used_bytes: row.get("used_bytes")?,
        used_seen_at: row.get("used_seen_at")?,
        enabled: row.get("enabled")?,
        opened_on: day_column(row, "opened_on")?,
        closed_on: day_column(row, "closed_on")?,
    })
}

/// A `YYYY-MM-DD` column, NULL as None.
fn day_column(row: &Row<'_>, column: &str) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(row
        .get::<_, Option<String>>(column)?
        .and_then(|d| d.parse().ok()))
}

fn check_login(service: &str, login: &str) -> Result<()> {
    if service.is_empty()
        || !service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
    {
        return Err(Error::invalid(
            "service",
            service,
            format!("nom de service « {service} » invalide (lettres, chiffres, tirets)"),
            format!("invalid service name “{service}” (letters, digits, dashes)"),
        ));
    }
    // Nextcloud's user ids: letters, digits, and _.@-' and spaces
    let ok = !login.is_empty()
        && login.len() <= 64
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.@-' ".contains(c));
    if !ok {
        return Err(Error::invalid(
            "identifiant",
            login,
            format!("identifiant « {login} » invalide (lettres, chiffres et _ . @ - ')"),
            format!("invalid login “{login}” (letters, digits and _ . @ - ')"),
        ));
    }
    Ok(())
}

/// Inserts an account inside a caller's transaction, opened today.
pub fn insert(
    conn: &Connection,
    member: MemberId,
    service: &str,
    login: &str,
    quota_bytes: i64,
) -> Result<AccountId> {
    insert_on(conn, member, service, login, quota_bytes, today())
}

/// Inserts an account opened on `opened_on` inside a caller's transaction; the schema records
/// its first quota from that day (`account_quota_changes`).
pub fn insert_on(
    conn: &Connection,
    member: MemberId,
    service: &str,
    login: &str,
    quota_bytes: i64,
    opened_on: NaiveDate,
) -> Result<AccountId> {
    let (service, login) = (service.trim(), login.trim());
    check_login(service, login)?;
    crate::kernel::size::check_size("quota", quota_bytes)?;
    let taken: Option<i64> = conn
        .query_row(
            "SELECT id FROM service_accounts WHERE service = ?1 AND login = ?2",
            params![service, login],
            |r| r.get(0),
        )
        .optional()?;
    if taken.is_some() {
        return Err(Error::refused(
            format!("l'identifiant « {login} » existe déjà sur {service}"),
            format!("the login “{login}” already exists on {service}"),
        ));
    }
    conn.prepare_cached(
        "INSERT INTO service_accounts (member_id, service, login, quota_bytes, created_at,
             opened_on)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        member,
        service,
        login,
        quota_bytes,
        now_text(),
        opened_on.to_string()
    ])?;
    Ok(AccountId(conn.last_insert_rowid()))
}

pub fn add(
    db: &mut Database,
    member: MemberId,
    service: &str,
    login: &str,
    quota_bytes: i64,
) -> Result<AccountId> {
    db.write(|tx| {
        crate::people::members::get(tx, member)?;
        let id = insert(tx, member, service, login, quota_bytes)?;
        added(tx, member, id)
    })
}

pub fn get(conn: &Connection, id: AccountId) -> Result<ServiceAccount> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM service_accounts WHERE id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("compte", "account", id.to_string()))
}

pub fn find_by_login(conn: &Connection, service: &str, login: &str) -> Result<ServiceAccount> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM service_accounts WHERE service = ?1 AND login = ?2"
    ))?
    .query_row(params![service, login], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("compte", "account", login))
}

pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<ServiceAccount>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM service_accounts WHERE member_id = ?1 ORDER BY service, login"
    ))?;
    let rows = stmt.query_map([member], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn list(conn: &Connection) -> Result<Vec<ServiceAccount>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM service_accounts ORDER BY service, login"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The new account `id` and its audit row.
fn added(tx: &Connection, member: MemberId, id: AccountId) -> Result<(AccountId, Change)> {
    let after = get(tx, id)?;
    let change = Change::new("add", "service_account", Some(id.0))
        .member(member)
        .after(&after);
    Ok((id, change))
}

/// Opens a service account for a member with the quota their tiers give on `today`; a
/// Nextcloud account is marked "to create" for the connector's next plan.
pub fn open(
    db: &mut Database,
    member: MemberId,
    service: &str,
    login: &str,
    today: chrono::NaiveDate,
) -> Result<AccountId> {
    db.write(|tx| {
        crate::people::members::get(tx, member)?;
        let quota = crate::membership::subscriptions::initial_quota(tx, member, today)?;
        let id = insert_on(tx, member, service, login, quota, today)?;
        if service.trim() == NEXTCLOUD_SERVICE {
            tx.execute(
                "INSERT INTO nextcloud_sync (account_id, remote_exists, in_sync) VALUES (?1, 0, 0)",
                [id],
            )?;
        }
        added(tx, member, id)
    })
}

/// Disables or enables an account in Panier today, saying why; the Nextcloud connector's next
/// plan carries it to the server.
pub fn set_enabled(
    db: &mut Database,
    service: &str,
    login: &str,
    enabled: bool,
    reason: &str,
) -> Result<ServiceAccount> {
    set_enabled_on(db, service, login, enabled, reason, today())
}

/// [`set_enabled`] on a given day: disabling closes the account that day (`closed_on`),
/// enabling opens it again (no closing day).
pub fn set_enabled_on(
    db: &mut Database,
    service: &str,
    login: &str,
    enabled: bool,
    reason: &str,
    day: NaiveDate,
) -> Result<ServiceAccount> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            FieldName::keyed(Field::Reason, "raison"),
            "",
            "dites pourquoi (--reason)",
            "say why (--reason)",
        ));
    }
    db.write(|tx| {
        let before = find_by_login(tx, service.trim(), login.trim())?;
        tx.execute(
            "UPDATE service_accounts
             SET enabled = ?2, closed_on = CASE WHEN ?2 THEN NULL ELSE ?3 END WHERE id = ?1",
            params![before.id, enabled, day.to_string()],
        )?;
        let after = get(tx, before.id)?;
        let action = if enabled { "enable" } else { "disable" };
        Ok((
            after.clone(),
            Change::new(action, "service_account", Some(before.id.0))
                .member(before.member_id)
                .before(&before)
                .after(&serde_json::json!({ "account": after, "reason": reason })),
        ))
    })
}
