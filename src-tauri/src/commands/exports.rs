//! Files for the accountant and for spreadsheets: the FEC, the ledger of a year, the members.
//! The core's operation (`panier::ops::exports`) makes the file's bytes; the shell writes them
//! where the system's file dialog said (commands::files).

use crate::form::perform;
use crate::session::Session;
use panier::ops::exports::{self as ops, ExportYear, FileBytes};
use panier::store::output::{self, Replace};
use serde::Serialize;
use std::path::{Path, PathBuf};
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

/// Runs `action` with the open file (`None` when the window is joined to a server: there is
/// no local file to protect then).
fn with_local_file<T>(
    session: &Session,
    action: impl FnOnce(Option<&panier::Database>) -> panier::Result<T>,
) -> Result<T, String> {
    if session.with_remote(|_| ()).is_some() {
        return action(None).map_err(|error| session.message(&error));
    }
    session.with_database(|db| action(Some(db)))
}

/// Checks that `path` may be written (never the open file, its journal or a backup) before an
/// operation that uses a number makes the file.
pub fn check_writable(session: &Session, path: &Path) -> Result<(), String> {
    with_local_file(session, |file_open| {
        output::check_destination(file_open.map(|db| db.conn()), path, Replace::Confirmed)
            .map(|_| ())
    })
}

/// Writes an operation's file at `path`, whole; the dialog asked before replacing a file.
pub fn write_file(session: &Session, path: &Path, file: &FileBytes) -> Result<PathBuf, String> {
    with_local_file(session, |file_open| {
        let bytes = file.bytes()?;
        Ok(output::write(
            file_open.map(|db| db.conn()),
            path,
            &bytes,
            Replace::Confirmed,
        )?
        .path)
    })
}

fn written(session: &Session, path: &Path, file: FileBytes) -> Result<ExportWritten, String> {
    Ok(ExportWritten {
        path: write_file(session, path, &file)?,
        count: file.count,
    })
}

/// Writes `<SIREN>FEC<AAAAMMJJ>.txt` into `folder`; refused by the core while `siren` is unset.
#[tauri::command]
pub async fn export_fec(
    session: State<'_, Session>,
    year: i32,
    folder: PathBuf,
) -> Result<ExportWritten, String> {
    let file = perform::<ops::Fec>(&session, ExportYear { year })?;
    let path = folder.join(&file.file_name);
    written(&session, &path, file)
}

#[tauri::command]
pub async fn export_ledger_csv(
    session: State<'_, Session>,
    year: i32,
    path: PathBuf,
) -> Result<ExportWritten, String> {
    let file = perform::<ops::LedgerCsv>(&session, ExportYear { year })?;
    written(&session, &path, file)
}

#[tauri::command]
pub async fn export_members_csv(
    session: State<'_, Session>,
    path: PathBuf,
) -> Result<ExportWritten, String> {
    let file = perform::<ops::MembersCsv>(&session, ())?;
    written(&session, &path, file)
}
