//! The association as a whole: what the header and the dashboard show.

use crate::session::Session;
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssociationSummary {
    pub name: String,
    // A count fits a JavaScript number; ts-rs would say bigint for any i64.
    #[ts(type = "number")]
    pub member_count: i64,
}

#[tauri::command]
pub async fn association_summary(
    session: State<'_, Session>,
) -> Result<AssociationSummary, String> {
    session.with_database(|db| {
        Ok(AssociationSummary {
            name: panier::store::settings::organisation(db)?.name,
            member_count: panier::people::members::count(db)?,
        })
    })
}
