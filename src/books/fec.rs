//! The FEC (Fichier des Écritures Comptables, art. A47 A-1 LPF) of a financial year: the
//! journal of `statements::journal`, one line per debit or credit, 18 tab-separated columns,
//! dates `AAAAMMJJ`, amounts with a decimal comma, written as UTF-8 without BOM.

use crate::books::statements::{self, JournalEntry};
use crate::books::years;
use crate::kernel::error::{Error, Result};
use crate::kernel::money::Cents;
use crate::store::output::{self, Replace};
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// The 18 columns, in the order the regulation gives them.
pub const COLUMNS: [&str; 18] = [
    "JournalCode",
    "JournalLib",
    "EcritureNum",
    "EcritureDate",
    "CompteNum",
    "CompteLib",
    "CompAuxNum",
    "CompAuxLib",
    "PieceRef",
    "PieceDate",
    "EcritureLib",
    "Debit",
    "Credit",
    "EcritureLet",
    "DateLet",
    "ValidDate",
    "Montantdevise",
    "Idevise",
];

/// A FEC ready to be written.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Fec {
    /// `<SIREN>FEC<AAAAMMJJ>.txt`
    pub file_name: String,
    pub text: String,
    pub entries: usize,
    pub lines: usize,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y%m%d").to_string()
}

/// `1234` cents → `12,34`.
pub fn amount(cents: Cents) -> String {
    format!("{},{:02}", cents / 100, (cents % 100).abs())
}

/// A FEC field never holds the separator nor a line break.
fn clean(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c == '\t' || c == '\r' || c == '\n' {
                ' '
            } else {
                c
            }
        })
        .collect::<String>()
        .trim()
        .to_string()
}

/// Builds the FEC of the financial year starting in `year`. Refused when the association's
/// SIREN is not set (it names the file).
pub fn build(conn: &Connection, year: i32) -> Result<Fec> {
    let org = crate::store::settings::organisation_of(conn)?;
    let siren: String = org.siren.chars().filter(|c| !c.is_whitespace()).collect();
    if siren.is_empty() {
        return Err(Error::refused(
            "le numéro SIREN de l'association n'est pas renseigné : il nomme le FEC (panier settings set siren 123456782)",
            "the association's SIREN is not set: it names the FEC (panier settings set siren 123456782)",
        ));
    }
    let last_day = years::FinancialYear::starting_in(conn, year)?.last_day();
    let validated = years::closed_year(conn, year)?.and_then(|c| {
        c.closed_at
            .get(..10)
            .and_then(|d| d.parse::<NaiveDate>().ok())
    });
    let journal = statements::journal(conn, year, Lang::Fr)?;
    let mut text = COLUMNS.join("\t");
    text.push_str("\r\n");
    let mut lines = 0;
    for entry in &journal {
        lines += write_entry(&mut text, entry, validated);
    }
    Ok(Fec {
        file_name: format!("{siren}FEC{}.txt", day(last_day)),
        text,
        entries: journal.len(),
        lines,
    })
}

fn write_entry(out: &mut String, e: &JournalEntry, validated: Option<NaiveDate>) -> usize {
    let valid = validated.unwrap_or(e.recorded_on).max(e.date);
    for l in &e.lines {
        let fields = [
            e.journal.clone(),
            clean(&e.journal_label),
            e.number.clone(),
            day(e.date),
            l.account.clone(),
            clean(&l.account_label),
            String::new(),
            String::new(),
            clean(&e.piece),
            day(e.date),
            clean(&e.label),
            amount(l.debit_cents),
            amount(l.credit_cents),
            String::new(),
            String::new(),
            day(valid),
            String::new(),
            String::new(),
        ];
        out.push_str(&fields.join("\t"));
        out.push_str("\r\n");
    }
    e.lines.len()
}

/// Writes the FEC of `year` into the folder `dir` (created if needed); returns the file's path.
pub fn write(conn: &Connection, year: i32, dir: &Path, replace: Replace) -> Result<PathBuf> {
    let fec = build(conn, year)?;
    let path = dir.join(&fec.file_name);
    Ok(output::write(Some(conn), &path, fec.text.as_bytes(), replace)?.path)
}
