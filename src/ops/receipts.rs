//! The receipts (attestations and tax receipts): printing one entry's, the year's summary
//! tax receipts, and the register of those issued. A print answers the PDF itself (no path on
//! the server): the desktop writes it where its save dialog said, a browser downloads it.

use super::books::check_year;
use super::exports::FileBytes;
use super::{Access, Area, Operation};
use crate::books::ledger;
use crate::books::receipts::{self, PrintedReceipt, Receipt, ReceiptKind};
use crate::kernel::dates::date_or_today;
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::kernel::ids::EntryId;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A line of the register of receipts.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptRow {
    pub reference: String,
    /// "attestation" or "tax"
    pub kind: String,
    pub summary: bool,
    pub issued_on: String,
    pub member_name: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    #[ts(type = "number[]")]
    pub entries: Vec<i64>,
    #[ts(type = "number")]
    pub reprints: i64,
    pub cancelled_on: Option<String>,
}

fn row(r: Receipt) -> ReceiptRow {
    ReceiptRow {
        kind: match r.kind {
            ReceiptKind::Attestation => "attestation".into(),
            ReceiptKind::Tax => "tax".into(),
        },
        reference: r.reference,
        summary: r.summary,
        issued_on: r.issued_on.to_string(),
        member_name: r.member_name,
        amount_cents: r.amount_cents,
        entries: r.entries.iter().map(|(e, _)| e.0).collect(),
        reprints: r.reprints,
        cancelled_on: r.cancelled_on.map(|d| d.to_string()),
    }
}

/// Which year's register.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct RegisterYear {
    pub year: i32,
}

/// The receipts issued in a year, both series, in number order.
pub struct Register;

impl Operation for Register {
    const NAME: &'static str = "receipts_register";
    const ACCESS: Access = Access::Read(Area::Receipts);
    type Request = RegisterYear;
    type Response = Vec<ReceiptRow>;

    fn run(db: &mut Database, asked: RegisterYear) -> Result<Vec<ReceiptRow>> {
        Ok(receipts::list(db.conn(), asked.year)?
            .into_iter()
            .map(row)
            .collect())
    }
}

/// A receipt just printed, with its PDF.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptPdf {
    /// its row in the register
    #[ts(type = "number")]
    pub id: i64,
    pub reference: String,
    /// a reprint, marked DUPLICATA
    pub duplicata: bool,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    pub member_name: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// the PDF, named `recu-fiscal-2026-0007-dupont.pdf`
    pub file: FileBytes,
}

fn pdf_of(p: PrintedReceipt) -> ReceiptPdf {
    ReceiptPdf {
        file: FileBytes::new(p.file_name, "application/pdf", &p.pdf, 1),
        id: p.receipt.id,
        reference: p.receipt.reference,
        duplicata: p.duplicata,
        member_id: p.receipt.member_id.map(|m| m.0),
        member_name: p.receipt.member_name,
        amount_cents: p.receipt.amount_cents,
    }
}

/// Which entry's receipt, of which kind, dated when.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ReceiptOfEntry {
    pub entry: i64,
    /// "attestation" or "tax"; empty for the entry's own (tax for a donation, attestation
    /// for a fee)
    #[serde(default)]
    pub kind: String,
    /// the date printed (and the year of a new number); today when absent
    #[serde(default)]
    pub date: Option<String>,
}

/// The receipt of one entry: numbered the first time, a DUPLICATA every later time (the core
/// decides), dated the day asked (today by default).
pub struct Print;

impl Operation for Print {
    const NAME: &'static str = "receipt_print";
    const ACCESS: Access = Access::Write(Area::Receipts);
    type Request = ReceiptOfEntry;
    type Response = ReceiptPdf;

    fn run(db: &mut Database, asked: ReceiptOfEntry) -> Result<ReceiptPdf> {
        let entry = EntryId(asked.entry);
        let kind = match asked.kind.trim() {
            "" => ReceiptKind::default_for(&ledger::get(db.conn(), entry)?),
            kind => ReceiptKind::parse(kind)?,
        };
        let on = date_or_today(Field::Date, asked.date.as_deref())?;
        let printed = receipts::issue_for_entry(db, entry, kind, on)?;
        Ok(pdf_of(printed))
    }
}

/// Which civil year's gifts, and the date printed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct GiftsYear {
    pub year: i32,
    /// the date printed; today when absent
    #[serde(default)]
    pub date: Option<String>,
}

/// The yearly summary tax receipt of every donor of a civil year (new ones numbered, those
/// already issued again as DUPLICATA).
pub struct PrintYearly;

impl Operation for PrintYearly {
    const NAME: &'static str = "receipts_print_yearly";
    const ACCESS: Access = Access::Write(Area::Receipts);
    type Request = GiftsYear;
    type Response = Vec<ReceiptPdf>;

    fn run(db: &mut Database, asked: GiftsYear) -> Result<Vec<ReceiptPdf>> {
        let on = date_or_today(Field::Date, asked.date.as_deref())?;
        let printed = receipts::issue_yearly_all(db, check_year(asked.year)?, on)?;
        Ok(printed.into_iter().map(pdf_of).collect())
    }
}
