//! The association as a whole: what the header and the dashboard show (the core's
//! `panier::ops::settings::Summary`).

use crate::form::perform;
use crate::session::Session;
use panier::ops::settings::{AssociationSummary, Summary};
use tauri::State;

#[tauri::command]
pub async fn association_summary(
    session: State<'_, Session>,
) -> Result<AssociationSummary, String> {
    perform::<Summary>(&session, ())
}
