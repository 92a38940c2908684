//! Receipts from the Money screen: the attestation or tax receipt of one entry (a reprint is
//! a DUPLICATA, the core decides), the year's summary tax receipts into a folder, and the
//! register of the receipts issued in a year. Paths come from the system's file dialogs.

use crate::form::FormError;
use crate::session::Session;
use panier::books::receipts::{self, PrintedReceipt, ReceiptKind};
use panier::kernel::dates::today;
use panier::kernel::ids::EntryId;
use panier::ops::receipts::{ReceiptRow, RegisterYear};
use panier::store::output::Replace;
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

/// A receipt just written to a file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptWritten {
    pub reference: String,
    pub duplicata: bool,
    pub member_name: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub path: PathBuf,
}

fn written(p: &PrintedReceipt) -> ReceiptWritten {
    ReceiptWritten {
        reference: p.receipt.reference.clone(),
        duplicata: p.duplicata,
        member_name: p.receipt.member_name.clone(),
        amount_cents: p.receipt.amount_cents,
        path: p.path.clone(),
    }
}

/// Prints the receipt of entry `entry` (`kind`: "attestation" or "tax") into `path`, the file
/// the save dialog chose.
#[tauri::command]
pub async fn receipt_print(
    session: State<'_, Session>,
    entry: i64,
    kind: String,
    path: PathBuf,
) -> Result<ReceiptWritten, FormError> {
    super::money::with_form(&session, |db| {
        let kind = ReceiptKind::parse(&kind)?;
        // the core writes the file: no number is used unless it is written
        let printed = receipts::print_for_entry(
            db,
            EntryId(entry),
            kind,
            today(),
            &path,
            Replace::Confirmed,
        )?;
        Ok(written(&printed))
    })
}

/// Prints the yearly summary tax receipt of every donor of civil year `year` into `folder`.
#[tauri::command]
pub async fn receipts_print_yearly(
    session: State<'_, Session>,
    year: i32,
    folder: PathBuf,
) -> Result<Vec<ReceiptWritten>, FormError> {
    super::money::with_form(&session, |db| {
        let printed = receipts::print_yearly_all(db, year, today(), &folder, Replace::Confirmed)?;
        Ok(printed.iter().map(written).collect())
    })
}

/// The receipts issued in `year`, both series, in number order.
#[tauri::command]
pub async fn receipts_register(
    session: State<'_, Session>,
    year: i32,
) -> Result<Vec<ReceiptRow>, String> {
    crate::form::perform::<panier::ops::receipts::Register>(&session, RegisterYear { year })
}
