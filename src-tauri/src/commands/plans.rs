//! Plans and tiers: membership fees and storage tiers, listed with their members, added
//! through a form the core checks, retired and brought back — each command one operation
//! of the core (`panier::ops::plans`).

use crate::form::{perform, perform_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::ops::plans::{self as ops, PlanArchiving, PlanForm, PlanRow};
use tauri::State;

/// The plan form's fields.
const PLAN_FIELDS: &[Field] = &[
    Field::Name,
    Field::Kind,
    Field::Amount,
    Field::Min,
    Field::Counterpart,
    Field::Quota,
    Field::Period,
];

#[tauri::command]
pub async fn plans_list(session: State<'_, Session>) -> Result<Vec<PlanRow>, String> {
    perform::<ops::List>(&session, ())
}

/// Adds a plan; returns it as listed.
#[tauri::command]
pub async fn plan_add(session: State<'_, Session>, form: PlanForm) -> Result<PlanRow, FormError> {
    perform_form::<ops::Add>(&session, PLAN_FIELDS, form)
}

/// Retires a plan (no longer offered) or brings it back.
#[tauri::command]
pub async fn plan_set_archived(
    session: State<'_, Session>,
    id: i64,
    archived: bool,
) -> Result<PlanRow, String> {
    perform::<ops::SetArchived>(&session, PlanArchiving { id, archived })
}
