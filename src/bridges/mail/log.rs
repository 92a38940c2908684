//! The mail log (`mail_log`): a row is written `sending` before the SMTP exchange, then
//! settled `sent`, `refused` or `retry` after it — each in its own transaction with its
//! audit row. A row still `sending` (Panier stopped mid-exchange) means "perhaps sent": the
//! runs never send that message again by themselves.

use super::courier::Delivery;
use crate::kernel::dates::now_text;
use crate::kernel::error::Result;
use crate::kernel::ids::MemberId;
use crate::store::audit::Change;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a message was for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Purpose {
    /// a renewal reminder: its kind and period
    Reminder {
        kind: &'static str,
        period_end: chrono::NaiveDate,
    },
    Receipt(i64),
    Test,
}

/// A row of the log.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LogLine {
    #[ts(type = "number")]
    pub id: i64,
    /// reminder, receipt, test
    pub purpose: String,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    #[ts(type = "number | null")]
    pub receipt_id: Option<i64>,
    pub recipient: String,
    pub subject: String,
    pub message_id: String,
    /// sending, sent, refused, retry
    pub state: String,
    pub detail: String,
    pub created_at: String,
    pub updated_at: String,
}

/// Writes the `sending` row; returns its id and the audit change.
pub(super) fn start(
    tx: &Connection,
    purpose: Purpose,
    member: Option<MemberId>,
    recipient: &str,
    subject: &str,
    message_id: &str,
) -> Result<(i64, Change)> {
    let (name, kind, period_end, receipt) = match purpose {
        Purpose::Reminder { kind, period_end } => {
            ("reminder", Some(kind), Some(period_end.to_string()), None)
        }
        Purpose::Receipt(id) => ("receipt", None, None, Some(id)),
        Purpose::Test => ("test", None, None, None),
    };
    let now = now_text();
    tx.execute(
        "INSERT INTO mail_log (purpose, member_id, reminder_kind, period_end, receipt_id,
             recipient, subject, message_id, state, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'sending', ?9, ?9)",
        params![name, member, kind, period_end, receipt, recipient, subject, message_id, now],
    )?;
    let id = tx.last_insert_rowid();
    let mut change = Change::new("mail_sending", "mail", Some(id)).after(&serde_json::json!({
        "purpose": name, "to": recipient, "subject": subject, "message_id": message_id,
    }));
    if let Some(m) = member {
        change = change.member(m);
    }
    Ok((id, change))
}

/// Settles row `id` with the server's answer.
/// Sends one message, logged before it goes (a crash leaves its trace) and settled after
/// with what the server said: for the messages that need nothing more in that transaction
/// (a test, a receipt).
pub(super) fn send_logged(
    db: &mut crate::store::db::Database,
    courier: &mut dyn super::Courier,
    purpose: Purpose,
    member: Option<MemberId>,
    draft: &super::message::Draft,
    message: (&str, &lettre::Message),
) -> Result<Delivery> {
    let (id, built) = message;
    let log_id =
        db.write(|tx| start(tx, purpose, member, &draft.to_address, &draft.subject, id))?;
    let delivery = courier.deliver(built);
    db.write(|tx| Ok(((), settle(tx, log_id, &delivery)?)))?;
    Ok(delivery)
}

pub(super) fn settle(tx: &Connection, id: i64, delivery: &Delivery) -> Result<Change> {
    let (state, detail) = match delivery {
        Delivery::Accepted => ("sent", ""),
        Delivery::Refused(d) => ("refused", d.as_str()),
        Delivery::Retry(d) => ("retry", d.as_str()),
    };
    tx.execute(
        "UPDATE mail_log SET state = ?1, detail = ?2, updated_at = ?3 WHERE id = ?4",
        params![state, detail, now_text(), id],
    )?;
    let member: Option<MemberId> =
        tx.query_row("SELECT member_id FROM mail_log WHERE id = ?1", [id], |r| {
            r.get(0)
        })?;
    let mut change = Change::new(format!("mail_{state}"), "mail", Some(id))
        .after(&serde_json::json!({ "state": state, "detail": detail }));
    if let Some(m) = member {
        change = change.member(m);
    }
    Ok(change)
}

/// The latest row about one reminder (member, kind, period), if any: its state and recipient.
pub(super) fn last_for_reminder(
    conn: &Connection,
    member: MemberId,
    kind: &str,
    period_end: chrono::NaiveDate,
) -> Result<Option<(String, String, String)>> {
    Ok(conn
        .query_row(
            "SELECT state, recipient, detail FROM mail_log WHERE purpose = 'reminder'
               AND member_id = ?1 AND reminder_kind = ?2 AND period_end = ?3
             ORDER BY id DESC LIMIT 1",
            params![member, kind, period_end.to_string()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// Whether a receipt went out by mail (or perhaps did: a row left `sending`).
pub fn receipt_mailed(conn: &Connection, receipt: i64) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) > 0 FROM mail_log WHERE purpose = 'receipt' AND receipt_id = ?1
           AND state IN ('sent', 'sending')",
        [receipt],
        |r| r.get(0),
    )?)
}

/// The latest lines of the log, newest first (`member`: only theirs).
pub fn lines(conn: &Connection, member: Option<MemberId>, limit: i64) -> Result<Vec<LogLine>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, purpose, member_id, receipt_id, recipient, subject, message_id, state,
                detail, created_at, updated_at
         FROM mail_log WHERE ?1 IS NULL OR member_id = ?1 ORDER BY id DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![member, limit], |r| {
        Ok(LogLine {
            id: r.get(0)?,
            purpose: r.get(1)?,
            member_id: r.get(2)?,
            receipt_id: r.get(3)?,
            recipient: r.get(4)?,
            subject: r.get(5)?,
            message_id: r.get(6)?,
            state: r.get(7)?,
            detail: r.get(8)?,
            created_at: r.get(9)?,
            updated_at: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
