//! Where to write an export or which file to import: the system's file dialogs, opened by the
//! shell so the UI never types a path into a text field (and never gets file-system access).
//!
//! `PANIER_DIALOG_DIR` answers the dialogs without showing them, for the end-to-end tests (a
//! WebDriver cannot drive a native GTK dialog): a save or open dialog then picks
//! `<PANIER_DIALOG_DIR>/<suggested name>`, a folder dialog the folder itself.

use serde::Deserialize;
use std::path::PathBuf;
use tauri::AppHandle;
use tauri_plugin_dialog::{DialogExt, FileDialogBuilder};
use ts_rs::TS;

const SCRIPTED_ANSWERS: &str = "PANIER_DIALOG_DIR";

/// What the dialog is for: the file name it suggests and the kinds of file it shows.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FileChoice {
    /// The file name offered (save) or expected (open, scripted answers only), e.g. "fec.txt".
    pub suggested_name: String,
    /// The filter's label, e.g. "PDF".
    pub filter_name: Option<String>,
    /// Extensions without the dot, e.g. ["pdf"]; empty for any file.
    #[serde(default)]
    pub extensions: Vec<String>,
}

fn scripted_dir() -> Option<PathBuf> {
    std::env::var_os(SCRIPTED_ANSWERS)
        .filter(|dir| !dir.is_empty())
        .map(PathBuf::from)
}

fn dialog(app: &AppHandle, choice: &FileChoice) -> FileDialogBuilder<tauri::Wry> {
    let mut dialog = app.dialog().file();
    if !choice.extensions.is_empty() {
        let extensions: Vec<&str> = choice.extensions.iter().map(String::as_str).collect();
        let label = choice.filter_name.as_deref().unwrap_or("");
        dialog = dialog.add_filter(label, &extensions);
    }
    dialog
}

/// The path to save to, or `None` when the person cancelled.
#[tauri::command]
pub async fn choose_save_path(
    app: AppHandle,
    choice: FileChoice,
) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = scripted_dir() {
        return Ok(Some(dir.join(&choice.suggested_name)));
    }
    let picked = dialog(&app, &choice)
        .set_file_name(&choice.suggested_name)
        .blocking_save_file();
    picked
        .map(|path| path.into_path().map_err(|e| e.to_string()))
        .transpose()
}

/// The file to read, or `None` when the person cancelled.
#[tauri::command]
pub async fn choose_open_path(
    app: AppHandle,
    choice: FileChoice,
) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = scripted_dir() {
        return Ok(Some(dir.join(&choice.suggested_name)));
    }
    let picked = dialog(&app, &choice).blocking_pick_file();
    picked
        .map(|path| path.into_path().map_err(|e| e.to_string()))
        .transpose()
}

/// A folder to write several files into, or `None` when the person cancelled.
#[tauri::command]
pub async fn choose_folder(app: AppHandle) -> Result<Option<PathBuf>, String> {
    if let Some(dir) = scripted_dir() {
        return Ok(Some(dir));
    }
    let picked = app.dialog().file().blocking_pick_folder();
    picked
        .map(|path| path.into_path().map_err(|e| e.to_string()))
        .transpose()
}
