//! The Money screen: the financial year's ledger, and the forms that record a plan payment,
//! a donation, an expense, a reversal and the recurring expenses. Each command performs one
//! operation of the core (`panier::ops::money`), where the forms' text is parsed; a refusal
//! names the field it is about so the window can show it next to that field. Joined to the
//! association's server, the operations go there (`form::perform`, like every command's).

use crate::form::{perform, run_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::ops::money::{
    self as ops, DonationForm, EntryReversal, ExpenseForm, MemberChoice, MemberSearch,
    MoneyChoices, MoneyOverview, OverviewQuery, PaymentForm, PaymentSplit, RecurringForm,
    RecurringRow, ReversalDone,
};
use panier::ops::Operation;
use panier::Database;
use tauri::State;

/// The fields of the Money and Renewals forms.
pub const MONEY_FIELDS: &[Field] = Field::MONEY;

/// Runs a Money or Renewals form's action on the open file (see `form::run_form`).
pub fn with_form<T>(
    session: &Session,
    action: impl FnOnce(&mut Database) -> Result<T, panier::Error>,
) -> Result<T, FormError> {
    run_form(session, MONEY_FIELDS, action)
}

/// Performs a Money form's operation `O`; a refusal keeps the field it is about.
fn perform_form<O: Operation>(
    session: &Session,
    request: O::Request,
) -> Result<O::Response, FormError> {
    crate::form::perform_form::<O>(session, MONEY_FIELDS, request)
}

#[tauri::command]
pub async fn money_overview(
    session: State<'_, Session>,
    member: Option<i64>,
) -> Result<MoneyOverview, String> {
    perform::<ops::Overview>(&session, OverviewQuery { member })
}

#[tauri::command]
pub async fn money_choices(session: State<'_, Session>) -> Result<MoneyChoices, String> {
    perform::<ops::Choices>(&session, ())
}

#[tauri::command]
pub async fn money_find_members(
    session: State<'_, Session>,
    text: String,
) -> Result<Vec<MemberChoice>, String> {
    perform::<ops::FindMembers>(&session, MemberSearch { text })
}

#[tauri::command]
pub async fn money_preview_payment(
    session: State<'_, Session>,
    payment: PaymentForm,
) -> Result<PaymentSplit, FormError> {
    perform_form::<ops::PreviewPayment>(&session, payment)
}

#[tauri::command]
pub async fn money_record_payment(
    session: State<'_, Session>,
    payment: PaymentForm,
) -> Result<PaymentSplit, FormError> {
    perform_form::<ops::RecordPayment>(&session, payment)
}

#[tauri::command]
pub async fn money_record_donation(
    session: State<'_, Session>,
    donation: DonationForm,
) -> Result<i64, FormError> {
    perform_form::<ops::RecordDonation>(&session, donation)
}

#[tauri::command]
pub async fn money_record_expense(
    session: State<'_, Session>,
    expense: ExpenseForm,
) -> Result<i64, FormError> {
    perform_form::<ops::RecordExpense>(&session, expense)
}

/// Corrects entry `entry` by writing its opposite today (the original stays).
#[tauri::command]
pub async fn money_reverse_entry(
    session: State<'_, Session>,
    entry: i64,
    reason: String,
) -> Result<ReversalDone, FormError> {
    let request = EntryReversal {
        entry,
        reason,
        date: String::new(),
    };
    perform_form::<ops::ReverseEntry>(&session, request)
}

#[tauri::command]
pub async fn money_recurring_list(
    session: State<'_, Session>,
) -> Result<Vec<RecurringRow>, String> {
    perform::<ops::RecurringList>(&session, ())
}

#[tauri::command]
pub async fn money_add_recurring(
    session: State<'_, Session>,
    recurring: RecurringForm,
) -> Result<i64, FormError> {
    perform_form::<ops::AddRecurring>(&session, recurring)
}

#[tauri::command]
pub async fn money_generate_recurring(session: State<'_, Session>) -> Result<u32, String> {
    perform::<ops::GenerateRecurring>(&session, ())
}
