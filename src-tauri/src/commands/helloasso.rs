//! HelloAsso without files, from the Imports screen: the API client's settings (the secret
//! goes to the secret store, never to the file nor back to the window) and the sync, first
//! as a dry run that lists every payment, then for real. Each command performs one operation,
//! whose request and answer are the form's own (`panier::ops::helloasso`).

use crate::form::perform;
use crate::session::Session;
use panier::ops::helloasso::{
    Configure, HelloassoConfigureForm, HelloassoStatusView, HelloassoSyncForm, HelloassoSyncView,
    Status, Sync,
};
use tauri::State;

#[tauri::command]
pub async fn helloasso_status(
    session: State<'_, Session>,
) -> Result<Option<HelloassoStatusView>, String> {
    perform::<Status>(&session, ())
}

#[tauri::command]
pub async fn helloasso_configure(
    session: State<'_, Session>,
    form: HelloassoConfigureForm,
) -> Result<HelloassoStatusView, String> {
    perform::<Configure>(&session, form)
}

/// Reads the payments from HelloAsso and imports them, or only checks them with `dry_run`.
#[tauri::command]
pub async fn helloasso_sync(
    session: State<'_, Session>,
    dry_run: bool,
    skip_invalid: bool,
) -> Result<HelloassoSyncView, String> {
    perform::<Sync>(
        &session,
        HelloassoSyncForm {
            dry_run,
            skip_invalid,
        },
    )
}
