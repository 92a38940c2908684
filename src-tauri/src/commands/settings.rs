//! Settings: the association's identity, economic model, infrastructure facts, the operator
//! named in the audit log, and the backups panel — each command one operation of the core
//! (`panier::ops::settings`), where every value is checked.

use crate::form::{perform, perform_one_value_form, FormError};
use crate::session::Session;
use panier::ops::settings::{self as ops, BackupRow, BackupsView, SettingChange, SettingField};
use tauri::State;

/// Every setting the core knows, in its order, with its value.
#[tauri::command]
pub async fn settings_list(session: State<'_, Session>) -> Result<Vec<SettingField>, String> {
    perform::<ops::List>(&session, ())
}

/// Changes one setting; returns the value as stored (normalised by the core). Setting
/// `operator` also names the person in the audit log from the next change on.
#[tauri::command]
pub async fn setting_set(
    session: State<'_, Session>,
    key: String,
    value: String,
) -> Result<String, FormError> {
    let change = SettingChange {
        key: key.clone(),
        value,
    };
    // the Settings screen names each field by the setting's key
    perform_one_value_form::<ops::Set>(&session, &key, change)
}

#[tauri::command]
pub async fn backups_list(session: State<'_, Session>) -> Result<BackupsView, String> {
    perform::<ops::Backups>(&session, ())
}

/// Takes a backup now (checked after writing, then rotation); returns it.
#[tauri::command]
pub async fn backup_now(session: State<'_, Session>) -> Result<BackupRow, String> {
    perform::<ops::BackupNow>(&session, ())
}
