//! Receipts: the attestation de cotisation, the tax receipt (reçu fiscal, with every mention
//! of Cerfa n° 11580*04) for the gift part of a payment, and the yearly summary tax receipt
//! per donor. Numbers run per series and year of issue with no gap (table `receipts`); a
//! second print of the same receipt is a DUPLICATA; a receipt whose entry is reversed is
//! kept, marked cancelled, and never printed again.

use crate::books::ledger::{self, EntryKind, Method};
use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{EntryId, MemberId};
use crate::kernel::money::{display, in_french_words, Cents};
use crate::kernel::pdf::{Colour, Document, DocumentInfo, Paint, Style, PAGE_WIDTH};
use crate::people::members::{Member, MemberKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::store::settings::Organisation;
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

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
    #[serde(with = "serde_bytes_as_base64")]
    pub pdf: Vec<u8>,
}

/// PDFs travel to the window as base64 text rather than a JSON array of numbers.
mod serde_bytes_as_base64 {
    use serde::{Deserialize, Deserializer, Serializer};

    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    pub fn serialize<S: Serializer>(bytes: &[u8], s: S) -> Result<S::Ok, S::Error> {
        let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
        for chunk in bytes.chunks(3) {
            let b = [
                chunk[0],
                *chunk.get(1).unwrap_or(&0),
                *chunk.get(2).unwrap_or(&0),
            ];
            let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
            for i in 0..4 {
                if i <= chunk.len() {
                    out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
                } else {
                    out.push('=');
                }
            }
        }
        s.serialize_str(&out)
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text = String::deserialize(d)?;
        let mut out = Vec::with_capacity(text.len() / 4 * 3);
        let mut acc = 0u32;
        let mut bits = 0;
        for c in text.bytes().filter(|&c| c != b'=') {
            let v = ALPHABET
                .iter()
                .position(|&a| a == c)
                .ok_or_else(|| serde::de::Error::custom("invalid base64"))?;
            acc = (acc << 6) | v as u32;
            bits += 6;
            if bits >= 8 {
                bits -= 8;
                out.push((acc >> bits) as u8);
                acc &= (1 << bits) - 1;
            }
        }
        Ok(out)
    }
}

const COLUMNS: &str = "id, series, summary, issue_year, number, entry_id, member_id, member_name, \
    member_address, amount_cents, gifts_year, issued_on, reprints, cancelled_on, cancel_reason";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Receipt> {
    let series: String = r.get("series")?;
    let kind = if series == "tax" {
        ReceiptKind::Tax
    } else {
        ReceiptKind::Attestation
    };
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

fn reference(kind: ReceiptKind, year: i32, number: i64) -> String {
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

/// Every receipt issued in `year` (of issue), in number order, both series.
pub fn list(conn: &Connection, year: i32) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM receipts WHERE issue_year = ?1 ORDER BY series, number"
    ))?;
    let rows: Vec<Receipt> = stmt
        .query_map([year], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| with_entries(conn, r)).collect()
}

/// The receipts that cover an entry (individual or summary), oldest first.
pub fn for_entry(conn: &Connection, entry: EntryId) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM receipts WHERE id IN
            (SELECT receipt_id FROM receipt_entries WHERE entry_id = ?1) ORDER BY id"
    ))?;
    let rows: Vec<Receipt> = stmt
        .query_map([entry], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| with_entries(conn, r)).collect()
}

/// The receipts issued to one member (individual and yearly summaries), oldest first: what
/// their page lists.
pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<Receipt>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM receipts WHERE member_id = ?1 ORDER BY issued_on, id"
    ))?;
    let rows: Vec<Receipt> = stmt
        .query_map([member], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    rows.into_iter().map(|r| with_entries(conn, r)).collect()
}

/// Marks every receipt covering `entry` cancelled (inside a caller's transaction); returns
/// their references. Their numbers stay used: the sequence keeps no gap.
pub fn cancel_for_entry(
    conn: &Connection,
    entry: EntryId,
    reason: &str,
    on: NaiveDate,
) -> Result<Vec<String>> {
    let mut refs = Vec::new();
    for r in for_entry(conn, entry)? {
        if r.is_cancelled() {
            continue;
        }
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

fn check_tax_allowed(org: &Organisation) -> Result<()> {
    if !org.tax_receipts {
        return Err(Error::refused(
            "l'association n'est pas habilitée à délivrer des reçus fiscaux (réglage « tax_receipts » à « no ») : aucun reçu fiscal n'est émis",
            "the association may not issue tax receipts (setting “tax_receipts” is “no”): no tax receipt issued",
        ));
    }
    let missing: Vec<&str> = [("address", &org.address), ("purpose", &org.purpose)]
        .iter()
        .filter(|(_, v)| v.trim().is_empty())
        .map(|(k, _)| *k)
        .collect();
    if !missing.is_empty() {
        return Err(Error::refused(
            format!(
                "un reçu fiscal porte l'adresse et l'objet de l'association : renseignez le(s) réglage(s) {}",
                missing.join(", ")
            ),
            format!(
                "a tax receipt shows the association's address and purpose: fill in the setting(s) {}",
                missing.join(", ")
            ),
        ));
    }
    Ok(())
}

/// A tax receipt names the donor with their full address (Cerfa 11580).
fn check_donor_address(m: &Member) -> Result<()> {
    if m.street.trim().is_empty() || m.city.trim().is_empty() {
        return Err(Error::refused(
            format!(
                "un reçu fiscal porte l'adresse complète du donateur : complétez l'adresse de {} (membre {})",
                m.display_name(),
                m.id
            ),
            format!(
                "a tax receipt shows the donor's full address: complete the address of {} (member {})",
                m.display_name(),
                m.id
            ),
        ));
    }
    Ok(())
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

#[allow(clippy::too_many_arguments)]
fn insert_receipt(
    conn: &Connection,
    kind: ReceiptKind,
    summary: bool,
    entry: Option<EntryId>,
    member: &Member,
    amount: Cents,
    gifts_year: Option<i32>,
    today: NaiveDate,
    entries: &[(EntryId, Cents)],
) -> Result<Receipt> {
    let year = today.year();
    let number = next_number(conn, kind, year)?;
    conn.execute(
        "INSERT INTO receipts (series, summary, issue_year, number, entry_id, member_id,
             member_name, member_address, amount_cents, gifts_year, issued_on, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            kind.series(),
            summary as i64,
            year,
            number,
            entry,
            member.id,
            member.display_name(),
            postal_address(member),
            amount,
            gifts_year,
            today.to_string(),
            now_text(),
        ],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached(
        "INSERT INTO receipt_entries (receipt_id, entry_id, amount_cents) VALUES (?1, ?2, ?3)",
    )?;
    for (e, cents) in entries {
        stmt.execute(params![id, e, cents])?;
    }
    get(conn, id)
}

/// Prints the receipt of one entry: the first time, it gets the next number of its series;
/// every later time it is the same receipt again, marked DUPLICATA. Refused for a reversed
/// entry, a cancelled receipt, an anonymous gift, an entry without a gift part (tax), a
/// payment that is not a fee (attestation), or when the association may not issue tax
/// receipts. `today` is the date printed (and the year of a new number).
pub fn print_for_entry(
    db: &mut Database,
    entry_id: EntryId,
    kind: ReceiptKind,
    today: NaiveDate,
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
        let (receipt, duplicata) = match existing {
            Some(r) => {
                tx.execute(
                    "UPDATE receipts SET reprints = reprints + 1 WHERE id = ?1",
                    [r.id],
                )?;
                (get(tx, r.id)?, true)
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
                        check_donor_address(&member)?;
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
                        gift
                    }
                };
                let r = insert_receipt(
                    tx,
                    kind,
                    false,
                    Some(entry_id),
                    &member,
                    amount,
                    None,
                    today,
                    &[(entry_id, amount)],
                )?;
                (r, false)
            }
        };
        let content = Content::load(tx, &receipt, &org)?;
        let pdf = render(&content, duplicata, today);
        let change = Change::new(
            if duplicata {
                "reprint_receipt"
            } else {
                "issue_receipt"
            },
            "receipt",
            Some(receipt.id),
        )
        .member(member_id)
        .after(&receipt);
        Ok((
            PrintedReceipt {
                file_name: file_name(&receipt),
                receipt,
                duplicata,
                pdf,
            },
            change,
        ))
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
        let (receipt, duplicata) = match existing {
            Some(r) if gifts.is_empty() => {
                tx.execute(
                    "UPDATE receipts SET reprints = reprints + 1 WHERE id = ?1",
                    [r.id],
                )?;
                (get(tx, r.id)?, true)
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
                check_donor_address(&member)?;
                let total = gifts.iter().map(|(_, c)| c).sum();
                let r = insert_receipt(
                    tx,
                    ReceiptKind::Tax,
                    true,
                    None,
                    &member,
                    total,
                    Some(year),
                    today,
                    &gifts,
                )?;
                (r, false)
            }
        };
        let content = Content::load(tx, &receipt, &org)?;
        let pdf = render(&content, duplicata, today);
        let change = Change::new(
            if duplicata {
                "reprint_receipt"
            } else {
                "issue_receipt"
            },
            "receipt",
            Some(receipt.id),
        )
        .member(member_id)
        .after(&receipt);
        Ok((
            PrintedReceipt {
                file_name: file_name(&receipt),
                receipt,
                duplicata,
                pdf,
            },
            change,
        ))
    })
}

/// The yearly summary receipts of every donor of `year` (members whose gifts of that year
/// are not all covered by individual receipts). Donors with nothing left to summarise are
/// skipped.
pub fn print_yearly_all(
    db: &mut Database,
    year: i32,
    today: NaiveDate,
) -> Result<Vec<PrintedReceipt>> {
    check_tax_allowed(&crate::store::settings::organisation(db)?)?;
    let donors = donors_of_year(db.conn(), year)?;
    // refuse before printing anything when a donor still to summarise has no address
    let mut no_address = Vec::new();
    for &member in &donors {
        let m = crate::people::members::get(db.conn(), member)?;
        if !gifts_of_year(db.conn(), member, year)?.is_empty() && check_donor_address(&m).is_err() {
            no_address.push(format!("{} ({})", m.display_name(), m.id));
        }
    }
    if !no_address.is_empty() {
        return Err(Error::refused(
            format!(
                "un reçu fiscal porte l'adresse complète du donateur : complétez l'adresse de {}",
                no_address.join(", ")
            ),
            format!(
                "a tax receipt shows the donor's full address: complete the address of {}",
                no_address.join(", ")
            ),
        ));
    }
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
        out.push(print_yearly(db, member, year, today)?);
    }
    Ok(out)
}

fn file_name(r: &Receipt) -> String {
    let who: String = crate::kernel::search::fold(&r.member_name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let what = match (r.kind, r.summary) {
        (ReceiptKind::Attestation, _) => "attestation",
        (ReceiptKind::Tax, false) => "recu-fiscal",
        (ReceiptKind::Tax, true) => "recu-fiscal-annuel",
    };
    format!("{what}-{}-{who}.pdf", r.reference)
}

/// Everything printed on a receipt, gathered once.
struct Content {
    receipt: Receipt,
    org: Organisation,
    signer_name: String,
    signer_title: String,
    body_kind: String,
    member_kind: MemberKind,
    /// (date, amount, method) of each entry covered
    payments: Vec<(NaiveDate, Cents, Method)>,
    /// for an attestation: plan name and period covered
    plan: Option<(String, NaiveDate, NaiveDate)>,
}

impl Content {
    fn load(conn: &Connection, receipt: &Receipt, org: &Organisation) -> Result<Self> {
        let mut payments = Vec::new();
        let mut plan = None;
        for (id, cents) in &receipt.entries {
            let e = ledger::get(conn, *id)?;
            payments.push((e.date, *cents, e.method));
            if receipt.kind == ReceiptKind::Attestation {
                if let (Some(p), Some(s)) = (e.plan_id, e.subscription_id) {
                    let plan_name = crate::membership::plans::get(conn, p)?.name;
                    let (start, end): (String, String) = conn.query_row(
                        "SELECT starts_on, ends_before FROM subscriptions WHERE id = ?1",
                        [s],
                        |r| Ok((r.get(0)?, r.get(1)?)),
                    )?;
                    plan = Some((
                        plan_name,
                        start.parse().unwrap_or_default(),
                        end.parse().unwrap_or_default(),
                    ));
                }
            }
        }
        let member_kind = match receipt.member_id {
            Some(m) => crate::people::members::get(conn, m)
                .map(|m| m.kind)
                .unwrap_or(MemberKind::Person),
            None => MemberKind::Person,
        };
        Ok(Content {
            receipt: receipt.clone(),
            org: org.clone(),
            signer_name: crate::store::settings::get(conn, "signer_name")?,
            signer_title: crate::store::settings::get(conn, "signer_title")?,
            body_kind: crate::store::settings::get(conn, "receipt_body_kind")?,
            member_kind,
            payments,
            plan,
        })
    }
}

pub fn fr_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

fn method_fr(m: Method) -> &'static str {
    match m {
        Method::Cash => "espèces",
        Method::Cheque => "chèque",
        Method::Transfer => "virement",
        Method::Card => "carte bancaire",
        Method::Helloasso => "paiement en ligne (HelloAsso)",
        Method::DirectDebit => "prélèvement",
        Method::Other => "autre",
    }
}

/// The Cerfa's three boxes for a gift in cash or kind of payment.
fn cerfa_method(m: Method) -> &'static str {
    match m {
        Method::Cash => "Remise d'espèces",
        Method::Cheque => "Chèque",
        _ => "Virement, prélèvement, carte bancaire",
    }
}

const LEFT: f32 = 20.0;
const RIGHT: f32 = PAGE_WIDTH - 20.0;
const ACCENT: Colour = Colour::rgb(40, 70, 120);
const RED: Colour = Colour::rgb(200, 30, 30);

/// Draws the receipt. `today` is printed on a duplicata ("duplicata du …").
fn render(c: &Content, duplicata: bool, today: NaiveDate) -> Vec<u8> {
    let r = &c.receipt;
    let title = match (r.kind, r.summary) {
        (ReceiptKind::Attestation, _) => "Attestation de cotisation",
        (ReceiptKind::Tax, false) => "Reçu fiscal",
        (ReceiptKind::Tax, true) => "Reçu fiscal récapitulatif",
    };
    let mut info = DocumentInfo::new(
        format!("{title} n° {}", r.reference),
        format!("receipt-{}-{}-{}", r.reference, r.reprints, today),
        if duplicata { today } else { r.issued_on },
    );
    info.author = c.org.name.clone();
    let mut doc = Document::new(info);
    let page = doc.page();
    let regular = Style::regular(10.0);
    let small = Style::regular(8.5);
    let bold = Style::bold(10.0);

    // the association
    let mut y = 22.0;
    page.text(LEFT, y, &c.org.name, &Style::bold(15.0).colour(ACCENT));
    y += 6.0;
    for line in c.org.address.lines() {
        page.text(LEFT, y, line, &regular);
        y += 4.5;
    }
    let ids: Vec<String> = [("SIREN", &c.org.siren), ("RNA", &c.org.rna)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if !ids.is_empty() {
        page.text(LEFT, y, &ids.join(" · "), &small.colour(Colour::GREY));
        y += 4.5;
    }
    page.text_right(
        RIGHT,
        22.0,
        &format!("N° {}", r.reference),
        &Style::bold(12.0),
    );
    page.text_right(
        RIGHT,
        28.0,
        &format!("émis le {}", fr_date(r.issued_on)),
        &small,
    );
    if duplicata {
        page.text_right(RIGHT, 42.0, "DUPLICATA", &Style::bold(22.0).colour(RED));
        page.text_right(
            RIGHT,
            47.5,
            &format!("réimpression du {}", fr_date(today)),
            &small.colour(RED),
        );
    }
    y = y.max(52.0) + 4.0;
    page.line(LEFT, y, RIGHT, y, ACCENT, 1.0);
    y += 10.0;
    if r.kind == ReceiptKind::Tax {
        page.text(LEFT, y, title, &Style::bold(16.0).colour(ACCENT));
        y += 6.0;
        page.text(
            LEFT,
            y,
            "Reçu au titre des dons à certains organismes d'intérêt général",
            &bold,
        );
        y += 4.5;
        page.text(
            LEFT,
            y,
            "Articles 200, 238 bis et 978 du code général des impôts (CGI) — mentions du Cerfa n° 11580*04",
            &small,
        );
        y += 4.5;
        if r.is_cancelled() {
            page.text(LEFT, y, "ANNULÉ", &Style::bold(14.0).colour(RED));
            y += 6.0;
        }
        render_tax(page, c, y);
    } else {
        page.text(LEFT, y, title, &Style::bold(16.0).colour(ACCENT));
        y += 10.0;
        render_attestation(page, c, y);
    }
    doc.to_bytes()
}

fn section(page: &mut crate::kernel::pdf::Page, y: f32, title: &str) -> f32 {
    page.rect(
        LEFT,
        y - 4.5,
        RIGHT - LEFT,
        6.5,
        Paint::Fill(Colour::rgb(232, 237, 245)),
    );
    page.text(LEFT + 2.0, y, title, &Style::bold(10.0).colour(ACCENT));
    y + 7.5
}

fn field(page: &mut crate::kernel::pdf::Page, y: f32, label: &str, value: &str) -> f32 {
    let label_style = Style::regular(9.0).colour(Colour::GREY);
    page.text(LEFT + 2.0, y, label, &label_style);
    let mut yy = y;
    for line in value.lines() {
        yy = page.paragraph(
            LEFT + 52.0,
            yy,
            RIGHT - LEFT - 54.0,
            line,
            &Style::regular(10.0),
        );
    }
    yy.max(y + 5.0) + 0.5
}

fn render_tax(page: &mut crate::kernel::pdf::Page, c: &Content, y: f32) {
    let r = &c.receipt;
    let mut y = y + 4.0;
    y = section(page, y, "Bénéficiaire des versements");
    y = field(page, y, "Nom ou dénomination", &c.org.name);
    y = field(page, y, "Adresse", &c.org.address);
    let ids: Vec<String> = [("SIREN", &c.org.siren), ("RNA", &c.org.rna)]
        .iter()
        .filter(|(_, v)| !v.is_empty())
        .map(|(k, v)| format!("{k} {v}"))
        .collect();
    if !ids.is_empty() {
        y = field(page, y, "Identification", &ids.join(" · "));
    }
    y = field(page, y, "Objet", &c.org.purpose);
    y = field(page, y, "Qualité de l'organisme", &c.body_kind);
    y += 2.0;
    y = section(page, y, "Donateur");
    y = field(page, y, "Nom", &r.member_name);
    y = field(
        page,
        y,
        "Adresse",
        if r.member_address.is_empty() {
            "—"
        } else {
            &r.member_address
        },
    );
    y += 2.0;
    y = section(page, y, "Don");
    y = page.paragraph(
        LEFT + 2.0,
        y,
        RIGHT - LEFT - 4.0,
        "Le bénéficiaire reconnaît avoir reçu au titre des dons et versements ouvrant droit à réduction d'impôt la somme de :",
        &Style::regular(10.0),
    );
    y += 6.0;
    let figures = format!("***{}***", display(r.amount_cents, Lang::Fr));
    page.rect(
        LEFT + 2.0,
        y - 6.0,
        80.0,
        9.0,
        Paint::Stroke {
            colour: ACCENT,
            width: 0.8,
        },
    );
    page.text(LEFT + 5.0, y, &figures, &Style::bold(13.0));
    y += 9.0;
    y = field(
        page,
        y,
        "Somme en toutes lettres",
        &in_french_words(r.amount_cents),
    );
    if r.summary {
        let year = r.gifts_year.unwrap_or(r.issue_year);
        y = field(
            page,
            y,
            "Dates des versements",
            &format!("dons de l'année {year}, détail ci-dessous"),
        );
    } else if let Some((date, _, _)) = c.payments.first() {
        y = field(page, y, "Date du versement", &fr_date(*date));
    }
    y = field(page, y, "Forme du don", "Déclaration de don manuel");
    y = field(page, y, "Nature du don", "Numéraire");
    let mut methods: Vec<&str> = Vec::new();
    for (_, _, m) in &c.payments {
        if !methods.contains(&cerfa_method(*m)) {
            methods.push(cerfa_method(*m));
        }
    }
    y = field(page, y, "Mode de versement", &methods.join(" ; "));
    if r.summary {
        for (date, cents, method) in &c.payments {
            page.text(LEFT + 54.0, y, &fr_date(*date), &Style::regular(9.0));
            page.text_right(
                LEFT + 110.0,
                y,
                &display(*cents, Lang::Fr),
                &Style::regular(9.0),
            );
            page.text(LEFT + 114.0, y, method_fr(*method), &Style::regular(9.0));
            y += 4.5;
        }
        y += 1.0;
    }
    y += 3.0;
    let article = match c.member_kind {
        MemberKind::Organisation => "238 bis du CGI",
        MemberKind::Person => "200 du CGI",
    };
    y = page.paragraph(
        LEFT,
        y,
        RIGHT - LEFT,
        &format!("Le bénéficiaire certifie sur l'honneur que les dons et versements qu'il reçoit ouvrent droit à la réduction d'impôt prévue à l'article {article}."),
        &Style::bold(10.0),
    );
    signature(page, c, y + 6.0);
}

fn render_attestation(page: &mut crate::kernel::pdf::Page, c: &Content, y: f32) {
    let r = &c.receipt;
    let signer = if c.signer_name.is_empty() {
        "Le ou la soussigné·e".to_string()
    } else {
        format!("Je soussigné·e {}", c.signer_name)
    };
    let title = if c.signer_title.is_empty() {
        String::new()
    } else {
        format!(", {},", c.signer_title)
    };
    let period = c
        .plan
        .as_ref()
        .map(|(_, start, end)| {
            let last = end.pred_opt().unwrap_or(*end);
            format!(
                " pour la période du {} au {}",
                fr_date(*start),
                fr_date(last)
            )
        })
        .unwrap_or_default();
    let mut y = page.paragraph(
        LEFT,
        y,
        RIGHT - LEFT,
        &format!(
            "{signer}{title} atteste que {} a versé sa cotisation à {} et est à jour de cotisation{period}.",
            r.member_name, c.org.name
        ),
        &Style::regular(11.0),
    );
    y += 6.0;
    y = section(page, y, "Membre");
    y = field(page, y, "Nom", &r.member_name);
    y = field(
        page,
        y,
        "Adresse",
        if r.member_address.is_empty() {
            "—"
        } else {
            &r.member_address
        },
    );
    y += 2.0;
    y = section(page, y, "Cotisation");
    if let Some((plan, start, end)) = &c.plan {
        y = field(page, y, "Formule", plan);
        let last = end.pred_opt().unwrap_or(*end);
        y = field(
            page,
            y,
            "Période couverte",
            &format!("du {} au {}", fr_date(*start), fr_date(last)),
        );
    }
    y = field(page, y, "Montant", &display(r.amount_cents, Lang::Fr));
    if let Some((date, _, method)) = c.payments.first() {
        y = field(page, y, "Date du paiement", &fr_date(*date));
        y = field(page, y, "Moyen de paiement", method_fr(*method));
    }
    y += 4.0;
    page.text(
        LEFT,
        y,
        "Cette attestation n'est pas un reçu fiscal.",
        &Style::regular(8.5).colour(Colour::GREY),
    );
    signature(page, c, y + 8.0);
}

fn signature(page: &mut crate::kernel::pdf::Page, c: &Content, y: f32) {
    let x = 120.0;
    page.text(
        x,
        y,
        &format!("Fait le {}", fr_date(c.receipt.issued_on)),
        &Style::regular(10.0),
    );
    let name = if c.signer_name.is_empty() {
        "(signataire à renseigner)"
    } else {
        &c.signer_name
    };
    page.text(x, y + 6.0, name, &Style::bold(10.0));
    page.text(x, y + 11.0, &c.signer_title, &Style::regular(10.0));
    page.rect(
        x,
        y + 14.0,
        RIGHT - x,
        22.0,
        Paint::Stroke {
            colour: Colour::LIGHT_GREY,
            width: 0.5,
        },
    );
    page.text(
        x + 2.0,
        y + 18.0,
        "Signature",
        &Style::regular(8.0).colour(Colour::GREY),
    );
}
