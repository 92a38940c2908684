//! A member's complete data, exported as one ZIP (GDPR art. 15 access and art. 20
//! portability): `member.json`, one CSV per table, a readable `summary.html` and
//! `summary.pdf`, and `format.json`. The same data gives the same bytes.
//!
//! Completeness is by construction: [`MEMBER_TABLES`] declares every table that holds a
//! member's data, with the rows that are theirs and what erasure does to them; every other
//! table is in [`OTHER_TABLES`] with the reason it holds no member data. A test walks the
//! schema and fails on a table in neither list, or on a table that looks like member data (a
//! `member_id` column, a foreign key to `members` or to one of the member tables, a column
//! named like a contact field) and is not declared here.

pub mod summary;

use crate::kernel::csv_sheet::{Cell, CsvSheet, LineEnd};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::MemberId;
use crate::people::members::{self, Member};
use chrono::{Datelike, NaiveDate};
use rusqlite::types::ValueRef;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::borrow::Cow;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

/// The export format's name and version, written in `format.json`. Bump the version when a
/// file or a key changes meaning or disappears (adding tables or columns does not).
/// Version 2: the members' derived columns (`search_text`, `sort_key`, `fee_paid_until`) are
/// left out.
pub const FORMAT_NAME: &str = "panier-member-export";
pub const FORMAT_VERSION: u32 = 2;

/// What erasure does to a member table's rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OnErase {
    /// the profile: names, contacts and notes replaced by a pseudonym at once
    Pseudonymise,
    /// deleted at once
    Delete,
    /// kept for the books (ten years after the close of the financial year) under the
    /// pseudonym, personal text scrubbed; removed by the purge
    KeepForBooks,
    /// kept (the audit log, the register of requests: proof of what was done) with the
    /// personal data scrubbed
    Scrub,
}

/// A table that holds member data: which rows are one member's, and what erasure does.
#[derive(Debug, Clone, Copy)]
pub struct MemberTable {
    pub table: &'static str,
    /// SQL condition on the table's rows (no alias) selecting one member's, `?1` = their id
    pub rows: &'static str,
    /// columns holding JSON text, exported as JSON values
    pub json_columns: &'static [&'static str],
    pub on_erase: OnErase,
    /// what the table holds, for people (French, English)
    pub what: (&'static str, &'static str),
}

/// Every table holding member data. Parents come before their children (erasure deletes in
/// the reverse order). A new table with member data must be added here (or to
/// [`OTHER_TABLES`] with a reason): the schema test fails until it is.
pub const MEMBER_TABLES: &[MemberTable] = &[
    MemberTable {
        table: "members",
        rows: "id = ?1",
        json_columns: &[],
        on_erase: OnErase::Pseudonymise,
        what: ("votre fiche de membre", "your member profile"),
    },
    MemberTable {
        table: "consents",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: ("vos consentements", "your consents"),
    },
    MemberTable {
        table: "subscriptions",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::KeepForBooks,
        what: (
            "vos adhésions et abonnements (périodes)",
            "your memberships and subscriptions (periods)",
        ),
    },
    MemberTable {
        table: "membership_dues",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "vos adhésions dues et pas encore payées",
            "your memberships owed and not paid yet",
        ),
    },
    MemberTable {
        table: "service_accounts",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "vos comptes sur nos services et leur quota",
            "your accounts on our services and their quota",
        ),
    },
    MemberTable {
        table: "account_quota_changes",
        rows: "account_id IN (SELECT id FROM service_accounts WHERE member_id = ?1)",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "l'historique du quota de vos comptes",
            "the history of your accounts' quota",
        ),
    },
    MemberTable {
        table: "quota_grants",
        rows: "account_id IN (SELECT id FROM service_accounts WHERE member_id = ?1)",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "les suppléments de quota accordés à vos comptes",
            "the extra quota granted to your accounts",
        ),
    },
    MemberTable {
        table: "nextcloud_sync",
        rows: "account_id IN (SELECT id FROM service_accounts WHERE member_id = ?1)",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "ce que notre serveur Nextcloud dit de vos comptes",
            "what our Nextcloud server says of your accounts",
        ),
    },
    MemberTable {
        table: "ledger_entries",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::KeepForBooks,
        what: (
            "vos paiements (écritures comptables)",
            "your payments (ledger entries)",
        ),
    },
    MemberTable {
        table: "ledger_lines",
        rows: "entry_id IN (SELECT id FROM ledger_entries WHERE member_id = ?1)",
        json_columns: &[],
        on_erase: OnErase::KeepForBooks,
        what: (
            "la ventilation de vos paiements sur les comptes",
            "how your payments are split over the accounts",
        ),
    },
    MemberTable {
        table: "receipts",
        rows: "member_id = ?1 OR entry_id IN (SELECT id FROM ledger_entries WHERE member_id = ?1)",
        json_columns: &[],
        on_erase: OnErase::KeepForBooks,
        what: (
            "les reçus et attestations qui vous ont été délivrés",
            "the receipts and certificates issued to you",
        ),
    },
    MemberTable {
        table: "receipt_entries",
        rows: "receipt_id IN (SELECT id FROM receipts WHERE member_id = ?1)
               OR entry_id IN (SELECT id FROM ledger_entries WHERE member_id = ?1)",
        json_columns: &[],
        on_erase: OnErase::KeepForBooks,
        what: (
            "les paiements couverts par chaque reçu",
            "the payments each receipt covers",
        ),
    },
    MemberTable {
        table: "reminders_sent",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "les rappels de renouvellement qui vous ont été envoyés",
            "the renewal reminders sent to you",
        ),
    },
    MemberTable {
        table: "mail_log",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::Delete,
        what: (
            "les courriels que l'association vous a envoyés (rappels, reçus)",
            "the emails the association sent you (reminders, receipts)",
        ),
    },
    MemberTable {
        table: "volunteering",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::KeepForBooks,
        what: (
            "le temps que vous avez donné comme bénévole",
            "the time you gave as a volunteer",
        ),
    },
    MemberTable {
        table: "data_requests",
        rows: "member_id = ?1",
        json_columns: &[],
        on_erase: OnErase::Scrub,
        what: (
            "vos demandes concernant vos données",
            "your requests about your data",
        ),
    },
    MemberTable {
        table: "audit_log",
        rows: "member_id = ?1",
        json_columns: &["before", "after"],
        on_erase: OnErase::Scrub,
        what: (
            "l'historique des modifications vous concernant",
            "the history of changes that concern you",
        ),
    },
];

/// Tables that hold no member data, each with the reason.
pub const OTHER_TABLES: &[(&str, &str)] = &[
    (
        "users",
        "the team server's logins (volunteers' names, roles, password hashes; migration 0010): not members' records",
    ),
    (
        "ledger_day_totals",
        "sums of the ledger lines per day, account and payment method, kept by triggers: no member, no name",
    ),
    (
        "ledger_month_totals",
        "the same sums per month (migration 0009), kept by triggers: no member, no name",
    ),
    (
        "income_payer_days",
        "who paid each income source on each day (a member's id, a payer's name as the ledger writes it), kept by triggers from the ledger entries (migration 0020) for the report's counts: a copy that follows the entries, which the export holds and erasure scrubs",
    ),
    (
        "income_payer_moves",
        "the lines or entries a ledger write moves in or out of income_payer_days, emptied by the same statement: never holds a row",
    ),
    (
        "income_source_accounts",
        "which accounts make which income source of the report: no member, no name",
    ),
    (
        "result_allocations",
        "the general assembly's allocations of a closed year's result (amounts and dates, no member)",
    ),
    (
        "closed_years",
        "the association's closed financial years (closed_by is the operator, not a member)",
    ),
    ("settings", "the association's own identity and preferences"),
    (
        "reminder_templates",
        "the texts of the renewal reminders, with placeholders",
    ),
    (
        "recurring_expenses",
        "the association's recurring expenses (suppliers, not members)",
    ),
    (
        "recurring_expense_entries",
        "links a recurring expense to the expense entries it generated (suppliers, not members)",
    ),
    (
        "mail_server",
        "the association's SMTP server and its sending address (its password is not in the file: see store::secrets)",
    ),
    (
        "nextcloud_server",
        "the address of the association's Nextcloud server and its admin user (its app password is not in the file: see store::secrets)",
    ),
    (
        "plans",
        "the association's fees and storage tiers; the export adds the plans a member used, for context",
    ),
    (
        "authority_requests",
        "the charter's register of requests from authorities (C7): who asked and what was answered, never linked to a member",
    ),
    (
        "software",
        "the charter's software inventory (C8)",
    ),
    (
        "confidentiality_signoffs",
        "the admins' confidentiality commitments (C9): names of the association's admins, not linked to members",
    ),
    (
        "paheko_source",
        "the Paheko association the file was moved in from (its name and version), not a member",
    ),
    (
        "paheko_ids",
        "numbers only: which Panier row each Paheko row became (kind, Paheko id, Panier id), so a second import adds nothing; it holds no name, address or amount, and keeps an erased member from being imported again",
    ),
    (
        "imported_accounts",
        "the numbers and labels of accounts brought in from Paheko's chart",
    ),
];

/// Columns the export leaves out, with why: copies derived from the member's data for the
/// software's own use (searching, sorting, the renewals list), which say nothing the exported
/// columns do not. A member's export holds their data, not Panier's workings.
pub const INTERNAL_COLUMNS: &[(&str, &str, &str)] = &[
    (
        "members",
        "search_text",
        "names and email folded for search (derived)",
    ),
    (
        "members",
        "sort_key",
        "the name as the list sorts it (derived)",
    ),
    (
        "members",
        "revision",
        "how many times the profile changed, to refuse an edit made on stale values (derived)",
    ),
    (
        "members",
        "fee_paid_until",
        "the end of the latest fee period, kept by triggers from subscriptions (derived)",
    ),
];

/// Whether `column` of `table` is one of Panier's own ([`INTERNAL_COLUMNS`]).
pub fn is_internal(table: &str, column: &str) -> bool {
    INTERNAL_COLUMNS
        .iter()
        .any(|(t, c, _)| *t == table && *c == column)
}

pub fn member_table(name: &str) -> Option<&'static MemberTable> {
    MEMBER_TABLES.iter().find(|t| t.table == name)
}

/// One table's rows for one member, as stored (columns in the schema's order).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TableRows {
    pub table: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<Value>>,
}

impl TableRows {
    /// The rows as JSON objects (keys sorted).
    pub fn objects(&self) -> Vec<Value> {
        self.rows
            .iter()
            .map(|row| {
                let map: Map<String, Value> = self
                    .columns
                    .iter()
                    .cloned()
                    .zip(row.iter().cloned())
                    .collect();
                Value::Object(map)
            })
            .collect()
    }

    /// RFC 4180 CSV: comma-separated, quoted where needed, CRLF line ends, UTF-8. Text
    /// cells that a spreadsheet would run as a formula get a leading `'`; numbers (amounts in
    /// cents, ids) never do.
    pub fn csv(&self) -> Result<String> {
        let mut sheet = CsvSheet::new(b',', LineEnd::Crlf, false);
        let header: Vec<&str> = self.columns.iter().map(String::as_str).collect();
        sheet.header(&header)?;
        for row in &self.rows {
            let texts: Vec<(bool, Cow<'_, str>)> = row.iter().map(cell_text).collect();
            let cells: Vec<Cell<'_>> = texts
                .iter()
                .map(|(is_text, text)| {
                    if *is_text {
                        Cell::Text(text)
                    } else {
                        Cell::Value(text)
                    }
                })
                .collect();
            sheet.row(&cells)?;
        }
        sheet.finish()
    }
}

/// A stored value as a CSV cell, and whether it is text (a string, or JSON an object or a
/// list) rather than a number, a boolean or null.
fn cell_text(value: &Value) -> (bool, Cow<'_, str>) {
    match value {
        Value::Null => (false, Cow::Borrowed("")),
        Value::String(s) => (true, Cow::Borrowed(s.as_str())),
        Value::Number(_) | Value::Bool(_) => (false, Cow::Owned(value.to_string())),
        other => (true, Cow::Owned(other.to_string())),
    }
}

/// The columns of `table`, in the schema's order.
pub fn columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare("SELECT name FROM pragma_table_info(?1) ORDER BY cid")?;
    let names = stmt.query_map([table], |r| r.get::<_, String>(0))?;
    Ok(names.collect::<rusqlite::Result<_>>()?)
}

/// The rows of `table` matching `condition` (with `?1` = `member`), in rowid order, without
/// the [`INTERNAL_COLUMNS`].
pub fn select_rows(
    conn: &Connection,
    table: &str,
    condition: &str,
    json_columns: &[&str],
    member: MemberId,
) -> Result<TableRows> {
    let columns: Vec<String> = columns(conn, table)?
        .into_iter()
        .filter(|c| !is_internal(table, c))
        .collect();
    let list: Vec<String> = columns.iter().map(|c| format!("\"{c}\"")).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT {} FROM \"{table}\" WHERE {condition} ORDER BY rowid",
        list.join(", ")
    ))?;
    let mut rows = Vec::new();
    let mut query = stmt.query([member])?;
    while let Some(row) = query.next()? {
        let mut values = Vec::with_capacity(columns.len());
        for (i, name) in columns.iter().enumerate() {
            let value = match row.get_ref(i)? {
                ValueRef::Null => Value::Null,
                ValueRef::Integer(n) => Value::from(n),
                ValueRef::Real(x) => Value::from(x),
                ValueRef::Text(t) => {
                    let text = String::from_utf8_lossy(t).into_owned();
                    if json_columns.contains(&name.as_str()) {
                        serde_json::from_str(&text).unwrap_or(Value::String(text))
                    } else {
                        Value::String(text)
                    }
                }
                ValueRef::Blob(b) => Value::String(b.iter().map(|x| format!("{x:02x}")).collect()),
            };
            values.push(value);
        }
        rows.push(values);
    }
    Ok(TableRows {
        table: table.to_string(),
        columns,
        rows,
    })
}

/// Everything the association holds about one member, as of an export day.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct MemberData {
    pub member: Member,
    pub exported_on: NaiveDate,
    /// one entry per [`MEMBER_TABLES`] table, in that order
    pub tables: Vec<TableRows>,
    /// the plans named by the member's subscriptions and payments (context, not their data)
    pub plans: TableRows,
}

impl MemberData {
    pub fn table(&self, name: &str) -> Option<&TableRows> {
        self.tables.iter().find(|t| t.table == name)
    }
}

/// Reads every row that is `member`'s, in every member table.
pub fn collect(conn: &Connection, member: MemberId, exported_on: NaiveDate) -> Result<MemberData> {
    let profile = members::get(conn, member)?;
    let tables = MEMBER_TABLES
        .iter()
        .map(|t| select_rows(conn, t.table, t.rows, t.json_columns, member))
        .collect::<Result<Vec<_>>>()?;
    let plans = select_rows(
        conn,
        "plans",
        "id IN (SELECT plan_id FROM subscriptions WHERE member_id = ?1
                UNION SELECT plan_id FROM ledger_entries WHERE member_id = ?1)",
        &[],
        member,
    )?;
    Ok(MemberData {
        member: profile,
        exported_on,
        tables,
        plans,
    })
}

/// `member.json`: `{"export": {...}, "member": {profile}, "<table>": [rows]…, "plans": [...]}`,
/// keys sorted, two-space indented.
pub fn member_json(data: &MemberData, association: &str) -> Result<String> {
    let mut root = Map::new();
    root.insert(
        "export".into(),
        serde_json::json!({
            "format": FORMAT_NAME,
            "version": FORMAT_VERSION,
            "exported_on": data.exported_on.to_string(),
            "association": association,
            "member_id": data.member.id,
        }),
    );
    for t in &data.tables {
        let objects = t.objects();
        if t.table == "members" {
            root.insert(
                "member".into(),
                objects.into_iter().next().unwrap_or(Value::Null),
            );
        } else {
            root.insert(t.table.clone(), Value::Array(objects));
        }
    }
    root.insert("plans".into(), Value::Array(data.plans.objects()));
    let mut text = serde_json::to_string_pretty(&Value::Object(root))?;
    text.push('\n');
    Ok(text)
}

/// `format.json`: names the format, its version and the files.
pub fn format_json(data: &MemberData, files: &[String]) -> Result<String> {
    let tables: Vec<Value> = MEMBER_TABLES
        .iter()
        .map(|t| {
            serde_json::json!({
                "table": t.table,
                "file": format!("{}.csv", t.table),
                "rows": data.table(t.table).map(|r| r.rows.len()).unwrap_or(0),
                "description_fr": t.what.0,
                "description_en": t.what.1,
            })
        })
        .collect();
    let value = serde_json::json!({
        "format": FORMAT_NAME,
        "version": FORMAT_VERSION,
        "documentation": "Panier README, section « Members' data rights »",
        "exported_on": data.exported_on.to_string(),
        "files": files,
        "tables": tables,
        "csv": "RFC 4180: UTF-8, comma-separated, double quotes, CRLF; a header line of column names; empty cell = null; a text cell starting with = + - @ tab or CR has an added ' in front (so that spreadsheets do not run it as a formula)",
        "conventions": "amounts in integer cents (amount_cents), days as YYYY-MM-DD, instants as UTC ISO-8601, sizes in bytes",
    });
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}

/// The ZIP's file name: `donnees-membre-42-helene-lefevre-2026-11-22.zip` (or
/// `member-data-…` in English), ASCII only.
pub fn file_name(member: &Member, on: NaiveDate) -> String {
    let prefix = member.lang.pick("donnees-membre", "member-data");
    let slug: String = crate::kernel::search::fold(&member.display_name())
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    let slug = slug
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    format!("{prefix}-{}-{slug}-{on}.zip", member.id)
}

/// The complete export of `member` as ZIP bytes. Only stored data and `exported_on` go in:
/// the same data and day give the same bytes.
pub fn zip_bytes(conn: &Connection, member: MemberId, exported_on: NaiveDate) -> Result<Vec<u8>> {
    let data = collect(conn, member, exported_on)?;
    let org = crate::store::settings::organisation_of(conn)?;
    let summary = summary::build(conn, &data, &org)?;

    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    files.push((
        "member.json".into(),
        member_json(&data, &org.name)?.into_bytes(),
    ));
    for t in &data.tables {
        files.push((format!("{}.csv", t.table), t.csv()?.into_bytes()));
    }
    files.push(("plans.csv".into(), data.plans.csv()?.into_bytes()));
    files.push(("summary.html".into(), summary::html(&summary).into_bytes()));
    files.push(("summary.pdf".into(), summary::pdf(&summary)?));
    let mut names: Vec<String> = files.iter().map(|(n, _)| n.clone()).collect();
    names.push("format.json".into());
    names.sort();
    files.push((
        "format.json".into(),
        format_json(&data, &names)?.into_bytes(),
    ));
    files.sort_by(|a, b| a.0.cmp(&b.0));

    let stamp = zip::DateTime::from_date_and_time(
        exported_on.year().clamp(1980, 2107) as u16,
        exported_on.month() as u8,
        exported_on.day() as u8,
        0,
        0,
        0,
    )
    .map_err(|_| zip_error("date"))?;
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(stamp)
        .unix_permissions(0o644);
    let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in &files {
        writer
            .start_file(name.as_str(), options)
            .map_err(|e| zip_error(&e.to_string()))?;
        writer.write_all(bytes)?;
    }
    let cursor = writer.finish().map_err(|e| zip_error(&e.to_string()))?;
    Ok(cursor.into_inner())
}

fn zip_error(detail: &str) -> Error {
    Error::refused(
        format!("l'archive ZIP n'a pas pu être écrite ({detail})"),
        format!("the ZIP archive could not be written ({detail})"),
    )
}

/// What an export wrote.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExportReport {
    pub member_id: MemberId,
    pub path: PathBuf,
    pub bytes: u64,
}

/// Writes the export of `member` to `dest`: a `.zip` file path, or a folder (the file is then
/// named by [`file_name`]). Refuses to overwrite an existing file.
pub fn export_member(
    conn: &Connection,
    member: MemberId,
    exported_on: NaiveDate,
    dest: &Path,
) -> Result<ExportReport> {
    let profile = members::get(conn, member)?;
    // `-o exports/`: a folder, made if missing
    let names_folder = dest
        .to_str()
        .is_some_and(|s| s.ends_with('/') || s.ends_with(std::path::MAIN_SEPARATOR));
    if names_folder {
        std::fs::create_dir_all(dest)?;
    }
    let path = if dest.is_dir() {
        dest.join(file_name(&profile, exported_on))
    } else {
        dest.to_path_buf()
    };
    if path.exists() {
        return Err(Error::AlreadyExists(path));
    }
    let bytes = zip_bytes(conn, member, exported_on)?;
    let written = crate::store::output::write(
        Some(conn),
        &path,
        &bytes,
        crate::store::output::Replace::Refuse,
    )?;
    Ok(ExportReport {
        member_id: member,
        path: written.path,
        bytes: written.bytes,
    })
}
