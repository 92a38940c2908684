//! The register of the receipts issued (attestations and tax receipts). Printing a receipt
//! writes a PDF where the desktop's save dialog said, and stays with the desktop for now.

use super::{Access, Area, Operation};
use crate::books::receipts::{self, Receipt, ReceiptKind};
use crate::kernel::error::Result;
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
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
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
