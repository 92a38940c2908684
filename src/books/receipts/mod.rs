//! Receipts: the attestation de cotisation, the tax receipt (reçu fiscal, with every mention
//! of Cerfa n° 11580*04) for the gift part of a payment, and the yearly summary tax receipt
//! per donor. Numbers run per series and year of issue with no gap (table `receipts`); a
//! second print of the same receipt is a DUPLICATA; a receipt whose entry is reversed is
//! kept, marked cancelled, and never printed again.
//!
//! This file holds the types, the queries and the numbering (one issue-or-reprint path);
//! `pdf.rs` draws the receipts; `words.rs` writes the amount in French words.

mod file_name;
mod mentions;
mod pdf;
mod words;

use file_name::save_pdf;
pub use file_name::{check_destination, file_name, unwritable};

use crate::books::ledger::{self, EntryKind};
use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{EntryId, MemberId};
use crate::kernel::money::Cents;
use crate::people::members::Member;
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::store::output::Replace;
use crate::store::settings::Organisation;
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use mentions::{check_mentions, check_tax_allowed};
use pdf::{render, Content};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What to print.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReceiptKind {
    /// attestation de cotisation (a fee paid)
    Attestation,
    /// reçu fiscal for the gift part of one entry (a donation, or the gift part of a fee)
    Tax,
}

impl ReceiptKind {
    fn series(self) -> &'static str {
        match self {
            ReceiptKind::Attestation => "attestation",
            ReceiptKind::Tax => "tax",
        }
    }

    /// The kind of a `series` column as stored (`tax` or `attestation`).
    pub fn of_series(series: &str) -> Self {
        if series == "tax" {
            ReceiptKind::Tax
        } else {
            ReceiptKind::Attestation
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_lowercase().as_str() {
            "attestation" => Ok(ReceiptKind::Attestation),
            "tax" | "fiscal" | "recu_fiscal" | "reçu_fiscal" => Ok(ReceiptKind::Tax),
            _ => Err(Error::invalid(
                "type de reçu",
                text,
                format!("type de reçu inconnu « {text} » (attestation, tax)"),
                format!("unknown receipt kind “{text}” (attestation, tax)"),
            )),
        }
    }

    /// The usual receipt for an entry: a tax receipt for a donation, an attestation for a fee.
    pub fn default_for(entry: &ledger::Entry) -> Self {
        match entry.kind {
            EntryKind::Donation => ReceiptKind::Tax,
            _ => ReceiptKind::Attestation,
        }
    }
}

/// A receipt as recorded.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Receipt {
    pub id: i64,
    pub kind: ReceiptKind,
    /// a yearly summary of a donor's gifts
    pub summary: bool,
    pub issue_year: i32,
    pub number: i64,
    /// the printed number: `2026-0007` (tax), `A2026-0007` (attestation)
    pub reference: String,
    pub entry_id: Option<EntryId>,
    pub member_id: Option<MemberId>,
    pub member_name: String,
    pub member_address: String,
    pub amount_cents: Cents,
    pub gifts_year: Option<i32>,
    pub issued_on: NaiveDate,
    pub reprints: i64,
    pub cancelled_on: Option<NaiveDate>,
    pub cancel_reason: String,
    /// the entries covered, with the amount of each
    pub entries: Vec<(EntryId, Cents)>,
}

impl Receipt {
    pub fn is_cancelled(&self) -> bool {
        self.cancelled_on.is_some()
    }
}

/// A receipt and its PDF, as just printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PrintedReceipt {
    pub receipt: Receipt,
    /// true for a reprint (the PDF says DUPLICATA)
    pub duplicata: bool,
    /// a file name to suggest: `recu-fiscal-2026-0007-dupont.pdf`
    pub file_name: String,
    /// where the PDF was written (empty when it was kept in `pdf` for the caller)
    pub path: PathBuf,
    #[serde(with = "crate::kernel::base64_text")]
    pub pdf: Vec<u8>,
}

const COLUMNS: &str = "id, series, summary, issue_year, number, entry_id, member_id, member_name, \
    member_address, amount_cents, gifts_year, issued_on, reprints, cancelled_on, cancel_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Receipt> {
    let kind = ReceiptKind::of_series(&r.get::<_, String>("series")?);
    let year: i32 = r.get("issue_year")?;
    let number: i64 = r.get("number")?;
    let issued: String = r.get("issued_on")?;
    let cancelled: Option<String> = r.get("cancelled_on")?;
    Ok(Receipt {
        id: r.get("id")?,
        kind,
        summary: r.get::<_, i64>("summary")? == 1,
        issue_year: year,
        number,
        reference: reference(kind, year, number),
        entry_id: r.get("entry_id")?,
        member_id: r.get("member_id")?,
        member_name: r.get("member_name")?,
        member_address: r.get("member_address")?,
        amount_cents: r.get("amount_cents")?,
        gifts_year: r.get("gifts_year")?,
        issued_on: issued.parse().unwrap_or_default(),
        reprints: r.get("reprints")?,
        cancelled_on: cancelled.and_then(|d| d.parse().ok()),
        cancel_reason: r.get("cancel_reason")?,
        entries: Vec::new(),
    })
}

/// The number as printed on the receipt: `2026-0007` (tax), `A2026-0007` (attestation).
pub fn reference(kind: ReceiptKind, year: i32, number: i64) -> String {
    match kind {
        ReceiptKind::Tax => format!("{year}-{number:04}"),
        ReceiptKind::Attestation => format!("A{year}-{number:04}"),
    }
}

fn with_entries(conn: &Connection, mut r: Receipt) -> Result<Receipt> {
    let mut stmt = conn.prepare_cached(
        "SELECT entry_id, amount_cents FROM receipt_entries WHERE receipt_id = ?1 ORDER BY entry_id",
    )?;
    r.entries = stmt
        .query_map([r.id], |row| Ok((row.get(0)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(r)
}

pub fn get(conn: &Connection, id: i64) -> Result<Receipt> {
    let r = conn
        .prepare_cached(&format!("SELECT {COLUMNS} FROM receipts WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("reçu", "receipt", id.to_string()))?;
    with_entries(conn, r)
}

/// The receipts `filter` (a WHERE clause and its ORDER BY, one parameter `?1`) selects,
/// each with the entries it covers.
fn select(conn: &Connection, filter: &str, param: impl rusqlite::ToSql) -> Result<Vec<Receipt>> {
    let mut stmt =
        conn.prepare_cached(&format!("SELECT {COLUMNS} FROM receipts WHERE {filter}"))?;
    let rows: Vec<Receipt> = stmt
        .query_map([param], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| with_entries(conn, r)).collect()
}

/// Every receipt issued in `year` (of issue), in number order, both series.
pub fn list(conn: &Connection, year: i32) -> Result<Vec<Receipt>> {
    select(conn, "issue_year = ?1 ORDER BY series, number", year)
}

/// The receipts that cover an entry (individual or summary), oldest first.
pub fn for_entry(conn: &Connection, entry: EntryId) -> Result<Vec<Receipt>> {
    select(
        conn,
        "id IN (SELECT receipt_id FROM receipt_entries WHERE entry_id = ?1) ORDER BY id",
        entry,
    )
}

/// The receipts issued to one member (individual and yearly summaries), oldest first: what
/// their page lists.
pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<Receipt>> {
    select(conn, "member_id = ?1 ORDER BY issued_on, id", member)
}

/// Marks every receipt covering `entry` cancelled (inside a caller's transaction); returns
/// their references. Their numbers stay used: the sequence keeps no gap. The cancellation is
/// dated `today`, the day it is made (not the date of the reversing entry, which may be
/// earlier), and never before the receipt's own issue.
pub fn cancel_for_entry(
    conn: &Connection,
    entry: EntryId,
    reason: &str,
    today: NaiveDate,
) -> Result<Vec<String>> {
    let mut refs = Vec::new();
    for r in for_entry(conn, entry)? {
        if r.is_cancelled() {
            continue;
        }
        let on = today.max(r.issued_on);
        conn.execute(
            "UPDATE receipts SET cancelled_on = ?1, cancel_reason = ?2 WHERE id = ?3",
            params![
                on.to_string(),
                format!("écriture {entry} contre-passée : {}", reason.trim()),
                r.id
            ],
        )?;
        refs.push(r.reference);
    }
    Ok(refs)
}

fn refuse_cancelled(r: &Receipt) -> Error {
    let on = r.cancelled_on.map(fr_date).unwrap_or_default();
    Error::refused(
        format!(
            "le reçu n° {} a été annulé le {on} ({}) : il ne peut pas être réimprimé",
            r.reference, r.cancel_reason
        ),
        format!(
            "receipt {} was cancelled on {on} ({}): it cannot be printed again",
            r.reference, r.cancel_reason
        ),
    )
}

/// The postal address on one line per part: street, postal code and city, country.
pub fn postal_address(m: &Member) -> String {
    let city = format!("{} {}", m.postal_code.trim(), m.city.trim())
        .trim()
        .to_string();
    let country = m.country.trim();
    let country = if country.eq_ignore_ascii_case("france") || country.eq_ignore_ascii_case("fr") {
        ""
    } else {
        country
    };
    [m.street.trim(), city.as_str(), country]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn next_number(conn: &Connection, kind: ReceiptKind, year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(number), 0) + 1 FROM receipts WHERE series = ?1 AND issue_year = ?2",
        params![kind.series(), year],
        |r| r.get(0),
    )?)
}

/// A receipt about to get the next number of its series.
struct NewReceipt<'a> {
    kind: ReceiptKind,
    summary: bool,
    entry: Option<EntryId>,
    member: &'a Member,
    amount: Cents,
    gifts_year: Option<i32>,
    /// the entries covered, with the amount of each
    entries: Vec<(EntryId, Cents)>,
}

/// What a print does: number a new receipt, or print a numbered one again (DUPLICATA).
enum Print<'a> {
    Issue(NewReceipt<'a>),
    Reprint(Receipt),
}

/// Numbers follow dates: refused when the last receipt of the series (kind and year) was
/// issued after `today`, since a later number would then carry an earlier date.
fn check_follows_last(conn: &Connection, kind: ReceiptKind, today: NaiveDate) -> Result<()> {
    let last = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM receipts WHERE series = ?1 AND issue_year = ?2
             ORDER BY number DESC LIMIT 1"
        ))?
        .query_row(params![kind.series(), today.year()], from_row)
        .optional()?;
    match last {
        Some(last) if last.issued_on > today => Err(Error::invalid(
            "date",
            today.to_string(),
            format!(
                "le reçu n° {} a été émis le {} : un reçu de la même série ne peut pas être daté d'avant ({}), les numéros suivent les dates",
                last.reference,
                fr_date(last.issued_on),
                fr_date(today)
            ),
            format!(
                "receipt {} was issued on {}: a receipt of the same series cannot be dated earlier ({today}), numbers follow dates",
                last.reference, last.issued_on
            ),
        )),
        _ => Ok(()),
    }
}

fn insert_receipt(conn: &Connection, new: &NewReceipt<'_>, today: NaiveDate) -> Result<Receipt> {
    check_follows_last(conn, new.kind, today)?;
    let year = today.year();
    let number = next_number(conn, new.kind, year)?;
    conn.execute(
        "INSERT INTO receipts (series, summary, issue_year, number, entry_id, member_id,
             member_name, member_address, amount_cents, gifts_year, issued_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            new.kind.series(),
            new.summary as i64,
            year,
            number,
            new.entry,
            new.member.id,
            new.member.display_name(),
            postal_address(new.member),
            new.amount,
            new.gifts_year,
            today.to_string(),
            now_text(),
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO receipt_entries (receipt_id, entry_id, amount_cents) VALUES (?1, ?2, ?3)",
    )?;
    for (e, cents) in &new.entries {
        stmt.execute(params![id, e, cents])?;
    }
    get(conn, id)
}

/// Where the PDF of a print goes.
#[derive(Debug, Clone, Copy)]
enum Destination<'a> {
    /// this very file
    File(&'a Path),
    /// this folder, under the receipt's suggested file name
    Folder(&'a Path),
    /// nowhere: the PDF stays in the answer (`path` empty), for a transport to save or send
    Memory,
}

/// The one path of every print, single or summary: number the new receipt or count the
/// reprint, draw it, write it to `to`, and say what changed — all inside the caller's
/// transaction, so a number is used only once its PDF is written.
fn issue_or_reprint(
    tx: &Connection,
    org: &Organisation,
    member: MemberId,
    print: Print<'_>,
    today: NaiveDate,
    to: Destination<'_>,
    replace: Replace,
) -> Result<(PrintedReceipt, Change)> {
    let (receipt, duplicata) = match print {
        Print::Reprint(r) => {
            tx.execute(
                "UPDATE receipts SET reprints = reprints + 1 WHERE id = ?1",
                [r.id],
            )?;
            (get(tx, r.id)?, true)
        }
        Print::Issue(new) => (insert_receipt(tx, &new, today)?, false),
    };
    let content = Content::load(tx, &receipt, org)?;
    let pdf = render(&content, duplicata, today);
    let file_name = file_name(&receipt);
    let path = match to {
        Destination::Memory => PathBuf::new(),
        Destination::File(path) => path.to_path_buf(),
        Destination::Folder(folder) => {
            std::fs::create_dir_all(folder).map_err(|e| {
                let file = crate::kernel::files::FileError::from_io(folder, &e);
                unwritable(folder, &file.message(Lang::Fr), &file.message(Lang::En))
            })?;
            folder.join(&file_name)
        }
    };
    if !matches!(to, Destination::Memory) {
        save_pdf(tx, &path, &pdf, replace)?;
    }
    let change = Change::new(
        if duplicata {
            "reprint_receipt"
        } else {
            "issue_receipt"
        },
        "receipt",
        Some(receipt.id),
    )
    .member(member)
    .after(&receipt);
    Ok((
        PrintedReceipt {
            file_name,
            path,
            receipt,
            duplicata,
            pdf,
        },
        change,
    ))
}

/// Prints the receipt of one entry into the file `out`: the first time, it gets the next
/// number of its series; every later time it is the same receipt again, marked DUPLICATA.
/// Refused for a reversed entry, a cancelled receipt, an anonymous gift, an entry without a
/// gift part (tax), a payment that is not a fee (attestation), a tax receipt missing a
/// mandatory mention, a date before the last receipt of the series, or when the association
/// may not issue tax receipts. `today` is the date printed (and the year of a new number).
/// Nothing is numbered unless the PDF is written.
pub fn print_for_entry(
    db: &mut Database,
    entry_id: EntryId,
    kind: ReceiptKind,
    today: NaiveDate,
    out: &Path,
    replace: Replace,
) -> Result<PrintedReceipt> {
    print_entry(db, entry_id, kind, today, Destination::File(out), replace)
}

/// [`print_for_entry`], the PDF kept in the answer (`pdf`; `path` empty) for the caller to
/// save or send: the operation every transport calls.
pub fn issue_for_entry(
    db: &mut Database,
    entry_id: EntryId,
    kind: ReceiptKind,
    today: NaiveDate,
) -> Result<PrintedReceipt> {
    print_entry(
        db,
        entry_id,
        kind,
        today,
        Destination::Memory,
        Replace::Refuse,
    )
}

fn print_entry(
    db: &mut Database,
    entry_id: EntryId,
    kind: ReceiptKind,
    today: NaiveDate,
    to: Destination<'_>,
    replace: Replace,
) -> Result<PrintedReceipt> {
    db.write(|tx| {
        let org = crate::store::settings::organisation_of(tx)?;
        let entry = ledger::get(tx, entry_id)?;
        let existing = tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM receipts WHERE entry_id = ?1 AND series = ?2 AND summary = 0"
            ))?
            .query_row(params![entry_id, kind.series()], from_row)
            .optional()?;
        if let Some(r) = &existing {
            if r.is_cancelled() {
                return Err(refuse_cancelled(r));
            }
        }
        if entry.kind == EntryKind::Reversal {
            return Err(Error::refused(
                format!("l'écriture {entry_id} est une contre-passation : pas de reçu"),
                format!("entry {entry_id} is a reversal: no receipt"),
            ));
        }
        if let Some(by) = entry.reversed_by {
            return Err(Error::refused(
                format!("l'écriture {entry_id} est contre-passée (écriture {by}) : pas de reçu"),
                format!("entry {entry_id} is reversed (entry {by}): no receipt"),
            ));
        }
        if kind == ReceiptKind::Tax {
            check_tax_allowed(&org)?;
        }
        let Some(member_id) = entry.member_id else {
            return Err(Error::refused(
                format!("l'écriture {entry_id} n'a pas de membre (don anonyme ou tiers) : Panier n'a ni son nom ni son adresse pour un reçu"),
                format!("entry {entry_id} has no member (anonymous or outside gift): Panier has no name or address for a receipt"),
            ));
        };
        let member = crate::people::members::get(tx, member_id)?;
        let print = match existing {
            Some(r) => {
                if kind == ReceiptKind::Tax {
                    check_mentions(tx, &org, &[])?;
                }
                Print::Reprint(r)
            }
            None => {
                if today < entry.date {
                    return Err(Error::invalid(
                        "date",
                        today.to_string(),
                        format!(
                            "un reçu ne peut pas être émis le {} pour un paiement du {}",
                            fr_date(today),
                            fr_date(entry.date)
                        ),
                        format!(
                            "a receipt cannot be issued on {today} for a payment of {}",
                            entry.date
                        ),
                    ));
                }
                let amount = match kind {
                    ReceiptKind::Attestation => {
                        if entry.kind != EntryKind::Fee {
                            return Err(Error::refused(
                                format!("l'écriture {entry_id} n'est pas une cotisation : pas d'attestation de cotisation"),
                                format!("entry {entry_id} is not a membership fee: no fee attestation"),
                            ));
                        }
                        entry.amount_cents
                    }
                    ReceiptKind::Tax => {
                        let gift = crate::books::payments::gift_cents(&entry);
                        if gift <= 0 {
                            return Err(Error::refused(
                                format!("l'écriture {entry_id} n'a pas de part de don (comptes 7561 ou 7541) : un reçu fiscal ne couvre que les dons, pas une cotisation qui paie un service"),
                                format!("entry {entry_id} has no gift part (accounts 7561 or 7541): a tax receipt covers gifts only, not a fee that pays for a service"),
                            ));
                        }
                        if let Some(s) = for_entry(tx, entry_id)?
                            .into_iter()
                            .find(|r| r.summary && !r.is_cancelled())
                        {
                            return Err(Error::refused(
                                format!("le don de l'écriture {entry_id} figure déjà sur le reçu récapitulatif n° {}", s.reference),
                                format!("the gift of entry {entry_id} is already on summary receipt {}", s.reference),
                            ));
                        }
                        check_mentions(tx, &org, &[&member])?;
                        gift
                    }
                };
                Print::Issue(NewReceipt {
                    kind,
                    summary: false,
                    entry: Some(entry_id),
                    member: &member,
                    amount,
                    gifts_year: None,
                    entries: vec![(entry_id, amount)],
                })
            }
        };
        issue_or_reprint(tx, &org, member_id, print, today, to, replace)
    })
}

/// The gifts of a member in civil year `year` that a new yearly summary would cover: gift
/// parts of entries not reversed and not already on a valid tax receipt (individual or
/// summary).
pub fn gifts_of_year(
    conn: &Connection,
    member: MemberId,
    year: i32,
) -> Result<Vec<(EntryId, Cents)>> {
    let period = crate::kernel::dates::Period::civil_year(year);
    let mut gifts = Vec::new();
    for e in ledger::for_member(conn, member)? {
        if !period.contains(e.date) || e.kind == EntryKind::Reversal || e.reversed_by.is_some() {
            continue;
        }
        let gift = crate::books::payments::gift_cents(&e);
        if gift <= 0 {
            continue;
        }
        let covered = for_entry(conn, e.id)?
            .iter()
            .any(|r| r.kind == ReceiptKind::Tax && !r.is_cancelled());
        if !covered {
            gifts.push((e.id, gift));
        }
    }
    gifts.sort();
    Ok(gifts)
}

/// Members with gifts to summarise for `year`, in id order.
pub fn donors_of_year(conn: &Connection, year: i32) -> Result<Vec<MemberId>> {
    let period = crate::kernel::dates::Period::civil_year(year);
    let mut stmt = conn.prepare_cached(
        "SELECT DISTINCT e.member_id FROM ledger_entries e
         JOIN ledger_lines l ON l.entry_id = e.id
         WHERE e.member_id IS NOT NULL AND l.account IN ('7561', '7541')
           AND e.entry_date >= ?1 AND e.entry_date < ?2
         ORDER BY e.member_id",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| r.get(0),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Prints the yearly summary tax receipt of one donor's gifts of `year`: a new one (next
/// number) for the gifts no valid receipt covers yet, else the latest summary again as a
/// DUPLICATA. A gift recorded after a summary gets a complementary summary of its own; a
/// summary one of whose gifts is reversed is cancelled (and the other gifts go on a new one).
pub fn print_yearly(
    db: &mut Database,
    member_id: MemberId,
    year: i32,
    today: NaiveDate,
    folder: &Path,
    replace: Replace,
) -> Result<PrintedReceipt> {
    print_yearly_to(
        db,
        member_id,
        year,
        today,
        Destination::Folder(folder),
        replace,
    )
}

fn print_yearly_to(
    db: &mut Database,
    member_id: MemberId,
    year: i32,
    today: NaiveDate,
    to: Destination<'_>,
    replace: Replace,
) -> Result<PrintedReceipt> {
    db.write(|tx| {
        let org = crate::store::settings::organisation_of(tx)?;
        check_tax_allowed(&org)?;
        let member = crate::people::members::get(tx, member_id)?;
        let gifts = gifts_of_year(tx, member_id, year)?;
        let existing = tx
            .prepare_cached(&format!(
                "SELECT {COLUMNS} FROM receipts WHERE member_id = ?1 AND summary = 1
                   AND gifts_year = ?2 AND cancelled_on IS NULL ORDER BY number DESC LIMIT 1"
            ))?
            .query_row(params![member_id, year], from_row)
            .optional()?;
        let print = match existing {
            Some(r) if gifts.is_empty() => {
                check_mentions(tx, &org, &[])?;
                Print::Reprint(r)
            }
            _ => {
                if gifts.is_empty() {
                    return Err(Error::refused(
                        format!(
                            "{} n'a pas de don de {year} sans reçu",
                            member.display_name()
                        ),
                        format!(
                            "{} has no gift of {year} without a receipt",
                            member.display_name()
                        ),
                    ));
                }
                check_mentions(tx, &org, &[&member])?;
                let total = gifts.iter().map(|(_, c)| c).sum();
                Print::Issue(NewReceipt {
                    kind: ReceiptKind::Tax,
                    summary: true,
                    entry: None,
                    member: &member,
                    amount: total,
                    gifts_year: Some(year),
                    entries: gifts,
                })
            }
        };
        issue_or_reprint(tx, &org, member_id, print, today, to, replace)
    })
}

/// The yearly summary receipts of every donor of `year` (members whose gifts of that year
/// are not all covered by individual receipts), written into `folder` (created if missing).
/// Donors with nothing left to summarise are skipped. Every missing mention, of the
/// association or of any donor, is named before anything is numbered.
pub fn print_yearly_all(
    db: &mut Database,
    year: i32,
    today: NaiveDate,
    folder: &Path,
    replace: Replace,
) -> Result<Vec<PrintedReceipt>> {
    print_yearly_all_to(db, year, today, Destination::Folder(folder), replace)
}

/// [`print_yearly_all`], the PDFs kept in the answers (`path` empty) for the caller to save.
pub fn issue_yearly_all(
    db: &mut Database,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<PrintedReceipt>> {
    print_yearly_all_to(db, year, today, Destination::Memory, Replace::Refuse)
}

fn print_yearly_all_to(
    db: &mut Database,
    year: i32,
    today: NaiveDate,
    to: Destination<'_>,
    replace: Replace,
) -> Result<Vec<PrintedReceipt>> {
    let org = crate::store::settings::organisation(db)?;
    check_tax_allowed(&org)?;
    let donors = donors_of_year(db.conn(), year)?;
    let mut to_summarise = Vec::new();
    for &member in &donors {
        if !gifts_of_year(db.conn(), member, year)?.is_empty() {
            to_summarise.push(crate::people::members::get(db.conn(), member)?);
        }
    }
    check_mentions(db.conn(), &org, &to_summarise.iter().collect::<Vec<_>>())?;
    let mut out = Vec::new();
    for member in donors {
        let has_summary: bool = db.conn().query_row(
            "SELECT count(*) > 0 FROM receipts WHERE member_id = ?1 AND summary = 1
               AND gifts_year = ?2 AND cancelled_on IS NULL",
            params![member, year],
            |r| r.get(0),
        )?;
        if !has_summary && gifts_of_year(db.conn(), member, year)?.is_empty() {
            continue;
        }
        out.push(print_yearly_to(db, member, year, today, to, replace)?);
    }
    Ok(out)
}

pub fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}
