//! Mail that goes out: the SMTP server in Settings ("send me a test"), and "Send the reminders"
//! on the Renewals screen — its plan (the count, the first message, who is left aside), then
//! the sending, a few at a time so the window shows its progress and each member's outcome.
//! Each command performs one operation of the core (`panier::ops::mail`).

use crate::form::{perform, perform_form, FormError};
use crate::session::Session;
use panier::bridges::mail::log::LogLine;
use panier::bridges::mail::receipts::ReceiptMail;
use panier::bridges::mail::reminders::{Batch, ReminderPlan, ReminderRun};
use panier::bridges::mail::{MailServer, MailServerInput, TestMail};
use panier::kernel::field::Field;
use panier::kernel::ids::MemberId;
use panier::ops::mail::{
    self as ops, MailConfigureRequest, MailLogQuery, MailTestRequest, RemindersQuery,
    SendRemindersRequest,
};

use tauri::State;

/// The fields of the mail settings' form.
const MAIL_FIELDS: &[Field] = &[Field::From, Field::Password, Field::Email];

#[tauri::command]
pub async fn mail_settings(session: State<'_, Session>) -> Result<Option<MailServer>, String> {
    perform::<ops::MailShow>(&session, ())
}

/// Records the SMTP server; the password when one is typed (empty: keep the stored one).
#[tauri::command]
pub async fn mail_configure(
    session: State<'_, Session>,
    server: MailServerInput,
    password: Option<String>,
) -> Result<MailServer, FormError> {
    let password = password.filter(|p| !p.is_empty());
    perform_form::<ops::MailConfigure>(
        &session,
        MAIL_FIELDS,
        MailConfigureRequest { server, password },
    )
}

#[tauri::command]
pub async fn mail_test(session: State<'_, Session>, to: String) -> Result<TestMail, FormError> {
    perform_form::<ops::MailTest>(&session, MAIL_FIELDS, MailTestRequest { to })
}

/// What "Send the reminders" would send (state: due, grace, expired, or '' for all).
#[tauri::command]
pub async fn reminders_plan(
    session: State<'_, Session>,
    state: String,
) -> Result<ReminderPlan, String> {
    perform::<ops::RemindersPlan>(
        &session,
        RemindersQuery {
            state,
            date: String::new(),
        },
    )
}

/// Sends up to `limit` pending reminders, leaving the members already tried in this run.
#[tauri::command]
pub async fn reminders_send(
    session: State<'_, Session>,
    state: String,
    limit: usize,
    skip_members: Vec<i64>,
) -> Result<ReminderRun, String> {
    perform::<ops::SendReminders>(
        &session,
        SendRemindersRequest {
            query: RemindersQuery {
                state,
                date: String::new(),
            },
            batch: Batch {
                limit: Some(limit),
                skip_members: skip_members.into_iter().map(MemberId).collect(),
            },
        },
    )
}

/// The latest messages sent or tried (of one member, or all).
#[tauri::command]
pub async fn mail_log(
    session: State<'_, Session>,
    member: Option<i64>,
) -> Result<Vec<LogLine>, String> {
    perform::<ops::MailLog>(
        &session,
        MailLogQuery {
            member: member.map(MemberId),
        },
    )
}

/// Prints the receipt of entry `entry` into `path` (the save dialog's file: the association
/// keeps its copy) and sends it to the member by mail.
#[tauri::command]
pub async fn receipt_send(
    session: State<'_, Session>,
    entry: i64,
    kind: String,
    path: std::path::PathBuf,
) -> Result<ReceiptMail, FormError> {
    super::money::with_form(&session, |db| {
        let kind = panier::books::receipts::ReceiptKind::parse(&kind)?;
        let mut courier = panier::bridges::mail::courier(db)?;
        panier::bridges::mail::receipts::send_for_entry(
            db,
            &mut courier,
            panier::kernel::ids::EntryId(entry),
            kind,
            panier::kernel::dates::today(),
            &path,
            panier::store::output::Replace::Confirmed,
        )
    })
}
