//! The Nextcloud connector panel: each command one operation of the core
//! (`panier::ops::nextcloud`): the server's settings, a connection test, the dry-run plan,
//! apply, and reading usage.
//!
//! The operations that talk to the server run on a blocking thread (`spawn_blocking`), so the
//! window stays responsive while the connector waits on the network.

use crate::form::{perform, perform_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::ops::nextcloud::{
    self as ops, Accepted, ApplyView, ConnectionTest, NextcloudSettings, PullView, ServerForm,
    SyncPlanView,
};
use panier::ops::Operation;
use tauri::{AppHandle, Manager, State};

#[tauri::command]
pub async fn nextcloud_settings(
    session: State<'_, Session>,
) -> Result<Option<NextcloudSettings>, String> {
    perform::<ops::Settings>(&session, ())
}

/// The server form's fields.
const SERVER_FIELDS: &[Field] = &[Field::Url, Field::AdminUser, Field::Password];

/// Records the server's address and admin login, and the app password when one is typed
/// (empty or absent: keep the stored one).
#[tauri::command]
pub async fn nextcloud_configure(
    session: State<'_, Session>,
    url: String,
    admin_user: String,
    ocs_version: u8,
    password: Option<String>,
) -> Result<NextcloudSettings, FormError> {
    let form = ServerForm {
        url,
        admin_user,
        ocs_version,
        password,
    };
    perform_form::<ops::Configure>(&session, SERVER_FIELDS, form)
}

/// Performs `O` on a blocking thread: it waits on the network.
async fn off_the_window<O>(app: AppHandle, request: O::Request) -> Result<O::Response, String>
where
    O: Operation,
    O::Request: Send + 'static,
    O::Response: Send + 'static,
{
    tauri::async_runtime::spawn_blocking(move || perform::<O>(&app.state::<Session>(), request))
        .await
        .map_err(|e| e.to_string())?
}

#[tauri::command]
pub async fn nextcloud_test(app: AppHandle) -> Result<ConnectionTest, String> {
    off_the_window::<ops::TestConnection>(app, ()).await
}

/// The dry run on today, with the downgrades of `accept` (logins) accepted. Changes nothing.
#[tauri::command]
pub async fn nextcloud_plan(
    session: State<'_, Session>,
    accept: Vec<String>,
) -> Result<SyncPlanView, String> {
    perform::<ops::Plan>(&session, Accepted { accept })
}

/// Computes the plan again (with the same accepted downgrades) and makes its calls; each
/// account's result is recorded by the core.
#[tauri::command]
pub async fn nextcloud_apply(app: AppHandle, accept: Vec<String>) -> Result<ApplyView, String> {
    off_the_window::<ops::Apply>(app, Accepted { accept }).await
}

/// Reads every Nextcloud account's usage from the server.
#[tauri::command]
pub async fn nextcloud_pull(app: AppHandle) -> Result<PullView, String> {
    off_the_window::<ops::Pull>(app, ()).await
}
