//! Which file is open: status, create, open, close.

use crate::session::{DatabaseStatus, Session};
use std::path::PathBuf;
use tauri::State;

#[tauri::command]
pub async fn database_status(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    Ok(session.status())
}

#[tauri::command]
pub async fn create_association(
    session: State<'_, Session>,
    path: PathBuf,
    name: String,
) -> Result<DatabaseStatus, String> {
    session
        .create(&path, &name)
        .map_err(|e| session.message(&e))
}

#[tauri::command]
pub async fn open_database(
    session: State<'_, Session>,
    path: PathBuf,
) -> Result<DatabaseStatus, String> {
    session.open(&path).map_err(|e| session.message(&e))
}

#[tauri::command]
pub async fn close_database(session: State<'_, Session>) -> Result<DatabaseStatus, String> {
    Ok(session.close())
}
