//! Members: the list (search, filters, sort), the form (add, edit, delete) and a member's
//! page (everything the core knows about them, their data export and their erasure). Each
//! command performs one operation of the core (`panier::ops::members`, `panier::ops::rights`);
//! the data export's file is written here, where the save dialog said.

use crate::form::{perform, perform_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::ops::members::page::{self, MemberPageView};
use panier::ops::members::{
    self as ops, MemberFields, MemberFilter, MemberList, MemberRef, MemberSaved, MemberUpdate,
    PlanOption,
};
use panier::ops::rights::{self, EraseRequest, ErasureDone, ErasurePlanView, MemberExportRequest};
use serde::Serialize;
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

/// The member form's fields.
const MEMBER_FIELDS: &[Field] = &[
    Field::LastName,
    Field::OrgName,
    Field::Email,
    Field::Phone,
    Field::JoinedOn,
];

#[tauri::command]
pub async fn list_members(
    session: State<'_, Session>,
    query: MemberFilter,
) -> Result<MemberList, String> {
    perform::<ops::List>(&session, query)
}

/// The plans, for the list's filter and the member page.
#[tauri::command]
pub async fn member_plans(session: State<'_, Session>) -> Result<Vec<PlanOption>, String> {
    perform::<ops::Plans>(&session, ())
}

#[tauri::command]
pub async fn add_member(
    session: State<'_, Session>,
    fields: MemberFields,
) -> Result<MemberSaved, FormError> {
    perform_form::<ops::AddFromForm>(&session, MEMBER_FIELDS, fields)
}

/// Saves the form opened on the member page; `fields.revision` is the one the page read, so
/// an edit made meanwhile elsewhere (the team server, the CLI) is not overwritten.
#[tauri::command]
pub async fn update_member(
    session: State<'_, Session>,
    id: i64,
    fields: MemberFields,
) -> Result<MemberSaved, FormError> {
    perform_form::<ops::Update>(&session, MEMBER_FIELDS, MemberUpdate { id, fields })
}

/// Deletes a member entered by mistake; returns their name.
#[tauri::command]
pub async fn delete_member(session: State<'_, Session>, id: i64) -> Result<String, String> {
    perform::<ops::Delete>(&session, MemberRef { id })
}

#[tauri::command]
pub async fn member_page(session: State<'_, Session>, id: i64) -> Result<MemberPageView, String> {
    perform::<page::Page>(&session, MemberRef { id })
}

/// What the data export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    pub path: PathBuf,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Writes the member's data export (ZIP) where the save dialog said: the core's operation
/// makes it (on the server when joined), the shell writes it on this computer.
#[tauri::command]
pub async fn export_member_data(
    session: State<'_, Session>,
    id: i64,
    path: PathBuf,
) -> Result<ExportDone, String> {
    let request = MemberExportRequest {
        id,
        ..Default::default()
    };
    let file = perform::<rights::ExportMember>(&session, request)?;
    Ok(ExportDone {
        path: crate::commands::exports::write_file(&session, &path, &file)?,
        bytes: file.size as u64,
    })
}

#[tauri::command]
pub async fn erasure_plan(session: State<'_, Session>, id: i64) -> Result<ErasurePlanView, String> {
    perform::<rights::ErasurePlan>(&session, MemberRef { id })
}

#[tauri::command]
pub async fn erase_member(session: State<'_, Session>, id: i64) -> Result<ErasureDone, String> {
    let request = EraseRequest {
        id,
        ..Default::default()
    };
    perform::<rights::Erase>(&session, request)
}
