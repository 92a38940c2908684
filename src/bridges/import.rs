//! Imports, all or nothing: HelloAsso's payments export and membership-form export, and a
//! members CSV with a column mapping; and the members CSV export that imports back unchanged.
//!
//! A file is decoded (UTF-8 with or without BOM, else Windows-1252), its separator detected
//! (`;`, `,` or tab), then every row is checked and written inside one transaction. Each row is
//! reported as created, matched (already there), skipped (refunded, cancelled…) or refused
//! (with its line, column and reason). A dry run, or a file with a refused row (unless
//! `skip_invalid`), writes nothing; an import that writes is one change in the audit log.

use crate::books::ledger::Method;
use crate::books::payments::{Gift, PlanPayment};
use crate::kernel::dates::parse_date;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{EntryId, MemberId};
use crate::kernel::money::{from_cents, parse_amount, to_cents, Cents};
use crate::kernel::search::fold;
use crate::people::members::{MemberInput, MemberKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

// ---------------------------------------------------------------------------------------------
// Reading a CSV file as exported by spreadsheets and HelloAsso.

/// A file's text and how it was written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Decoded {
    pub text: String,
    /// `UTF-8` or `windows-1252`
    pub encoding: String,
    pub bom: bool,
}

/// Decodes UTF-8 (with or without BOM) or, when the bytes are not UTF-8, Windows-1252 (the
/// superset of Latin-1 that French spreadsheets write).
pub fn decode(bytes: &[u8]) -> Decoded {
    if let Some((encoding, bom_len)) = encoding_rs::Encoding::for_bom(bytes) {
        let (text, _) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return Decoded {
            text: text.into_owned(),
            encoding: encoding.name().to_string(),
            bom: true,
        };
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded {
            text: text.to_string(),
            encoding: "UTF-8".into(),
            bom: false,
        },
        Err(_) => {
            let (text, _) = encoding_rs::WINDOWS_1252.decode_without_bom_handling(bytes);
            Decoded {
                text: text.into_owned(),
                encoding: "windows-1252".into(),
                bom: false,
            }
        }
    }
}

/// One record of a CSV file, with the line it starts on (the header is line 1).
#[derive(Debug, Clone, PartialEq)]
pub struct Record {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A CSV file: its separator, header and records.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub separator: char,
    pub header: Vec<String>,
    pub records: Vec<Record>,
    /// the header folded once (`column` is called for every cell read)
    folded: Vec<String>,
}

impl Table {
    /// The index of a column, found by its name ignoring case, accents and spaces around.
    pub fn column(&self, name: &str) -> Option<usize> {
        let wanted = fold(name.trim());
        self.folded.iter().position(|h| *h == wanted)
    }
}

/// The separator of a header line: the most frequent of `;`, `,` and tab outside quotes.
pub fn detect_separator(header_line: &str) -> char {
    let mut counts = [(';', 0usize), (',', 0), ('\t', 0)];
    let mut quoted = false;
    for c in header_line.chars() {
        if c == '"' {
            quoted = !quoted;
        } else if !quoted {
            for (sep, n) in counts.iter_mut() {
                if c == *sep {
                    *n += 1;
                }
            }
        }
    }
    counts
        .iter()
        .max_by_key(|(sep, n)| (*n, *sep == ';'))
        .map(|(sep, _)| *sep)
        .unwrap_or(';')
}

/// Parses CSV text (quotes doubled inside quoted fields, line breaks allowed in them); blank
/// lines are ignored.
pub fn parse_csv(text: &str) -> Result<Table> {
    let first_line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let separator = detect_separator(first_line);
    let mut records: Vec<Record> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut quoted = false;
    let mut line = 1;
    let mut start_line = 1;
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    let finish = |cells: &mut Vec<String>, records: &mut Vec<Record>, start: usize| {
        let done = std::mem::take(cells);
        if !(done.len() == 1 && done[0].trim().is_empty()) {
            records.push(Record {
                line: start,
                cells: done,
            });
        }
    };
    while let Some(c) = chars.next() {
        if quoted {
            match c {
                '"' if chars.peek() == Some(&'"') => {
                    chars.next();
                    cell.push('"');
                }
                '"' => quoted = false,
                '\n' => {
                    line += 1;
                    cell.push('\n');
                }
                c => cell.push(c),
            }
            continue;
        }
        match c {
            '"' if at_cell_start => {
                quoted = true;
                at_cell_start = false;
            }
            c if c == separator => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' => {}
            '\n' => {
                cells.push(std::mem::take(&mut cell));
                finish(&mut cells, &mut records, start_line);
                line += 1;
                start_line = line;
                at_cell_start = true;
            }
            c => {
                cell.push(c);
                at_cell_start = false;
            }
        }
    }
    if quoted {
        return Err(Error::invalid(
            format!("ligne {start_line}"),
            "\"",
            format!("ligne {start_line} : guillemet ouvert jamais refermé"),
            format!("line {start_line}: a quote is never closed"),
        ));
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        finish(&mut cells, &mut records, start_line);
    }
    if records.is_empty() {
        return Err(Error::invalid(
            "fichier",
            "",
            "le fichier est vide",
            "the file is empty",
        ));
    }
    let header_record = records.remove(0);
    let header: Vec<String> = header_record
        .cells
        .into_iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(Table {
        separator,
        folded: header.iter().map(|h| fold(h.trim())).collect(),
        header,
        records,
    })
}

/// A date as exports write it: `dd/mm/yyyy`, optionally followed by ` HH:MM` or ` HH:MM:SS`
/// (ISO `yyyy-mm-dd[THH:MM:SS]` is accepted too). A day that does not exist is refused.
pub fn parse_datetime(field: &str, text: &str) -> Result<NaiveDate> {
    let t = text.trim();
    let (day, time) = match t.split_once([' ', 'T']) {
        Some((d, rest)) => (d, Some(rest.trim())),
        None => (t, None),
    };
    if let Some(time) = time {
        let parts: Vec<&str> = time.split(':').collect();
        let limits = [24u32, 60, 60];
        let ok = (2..=3).contains(&parts.len())
            && parts.iter().zip(limits).all(|(p, max)| {
                p.len() == 2
                    && p.bytes().all(|b| b.is_ascii_digit())
                    && p.parse::<u32>().unwrap_or(99) < max
            });
        if !ok {
            return Err(Error::invalid(
                field,
                text,
                format!("date « {text} » illisible : écrivez JJ/MM/AAAA ou JJ/MM/AAAA HH:MM[:SS]"),
                format!("unreadable date “{text}”: write DD/MM/YYYY or DD/MM/YYYY HH:MM[:SS]"),
            ));
        }
    }
    parse_date(field, day).map_err(|e| match e {
        Error::Invalid { fr, en, .. } => Error::Invalid {
            field: field.into(),
            value: text.to_string(),
            fr,
            en,
        },
        other => other,
    })
}

/// An amount as exports write it: `45,00`, `45.00`, `45`, possibly followed by `€`; never
/// negative. Returns cents.
pub fn parse_export_amount(field: &str, text: &str) -> Result<Cents> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('€')
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
        .collect();
    let amount = parse_amount(field, &cleaned).map_err(|e| match e {
        Error::Invalid { fr, en, .. } => Error::Invalid {
            field: field.into(),
            value: text.to_string(),
            fr: fr.replace(&format!("« {cleaned} »"), &format!("« {} »", text.trim())),
            en: en.replace(&format!("“{cleaned}”"), &format!("“{}”", text.trim())),
        },
        other => other,
    })?;
    to_cents(field, amount)
}

// ---------------------------------------------------------------------------------------------
// Reports.

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// something new was (or would be) written
    Created,
    /// already there: nothing to write
    Matched,
    /// deliberately left out (refunded, cancelled, free…)
    Skipped,
    /// invalid: names its field and reason
    Refused,
}

impl Outcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            Outcome::Created => lang.pick("créé", "created"),
            Outcome::Matched => lang.pick("déjà là", "matched"),
            Outcome::Skipped => lang.pick("ignoré", "skipped"),
            Outcome::Refused => lang.pick("refusé", "refused"),
        }
    }
}

/// What became of one row of the file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RowReport {
    /// line in the file (the header is line 1)
    pub line: usize,
    pub outcome: Outcome,
    /// the column at fault (refused rows) or that decided (skipped rows)
    pub field: Option<String>,
    /// what happened, in French
    pub reason: String,
    pub reason_en: String,
    /// the payment (or order) reference, for HelloAsso rows
    pub reference: Option<String>,
    pub email: Option<String>,
    pub amount: Option<Decimal>,
    pub date: Option<NaiveDate>,
    /// the member matched or created
    pub member: Option<MemberId>,
    pub member_created: bool,
    /// entries written for this row
    pub entries: Vec<EntryId>,
}

impl RowReport {
    fn new(line: usize) -> Self {
        RowReport {
            line,
            outcome: Outcome::Created,
            field: None,
            reason: String::new(),
            reason_en: String::new(),
            reference: None,
            email: None,
            amount: None,
            date: None,
            member: None,
            member_created: false,
            entries: Vec::new(),
        }
    }

    fn set(&mut self, outcome: Outcome, field: Option<&str>, fr: String, en: String) {
        self.outcome = outcome;
        self.field = field.map(str::to_string);
        self.reason = fr;
        self.reason_en = en;
    }

    /// "Ligne 14, colonne Montant total : montant « 12,5O » illisible …"
    pub fn message(&self, lang: Lang) -> String {
        let reason = match lang {
            Lang::Fr => &self.reason,
            Lang::En => &self.reason_en,
        };
        match (&self.field, lang) {
            (Some(f), Lang::Fr) => format!("Ligne {}, colonne {f} : {reason}", self.line),
            (Some(f), Lang::En) => format!("Line {}, column {f}: {reason}", self.line),
            (None, Lang::Fr) => format!("Ligne {} : {reason}", self.line),
            (None, Lang::En) => format!("Line {}: {reason}", self.line),
        }
    }
}

/// The kind of file an import read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FileKind {
    HelloassoPayments,
    HelloassoMemberships,
    Members,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportStatus {
    /// nothing written, as asked
    DryRun,
    /// written (possibly nothing, when every row was already there)
    Imported,
    /// nothing written: some rows are refused (see them) and `skip_invalid` was not given
    Refused,
}

/// The whole story of an import, row by row (what the desktop shows before confirming).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ImportReport {
    pub kind: Option<FileKind>,
    pub encoding: String,
    pub bom: bool,
    /// `;`, `,` or `\t`
    pub separator: String,
    pub status: ImportStatus,
    /// whether anything was written to the file
    pub written: bool,
    pub created: usize,
    pub matched: usize,
    pub skipped: usize,
    pub refused: usize,
    pub members_created: usize,
    pub entries_created: usize,
    pub rows: Vec<RowReport>,
}

impl ImportReport {
    fn count(&mut self) {
        let n = |o: Outcome| self.rows.iter().filter(|r| r.outcome == o).count();
        self.created = n(Outcome::Created);
        self.matched = n(Outcome::Matched);
        self.skipped = n(Outcome::Skipped);
        self.refused = n(Outcome::Refused);
        let kept = self.rows.iter().filter(|r| r.outcome != Outcome::Refused);
        self.members_created = kept.clone().filter(|r| r.member_created).count();
        self.entries_created = kept.map(|r| r.entries.len()).sum();
    }

    /// The refused rows, one message each.
    pub fn refusals(&self, lang: Lang) -> Vec<String> {
        self.rows
            .iter()
            .filter(|r| r.outcome == Outcome::Refused)
            .map(|r| r.message(lang))
            .collect()
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Default)]
pub struct ImportOptions {
    /// check and report, write nothing
    pub dry_run: bool,
    /// write the valid rows even when some are refused
    pub skip_invalid: bool,
}

/// A field and its reason, to refuse a row.
struct Problem {
    field: Option<String>,
    fr: String,
    en: String,
}

impl Problem {
    fn new(field: &str, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Problem {
            field: Some(field.to_string()),
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// A core error, reported on `field`.
    fn from_error(field: &str, e: Error) -> Self {
        match e {
            Error::Invalid { fr, en, .. } | Error::Refused { fr, en, .. } => {
                Problem::new(field, fr, en)
            }
            other => Problem::new(field, other.to_string(), other.message(Lang::En)),
        }
    }
}

type RowResult = std::result::Result<(), Problem>;

/// Runs the rows through `process` inside one transaction, then keeps or drops the lot.
///
/// A refused row must leave nothing behind, which a savepoint per row guarantees; but a
/// savepoint copies every page a row touches into its journal, and most files have no refused
/// row. So a first pass runs without savepoints; at the first refused row it is rolled back
/// whole and the careful pass (one savepoint per row) runs instead, from the first row.
fn run(
    db: &mut Database,
    kind: FileKind,
    decoded: &Decoded,
    table: &Table,
    options: ImportOptions,
    header_problems: Vec<RowReport>,
    mut process: impl FnMut(&Connection, &Record, &mut RowReport) -> RowResult,
) -> Result<ImportReport> {
    let mut report = ImportReport {
        kind: Some(kind),
        encoding: decoded.encoding.clone(),
        bom: decoded.bom,
        separator: table.separator.to_string(),
        status: ImportStatus::DryRun,
        written: false,
        created: 0,
        matched: 0,
        skipped: 0,
        refused: 0,
        members_created: 0,
        entries_created: 0,
        rows: Vec::new(),
    };
    if !header_problems.is_empty() {
        report.rows = header_problems;
        report.count();
        report.status = if options.dry_run {
            ImportStatus::DryRun
        } else {
            ImportStatus::Refused
        };
        return Ok(report);
    }
    let mut careful = false;
    loop {
        let mut stash: Option<ImportReport> = None;
        let mut refused_fast = false;
        let outcome = db.write(|tx| {
            report.rows.clear();
            for record in &table.records {
                let mut row = RowReport::new(record.line);
                if careful {
                    tx.prepare_cached("SAVEPOINT import_row")?.execute([])?;
                }
                match process(tx, record, &mut row) {
                    Ok(()) if careful => {
                        tx.prepare_cached("RELEASE import_row")?.execute([])?;
                    }
                    Ok(()) => {}
                    Err(_) if !careful => {
                        refused_fast = true;
                        return Err(Error::refused("annulé", "rolled back"));
                    }
                    Err(p) => {
                        row.outcome = Outcome::Refused;
                        row.field = p.field;
                        row.reason = p.fr;
                        row.reason_en = p.en;
                        row.member_created = false;
                        row.entries.clear();
                        tx.prepare_cached("ROLLBACK TO import_row")?.execute([])?;
                        tx.prepare_cached("RELEASE import_row")?.execute([])?;
                    }
                }
                report.rows.push(row);
            }
            report.count();
            let keep = !options.dry_run
                && (report.refused == 0 || options.skip_invalid)
                && report.rows.iter().any(|r| r.outcome == Outcome::Created);
            report.status = if options.dry_run {
                ImportStatus::DryRun
            } else if report.refused > 0 && !options.skip_invalid {
                ImportStatus::Refused
            } else {
                ImportStatus::Imported
            };
            if !keep {
                stash = Some(report.clone());
                return Err(Error::refused("annulé", "rolled back"));
            }
            report.written = true;
            let summary = serde_json::json!({
                "kind": kind,
                "created": report.created,
                "matched": report.matched,
                "skipped": report.skipped,
                "refused": report.refused,
                "members_created": report.members_created,
                "entries_created": report.entries_created,
                "lines": report.rows.iter().filter(|r| r.outcome == Outcome::Created)
                    .map(|r| serde_json::json!({"line": r.line, "reference": r.reference,
                        "member": r.member, "entries": r.entries}))
                    .collect::<Vec<_>>(),
            });
            Ok((
                report.clone(),
                Change::new("import", "import", None).after(&summary),
            ))
        });
        match (outcome, stash) {
            (Ok(report), _) => return Ok(report),
            (Err(_), Some(report)) => return Ok(report),
            // the fast pass met a refused row: everything again, row by row
            (Err(_), None) if refused_fast => careful = true,
            (Err(e), None) => return Err(e),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// HelloAsso.

/// Columns of the payments export that an import cannot do without.
const PAYMENT_COLUMNS: [&str; 5] = [
    "Référence paiement",
    "Date du paiement",
    "Montant total",
    "Statut du paiement",
    "Email payeur",
];

/// Columns of the membership-form export that an import cannot do without.
const MEMBERSHIP_COLUMNS: [&str; 7] = [
    "Référence commande",
    "Date de la commande",
    "Statut de la commande",
    "Nom adhérent",
    "Prénom adhérent",
    "Tarif",
    "Montant tarif",
];

fn cell<'a>(table: &Table, record: &'a Record, name: &str) -> Option<&'a str> {
    table
        .column(name)
        .and_then(|i| record.cells.get(i))
        .map(|s| s.trim())
}

/// The header's name for a column (as the file writes it), for messages.
fn header_name(table: &Table, name: &str) -> String {
    table
        .column(name)
        .map(|i| table.header[i].clone())
        .unwrap_or_else(|| name.to_string())
}

fn missing_columns(table: &Table, needed: &[&str]) -> Vec<RowReport> {
    needed
        .iter()
        .filter(|c| table.column(c).is_none())
        .map(|c| {
            let mut row = RowReport::new(1);
            row.set(
                Outcome::Refused,
                Some(c),
                format!("colonne « {c} » absente de l'en-tête"),
                format!("column “{c}” is missing from the header"),
            );
            row
        })
        .collect()
}

/// Which HelloAsso export a header belongs to.
pub fn recognise(table: &Table) -> Option<FileKind> {
    let has = |c: &str| table.column(c).is_some();
    let payments = [
        "Référence paiement",
        "Statut du paiement",
        "Date du paiement",
        "Montant total",
    ]
    .iter()
    .filter(|c| has(c))
    .count();
    let memberships = [
        "Statut de la commande",
        "Nom adhérent",
        "Date de la commande",
        "Montant tarif",
    ]
    .iter()
    .filter(|c| has(c))
    .count();
    match (payments, memberships) {
        (0, 0) => None,
        (p, m) if p >= m => Some(FileKind::HelloassoPayments),
        _ => Some(FileKind::HelloassoMemberships),
    }
}

/// Why a HelloAsso status means "do not import" (refunded, cancelled, refused, pending).
fn skipped_status(status: &str) -> Option<(&'static str, &'static str)> {
    let s = fold(status);
    if s.contains("rembours") {
        Some(("paiement remboursé : ignoré", "refunded payment: skipped"))
    } else if s.contains("annul") {
        Some(("paiement annulé : ignoré", "cancelled payment: skipped"))
    } else if s.contains("refus") || s.contains("echou") {
        Some((
            "paiement refusé par la banque : ignoré",
            "declined payment: skipped",
        ))
    } else if s.contains("attente") {
        Some((
            "paiement en attente : ignoré (importez-le une fois validé)",
            "pending payment: skipped (import it once validated)",
        ))
    } else {
        None
    }
}

/// The payment method: online payments went through HelloAsso; a payment marked « Hors
/// ligne » was made outside it and keeps its own method (cheque, cash, transfer).
fn method_of(means: &str, status: &str) -> (Method, bool) {
    let m = fold(means);
    let offline = m.contains("hors ligne") || fold(status).contains("hors ligne");
    let named = if m.contains("cheque") {
        Some(Method::Cheque)
    } else if m.contains("espece") || m.contains("liquide") {
        Some(Method::Cash)
    } else if m.contains("virement") {
        Some(Method::Transfer)
    } else {
        None
    };
    match (offline, named) {
        (_, Some(method)) => (method, true),
        (true, None) => (Method::Other, true),
        (false, None) => (Method::Helloasso, false),
    }
}

fn check_email(field: &str, email: &str) -> RowResult {
    if email.is_empty() {
        return Err(Problem::new(
            field,
            "email absent : il faut une adresse pour reconnaître ou créer le membre",
            "missing email: an address is needed to match or create the member",
        ));
    }
    let ok = email
        .split_once('@')
        .is_some_and(|(l, d)| !l.is_empty() && d.contains('.') && !d.ends_with('.'));
    if !ok {
        return Err(Problem::new(
            field,
            format!("« {email} » n'est pas une adresse électronique"),
            format!("“{email}” is not an email address"),
        ));
    }
    Ok(())
}

/// Finds the member with this email (trimmed, lower-cased) or creates them from `input`.
fn member_for(
    conn: &Connection,
    email: &str,
    input: MemberInput,
    joined: NaiveDate,
    email_field: &str,
    name_field: &str,
    row: &mut RowReport,
) -> std::result::Result<MemberId, Problem> {
    let email = email.trim().to_lowercase();
    let found: Option<MemberId> = conn
        .prepare_cached("SELECT id FROM members WHERE email = ?1")
        .and_then(|mut stmt| stmt.query_row([&email], |r| r.get(0)).optional())
        .map_err(|e| Problem::from_error(email_field, e.into()))?;
    if let Some(id) = found {
        row.member = Some(id);
        return Ok(id);
    }
    let input = MemberInput {
        email,
        joined_on: Some(joined),
        ..input
    };
    let id = crate::people::members::insert(conn, &input, joined).map_err(|e| {
        let field = match &e {
            Error::Invalid { field, .. } if field == "email" => email_field,
            _ => name_field,
        };
        Problem::from_error(field, e)
    })?;
    row.member = Some(id);
    row.member_created = true;
    Ok(id)
}

fn existing_entry(conn: &Connection, key: &str) -> Result<Option<EntryId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM ledger_entries WHERE external_ref = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The entry of a HelloAsso payment: keyed `helloasso:<order>:<payment>`, found by its payment
/// reference alone too (an export without the order column gives the same payment).
fn existing_payment(conn: &Connection, key: &str, reference: &str) -> Result<Option<EntryId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM (
                 SELECT id FROM ledger_entries WHERE external_ref = ?1
                 UNION ALL
                 SELECT id FROM ledger_entries
                 WHERE substr(external_ref, 1, 10) = 'helloasso:'
                   AND substr(external_ref, instr(substr(external_ref, 11), ':') + 11) = ?3
                   AND substr(external_ref, -length(?2)) = ?2)
             ORDER BY id LIMIT 1",
        )?
        .query_row(
            rusqlite::params![key, format!(":{reference}"), reference],
            |r| r.get(0),
        )
        .optional()?)
}

/// Any entry whose reference starts with `prefix` (a HelloAsso order already imported).
fn existing_prefix(conn: &Connection, prefix: &str) -> Result<Option<EntryId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM ledger_entries WHERE external_ref >= ?1 AND external_ref < ?3
                 AND substr(external_ref, 1, ?2) = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row(
            rusqlite::params![
                prefix,
                prefix.chars().count() as i64,
                format!("{prefix}\u{10FFFF}")
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// The plans with their names folded, read once per import (not once per row).
struct PlanNames(Vec<(String, crate::membership::plans::Plan)>);

impl PlanNames {
    fn read(conn: &Connection) -> Result<Self> {
        Ok(PlanNames(
            crate::membership::plans::list(conn)?
                .into_iter()
                .map(|p| (fold(&p.name), p))
                .collect(),
        ))
    }
}

/// The plan a HelloAsso « Tarif » (or campaign) names: same name ignoring case and accents,
/// else the only plan whose name contains it or is contained in it.
fn plan_named(
    plans: &PlanNames,
    names: &[(&str, &str)],
) -> std::result::Result<crate::membership::plans::Plan, Problem> {
    for (_, name) in names.iter().filter(|(_, n)| !n.is_empty()) {
        let f = fold(name);
        if let Some((_, p)) = plans.0.iter().find(|(folded, _)| *folded == f) {
            return Ok(p.clone());
        }
    }
    for (_, name) in names.iter().filter(|(_, n)| !n.is_empty()) {
        let f = fold(name);
        let close: Vec<_> = plans
            .0
            .iter()
            .filter(|(folded, p)| !p.archived && (f.contains(folded) || folded.contains(&f)))
            .collect();
        if close.len() == 1 {
            return Ok(close[0].1.clone());
        }
    }
    let (field, name) = names
        .iter()
        .find(|(_, n)| !n.is_empty())
        .copied()
        .unwrap_or(("Tarif", ""));
    let known: Vec<String> = plans.0.iter().map(|(_, p)| p.name.clone()).collect();
    Err(Problem::new(
        field,
        format!(
            "aucune formule ne correspond à « {name} » (formules : {}) ; créez-la ou renommez-la",
            known.join(", ")
        ),
        format!(
            "no plan matches “{name}” (plans: {}); create or rename it",
            known.join(", ")
        ),
    ))
}

fn euros(cents: Cents) -> String {
    crate::kernel::money::display(cents, Lang::Fr)
}

fn euros_en(cents: Cents) -> String {
    crate::kernel::money::display(cents, Lang::En)
}

/// Imports a HelloAsso export (payments, or membership form), recognised by its columns.
pub fn import_helloasso(
    db: &mut Database,
    bytes: &[u8],
    options: ImportOptions,
) -> Result<ImportReport> {
    let decoded = decode(bytes);
    let table = parse_csv(&decoded.text)?;
    let plans = PlanNames::read(db.conn())?;
    match recognise(&table) {
        Some(FileKind::HelloassoPayments) => {
            let problems = missing_columns(&table, &PAYMENT_COLUMNS);
            run(
                db,
                FileKind::HelloassoPayments,
                &decoded,
                &table,
                options,
                problems,
                |conn, record, row| payment_row(conn, &plans, &table, record, row),
            )
        }
        Some(FileKind::HelloassoMemberships) => {
            let mut problems = missing_columns(&table, &MEMBERSHIP_COLUMNS);
            if table.column("Email payeur").is_none() && table.column("Email adhérent").is_none() {
                problems.extend(missing_columns(&table, &["Email payeur"]));
            }
            run(
                db,
                FileKind::HelloassoMemberships,
                &decoded,
                &table,
                options,
                problems,
                |conn, record, row| membership_row(conn, &plans, &table, record, row),
            )
        }
        _ => Err(Error::invalid(
            "fichier",
            table.header.join(&table.separator.to_string()),
            "fichier non reconnu : ni un export des paiements HelloAsso (colonnes Référence paiement, Date du paiement, Montant total…) ni un export des adhésions (Référence commande, Date de la commande, Nom adhérent, Tarif…)",
            "unrecognised file: neither a HelloAsso payments export (columns Référence paiement, Date du paiement, Montant total…) nor a membership-form export (Référence commande, Date de la commande, Nom adhérent, Tarif…)",
        )),
    }
}

/// Reads a HelloAsso file from disk (see [`import_helloasso`]).
pub fn import_helloasso_file(
    db: &mut Database,
    path: &std::path::Path,
    options: ImportOptions,
) -> Result<ImportReport> {
    let bytes = std::fs::read(path)?;
    import_helloasso(db, &bytes, options)
}

/// The payer as a new member: a person, or the organisation of « Raison sociale ».
fn payer_input(table: &Table, record: &Record, prefix: &str) -> MemberInput {
    let get = |c: &str| cell(table, record, c).unwrap_or("").to_string();
    let first = get(&format!("Prénom {prefix}"));
    let last = get(&format!("Nom {prefix}"));
    let company = get("Raison sociale");
    let mut input = MemberInput {
        first_name: first.clone(),
        last_name: last.clone(),
        street: get(&format!("Adresse {prefix}")),
        postal_code: get(&format!("Code Postal {prefix}")),
        city: get(&format!("Ville {prefix}")),
        country: get(&format!("Pays {prefix}")),
        ..Default::default()
    };
    if first.is_empty() && last.is_empty() && !company.is_empty() {
        input.kind = MemberKind::Organisation;
        input.org_name = company;
    }
    input
}

fn payment_row(
    conn: &Connection,
    plans: &PlanNames,
    table: &Table,
    record: &Record,
    row: &mut RowReport,
) -> RowResult {
    let col = |c: &str| cell(table, record, c).unwrap_or("");
    let name = |c: &str| header_name(table, c);
    let reference = col("Référence paiement").to_string();
    let order = col("Référence commande").to_string();
    if reference.is_empty() {
        return Err(Problem::new(
            &name("Référence paiement"),
            "référence de paiement absente : sans elle, un second import ajouterait le paiement deux fois",
            "missing payment reference: without it a second import would add the payment twice",
        ));
    }
    row.reference = Some(reference.clone());
    let status = col("Statut du paiement");
    let means = col("Moyen de paiement");
    if let Some((fr, en)) = skipped_status(status) {
        row.set(
            Outcome::Skipped,
            Some(&name("Statut du paiement")),
            format!("{fr} (« {status} »)"),
            format!("{en} (“{status}”)"),
        );
        return Ok(());
    }
    let date = parse_datetime(&name("Date du paiement"), col("Date du paiement"))
        .map_err(|e| Problem::from_error(&name("Date du paiement"), e))?;
    row.date = Some(date);
    let total = parse_export_amount(&name("Montant total"), col("Montant total"))
        .map_err(|e| Problem::from_error(&name("Montant total"), e))?;
    row.amount = Some(from_cents(total));
    let extra = match col("Don supplémentaire") {
        "" => 0,
        text => parse_export_amount(&name("Don supplémentaire"), text)
            .map_err(|e| Problem::from_error(&name("Don supplémentaire"), e))?,
    };
    let email = col("Email payeur").trim().to_lowercase();
    check_email(&name("Email payeur"), &email)?;
    row.email = Some(email.clone());
    let kind = fold(col("Type"));
    let tarif_name = col("Tarif");
    let campaign = col("Campagne");
    enum What {
        Membership,
        Donation,
    }
    let what = if kind.contains("adhesion") || kind.contains("cotisation") {
        What::Membership
    } else if kind.contains("don") {
        What::Donation
    } else if kind.is_empty() {
        if tarif_name.is_empty() && col("Montant du tarif").is_empty() {
            What::Donation
        } else {
            What::Membership
        }
    } else if !tarif_name.is_empty()
        && plan_named(plans, &[(name("Tarif").as_str(), tarif_name)]).is_ok()
    {
        // a payment for a plan sold outside a membership campaign (a storage tier)
        What::Membership
    } else {
        let t = col("Type");
        row.set(
            Outcome::Skipped,
            Some(&name("Type")),
            format!(
                "type « {t} » : ni une adhésion, ni un don, ni une formule connue : non importé"
            ),
            format!("type “{t}”: neither a membership, a donation nor a known plan: not imported"),
        );
        return Ok(());
    };
    if total == 0 {
        row.set(
            Outcome::Skipped,
            Some(&name("Montant total")),
            "montant nul : rien à comptabiliser".into(),
            "zero amount: nothing to record".into(),
        );
        return Ok(());
    }
    let key = format!("helloasso:{order}:{reference}");
    if let Some(id) = existing_payment(conn, &key, &reference)
        .map_err(|e| Problem::from_error("Référence paiement", e))?
    {
        row.entries.clear();
        row.set(
            Outcome::Matched,
            None,
            format!("paiement {reference} déjà importé (écriture {id})"),
            format!("payment {reference} already imported (entry {id})"),
        );
        return Ok(());
    }
    if !order.is_empty() && matches!(what, What::Membership) {
        if let Some(id) = existing_entry(conn, &format!("helloasso:{order}:form"))
            .map_err(|e| Problem::from_error("Référence commande", e))?
        {
            row.set(
                Outcome::Matched,
                None,
                format!(
                    "commande {order} déjà importée depuis l'export des adhésions (écriture {id})"
                ),
                format!("order {order} already imported from the membership export (entry {id})"),
            );
            return Ok(());
        }
    }
    let (method, offline) = method_of(means, status);
    let member = member_for(
        conn,
        &email,
        payer_input(table, record, "payeur"),
        date,
        &name("Email payeur"),
        &name("Nom payeur"),
        row,
    )?;
    let who = if row.member_created {
        "membre créé"
    } else {
        "membre existant"
    };
    let who_en = if row.member_created {
        "new member"
    } else {
        "existing member"
    };
    let how = if offline {
        format!(", payé hors ligne ({})", method.as_str())
    } else {
        String::new()
    };
    let how_en = if offline {
        format!(", paid offline ({})", method.as_str())
    } else {
        String::new()
    };
    match what {
        What::Membership => {
            let tarif = match col("Montant du tarif") {
                "" => total - extra,
                text => parse_export_amount(&name("Montant du tarif"), text)
                    .map_err(|e| Problem::from_error(&name("Montant du tarif"), e))?,
            };
            if tarif + extra != total {
                return Err(Problem::new(
                    &name("Montant total"),
                    format!(
                        "le montant total {} ne vaut pas le tarif {} plus le don supplémentaire {}",
                        euros(total),
                        euros(tarif),
                        euros(extra)
                    ),
                    format!(
                        "the total {} is not the price {} plus the extra donation {}",
                        euros_en(total),
                        euros_en(tarif),
                        euros_en(extra)
                    ),
                ));
            }
            let plan = plan_named(
                plans,
                &[
                    (name("Tarif").as_str(), tarif_name),
                    (name("Campagne").as_str(), campaign),
                ],
            )?;
            if tarif > 0 {
                let paid = crate::books::payments::insert_plan_payment(
                    conn,
                    &PlanPayment {
                        member,
                        plan: plan.id,
                        amount_cents: tarif,
                        gift_cents: None,
                        date,
                        method,
                        external_ref: Some(key.clone()),
                    },
                )
                .map_err(|e| {
                    let field = match &e {
                        Error::Refused { .. } => name("Date du paiement"),
                        _ => name("Montant du tarif"),
                    };
                    Problem::from_error(&field, e)
                })?;
                row.entries.push(paid.entry);
            }
            if extra > 0 {
                let gift = crate::books::payments::insert_gift(
                    conn,
                    &Gift {
                        member: Some(member),
                        counterparty: String::new(),
                        amount_cents: extra,
                        date,
                        method,
                        subsidy: false,
                        label: "Don supplémentaire (HelloAsso)".into(),
                        external_ref: Some(format!("{key}:don")),
                    },
                )
                .map_err(|e| Problem::from_error(&name("Don supplémentaire"), e))?;
                row.entries.push(gift);
            }
            let gift_fr = if extra > 0 {
                format!(" + don supplémentaire {}", euros(extra))
            } else {
                String::new()
            };
            let gift_en = if extra > 0 {
                format!(" + extra donation {}", euros_en(extra))
            } else {
                String::new()
            };
            row.set(
                Outcome::Created,
                None,
                format!(
                    "adhésion « {} » {}{gift_fr} ; {who}{how}",
                    plan.name,
                    euros(tarif)
                ),
                format!(
                    "membership “{}” {}{gift_en}; {who_en}{how_en}",
                    plan.name,
                    euros_en(tarif)
                ),
            );
        }
        What::Donation => {
            let id = crate::books::payments::insert_gift(
                conn,
                &Gift {
                    member: Some(member),
                    counterparty: String::new(),
                    amount_cents: total,
                    date,
                    method,
                    subsidy: false,
                    label: if campaign.is_empty() {
                        "Don (HelloAsso)".into()
                    } else {
                        format!("Don - {campaign}")
                    },
                    external_ref: Some(key.clone()),
                },
            )
            .map_err(|e| {
                let field = match &e {
                    Error::Refused { .. } => name("Date du paiement"),
                    _ => name("Montant total"),
                };
                Problem::from_error(&field, e)
            })?;
            row.entries.push(id);
            row.set(
                Outcome::Created,
                None,
                format!("don {} ; {who}{how}", euros(total)),
                format!("donation {}; {who_en}{how_en}", euros_en(total)),
            );
        }
    }
    Ok(())
}

fn membership_row(
    conn: &Connection,
    plans: &PlanNames,
    table: &Table,
    record: &Record,
    row: &mut RowReport,
) -> RowResult {
    let col = |c: &str| cell(table, record, c).unwrap_or("");
    let name = |c: &str| header_name(table, c);
    let order = col("Référence commande").to_string();
    if order.is_empty() {
        return Err(Problem::new(
            &name("Référence commande"),
            "référence de commande absente : sans elle, un second import ajouterait l'adhésion deux fois",
            "missing order reference: without it a second import would add the membership twice",
        ));
    }
    row.reference = Some(order.clone());
    let status = col("Statut de la commande");
    if let Some((fr, en)) = skipped_status(status) {
        row.set(
            Outcome::Skipped,
            Some(&name("Statut de la commande")),
            format!("{fr} (« {status} »)"),
            format!("{en} (“{status}”)"),
        );
        return Ok(());
    }
    let date = parse_datetime(&name("Date de la commande"), col("Date de la commande"))
        .map_err(|e| Problem::from_error(&name("Date de la commande"), e))?;
    row.date = Some(date);
    let amount = parse_export_amount(&name("Montant tarif"), col("Montant tarif"))
        .map_err(|e| Problem::from_error(&name("Montant tarif"), e))?;
    row.amount = Some(from_cents(amount));
    let email_column =
        if !col("Email adhérent").is_empty() || table.column("Email payeur").is_none() {
            "Email adhérent"
        } else {
            "Email payeur"
        };
    let email = col(email_column).trim().to_lowercase();
    check_email(&name(email_column), &email)?;
    row.email = Some(email.clone());
    if amount == 0 {
        row.set(
            Outcome::Skipped,
            Some(&name("Montant tarif")),
            "adhésion gratuite : rien à comptabiliser".into(),
            "free membership: nothing to record".into(),
        );
        return Ok(());
    }
    let key = format!("helloasso:{order}:form");
    if let Some(id) = existing_prefix(conn, &format!("helloasso:{order}:"))
        .map_err(|e| Problem::from_error("Référence commande", e))?
    {
        row.set(
            Outcome::Matched,
            None,
            format!("commande {order} déjà importée (écriture {id})"),
            format!("order {order} already imported (entry {id})"),
        );
        return Ok(());
    }
    let plan = plan_named(plans, &[(name("Tarif").as_str(), col("Tarif"))])?;
    let get = |c: &str| col(c).to_string();
    let input = MemberInput {
        first_name: get("Prénom adhérent"),
        last_name: get("Nom adhérent"),
        street: get("Adresse"),
        postal_code: get("Code postal"),
        city: get("Ville"),
        country: get("Pays"),
        phone: get("Téléphone"),
        ..Default::default()
    };
    let member = member_for(
        conn,
        &email,
        input,
        date,
        &name(email_column),
        &name("Nom adhérent"),
        row,
    )?;
    let (method, offline) = method_of(col("Moyen de paiement"), status);
    let paid = crate::books::payments::insert_plan_payment(
        conn,
        &PlanPayment {
            member,
            plan: plan.id,
            amount_cents: amount,
            gift_cents: None,
            date,
            method,
            external_ref: Some(key),
        },
    )
    .map_err(|e| {
        let field = match &e {
            Error::Refused { .. } => name("Date de la commande"),
            _ => name("Montant tarif"),
        };
        Problem::from_error(&field, e)
    })?;
    row.entries.push(paid.entry);
    let who = if row.member_created {
        "membre créé"
    } else {
        "membre existant"
    };
    let who_en = if row.member_created {
        "new member"
    } else {
        "existing member"
    };
    let how = if offline {
        format!(", payé hors ligne ({})", method.as_str())
    } else {
        String::new()
    };
    row.set(
        Outcome::Created,
        None,
        format!("adhésion « {} » {} ; {who}{how}", plan.name, euros(amount)),
        format!("membership “{}” {}; {who_en}", plan.name, euros_en(amount)),
    );
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Members CSV: export, and import with a column mapping.

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

/// Appends `cell` to `out`, quoted when a spreadsheet would misread it.
fn push_csv_field(out: &mut String, cell: &str) {
    let quote = cell.starts_with(' ')
        || cell.ends_with(' ')
        || cell
            .bytes()
            .any(|b| matches!(b, b';' | b'"' | b'\n' | b'\r'));
    if quote {
        out.push('"');
        out.push_str(&cell.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(cell);
    }
}

/// Every member as a `;`-separated UTF-8 CSV (with BOM, for spreadsheets), one column per
/// field of [`MEMBER_FIELDS`], in the members list's order (the index `members_sort`: name,
/// then email; nothing to sort). `import_members` reads it back unchanged.
pub fn export_members_csv(conn: &Connection) -> Result<String> {
    let mut out = String::with_capacity(4096);
    out.push('\u{feff}');
    for (i, (_, header)) in MEMBER_FIELDS.iter().enumerate() {
        if i > 0 {
            out.push(';');
        }
        push_csv_field(&mut out, header);
    }
    out.push_str("\r\n");
    let mut stmt = conn.prepare_cached(
        "SELECT kind, first_name, last_name, org_name, email, street, postal_code, city,
                country, phone, lang, joined_on, notes
         FROM members ORDER BY sort_key",
    )?;
    let mut rows = stmt.query([])?;
    while let Some(row) = rows.next()? {
        for i in 0..MEMBER_FIELDS.len() {
            if i > 0 {
                out.push(';');
            }
            let text = match row.get_ref(i)? {
                rusqlite::types::ValueRef::Text(t) => std::str::from_utf8(t).unwrap_or(""),
                _ => "",
            };
            match i {
                0 if text == "person" => out.push_str("personne"),
                // days are stored as YYYY-MM-DD; the file says DD/MM/YYYY, as spreadsheets do
                11 if text.len() == 10 && text.is_ascii() => {
                    out.push_str(&text[8..10]);
                    out.push('/');
                    out.push_str(&text[5..7]);
                    out.push('/');
                    out.push_str(&text[0..4]);
                }
                _ => push_csv_field(&mut out, text),
            }
        }
        out.push_str("\r\n");
    }
    Ok(out)
}

/// Writes [`export_members_csv`] to `path`; returns how many members were written.
pub fn export_members_file(conn: &Connection, path: &std::path::Path) -> Result<usize> {
    let text = export_members_csv(conn)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    std::fs::write(path, text.as_bytes())?;
    Ok(text.lines().count() - 1)
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
    let table = parse_csv(&decode(bytes).text)?;
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
    let decoded = decode(bytes);
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
                    .map(|s| s.to_string())
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
