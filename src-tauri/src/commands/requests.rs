//! The register of members' data requests (GDPR): list, record, extend, answer. The core
//! computes every deadline and enforces the rules (one month, two more if told in time).

use crate::form::{run_form, FormError};
use crate::session::Session;
use panier::kernel::dates::parse_date;
use panier::kernel::field::Field;
use panier::kernel::ids::RequestId;
use panier::rights::requests::{self, DataRequest, NewRequest, RequestKind};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

/// One request of the register, with its deadline as the core computes it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    pub member_name: String,
    #[ts(type = "\"access\" | \"portability\" | \"rectification\" | \"erasure\" | \"other\"")]
    pub kind: String,
    pub received_on: String,
    pub identity_check: String,
    pub deadline: String,
    pub extension_months: u32,
    pub extension_reason: String,
    pub member_told_on: Option<String>,
    #[ts(type = "\"open\" | \"answered\" | \"refused\"")]
    pub status: String,
    pub answered_on: Option<String>,
    pub notes: String,
    /// days left before the deadline (negative when late); `None` once answered
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// the last day the member may be told of an extension
    pub last_day_to_extend: String,
}

impl RequestView {
    /// `days_left` counts from today.
    pub fn of(r: &DataRequest) -> Self {
        let today = panier::kernel::dates::today();
        RequestView {
            id: r.id.0,
            member_id: r.member_id.map(|m| m.0),
            member_name: r.member_name.clone(),
            kind: r.kind.as_str().to_string(),
            received_on: r.received_on.to_string(),
            identity_check: r.identity_check.clone(),
            deadline: r.deadline.to_string(),
            extension_months: r.extension_months,
            extension_reason: r.extension_reason.clone(),
            member_told_on: r.member_told_on.map(|d| d.to_string()),
            status: r.status.as_str().to_string(),
            answered_on: r.answered_on.map(|d| d.to_string()),
            notes: r.notes.clone(),
            days_left: r.days_left(today),
            last_day_to_extend: requests::last_day_to_extend(r.received_on).to_string(),
        }
    }
}

/// The register, newest first; `open_only` keeps those awaiting an answer.
#[tauri::command]
pub async fn list_requests(
    session: State<'_, Session>,
    open_only: bool,
) -> Result<Vec<RequestView>, String> {
    session.with_database(|db| {
        Ok(requests::list(db.conn(), open_only)?
            .iter()
            .map(RequestView::of)
            .collect())
    })
}

/// A request as the form sends it.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct NewRequestFields {
    /// the member's number or email address
    pub member: String,
    pub kind: String,
    /// YYYY-MM-DD
    pub received_on: String,
    pub identity_check: String,
    pub notes: String,
}

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

#[tauri::command]
pub async fn add_request(
    session: State<'_, Session>,
    fields: NewRequestFields,
) -> Result<RequestView, FormError> {
    let today = panier::kernel::dates::today();
    run_form(&session, REQUEST_FIELDS, |db| {
        let member = panier::people::members::find(db.conn(), &fields.member);
        let member = match member {
            Err(e @ panier::Error::NotFound { .. }) => {
                // Shown next to the member field: say what was not found there.
                return Err(panier::Error::invalid(
                    Field::Member,
                    &fields.member,
                    e.message(panier::Lang::Fr),
                    e.message(panier::Lang::En),
                ));
            }
            other => other?,
        };
        let request = NewRequest {
            member: member.id,
            kind: RequestKind::parse(&fields.kind)?,
            received_on: parse_date(Field::ReceivedOn, &fields.received_on)?,
            identity_check: fields.identity_check.clone(),
            notes: fields.notes.clone(),
        };
        let id = requests::add(db, &request, today)?;
        Ok(RequestView::of(&requests::get(db.conn(), id)?))
    })
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtensionFields {
    pub months: u32,
    pub reason: String,
    /// the day the member was told, YYYY-MM-DD
    pub told_on: String,
}

#[tauri::command]
pub async fn extend_request(
    session: State<'_, Session>,
    id: i64,
    fields: ExtensionFields,
) -> Result<RequestView, FormError> {
    run_form(&session, REQUEST_FIELDS, |db| {
        let told_on = parse_date(Field::ToldOn, &fields.told_on)?;
        let extended = requests::extend(db, RequestId(id), fields.months, &fields.reason, told_on)?;
        Ok(RequestView::of(&extended))
    })
}

#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct AnswerFields {
    /// YYYY-MM-DD
    pub date: String,
    /// answered with a reasoned refusal
    pub refused: bool,
    pub notes: String,
}

#[tauri::command]
pub async fn answer_request(
    session: State<'_, Session>,
    id: i64,
    fields: AnswerFields,
) -> Result<RequestView, FormError> {
    run_form(&session, REQUEST_FIELDS, |db| {
        let date = parse_date(Field::Date, &fields.date)?;
        let answered = requests::answer(db, RequestId(id), date, fields.refused, &fields.notes)?;
        Ok(RequestView::of(&answered))
    })
}
