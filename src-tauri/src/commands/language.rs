//! The UI's language, which the shell needs for the errors it returns.

use crate::session::Session;
use panier::Lang;
use tauri::State;

#[tauri::command]
pub async fn set_language(session: State<'_, Session>, language: Lang) -> Result<(), String> {
    session.set_language(language);
    Ok(())
}
