//! HelloAsso without files, from the Imports screen: the API client's settings (the secret
//! goes to the secret store, never to the file nor back to the window) and the sync, first
//! as a dry run that lists every payment, then for real. Each command performs one operation.

use crate::form::perform;
use crate::session::Session;
use panier::bridges::helloasso_sync::{ConfigureInput, HelloassoSettings, SyncInput};
use panier::ops::helloasso::{Configure, Status, Sync};
use panier::ops::imports::{view, ImportReportView};

use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

/// The connection as the window shows it (never the secret: only whether it is kept).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloassoStatusView {
    pub organization: String,
    pub client_id: String,
    pub api_url: String,
    pub has_secret: bool,
    /// The day of the last sync that wrote something (YYYY-MM-DD).
    pub synced_on: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloassoConfigureForm {
    pub organization: String,
    pub client_id: String,
    /// Empty: keep the one kept.
    pub client_secret: String,
    /// Empty: HelloAsso's production API.
    pub api_url: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloassoSyncView {
    pub organization: String,
    /// The first day read (YYYY-MM-DD); null: everything.
    pub from: Option<String>,
    #[ts(type = "number")]
    pub payments_read: i64,
    /// Each row a payment: `line` its position in HelloAsso's list, `reference` its id.
    pub report: ImportReportView,
}

fn status_view(s: HelloassoSettings) -> HelloassoStatusView {
    HelloassoStatusView {
        organization: s.organization,
        client_id: s.client_id,
        api_url: s.api_url,
        has_secret: s.has_secret,
        synced_on: s.synced_on.map(|d| d.to_string()),
    }
}

#[tauri::command]
pub async fn helloasso_status(
    session: State<'_, Session>,
) -> Result<Option<HelloassoStatusView>, String> {
    Ok(perform::<Status>(&session, ())?.map(status_view))
}

#[tauri::command]
pub async fn helloasso_configure(
    session: State<'_, Session>,
    form: HelloassoConfigureForm,
) -> Result<HelloassoStatusView, String> {
    let input = ConfigureInput {
        organization: form.organization,
        client_id: form.client_id,
        client_secret: Some(form.client_secret).filter(|s| !s.trim().is_empty()),
        api_url: Some(form.api_url).filter(|s| !s.trim().is_empty()),
    };
    Ok(status_view(perform::<Configure>(&session, input)?))
}

/// Reads the payments from HelloAsso and imports them, or only checks them with `dry_run`.
#[tauri::command]
pub async fn helloasso_sync(
    session: State<'_, Session>,
    dry_run: bool,
    skip_invalid: bool,
) -> Result<HelloassoSyncView, String> {
    let sync = perform::<Sync>(
        &session,
        SyncInput {
            from: None,
            dry_run,
            skip_invalid,
        },
    )?;
    Ok(HelloassoSyncView {
        organization: sync.organization,
        from: sync.from.map(|d| d.to_string()),
        payments_read: sync.payments_read as i64,
        report: view(sync.report),
    })
}
