//! Imports: a HelloAsso export (payments or membership form), a members CSV or a Paheko
//! association's file, first as a dry run that writes nothing and lists every row, then for
//! real. The shell reads the file the
//! dialog chose; the core's operations (`panier::ops::imports`) take its bytes.

use crate::form::perform;
use crate::session::Session;
use panier::ops::imports::{
    self as ops, ColumnMapping, FileContent, ImportReportView, ImportRequest, ImportedFile,
    MemberColumns, PahekoReportView, PahekoRequest,
};
use serde::Deserialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

/// Which importer reads the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    /// HelloAsso payments or membership-form export (the core recognises which).
    Helloasso,
    Members,
}

/// The file's bytes, or why they could not be read.
fn read(session: &Session, path: &PathBuf) -> Result<FileContent, String> {
    std::fs::read(path)
        .map(FileContent)
        .map_err(|e| session.message(&panier::Error::from(e)))
}

#[tauri::command]
pub async fn import_member_columns(
    session: State<'_, Session>,
    path: PathBuf,
) -> Result<MemberColumns, String> {
    let content = read(&session, &path)?;
    perform::<ops::MemberColumnsOf>(&session, ImportedFile { content })
}

/// Reads the file and imports it, or only checks it with `dry_run`.
#[tauri::command]
pub async fn import_file(
    session: State<'_, Session>,
    kind: ImportKind,
    path: PathBuf,
    mapping: Vec<ColumnMapping>,
    dry_run: bool,
    skip_invalid: bool,
) -> Result<ImportReportView, String> {
    let request = ImportRequest {
        content: read(&session, &path)?,
        mapping,
        dry_run,
        skip_invalid,
    };
    match kind {
        ImportKind::Helloasso => perform::<ops::ImportHelloasso>(&session, request),
        ImportKind::Members => perform::<ops::ImportMembers>(&session, request),
    }
}

/// Reads a Paheko association's file and imports it, or only checks it with `dry_run`: the
/// same report either way, nothing written by the dry run (on the server when joined).
#[tauri::command]
pub async fn import_paheko_file(
    session: State<'_, Session>,
    path: PathBuf,
    dry_run: bool,
) -> Result<PahekoReportView, String> {
    let request = PahekoRequest {
        content: read(&session, &path)?,
        file_name: path.display().to_string(),
        dry_run,
    };
    perform::<ops::ImportPaheko>(&session, request)
}
