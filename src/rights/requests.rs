//! The register of members' requests about their data (GDPR art. 12 to 22): what was asked,
//! when, how the requester's identity was checked, the deadline (one month after receipt,
//! extendable by two more months if the member is told within the first month) and the answer.

use crate::kernel::dates::now_text;
use crate::kernel::dates::{add_months, check_in_range};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::{Field, FieldName};
use crate::kernel::ids::{MemberId, RequestId};
use crate::kernel::text::{check_text, TextKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// What the member asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestKind {
    /// a copy of their data and how it is used (art. 15)
    Access,
    /// their data in a machine-readable format (art. 20)
    Portability,
    /// correcting their data (art. 16)
    Rectification,
    /// erasing their data (art. 17)
    Erasure,
    /// anything else (restriction, objection, withdrawing consent…)
    Other,
}

impl RequestKind {
    pub const ALL: [RequestKind; 5] = [
        RequestKind::Access,
        RequestKind::Portability,
        RequestKind::Rectification,
        RequestKind::Erasure,
        RequestKind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            RequestKind::Access => "access",
            RequestKind::Portability => "portability",
            RequestKind::Rectification => "rectification",
            RequestKind::Erasure => "erasure",
            RequestKind::Other => "other",
        }
    }

    /// The kind's name for people.
    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            RequestKind::Access => lang.pick("accès", "access"),
            RequestKind::Portability => lang.pick("portabilité", "portability"),
            RequestKind::Rectification => lang.pick("rectification", "rectification"),
            RequestKind::Erasure => lang.pick("effacement", "erasure"),
            RequestKind::Other => lang.pick("autre", "other"),
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "access" | "accès" | "acces" => Ok(RequestKind::Access),
            "portability" | "portabilité" | "portabilite" => Ok(RequestKind::Portability),
            "rectification" => Ok(RequestKind::Rectification),
            "erasure" | "effacement" => Ok(RequestKind::Erasure),
            "other" | "autre" => Ok(RequestKind::Other),
            _ => Err(Error::invalid(
                FieldName::keyed(Field::Kind, "type de demande"),
                text,
                format!("type de demande inconnu « {text} » (access, portability, rectification, erasure, other)"),
                format!("unknown request kind “{text}” (access, portability, rectification, erasure, other)"),
            )),
        }
    }
}

/// Where the request stands, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RequestStatus {
    Open,
    /// done: the copy sent, the data corrected or erased…
    Answered,
    /// answered with a reasoned refusal (identity not established, manifestly unfounded…)
    Refused,
}

impl RequestStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RequestStatus::Open => "open",
            RequestStatus::Answered => "answered",
            RequestStatus::Refused => "refused",
        }
    }

    pub fn label(self, lang: crate::Lang) -> &'static str {
        match self {
            RequestStatus::Open => lang.pick("en cours", "open"),
            RequestStatus::Answered => lang.pick("répondue", "answered"),
            RequestStatus::Refused => lang.pick("refusée (motivée)", "refused (with reasons)"),
        }
    }
}

/// One request of the register.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DataRequest {
    pub id: RequestId,
    /// `None` once the member's last records were purged
    pub member_id: Option<MemberId>,
    /// the member's name as it is now (a pseudonym after erasure)
    pub member_name: String,
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    pub identity_check: String,
    /// the day the answer is due: one month after receipt, plus the extension
    pub deadline: NaiveDate,
    pub extension_months: u32,
    pub extension_reason: String,
    pub member_told_on: Option<NaiveDate>,
    pub status: RequestStatus,
    pub answered_on: Option<NaiveDate>,
    pub notes: String,
}

impl DataRequest {
    /// Still open after its deadline.
    pub fn is_late(&self, today: NaiveDate) -> bool {
        self.status == RequestStatus::Open && today > self.deadline
    }

    /// Days left before the deadline (negative when late); `None` once answered.
    pub fn days_left(&self, today: NaiveDate) -> Option<i64> {
        (self.status == RequestStatus::Open).then(|| (self.deadline - today).num_days())
    }
}

/// The day an answer is due: `received_on` + one month + the extension.
pub fn deadline(received_on: NaiveDate, extension_months: u32) -> NaiveDate {
    add_months(received_on, 1 + extension_months)
}

/// The last day the member may be told of an extension: the end of the first month.
pub fn last_day_to_extend(received_on: NaiveDate) -> NaiveDate {
    add_months(received_on, 1)
}

/// A request as it is recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct NewRequest {
    pub member: MemberId,
    pub kind: RequestKind,
    pub received_on: NaiveDate,
    /// how the requester was recognised: "sent from the member's own address", "ID card shown
    /// at the office"…
    pub identity_check: String,
    #[serde(default)]
    pub notes: String,
}

const SELECT: &str = "SELECT r.id, r.member_id, r.kind, r.received_on, r.identity_check, \
    r.extension_months, r.extension_reason, r.member_told_on, r.status, r.answered_on, r.notes, \
    coalesce(CASE m.kind WHEN 'organisation' THEN m.org_name \
        ELSE trim(m.first_name || ' ' || m.last_name) END, '') AS member_name \
    FROM data_requests r LEFT JOIN members m ON m.id = r.member_id";

fn day(text: Option<String>) -> Option<NaiveDate> {
    text.and_then(|t| t.parse().ok())
}

fn from_row(row: &Row<'_>) -> rusqlite::Result<DataRequest> {
    let kind: String = row.get("kind")?;
    let status: String = row.get("status")?;
    let received: String = row.get("received_on")?;
    let received_on: NaiveDate = received.parse().unwrap_or_default();
    let extension_months: u32 = row.get("extension_months")?;
    Ok(DataRequest {
        id: row.get("id")?,
        member_id: row.get("member_id")?,
        member_name: row.get("member_name")?,
        kind: RequestKind::parse(&kind).unwrap_or(RequestKind::Other),
        received_on,
        identity_check: row.get("identity_check")?,
        deadline: deadline(received_on, extension_months),
        extension_months,
        extension_reason: row.get("extension_reason")?,
        member_told_on: day(row.get("member_told_on")?),
        status: match status.as_str() {
            "answered" => RequestStatus::Answered,
            "refused" => RequestStatus::Refused,
            _ => RequestStatus::Open,
        },
        answered_on: day(row.get("answered_on")?),
        notes: row.get("notes")?,
    })
}

pub fn get(conn: &Connection, id: RequestId) -> Result<DataRequest> {
    conn.prepare_cached(&format!("{SELECT} WHERE r.id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("demande", "request", id.to_string()))
}

/// Records a request received on `received_on`; `today` bounds the dates.
pub fn add(db: &mut Database, request: &NewRequest, today: NaiveDate) -> Result<RequestId> {
    let identity = request.identity_check.trim();
    if identity.is_empty() {
        return Err(Error::invalid(
            Field::IdentityCheck,
            "",
            "dites comment l'identité du demandeur a été vérifiée (par exemple « écrit depuis l'adresse du membre »)",
            "say how the requester's identity was checked (e.g. “sent from the member's own address”)",
        ));
    }
    check_text("identité", identity, TextKind::Line)?;
    check_text("notes", request.notes.trim(), TextKind::Note)?;
    check_in_range("reçue le", request.received_on)?;
    if request.received_on > today {
        return Err(Error::invalid(
            Field::ReceivedOn,
            request.received_on.to_string(),
            format!(
                "la date de réception {} est dans le futur",
                request.received_on
            ),
            format!("the day received {} is in the future", request.received_on),
        ));
    }
    db.write(|tx| {
        crate::people::members::get(tx, request.member)?;
        tx.execute(
            "INSERT INTO data_requests (member_id, kind, received_on, identity_check, notes, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                request.member,
                request.kind.as_str(),
                request.received_on.to_string(),
                identity,
                request.notes.trim(),
                now_text()
            ],
        )?;
        let id = RequestId(tx.last_insert_rowid());
        let after = get(tx, id)?;
        Ok((
            id,
            Change::new("add", "data_request", Some(id.0))
                .member(request.member)
                .after(&after),
        ))
    })
}

fn open_request(conn: &Connection, id: RequestId) -> Result<DataRequest> {
    let request = get(conn, id)?;
    if request.status != RequestStatus::Open {
        return Err(Error::refused(
            format!(
                "la demande n° {id} a déjà reçu réponse le {}",
                request
                    .answered_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
            format!(
                "request {id} was already answered on {}",
                request
                    .answered_on
                    .map(|d| d.to_string())
                    .unwrap_or_default()
            ),
        ));
    }
    Ok(request)
}

/// Marks a request answered on `date` (or refused, with reasons given to the member).
pub fn answer(
    db: &mut Database,
    id: RequestId,
    date: NaiveDate,
    refused: bool,
    notes: &str,
) -> Result<DataRequest> {
    db.write(|tx| {
        check_in_range("date", date)?;
        let before = open_request(tx, id)?;
        if date < before.received_on {
            return Err(Error::invalid(
                Field::Date,
                date.to_string(),
                format!(
                    "la réponse ({date}) ne peut précéder la demande ({})",
                    before.received_on
                ),
                format!(
                    "the answer ({date}) cannot come before the request ({})",
                    before.received_on
                ),
            ));
        }
        let status = if refused {
            RequestStatus::Refused
        } else {
            RequestStatus::Answered
        };
        check_text("notes", notes.trim(), TextKind::Note)?;
        let notes = match (before.notes.trim(), notes.trim()) {
            (old, "") => old.to_string(),
            ("", new) => new.to_string(),
            (old, new) => format!("{old}\n{new}"),
        };
        tx.execute(
            "UPDATE data_requests SET status = ?2, answered_on = ?3, notes = ?4 WHERE id = ?1",
            params![id, status.as_str(), date.to_string(), notes],
        )?;
        let after = get(tx, id)?;
        let mut change = Change::new("answer", "data_request", Some(id.0))
            .before(&before)
            .after(&after);
        if let Some(m) = before.member_id {
            change = change.member(m);
        }
        Ok((after, change))
    })
}

/// Extends the deadline by `months` (1 or 2) for `reason`, the member having been told on
/// `told_on`. Refused after the first month, or when the request was already extended.
pub fn extend(
    db: &mut Database,
    id: RequestId,
    months: u32,
    reason: &str,
    told_on: NaiveDate,
) -> Result<DataRequest> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            Field::Reason,
            "",
            "une prolongation doit être motivée (complexité, nombre de demandes…)",
            "an extension needs a reason (complexity, number of requests…)",
        ));
    }
    check_text("motif", reason, TextKind::Line)?;
    if !(1..=2).contains(&months) {
        return Err(Error::invalid(
            Field::Months,
            months.to_string(),
            "la prolongation est d'un ou deux mois",
            "the extension is one or two months",
        ));
    }
    db.write(|tx| {
        let before = open_request(tx, id)?;
        if before.extension_months > 0 {
            return Err(Error::refused(
                format!("la demande n° {id} a déjà été prolongée"),
                format!("request {id} was already extended"),
            ));
        }
        let last = last_day_to_extend(before.received_on);
        if told_on > last || told_on < before.received_on {
            return Err(Error::refused(
                format!(
                    "le membre doit être informé de la prolongation dans le premier mois (entre le {} et le {last}) ; le {told_on} est trop tard",
                    before.received_on
                ),
                format!(
                    "the member must be told of the extension within the first month (between {} and {last}); {told_on} is too late",
                    before.received_on
                ),
            ));
        }
        tx.execute(
            "UPDATE data_requests SET extension_months = ?2, extension_reason = ?3, member_told_on = ?4
             WHERE id = ?1",
            params![id, months, reason, told_on.to_string()],
        )?;
        let after = get(tx, id)?;
        let mut change = Change::new("extend", "data_request", Some(id.0))
            .before(&before)
            .after(&after);
        if let Some(m) = before.member_id {
            change = change.member(m);
        }
        Ok((after, change))
    })
}

/// The whole register, newest first; `open_only` keeps the requests awaiting an answer.
pub fn list(conn: &Connection, open_only: bool) -> Result<Vec<DataRequest>> {
    let filter = if open_only {
        " WHERE r.status = 'open'"
    } else {
        ""
    };
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT}{filter} ORDER BY r.received_on DESC, r.id DESC"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<DataRequest>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{SELECT} WHERE r.member_id = ?1 ORDER BY r.received_on, r.id"
    ))?;
    let rows = stmt.query_map([member], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many days before its deadline an open request shows on the dashboard.
pub const WARN_WITHIN_DAYS: i64 = 7;

/// The open requests due within `days` days of `today`, or already late: the dashboard's
/// warning. Most urgent first.
pub fn near_deadline(conn: &Connection, today: NaiveDate, days: i64) -> Result<Vec<DataRequest>> {
    let limit = today + chrono::Duration::days(days);
    let mut due: Vec<DataRequest> = list(conn, true)?
        .into_iter()
        .filter(|r| r.deadline <= limit)
        .collect();
    due.sort_by_key(|r| (r.deadline, r.id));
    Ok(due)
}

/// A service account to delete on the service itself (Panier forgets it at erasure). The
/// list is kept with the erasure request until an admin records the accounts deleted.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccountToDelete {
    pub service: String,
    pub login: String,
}

/// The accounts an erasure left to delete on the servers, kept with request `id` (empty
/// once recorded deleted, or for a request that is not an erasure).
pub fn accounts_to_delete(conn: &Connection, id: RequestId) -> Result<Vec<AccountToDelete>> {
    get(conn, id)?;
    let text: String = conn.query_row(
        "SELECT accounts_to_delete FROM data_requests WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?;
    Ok(serde_json::from_str(&text)?)
}

/// Keeps `accounts` with request `id`, inside the caller's transaction (the erasure's).
pub(crate) fn keep_accounts_to_delete(
    tx: &Connection,
    id: RequestId,
    accounts: &[AccountToDelete],
) -> Result<()> {
    tx.execute(
        "UPDATE data_requests SET accounts_to_delete = ?2 WHERE id = ?1",
        params![id, serde_json::to_string(accounts)?],
    )?;
    Ok(())
}

/// The request an erasure of `member` on `today` is recorded with, inside the erasure's
/// transaction: `answers` (the member's, still open: it is marked answered), else the
/// member's latest open erasure request (left open), else a new erasure request, answered
/// the same day, saying the association erased without a recorded request. Returns the
/// request and whether the erasure answered it.
pub(crate) fn erasure_request(
    tx: &Connection,
    member: MemberId,
    answers: Option<RequestId>,
    today: NaiveDate,
) -> Result<(RequestId, bool)> {
    if let Some(id) = answers {
        let request = open_request(tx, id)?;
        if request.member_id != Some(member) {
            return Err(Error::refused(
                format!("la demande n° {id} n'est pas celle du membre n° {member} : rien n'a été effacé"),
                format!("request {id} is not member {member}'s: nothing was erased"),
            ));
        }
        if today < request.received_on {
            return Err(Error::invalid(
                "date",
                today.to_string(),
                format!(
                    "l'effacement ({today}) ne peut précéder la demande ({})",
                    request.received_on
                ),
                format!(
                    "the erasure ({today}) cannot come before the request ({})",
                    request.received_on
                ),
            ));
        }
        tx.execute(
            "UPDATE data_requests SET status = 'answered', answered_on = ?2 WHERE id = ?1",
            params![id, today.to_string()],
        )?;
        return Ok((id, true));
    }
    let open: Option<RequestId> = tx
        .query_row(
            "SELECT id FROM data_requests WHERE member_id = ?1 AND kind = 'erasure'
                 AND status = 'open' ORDER BY received_on DESC, id DESC LIMIT 1",
            [member],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = open {
        return Ok((id, false));
    }
    tx.execute(
        "INSERT INTO data_requests (member_id, kind, received_on, identity_check, status,
             answered_on, notes, created_at)
         VALUES (?1, 'erasure', ?2, ?3, 'answered', ?2, ?4, ?5)",
        params![
            member,
            today.to_string(),
            "sans objet : effacement fait par l'association",
            "aucune demande enregistrée : inscrite à l'effacement",
            now_text()
        ],
    )?;
    Ok((RequestId(tx.last_insert_rowid()), true))
}
