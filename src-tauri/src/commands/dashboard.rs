//! The dashboard's figures: what needs the treasurer's or an admin's attention today, as
//! `panier dashboard` prints them (the core's `panier::ops::dashboard::Figures`).

use crate::form::perform;
use crate::session::Session;
use panier::ops::dashboard::{DashboardFigures, Figures};
use tauri::State;

#[tauri::command]
pub async fn dashboard_figures(session: State<'_, Session>) -> Result<DashboardFigures, String> {
    perform::<Figures>(&session, ())
}
