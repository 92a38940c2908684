//! What an import tells: each row's outcome (created, matched, skipped, refused with its line,
//! column and reason), the whole report, the options; and the all-or-nothing runner every
//! import goes through.
//!
//! Every row is checked and written inside one transaction. A dry run, or a file with a
//! refused row (unless `skip_invalid`), writes nothing; an import that writes is one change in
//! the audit log.

use crate::bridges::csv_file::{Decoded, Record, Table};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{EntryId, MemberId};
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::Connection;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
    pub(crate) fn new(line: usize) -> Self {
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

    pub(crate) fn set(&mut self, outcome: Outcome, field: Option<&str>, fr: String, en: String) {
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
pub(crate) struct Problem {
    pub(crate) field: Option<String>,
    pub(crate) fr: String,
    pub(crate) en: String,
}

impl Problem {
    pub(crate) fn new(field: &str, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Problem {
            field: Some(field.to_string()),
            fr: fr.into(),
            en: en.into(),
        }
    }

    /// A core error, reported on `field`.
    pub(crate) fn from_error(field: &str, e: Error) -> Self {
        match e {
            Error::Invalid { fr, en, .. } | Error::Refused { fr, en, .. } => {
                Problem::new(field, fr, en)
            }
            other => Problem::new(field, other.to_string(), other.message(Lang::En)),
        }
    }
}

pub(crate) type RowResult = std::result::Result<(), Problem>;

/// Runs the rows through `process` inside one transaction, then keeps or drops the lot.
///
/// A refused row must leave nothing behind, which a savepoint per row guarantees; but a
/// savepoint copies every page a row touches into its journal, and most files have no refused
/// row. So a first pass runs without savepoints; at the first refused row it is rolled back
/// whole and the careful pass (one savepoint per row) runs instead, from the first row.
pub(crate) fn run(
    db: &mut Database,
    kind: FileKind,
    decoded: &Decoded,
    table: &Table,
    options: ImportOptions,
    header_problems: Vec<RowReport>,
    process: impl FnMut(&Connection, &Record, &mut RowReport) -> RowResult,
) -> Result<ImportReport> {
    run_then(
        db,
        kind,
        decoded,
        table,
        options,
        header_problems,
        process,
        |_| Ok(None),
    )
}

/// [`run`], and `finish` inside the same transaction when the import is kept: what it
/// returns joins the audit row's summary (the HelloAsso sync records its date there).
#[allow(clippy::too_many_arguments)]
pub(crate) fn run_then(
    db: &mut Database,
    kind: FileKind,
    decoded: &Decoded,
    table: &Table,
    options: ImportOptions,
    header_problems: Vec<RowReport>,
    mut process: impl FnMut(&Connection, &Record, &mut RowReport) -> RowResult,
    mut finish: impl FnMut(&Connection) -> Result<Option<serde_json::Value>>,
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
            let finished = finish(tx)?;
            let mut summary = serde_json::json!({
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
            if let Some(extra) = finished {
                summary["sync"] = extra;
            }
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

pub(crate) fn missing_columns(table: &Table, needed: &[&str]) -> Vec<RowReport> {
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

pub(crate) fn check_email(field: &str, email: &str) -> RowResult {
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
