//! Receipts from the Money screen: the attestation or tax receipt of one entry (a reprint is
//! a DUPLICATA, the core decides), the year's summary tax receipts into a folder, and the
//! register of the receipts issued in a year. Paths come from the system's file dialogs.

use super::exports::{check_writable, write_file};
use crate::form::{perform_form, FormError};
use crate::session::Session;
use panier::ops::receipts::{
    self as ops, GiftsYear, ReceiptOfEntry, ReceiptPdf, ReceiptRow, RegisterYear,
};
use serde::Serialize;
use std::path::{Path, PathBuf};
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

/// Writes the operation's PDF at `path`.
fn written(
    session: &Session,
    printed: ReceiptPdf,
    path: &Path,
) -> Result<ReceiptWritten, FormError> {
    let path = write_file(session, path, &printed.file).map_err(FormError::plain)?;
    Ok(ReceiptWritten {
        reference: printed.reference,
        duplicata: printed.duplicata,
        member_name: printed.member_name,
        amount_cents: printed.amount_cents,
        path,
    })
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
    // the destination is checked before a number is used for it
    check_writable(&session, &path).map_err(FormError::plain)?;
    let request = ReceiptOfEntry {
        entry,
        kind,
        date: None,
    };
    let printed = perform_form::<ops::Print>(&session, super::money::MONEY_FIELDS, request)?;
    written(&session, printed, &path)
}

/// Prints the yearly summary tax receipt of every donor of civil year `year` into `folder`,
/// each under its own file name.
#[tauri::command]
pub async fn receipts_print_yearly(
    session: State<'_, Session>,
    year: i32,
    folder: PathBuf,
) -> Result<Vec<ReceiptWritten>, FormError> {
    check_writable(&session, &folder.join("recu.pdf")).map_err(FormError::plain)?;
    let request = GiftsYear { year, date: None };
    let printed = perform_form::<ops::PrintYearly>(&session, super::money::MONEY_FIELDS, request)?;
    printed
        .into_iter()
        .map(|receipt| {
            let path = folder.join(&receipt.file.file_name);
            written(&session, receipt, &path)
        })
        .collect()
}

/// The receipts issued in `year`, both series, in number order.
#[tauri::command]
pub async fn receipts_register(
    session: State<'_, Session>,
    year: i32,
) -> Result<Vec<ReceiptRow>, String> {
    crate::form::perform::<panier::ops::receipts::Register>(&session, RegisterYear { year })
}
