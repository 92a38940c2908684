//! The CHATONS charter's registers (SPEC §1): requests from authorities (C7), the software
//! inventory (C8) and the admins' confidentiality sign-offs (C9). The public report counts
//! or lists them; every change is one transaction with its audit row.

use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{AuthorityRequestId, SignoffId, SoftwareId};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// What an authority asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthorityRequestKind {
    /// who is behind an account
    Identification,
    /// a copy of data or logs
    Data,
    /// taking content down
    Removal,
    Other,
}

impl AuthorityRequestKind {
    pub const ALL: [AuthorityRequestKind; 4] = [
        AuthorityRequestKind::Identification,
        AuthorityRequestKind::Data,
        AuthorityRequestKind::Removal,
        AuthorityRequestKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AuthorityRequestKind::Identification => "identification",
            AuthorityRequestKind::Data => "data",
            AuthorityRequestKind::Removal => "removal",
            AuthorityRequestKind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "identification" => Ok(AuthorityRequestKind::Identification),
            "data" | "données" | "donnees" => Ok(AuthorityRequestKind::Data),
            "removal" | "retrait" => Ok(AuthorityRequestKind::Removal),
            "other" | "autre" => Ok(AuthorityRequestKind::Other),
            _ => Err(Error::invalid(
                "type de demande",
                text,
                format!(
                    "type de demande inconnu « {text} » (identification, data, removal, other)"
                ),
                format!("unknown request kind “{text}” (identification, data, removal, other)"),
            )),
        }
    }
}

/// One request received from an authority (charter C7).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuthorityRequest {
    pub id: AuthorityRequestId,
    pub received_on: NaiveDate,
    pub authority: String,
    pub kind: AuthorityRequestKind,
    /// what the association answered; empty while unanswered
    pub answer: String,
    pub answered_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuthorityRequestInput {
    pub received_on: NaiveDate,
    pub authority: String,
    pub kind: AuthorityRequestKind,
    pub answer: String,
    pub answered_on: Option<NaiveDate>,
}

fn check_answer(received: NaiveDate, answered: Option<NaiveDate>) -> Result<()> {
    if let Some(a) = answered {
        if a < received {
            return Err(Error::invalid(
                "date de réponse",
                a.to_string(),
                format!("la réponse ({a}) ne peut précéder la demande ({received})"),
                format!("the answer ({a}) cannot come before the request ({received})"),
            ));
        }
    }
    Ok(())
}

fn authority_from_row(row: &Row<'_>) -> rusqlite::Result<AuthorityRequest> {
    let received: String = row.get("received_on")?;
    let answered: Option<String> = row.get("answered_on")?;
    let kind: String = row.get("kind")?;
    Ok(AuthorityRequest {
        id: row.get("id")?,
        received_on: received.parse().unwrap_or_default(),
        authority: row.get("authority")?,
        kind: AuthorityRequestKind::parse(&kind).unwrap_or(AuthorityRequestKind::Other),
        answer: row.get("answer")?,
        answered_on: answered.and_then(|d| d.parse().ok()),
    })
}

/// Records a request received from an authority; returns its id.
pub fn add_authority_request(
    db: &mut Database,
    input: &AuthorityRequestInput,
) -> Result<AuthorityRequestId> {
    let authority = input.authority.trim();
    if authority.is_empty() {
        return Err(Error::invalid(
            "autorité",
            "",
            "dites qui a fait la demande",
            "say who made the request",
        ));
    }
    check_answer(input.received_on, input.answered_on)?;
    db.write(|tx| {
        tx.execute(
            "INSERT INTO authority_requests (received_on, authority, kind, answer, answered_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                input.received_on.to_string(),
                authority,
                input.kind.as_str(),
                input.answer.trim(),
                input.answered_on.map(|d| d.to_string()),
                now_text()
            ],
        )?;
        let id = AuthorityRequestId(tx.last_insert_rowid());
        let after = get_authority_request(tx, id)?;
        Ok((
            id,
            Change::new("add", "authority_request", Some(id.0)).after(&after),
        ))
    })
}

/// Writes the association's answer to a request.
pub fn answer_authority_request(
    db: &mut Database,
    id: AuthorityRequestId,
    answer: &str,
    answered_on: NaiveDate,
) -> Result<AuthorityRequest> {
    db.write(|tx| {
        let before = get_authority_request(tx, id)?;
        check_answer(before.received_on, Some(answered_on))?;
        tx.execute(
            "UPDATE authority_requests SET answer = ?2, answered_on = ?3 WHERE id = ?1",
            params![id, answer.trim(), answered_on.to_string()],
        )?;
        let after = get_authority_request(tx, id)?;
        Ok((
            after.clone(),
            Change::new("answer", "authority_request", Some(id.0))
                .before(&before)
                .after(&after),
        ))
    })
}

/// The row `id` of `table` (one of the charter's tables), or "not found" naming `what`
/// (French, English).
fn one_row<T>(
    conn: &Connection,
    table: &str,
    id: i64,
    from_row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
    what: (&'static str, &'static str),
) -> Result<T> {
    conn.query_row(
        &format!("SELECT * FROM {table} WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| Error::not_found(what.0, what.1, id.to_string()))
}

/// Every row `sql` reads.
fn all_rows<T>(
    conn: &Connection,
    sql: &str,
    from_row: fn(&rusqlite::Row<'_>) -> rusqlite::Result<T>,
) -> Result<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get_authority_request(
    conn: &Connection,
    id: AuthorityRequestId,
) -> Result<AuthorityRequest> {
    one_row(
        conn,
        "authority_requests",
        id.0,
        authority_from_row,
        ("demande d'autorité", "authority request"),
    )
}

/// Every request, oldest first.
pub fn authority_requests(conn: &Connection) -> Result<Vec<AuthorityRequest>> {
    all_rows(
        conn,
        "SELECT * FROM authority_requests ORDER BY received_on, id",
        authority_from_row,
    )
}

/// One piece of software run for the users (charter C8): its details as typed, and its id.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Software {
    pub id: SoftwareId,
    #[serde(flatten)]
    pub details: SoftwareInput,
}

/// `software.name` and the like read the details directly.
impl std::ops::Deref for Software {
    type Target = SoftwareInput;
    fn deref(&self) -> &SoftwareInput {
        &self.details
    }
}

/// A piece of software's details, as typed or as stored (the JSON keys of [`Software`] after
/// its id).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct SoftwareInput {
    pub name: String,
    pub version: String,
    pub licence: String,
    /// free (libre) software; a non-free exception is listed publicly as such
    pub free: bool,
    pub source_url: String,
    /// the service it provides, as named in the service accounts (e.g. `nextcloud`)
    pub service: Option<String>,
    /// the public address of that service
    pub service_url: String,
    pub description: String,
}

fn software_from_row(row: &Row<'_>) -> rusqlite::Result<Software> {
    Ok(Software {
        id: row.get("id")?,
        details: SoftwareInput {
            name: row.get("name")?,
            version: row.get("version")?,
            licence: row.get("licence")?,
            free: row.get("free")?,
            source_url: row.get("source_url")?,
            service: row.get("service")?,
            service_url: row.get("service_url")?,
            description: row.get("description")?,
        },
    })
}

fn clean_software(input: &SoftwareInput) -> Result<SoftwareInput> {
    let mut v = input.clone();
    v.name = v.name.trim().to_string();
    v.version = v.version.trim().to_string();
    v.licence = v.licence.trim().to_string();
    v.source_url = v.source_url.trim().to_string();
    v.service_url = v.service_url.trim().to_string();
    v.description = v.description.trim().to_string();
    v.service = v
        .service
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty());
    if v.name.is_empty() {
        return Err(Error::invalid(
            "nom",
            "",
            "un logiciel a besoin d'un nom",
            "a piece of software needs a name",
        ));
    }
    if let Some(service) = &v.service {
        if !service
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(Error::invalid(
                "service",
                service.clone(),
                format!("nom de service « {service} » invalide (lettres, chiffres, tirets)"),
                format!("invalid service name “{service}” (letters, digits, dashes)"),
            ));
        }
    }
    Ok(v)
}

/// Adds a piece of software to the inventory; returns its id. Names are unique.
pub fn add_software(db: &mut Database, input: &SoftwareInput) -> Result<SoftwareId> {
    let v = clean_software(input)?;
    db.write(|tx| {
        let taken: Option<i64> = tx
            .query_row(
                "SELECT id FROM software WHERE name = ?1 COLLATE NOCASE",
                [&v.name],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(other) = taken {
            return Err(Error::refused(
                format!("le logiciel « {} » est déjà inventorié (n° {other})", v.name),
                format!("“{}” is already in the inventory (no. {other})", v.name),
            ));
        }
        tx.execute(
            "INSERT INTO software (name, version, licence, free, source_url, service, service_url, description, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![v.name, v.version, v.licence, v.free, v.source_url, v.service, v.service_url, v.description, now_text()],
        )?;
        let id = SoftwareId(tx.last_insert_rowid());
        let after = get_software(tx, id)?;
        Ok((id, Change::new("add", "software", Some(id.0)).after(&after)))
    })
}

/// Replaces a piece of software's description (a new version, a new licence…).
pub fn update_software(
    db: &mut Database,
    id: SoftwareId,
    input: &SoftwareInput,
) -> Result<Software> {
    let v = clean_software(input)?;
    db.write(|tx| {
        let before = get_software(tx, id)?;
        tx.execute(
            "UPDATE software SET name = ?2, version = ?3, licence = ?4, free = ?5, source_url = ?6,
                 service = ?7, service_url = ?8, description = ?9 WHERE id = ?1",
            params![
                id,
                v.name,
                v.version,
                v.licence,
                v.free,
                v.source_url,
                v.service,
                v.service_url,
                v.description
            ],
        )?;
        let after = get_software(tx, id)?;
        Ok((
            after.clone(),
            Change::new("update", "software", Some(id.0))
                .before(&before)
                .after(&after),
        ))
    })
}

/// Takes a piece of software out of the inventory (it is no longer run).
pub fn remove_software(db: &mut Database, id: SoftwareId) -> Result<()> {
    db.write(|tx| {
        let before = get_software(tx, id)?;
        tx.execute("DELETE FROM software WHERE id = ?1", [id])?;
        Ok((
            (),
            Change::new("remove", "software", Some(id.0)).before(&before),
        ))
    })
}

pub fn get_software(conn: &Connection, id: SoftwareId) -> Result<Software> {
    one_row(
        conn,
        "software",
        id.0,
        software_from_row,
        ("logiciel", "software"),
    )
}

/// The inventory, by name.
pub fn software(conn: &Connection) -> Result<Vec<Software>> {
    all_rows(
        conn,
        "SELECT * FROM software ORDER BY name COLLATE NOCASE",
        software_from_row,
    )
}

/// An admin's confidentiality commitment (charter C9).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Signoff {
    pub id: SignoffId,
    pub admin_name: String,
    pub signed_on: NaiveDate,
    /// the text signed (e.g. "charte CHATONS 2023")
    pub document: String,
    /// the day the person stopped being an admin
    pub ended_on: Option<NaiveDate>,
}

fn signoff_from_row(row: &Row<'_>) -> rusqlite::Result<Signoff> {
    let signed: String = row.get("signed_on")?;
    let ended: Option<String> = row.get("ended_on")?;
    Ok(Signoff {
        id: row.get("id")?,
        admin_name: row.get("admin_name")?,
        signed_on: signed.parse().unwrap_or_default(),
        document: row.get("document")?,
        ended_on: ended.and_then(|d| d.parse().ok()),
    })
}

/// Records that an admin signed the confidentiality commitment; returns its id.
pub fn add_signoff(
    db: &mut Database,
    admin_name: &str,
    signed_on: NaiveDate,
    document: &str,
) -> Result<SignoffId> {
    let name = admin_name.trim();
    if name.is_empty() {
        return Err(Error::invalid(
            "admin",
            "",
            "nommez la personne qui signe",
            "name the person who signs",
        ));
    }
    db.write(|tx| {
        tx.execute(
            "INSERT INTO confidentiality_signoffs (admin_name, signed_on, document, created_at)
             VALUES (?1, ?2, ?3, ?4)",
            params![name, signed_on.to_string(), document.trim(), now_text()],
        )?;
        let id = SignoffId(tx.last_insert_rowid());
        let after = get_signoff(tx, id)?;
        Ok((id, Change::new("add", "signoff", Some(id.0)).after(&after)))
    })
}

/// Records that an admin stopped being one on `ended_on`.
pub fn end_signoff(db: &mut Database, id: SignoffId, ended_on: NaiveDate) -> Result<Signoff> {
    db.write(|tx| {
        let before = get_signoff(tx, id)?;
        if ended_on < before.signed_on {
            return Err(Error::invalid(
                "date de fin",
                ended_on.to_string(),
                "la fin ne peut précéder la signature",
                "the end cannot come before the signature",
            ));
        }
        tx.execute(
            "UPDATE confidentiality_signoffs SET ended_on = ?2 WHERE id = ?1",
            params![id, ended_on.to_string()],
        )?;
        let after = get_signoff(tx, id)?;
        Ok((
            after.clone(),
            Change::new("end", "signoff", Some(id.0))
                .before(&before)
                .after(&after),
        ))
    })
}

pub fn get_signoff(conn: &Connection, id: SignoffId) -> Result<Signoff> {
    one_row(
        conn,
        "confidentiality_signoffs",
        id.0,
        signoff_from_row,
        ("engagement", "sign-off"),
    )
}

/// Every sign-off, oldest first.
pub fn signoffs(conn: &Connection) -> Result<Vec<Signoff>> {
    all_rows(
        conn,
        "SELECT * FROM confidentiality_signoffs ORDER BY signed_on, id",
        signoff_from_row,
    )
}
