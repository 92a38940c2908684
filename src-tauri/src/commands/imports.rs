//! Imports: a HelloAsso export (payments or membership form), a members CSV or a Paheko
//! association's file, first as a dry run that writes nothing and lists every row, then for
//! real. The shell reads the file the
//! dialog chose; the core's operations (`panier::ops::imports`) take its bytes.

use crate::form::perform;
use crate::session::Session;
use panier::bridges::paheko::{import_paheko, PahekoReport};
use panier::kernel::dates::today;
use panier::ops::imports::{
    self as ops, snake, ColumnMapping, FileContent, ImportReportView, ImportRequest, ImportedFile,
    MemberColumns,
};
use serde::{Deserialize, Serialize};
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

/// One Paheko row and what became of it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PahekoItemView {
    /// member, fee, subscription, year or transaction
    pub kind: String,
    #[ts(type = "number")]
    pub paheko_id: i64,
    pub name: String,
    /// created, matched, skipped, not_mapped or refused
    pub outcome: String,
    pub reason_fr: String,
    pub reason_en: String,
}

/// An account of Paheko's chart and where its lines went.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PahekoAccountView {
    pub code: String,
    pub label: String,
    /// chart, treasury, kept or not_mapped
    pub fate: String,
    pub panier_account: Option<String>,
    #[ts(type = "number")]
    pub lines: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PahekoReportView {
    pub paheko_version: String,
    pub association: String,
    /// dry_run, imported or refused
    pub status: String,
    pub written: bool,
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub matched: i64,
    #[ts(type = "number")]
    pub skipped: i64,
    #[ts(type = "number")]
    pub not_mapped: i64,
    #[ts(type = "number")]
    pub refused: i64,
    #[ts(type = "number")]
    pub members_created: i64,
    #[ts(type = "number")]
    pub plans_created: i64,
    #[ts(type = "number")]
    pub subscriptions_created: i64,
    #[ts(type = "number")]
    pub entries_created: i64,
    #[ts(type = "number")]
    pub years_closed: i64,
    pub items: Vec<PahekoItemView>,
    pub accounts: Vec<PahekoAccountView>,
}

fn paheko_view(report: PahekoReport) -> PahekoReportView {
    PahekoReportView {
        paheko_version: report.paheko_version,
        association: report.association,
        status: snake(&report.status),
        written: report.written,
        created: report.created as i64,
        matched: report.matched as i64,
        skipped: report.skipped as i64,
        not_mapped: report.not_mapped as i64,
        refused: report.refused as i64,
        members_created: report.members_created as i64,
        plans_created: report.plans_created as i64,
        subscriptions_created: report.subscriptions_created as i64,
        entries_created: report.entries_created as i64,
        years_closed: report.years_closed as i64,
        items: report
            .items
            .into_iter()
            .map(|i| PahekoItemView {
                kind: snake(&i.kind),
                paheko_id: i.paheko_id,
                name: i.name,
                outcome: snake(&i.outcome),
                reason_fr: i.reason,
                reason_en: i.reason_en,
            })
            .collect(),
        accounts: report
            .accounts
            .into_iter()
            .map(|a| PahekoAccountView {
                code: a.code,
                label: a.label,
                fate: snake(&a.fate),
                panier_account: a.panier_account,
                lines: a.lines as i64,
            })
            .collect(),
    }
}

/// Reads a Paheko association's file (read-only) and imports it, or only checks it with
/// `dry_run`: the same report either way, nothing written by the dry run.
#[tauri::command]
pub async fn import_paheko_file(
    session: State<'_, Session>,
    path: PathBuf,
    dry_run: bool,
) -> Result<PahekoReportView, String> {
    session.with_database(|db| Ok(paheko_view(import_paheko(db, &path, dry_run, today())?)))
}
