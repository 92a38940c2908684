//! The public side: the year's key figures and previews of the report, the charter's
//! registers (C7, C8, C9) — each command one operation of the core (`panier::ops::reports`,
//! `panier::ops::charter`) — and writing the report's files, which stays here: it writes
//! where the save dialog said, on this computer.

use crate::form::perform;
use crate::session::Session;
use panier::ops::charter::{
    self, AuthorityRequestForm, CharterRegisters, RegisterAdded, SignoffForm, SoftwareForm,
};
use panier::ops::reports::{self, ReportPreview, ReportQuery};
use panier::public::report::{self as report_files, Outputs};
use panier::Lang;
use serde::Deserialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

/// Which file the "write" buttons produce.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReportFile {
    /// The transparency report as HTML.
    Html,
    Pdf,
    EconomicModel,
    /// A folder of `.properties` files.
    Chatonsinfos,
}

#[tauri::command]
pub async fn report_default_year(session: State<'_, Session>) -> Result<i32, String> {
    perform::<reports::DefaultYear>(&session, ())
}

#[tauri::command]
pub async fn report_preview(
    session: State<'_, Session>,
    year: i32,
    language: Lang,
) -> Result<ReportPreview, String> {
    perform::<reports::Preview>(&session, ReportQuery { year, language })
}

/// Writes one output of the year's report to `path` (a file, or a folder for ChatonsInfos);
/// returns every file written.
#[tauri::command]
pub async fn report_write(
    session: State<'_, Session>,
    year: i32,
    language: Lang,
    file: ReportFile,
    path: PathBuf,
) -> Result<Vec<PathBuf>, String> {
    // The save dialog asked before replacing a file: that is the confirmation.
    let mut outputs = Outputs {
        replace: true,
        ..Outputs::default()
    };
    match file {
        ReportFile::Html => outputs.html = Some(path),
        ReportFile::Pdf => outputs.pdf = Some(path),
        ReportFile::EconomicModel => outputs.economic_model = Some(path),
        ReportFile::Chatonsinfos => outputs.chatonsinfos = Some(path),
    }
    session.with_database(|db| report_files::generate(db, year, language, &outputs))
}

/// The kinds of authority request the core knows, for the form's select.
#[tauri::command]
pub async fn authority_request_kinds(session: State<'_, Session>) -> Result<Vec<String>, String> {
    perform::<charter::AuthorityRequestKinds>(&session, ())
}

#[tauri::command]
pub async fn charter_registers(session: State<'_, Session>) -> Result<CharterRegisters, String> {
    perform::<charter::Registers>(&session, ())
}

#[tauri::command]
pub async fn add_authority_request(
    session: State<'_, Session>,
    form: AuthorityRequestForm,
) -> Result<RegisterAdded, String> {
    perform::<charter::AddAuthorityRequest>(&session, form)
}

#[tauri::command]
pub async fn add_software(
    session: State<'_, Session>,
    form: SoftwareForm,
) -> Result<RegisterAdded, String> {
    perform::<charter::AddSoftware>(&session, form)
}

#[tauri::command]
pub async fn add_signoff(
    session: State<'_, Session>,
    form: SignoffForm,
) -> Result<RegisterAdded, String> {
    perform::<charter::AddSignoff>(&session, form)
}
