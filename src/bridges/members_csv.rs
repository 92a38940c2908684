//! The members CSV: the export (`;`-separated UTF-8 with BOM, one column per member field),
//! and the import with a column mapping (named, else guessed from the column names) that
//! reads the export back unchanged.
//!
//! Text cells that a spreadsheet would run as a formula (`=…`, `+…`, `-…`, `@…`) are written
//! with a leading `'` (issue #17, CSV injection); the import takes it off again.

use crate::bridges::csv_file::{decode, parse_csv, parse_datetime};
use crate::bridges::report::{
    check_email, missing_columns, run, FileKind, ImportOptions, ImportReport, Outcome, Problem,
    RowReport,
};
use crate::kernel::csv_sheet::{unguard_formula, Cell, CsvSheet, LineEnd};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::MemberId;
use crate::kernel::search::fold;
use crate::people::members::{MemberInput, MemberKind};
use crate::store::db::Database;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The member fields a CSV column can fill, with the column name the export writes.
pub const MEMBER_FIELDS: [(&str, &str); 13] = [
    ("kind", "Type"),
    ("first_name", "Prénom"),
    ("last_name", "Nom"),
    ("org_name", "Organisation"),
    ("email", "Email"),
    ("street", "Adresse"),
    ("postal_code", "Code postal"),
    ("city", "Ville"),
    ("country", "Pays"),
    ("phone", "Téléphone"),
    ("lang", "Langue"),
    ("joined_on", "Membre depuis"),
    ("notes", "Notes"),
];

/// Every member as a `;`-separated UTF-8 CSV (with BOM, for spreadsheets), one column per
/// field of [`MEMBER_FIELDS`], in the members list's order (the index `members_sort`: name,
/// then email; nothing to sort). `import_members` reads it back unchanged. Every column is
/// text a person typed (guarded against formulas) but the kind, the language and the day of
/// joining, which Panier writes itself.
pub fn export_members_csv(conn: &Connection) -> Result<String> {
    let mut sheet = CsvSheet::new(b';', LineEnd::Crlf, true);
    let header: Vec<&str> = MEMBER_FIELDS.iter().map(|(_, label)| *label).collect();
    sheet.header(&header)?;
    let mut stmt = conn.prepare_cached(
        "SELECT kind, first_name, last_name, org_name, email, street, postal_code, city,
                country, phone, lang, joined_on, notes
         FROM members ORDER BY sort_key",
    )?;
    let mut rows = stmt.query([])?;
    let mut joined = String::with_capacity(10);
    while let Some(row) = rows.next()? {
        let mut texts = [""; MEMBER_FIELDS.len()];
        for (i, text) in texts.iter_mut().enumerate() {
            if let rusqlite::types::ValueRef::Text(t) = row.get_ref(i)? {
                *text = std::str::from_utf8(t).unwrap_or("");
            }
        }
        joined.clear();
        // days are stored as YYYY-MM-DD; the file says DD/MM/YYYY, as spreadsheets do
        let day = texts[11];
        if day.len() == 10 && day.is_ascii() {
            joined.push_str(&day[8..10]);
            joined.push('/');
            joined.push_str(&day[5..7]);
            joined.push('/');
            joined.push_str(&day[0..4]);
        } else {
            joined.push_str(day);
        }
        let cells: Vec<Cell<'_>> = texts
            .iter()
            .enumerate()
            .map(|(i, text)| match i {
                0 if *text == "person" => Cell::Value("personne"),
                0 | 10 => Cell::Value(text),
                11 => Cell::Value(&joined),
                _ => Cell::Text(text),
            })
            .collect();
        sheet.row(&cells)?;
    }
    sheet.finish()
}

/// Writes [`export_members_csv`] to `path`; returns how many members were written.
pub fn export_members_file(
    conn: &Connection,
    path: &std::path::Path,
    replace: crate::store::output::Replace,
) -> Result<usize> {
    let text = export_members_csv(conn)?;
    crate::store::output::write(Some(conn), path, text.as_bytes(), replace)?;
    // counted in the file, not in its lines: a note may hold line breaks
    let count: i64 = conn.query_row("SELECT count(*) FROM members", [], |r| r.get(0))?;
    Ok(count as usize)
}

/// Parses `"Nom=last_name,Prénom=first_name"` into (column, field) pairs.
pub fn parse_mapping(text: &str) -> Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        let Some((column, field)) = part.rsplit_once('=') else {
            return Err(Error::invalid(
                "--map",
                part,
                format!("« {part} » : écrivez Colonne=champ (ex. Nom=last_name)"),
                format!("“{part}”: write Column=field (e.g. Nom=last_name)"),
            ));
        };
        let field = field.trim();
        if !MEMBER_FIELDS.iter().any(|(f, _)| *f == field) {
            let known: Vec<&str> = MEMBER_FIELDS.iter().map(|(f, _)| *f).collect();
            return Err(Error::invalid(
                "--map",
                field,
                format!(
                    "champ inconnu « {field} » ; champs possibles : {}",
                    known.join(", ")
                ),
                format!(
                    "unknown field “{field}”; known fields: {}",
                    known.join(", ")
                ),
            ));
        }
        out.push((column.trim().to_string(), field.to_string()));
    }
    Ok(out)
}

/// A column of a members CSV and the field `import_members` gives it when no mapping names it
/// (by the export's column names or the field names), for the desktop's mapping form.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ColumnGuess {
    pub column: String,
    /// one of [`MEMBER_FIELDS`]' fields, or None when the core does not recognise the column
    pub field: Option<String>,
}

/// The header of a members CSV with the field each column would fill by default.
pub fn member_columns(bytes: &[u8]) -> Result<Vec<ColumnGuess>> {
    let table = parse_csv(&decode(bytes)?.text)?;
    let mut guesses: Vec<ColumnGuess> = table
        .header
        .iter()
        .map(|column| ColumnGuess {
            column: column.clone(),
            field: None,
        })
        .collect();
    // Same order and rule as `import_members`: each field takes the first free column named
    // like it.
    for (field, label) in MEMBER_FIELDS {
        if let Some(i) = table
            .column(label)
            .or_else(|| table.column(field))
            .filter(|i| guesses[*i].field.is_none())
        {
            guesses[i].field = Some(field.to_string());
        }
    }
    Ok(guesses)
}

/// Imports members from a CSV. `mapping` names the column of each field; columns it does not
/// name are matched by the export's names (`Nom`, `Email`…) or the field names (`last_name`).
/// A member whose email is already known is matched and left unchanged.
pub fn import_members(
    db: &mut Database,
    bytes: &[u8],
    mapping: &[(String, String)],
    options: ImportOptions,
    today: NaiveDate,
) -> Result<ImportReport> {
    let decoded = decode(bytes)?;
    let table = parse_csv(&decoded.text)?;
    let mut columns: BTreeMap<&str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for (column, field) in mapping {
        match table.column(column) {
            Some(i) => {
                columns.insert(
                    MEMBER_FIELDS
                        .iter()
                        .find(|(f, _)| f == field)
                        .map(|(f, _)| *f)
                        .unwrap_or("email"),
                    i,
                );
            }
            None => {
                let mut row = RowReport::new(1);
                row.set(
                    Outcome::Refused,
                    Some(column),
                    format!(
                        "colonne « {column} » (--map) absente de l'en-tête ({})",
                        table.header.join(", ")
                    ),
                    format!(
                        "column “{column}” (--map) is missing from the header ({})",
                        table.header.join(", ")
                    ),
                );
                problems.push(row);
            }
        }
    }
    for (field, label) in MEMBER_FIELDS {
        if columns.contains_key(field) {
            continue;
        }
        let taken: Vec<usize> = columns.values().copied().collect();
        if let Some(i) = table
            .column(label)
            .or_else(|| table.column(field))
            .filter(|i| !taken.contains(i))
        {
            columns.insert(field, i);
        }
    }
    if problems.is_empty() {
        if !columns.contains_key("email") {
            problems.extend(missing_columns(&table, &["Email"]));
        }
        if !["last_name", "first_name", "org_name"]
            .iter()
            .any(|f| columns.contains_key(f))
        {
            problems.extend(missing_columns(&table, &["Nom"]));
        }
    }
    let header = table.header.clone();
    run(
        db,
        FileKind::Members,
        &decoded,
        &table,
        options,
        problems,
        |conn, record, row| {
            let col_name = |f: &str| {
                columns
                    .get(f)
                    .map(|i| header[*i].clone())
                    .unwrap_or_else(|| f.to_string())
            };
            let get = |f: &str| {
                columns
                    .get(f)
                    .and_then(|i| record.cells.get(*i))
                    .map(|s| unguard_formula(s).to_string())
                    .unwrap_or_default()
            };
            let email = get("email").trim().to_lowercase();
            check_email(&col_name("email"), &email)?;
            row.email = Some(email.clone());
            let kind = match fold(get("kind").trim()).as_str() {
                "" => {
                    if get("first_name").trim().is_empty()
                        && get("last_name").trim().is_empty()
                        && !get("org_name").trim().is_empty()
                    {
                        MemberKind::Organisation
                    } else {
                        MemberKind::Person
                    }
                }
                "personne" | "person" | "particulier" => MemberKind::Person,
                "organisation" | "organization" | "association" | "entreprise" => {
                    MemberKind::Organisation
                }
                other => {
                    return Err(Problem::new(
                        &col_name("kind"),
                        format!("type « {other} » inconnu (personne ou organisation)"),
                        format!("unknown type “{other}” (personne or organisation)"),
                    ))
                }
            };
            let lang = match get("lang").trim() {
                "" => Lang::Fr,
                text => text.parse::<Lang>().map_err(|_| {
                    Problem::new(
                        &col_name("lang"),
                        format!("langue « {text} » inconnue (fr ou en)"),
                        format!("unknown language “{text}” (fr or en)"),
                    )
                })?,
            };
            let joined = match get("joined_on").trim() {
                "" => today,
                text => parse_datetime(&col_name("joined_on"), text)
                    .map_err(|e| Problem::from_error(&col_name("joined_on"), e))?,
            };
            let existing: Option<MemberId> = conn
                .query_row("SELECT id FROM members WHERE email = ?1", [&email], |r| {
                    r.get(0)
                })
                .optional()
                .map_err(|e| Problem::from_error(&col_name("email"), e.into()))?;
            if let Some(id) = existing {
                row.member = Some(id);
                let known = crate::people::members::get(conn, id)
                    .map_err(|e| Problem::from_error(&col_name("email"), e))?;
                let stored = [
                    ("first_name", known.first_name),
                    ("last_name", known.last_name),
                    ("org_name", known.org_name),
                    ("street", known.street),
                    ("postal_code", known.postal_code),
                    ("city", known.city),
                    ("country", known.country),
                    ("phone", known.phone),
                ];
                let differing: Vec<String> = stored
                    .iter()
                    .filter(|(f, value)| columns.contains_key(f) && get(f).trim() != value.as_str())
                    .map(|(f, _)| col_name(f))
                    .collect();
                let (fr, en) = if differing.is_empty() {
                    (String::new(), String::new())
                } else {
                    (
                        format!(" (diffère pour : {})", differing.join(", ")),
                        format!(" (differs in: {})", differing.join(", ")),
                    )
                };
                row.set(
                    Outcome::Matched,
                    None,
                    format!("membre n° {id} déjà connu ({email}) : laissé tel quel{fr}"),
                    format!("member {id} already known ({email}): left unchanged{en}"),
                );
                return Ok(());
            }
            let input = MemberInput {
                kind,
                first_name: get("first_name"),
                last_name: get("last_name"),
                org_name: get("org_name"),
                email: email.clone(),
                street: get("street"),
                postal_code: get("postal_code"),
                city: get("city"),
                country: get("country"),
                phone: get("phone"),
                lang,
                joined_on: Some(joined),
                notes: get("notes"),
            };
            let id = crate::people::members::insert(conn, &input, today).map_err(|e| {
                let field = match &e {
                    Error::Invalid { field, .. } => match field.as_str() {
                        "email" => col_name("email"),
                        "téléphone" => col_name("phone"),
                        "nom" if kind == MemberKind::Organisation => col_name("org_name"),
                        "nom" => col_name("last_name"),
                        other => other.to_string(),
                    },
                    _ => col_name("email"),
                };
                Problem::from_error(&field, e)
            })?;
            row.member = Some(id);
            row.member_created = true;
            let who = crate::people::members::get(conn, id)
                .map(|m| m.display_name())
                .unwrap_or_default();
            row.set(
                Outcome::Created,
                None,
                format!("membre créé : {who} <{email}>"),
                format!("member created: {who} <{email}>"),
            );
            Ok(())
        },
    )
}
