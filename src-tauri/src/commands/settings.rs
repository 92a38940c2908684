//! Settings: the association's identity, economic model, infrastructure facts, the operator
//! named in the audit log, and the backups panel. Every value goes through the core's
//! `settings::set`, which checks it.

use crate::form::{run_one_value_form, FormError};
use crate::session::{LocalisedText, Session};
use panier::store::settings::{self, Kind};
use serde::Serialize;
use tauri::State;
use ts_rs::TS;

/// One setting with its value and what it may hold.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SettingField {
    pub key: String,
    pub value: String,
    /// the core's description, in both languages
    pub label: LocalisedText,
    /// `text`, `yes_no`, `month_day`, `days`, `lang`, `siren`, `rna`, `currency`,
    /// `legal_form`, `one_of`, `country_code`, `date`, `count`, `url`, `email` or `amount`
    pub kind: String,
    /// the allowed words of a `one_of`
    pub choices: Vec<String>,
}

fn kind_word(kind: Kind) -> (&'static str, Vec<String>) {
    match kind {
        Kind::Text => ("text", Vec::new()),
        Kind::YesNo => ("yes_no", Vec::new()),
        Kind::MonthDay => ("month_day", Vec::new()),
        Kind::Days => ("days", Vec::new()),
        Kind::Lang => ("lang", Vec::new()),
        Kind::Siren => ("siren", Vec::new()),
        Kind::Rna => ("rna", Vec::new()),
        Kind::Currency => ("currency", Vec::new()),
        Kind::LegalForm => ("legal_form", Vec::new()),
        Kind::OneOf(words) => ("one_of", words.iter().map(|w| w.to_string()).collect()),
        Kind::CountryCode => ("country_code", Vec::new()),
        Kind::Date => ("date", Vec::new()),
        Kind::Count => ("count", Vec::new()),
        Kind::Url => ("url", Vec::new()),
        Kind::Email => ("email", Vec::new()),
        Kind::Amount => ("amount", Vec::new()),
    }
}

/// Every setting the core knows, in its order, with its value.
#[tauri::command]
pub async fn settings_list(session: State<'_, Session>) -> Result<Vec<SettingField>, String> {
    session.with_database(|db| {
        let values = settings::all(db.conn())?;
        Ok(settings::KEYS
            .iter()
            .map(|k| {
                let (kind, choices) = kind_word(k.kind);
                SettingField {
                    key: k.key.to_string(),
                    value: values.get(k.key).cloned().unwrap_or_default(),
                    label: LocalisedText {
                        fr: k.fr.to_string(),
                        en: k.en.to_string(),
                    },
                    kind: kind.to_string(),
                    choices,
                }
            })
            .collect())
    })
}

/// Changes one setting; returns the value as stored (normalised by the core). Setting
/// `operator` also names the person in the audit log from the next change on.
#[tauri::command]
pub async fn setting_set(
    session: State<'_, Session>,
    key: String,
    value: String,
) -> Result<String, FormError> {
    // the Settings screen names each field by the setting's key
    run_one_value_form(&session, &key, |db| settings::set(db, &key, &value))
}

/// One backup file.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupRow {
    pub path: String,
    /// local time, `YYYY-MM-DD HH:MM:SS`
    pub taken_at: String,
    #[ts(type = "number")]
    pub bytes: i64,
    /// empty for a daily or on-demand backup; else why it was kept (`avant-v2`…)
    pub reason: String,
}

fn backup_row(b: panier::store::backup::BackupInfo) -> BackupRow {
    BackupRow {
        path: b.path.display().to_string(),
        taken_at: b.taken_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        bytes: b.bytes as i64,
        reason: b.reason,
    }
}

/// Where backups go and the ones there.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupsView {
    pub dir: String,
    pub backups: Vec<BackupRow>,
}

#[tauri::command]
pub async fn backups_list(session: State<'_, Session>) -> Result<BackupsView, String> {
    session.with_database(|db| {
        Ok(BackupsView {
            dir: panier::store::backup::dir(db).display().to_string(),
            backups: panier::store::backup::list(db)?
                .into_iter()
                .map(backup_row)
                .collect(),
        })
    })
}

/// Takes a backup now (checked after writing, then rotation); returns it.
#[tauri::command]
pub async fn backup_now(session: State<'_, Session>) -> Result<BackupRow, String> {
    session.with_database(|db| {
        panier::store::backup::take(db, panier::store::backup::local_now()).map(backup_row)
    })
}
