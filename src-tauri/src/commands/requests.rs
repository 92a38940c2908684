//! The register of members' data requests (GDPR): list, record, extend, answer. Each command
//! performs one operation of the core (`panier::ops::rights`), which computes every deadline
//! and enforces the rules (one month, two more if told in time).

use crate::form::{perform, perform_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::ops::rights::{
    self as ops, AnswerFields, ExtensionFields, NewRequestFields, RequestAnswer, RequestExtension,
    RequestFilter, RequestView,
};
use tauri::State;

/// The request forms' fields.
const REQUEST_FIELDS: &[Field] = &[
    Field::Member,
    Field::Kind,
    Field::ReceivedOn,
    Field::IdentityCheck,
    Field::Reason,
    Field::Months,
    Field::ToldOn,
    Field::Date,
];

/// The register, newest first; `open_only` keeps those awaiting an answer.
#[tauri::command]
pub async fn list_requests(
    session: State<'_, Session>,
    open_only: bool,
) -> Result<Vec<RequestView>, String> {
    perform::<ops::ListRequests>(&session, RequestFilter { open_only })
}

#[tauri::command]
pub async fn add_request(
    session: State<'_, Session>,
    fields: NewRequestFields,
) -> Result<RequestView, FormError> {
    perform_form::<ops::AddRequest>(&session, REQUEST_FIELDS, fields)
}

#[tauri::command]
pub async fn extend_request(
    session: State<'_, Session>,
    id: i64,
    fields: ExtensionFields,
) -> Result<RequestView, FormError> {
    perform_form::<ops::ExtendRequest>(&session, REQUEST_FIELDS, RequestExtension { id, fields })
}

#[tauri::command]
pub async fn answer_request(
    session: State<'_, Session>,
    id: i64,
    fields: AnswerFields,
) -> Result<RequestView, FormError> {
    perform_form::<ops::AnswerRequest>(&session, REQUEST_FIELDS, RequestAnswer { id, fields })
}
