//! The audit log: who changed what, when, with the state before and after.

use crate::kernel::error::Result;
use crate::kernel::ids::{AuditId, MemberId};
use rusqlite::{params, Connection, Row};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The description of one change, turned into one audit row by `Database::write`.
#[derive(Debug, Clone)]
pub struct Change {
    pub action: String,
    pub entity: &'static str,
    pub entity_id: Option<i64>,
    pub member_id: Option<MemberId>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change {
    pub fn new(action: impl Into<String>, entity: &'static str, entity_id: Option<i64>) -> Self {
        Change {
            action: action.into(),
            entity,
            entity_id,
            member_id: None,
            before: None,
            after: None,
        }
    }

    pub fn member(mut self, id: MemberId) -> Self {
        self.member_id = Some(id);
        self
    }

    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = serde_json::to_value(value).ok();
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = serde_json::to_value(value).ok();
        self
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuditRow {
    pub id: AuditId,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    pub entity_id: Option<i64>,
    pub member_id: Option<MemberId>,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub(crate) fn record(conn: &Connection, operator: &str, change: &Change) -> Result<AuditId> {
    let json = |v: &Option<Value>| v.as_ref().map(|v| v.to_string());
    conn.execute(
        "INSERT INTO audit_log (at, operator, action, entity, entity_id, member_id, before, after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            crate::kernel::dates::now_text(),
            operator,
            change.action,
            change.entity,
            change.entity_id,
            change.member_id,
            json(&change.before),
            json(&change.after),
        ],
    )?;
    Ok(AuditId(conn.last_insert_rowid()))
}

const COLUMNS: &str = "id, at, operator, action, entity, entity_id, member_id, before, after";

fn from_row(row: &Row<'_>) -> rusqlite::Result<AuditRow> {
    let parse = |text: Option<String>| text.and_then(|t| serde_json::from_str(&t).ok());
    Ok(AuditRow {
        id: row.get("id")?,
        at: row.get("at")?,
        operator: row.get("operator")?,
        action: row.get("action")?,
        entity: row.get("entity")?,
        entity_id: row.get("entity_id")?,
        member_id: row.get("member_id")?,
        before: parse(row.get("before")?),
        after: parse(row.get("after")?),
    })
}

/// The changes that concern one member, oldest first.
pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_log WHERE member_id = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([member], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The latest `limit` changes, newest first.
pub fn recent(conn: &Connection, limit: i64) -> Result<Vec<AuditRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM audit_log ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM audit_log", [], |r| r.get(0))?)
}
