//! How erasure finds a member's strings and scrubs them: in the member's own rows (names →
//! the pseudonym, contacts → emptied, JSON walked) and, for the distinctive strings (full
//! name, email, phone, address, logins), in every other row of the file too: an expense
//! label or a counterparty naming them, a quota grant's reason, another member's notes, the
//! audit texts of changes that copied them.

use crate::kernel::error::Result;
use crate::kernel::ids::MemberId;
use crate::people::members::Member;
use crate::rights::export;
use rusqlite::{params, Connection};
use serde_json::Value;

/// Text put where a contact detail was.
pub const ERASED: &str = "[effacé]";

/// The personal strings to hunt down in the kept rows, longest first, with what replaces
/// each.
pub(super) fn tokens(m: &Member, alias: &str, logins: &[String]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |text: &str, by: &str| {
        let text = text.trim();
        if text.chars().count() >= 3 && !out.iter().any(|(t, _)| t == text) {
            out.push((text.to_string(), by.to_string()));
        }
    };
    push(&m.display_name(), alias);
    push(&format!("{} {}", m.last_name, m.first_name), alias);
    push(
        &format!(
            "{} {}",
            m.first_name.to_uppercase(),
            m.last_name.to_uppercase()
        ),
        alias,
    );
    push(&m.last_name.to_uppercase(), alias);
    push(&m.org_name, alias);
    push(&m.email, ERASED);
    push(&m.phone, ERASED);
    // the same number as a form or an import may have written it: 0698765432, 06.98.76.54.32
    let digits: String = m.phone.chars().filter(|c| c.is_ascii_digit()).collect();
    if digits.len() >= 8 {
        push(&digits, ERASED);
        let pairs: Vec<&str> = digits
            .as_bytes()
            .chunks(2)
            .map(|c| std::str::from_utf8(c).unwrap_or(""))
            .collect();
        push(&pairs.join("."), ERASED);
    }
    push(&m.street, ERASED);
    for login in logins {
        push(login, ERASED);
    }
    // the last name alone, when distinctive enough, then the first name (within the
    // member's own rows only: see `scrub_text`)
    push(&m.last_name, alias);
    out.sort_by_key(|t| std::cmp::Reverse(t.0.chars().count()));
    out
}

pub(super) fn replace_tokens(text: &str, tokens: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (t, by) in tokens {
        if out.contains(t.as_str()) {
            out = out.replace(t.as_str(), by);
        }
    }
    out
}

/// Columns that name a person: set to the pseudonym.
const NAME_COLUMNS: &[&str] = &[
    "counterparty",
    "member_name",
    "donor_name",
    "full_name",
    "first_name",
    "last_name",
    "org_name",
];
/// Columns that hold a contact detail: emptied.
const CONTACT_COLUMNS: &[&str] = &[
    "email",
    "phone",
    "street",
    "postal_code",
    "city",
    "country",
    "address",
    "donor_address",
    "member_address",
    "member_email",
    "login",
];
/// Keys of the member's audit rows that hold personal text: emptied (with the contact
/// columns).
const PERSONAL_KEYS: &[&str] = &["notes", "search_text", "identity_check"];

/// Scrubs a JSON value from one of the member's audit rows: their fields emptied or
/// pseudonymised wherever the keys say what they are, and their strings replaced elsewhere.
fn scrub_json(value: &mut Value, tokens: &[(String, String)], alias: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if let Value::String(s) = v {
                    if s.is_empty() {
                        continue;
                    }
                    if key == "first_name" {
                        *s = String::new();
                        continue;
                    }
                    if NAME_COLUMNS.contains(&key.as_str())
                        || key == "name" && tokens.iter().any(|(t, _)| t == s)
                    {
                        *s = alias.to_string();
                        continue;
                    }
                    if CONTACT_COLUMNS.contains(&key.as_str())
                        || PERSONAL_KEYS.contains(&key.as_str())
                    {
                        *s = ERASED.to_string();
                        continue;
                    }
                }
                scrub_json(v, tokens, alias);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| scrub_json(v, tokens, alias)),
        Value::String(s) => *s = replace_tokens(s, tokens),
        _ => {}
    }
}

/// Scrubs the member's rows of a kept table: name columns → pseudonym, contact columns →
/// emptied, JSON columns walked, any other text cleared of the member's strings (only the
/// latter with `tokens_only`).
pub(super) fn scrub_table(
    tx: &Connection,
    table: &export::MemberTable,
    member: MemberId,
    tokens: &[(String, String)],
    alias: &str,
    tokens_only: bool,
) -> Result<()> {
    let columns = text_columns(tx, table.table)?;
    if columns.is_empty() {
        return Ok(());
    }
    let list: Vec<String> = columns.iter().map(|(c, _)| format!("\"{c}\"")).collect();
    let mut stmt = tx.prepare(&format!(
        "SELECT rowid, {} FROM \"{}\" WHERE {}",
        list.join(", "),
        table.table,
        table.rows
    ))?;
    let rows: Vec<(i64, Vec<Option<String>>)> = stmt
        .query_map([member], |r| {
            let mut values = Vec::new();
            for i in 0..columns.len() {
                values.push(r.get::<_, Option<String>>(i + 1)?);
            }
            Ok((r.get(0)?, values))
        })?
        .collect::<rusqlite::Result<_>>()?;
    for (rowid, values) in rows {
        for ((column, not_null), value) in columns.iter().zip(values) {
            let Some(old) = value else { continue };
            if old.is_empty() {
                continue;
            }
            let new = if tokens_only {
                replace_tokens(&old, tokens)
            } else if table.json_columns.contains(&column.as_str()) {
                match serde_json::from_str::<Value>(&old) {
                    Ok(mut v) => {
                        scrub_json(&mut v, tokens, alias);
                        v.to_string()
                    }
                    Err(_) => replace_tokens(&old, tokens),
                }
            } else if NAME_COLUMNS.contains(&column.as_str()) {
                alias.to_string()
            } else if CONTACT_COLUMNS.contains(&column.as_str()) {
                if *not_null {
                    String::new()
                } else {
                    ERASED.to_string()
                }
            } else {
                replace_tokens(&old, tokens)
            };
            if new != old {
                tx.execute(
                    &format!(
                        "UPDATE \"{}\" SET \"{column}\" = ?1 WHERE rowid = ?2",
                        table.table
                    ),
                    params![new, rowid],
                )?;
            }
        }
    }
    Ok(())
}

/// The TEXT columns of a table, with whether they are NOT NULL.
fn text_columns(conn: &Connection, table: &str) -> Result<Vec<(String, bool)>> {
    let mut stmt = conn.prepare(
        "SELECT name, \"notnull\" FROM pragma_table_info(?1) WHERE upper(type) = 'TEXT' ORDER BY cid",
    )?;
    let rows = stmt.query_map([table], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? != 0)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The strings that name the member and no one else: a first or last name alone may be
/// someone else's.
pub(super) fn distinctive(m: &Member, tokens: &[(String, String)]) -> Vec<(String, String)> {
    tokens
        .iter()
        .filter(|(t, _)| *t != m.last_name.trim() && *t != m.last_name.trim().to_uppercase())
        .cloned()
        .collect()
}

/// The audit rows of other changes that copied the member's strings (a seed, an import…):
/// their JSON walked, each string cleared of `distinctive`.
pub(super) fn scrub_other_audit_rows(
    tx: &Connection,
    member: MemberId,
    distinctive: &[(String, String)],
) -> Result<()> {
    let mut stmt = tx.prepare(
        "SELECT id, before, after FROM audit_log WHERE member_id IS NOT ?1
             AND (before IS NOT NULL OR after IS NOT NULL)",
    )?;
    let rows: Vec<(i64, Option<String>, Option<String>)> = stmt
        .query_map([member], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (id, before, after) in rows {
        let touched = |t: &Option<String>| {
            t.as_deref()
                .is_some_and(|t| distinctive.iter().any(|(d, _)| t.contains(d.as_str())))
        };
        if !touched(&before) && !touched(&after) {
            continue;
        }
        let clean = |t: Option<String>| {
            t.map(|t| match serde_json::from_str::<Value>(&t) {
                Ok(mut v) => {
                    walk_strings(&mut v, distinctive);
                    v.to_string()
                }
                Err(_) => replace_tokens(&t, distinctive),
            })
        };
        tx.execute(
            "UPDATE audit_log SET before = ?2, after = ?3 WHERE id = ?1",
            params![id, clean(before), clean(after)],
        )?;
    }
    Ok(())
}

fn walk_strings(value: &mut Value, tokens: &[(String, String)]) {
    match value {
        Value::String(s) => *s = replace_tokens(s, tokens),
        Value::Array(items) => items.iter_mut().for_each(|v| walk_strings(v, tokens)),
        Value::Object(map) => map.values_mut().for_each(|v| walk_strings(v, tokens)),
        _ => {}
    }
}

/// Tables the sweep leaves alone: the audit log (walked as JSON above) and the closed years
/// (dates only, and never updated).
const NOT_SWEPT: &[&str] = &["audit_log", "closed_years"];

/// Shorter strings are not swept through other people's rows: too likely to be part of
/// something else.
const SWEPT_MIN_CHARS: usize = 5;

/// Clears the member's distinctive strings out of every text column of every other table:
/// an expense that names them (its counterparty and label, `names_person`), a quota
/// grant's reason, another member's notes, a request's notes… One statement per column,
/// the strings replaced longest first.
pub(super) fn sweep_other_rows(tx: &Connection, distinctive: &[(String, String)]) -> Result<()> {
    let tokens: Vec<&(String, String)> = distinctive
        .iter()
        .filter(|(t, _)| t.chars().count() >= SWEPT_MIN_CHARS)
        .collect();
    if tokens.is_empty() {
        return Ok(());
    }
    let tables: Vec<String> = tx
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
             ORDER BY name",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let values: Vec<&str> = tokens
        .iter()
        .flat_map(|(t, by)| [t.as_str(), by.as_str()])
        .collect();
    for table in tables.iter().filter(|t| !NOT_SWEPT.contains(&t.as_str())) {
        for (column, _) in text_columns(tx, table)? {
            // replace(replace(c, ?1, ?2), ?3, ?4)…: the innermost, the longest, goes first
            let mut expr = format!("\"{column}\"");
            let mut found = Vec::new();
            for i in 0..tokens.len() {
                let (what, by) = (2 * i + 1, 2 * i + 2);
                expr = format!("replace({expr}, ?{what}, ?{by})");
                found.push(format!("instr(\"{column}\", ?{what}) > 0"));
            }
            tx.execute(
                &format!(
                    "UPDATE \"{table}\" SET \"{column}\" = {expr} WHERE {}",
                    found.join(" OR ")
                ),
                rusqlite::params_from_iter(values.iter()),
            )?;
        }
    }
    Ok(())
}
