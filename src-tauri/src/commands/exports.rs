//! Files for the accountant and for spreadsheets: the FEC, the ledger of a year, the members.
//! The paths come from the system's file dialogs (commands::files).

use crate::session::Session;
use panier::store::output::Replace;
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

/// What an export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportWritten {
    pub path: PathBuf,
    /// Entries (FEC), ledger rows or members written.
    #[ts(type = "number")]
    pub count: i64,
}

/// Writes `<SIREN>FEC<AAAAMMJJ>.txt` into `folder`; refused by the core while `siren` is unset.
#[tauri::command]
pub async fn export_fec(
    session: State<'_, Session>,
    year: i32,
    folder: PathBuf,
) -> Result<ExportWritten, String> {
    session.with_database(|db| {
        let entries = panier::books::fec::build(db.conn(), year)?.entries;
        // The folder was chosen in the system's dialog: replacing the year's FEC there is asked.
        let path = panier::books::fec::write(db.conn(), year, &folder, Replace::Confirmed)?;
        Ok(ExportWritten {
            path,
            count: entries as i64,
        })
    })
}

#[tauri::command]
pub async fn export_ledger_csv(
    session: State<'_, Session>,
    year: i32,
    path: PathBuf,
) -> Result<ExportWritten, String> {
    session.with_database(|db| {
        // The save dialog asked before replacing a file.
        let (written, rows) =
            panier::books::ledger_export::write(db.conn(), year, &path, Replace::Confirmed)?;
        Ok(ExportWritten {
            path: written.path,
            count: rows as i64,
        })
    })
}

#[tauri::command]
pub async fn export_members_csv(
    session: State<'_, Session>,
    path: PathBuf,
) -> Result<ExportWritten, String> {
    session.with_database(|db| {
        let count = panier::bridges::members_csv::export_members_file(
            db.conn(),
            &path,
            Replace::Confirmed,
        )?;
        Ok(ExportWritten {
            path,
            count: count as i64,
        })
    })
}
