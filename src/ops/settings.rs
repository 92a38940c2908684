//! The association's settings (identity, economic model, infrastructure facts, the operator
//! named in the audit log), its summary for the header, and its backups. Every value goes
//! through `store::settings::set`, which checks it.

use super::{Access, Area, Operation};
use crate::kernel::error::Result;
use crate::kernel::lang::LocalisedText;
use crate::store::db::Database;
use crate::store::settings::{self, Kind};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One setting with its value and what it may hold.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

/// One backup file.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

fn backup_row(b: crate::store::backup::BackupInfo) -> BackupRow {
    BackupRow {
        path: b.path.display().to_string(),
        taken_at: b.taken_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        bytes: b.bytes as i64,
        reason: b.reason,
    }
}

/// Where backups go and the ones there.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BackupsView {
    pub dir: String,
    pub backups: Vec<BackupRow>,
}

/// Every setting the core knows, in its order, with its value.
pub struct List;

impl Operation for List {
    const NAME: &'static str = "settings_list";
    const ACCESS: Access = Access::Read(Area::Settings);
    type Request = ();
    type Response = Vec<SettingField>;

    fn run(db: &mut Database, _: ()) -> Result<Vec<SettingField>> {
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
    }
}

/// One setting's new value.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SettingChange {
    pub key: String,
    pub value: String,
}

/// Changes one setting; answers the value as stored (normalised by the core). Setting
/// `operator` also names the person in the audit log from the next change on.
pub struct Set;

impl Operation for Set {
    const NAME: &'static str = "setting_set";
    const ACCESS: Access = Access::Write(Area::Settings);
    type Request = SettingChange;
    type Response = String;

    fn run(db: &mut Database, change: SettingChange) -> Result<String> {
        settings::set(db, &change.key, &change.value)
    }
}

/// The association's name and how many members it has: the window's header.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AssociationSummary {
    pub name: String,
    // A count fits a JavaScript number; ts-rs would say bigint for any i64.
    #[ts(type = "number")]
    pub member_count: i64,
}

/// The association's name and member count.
pub struct Summary;

impl Operation for Summary {
    const NAME: &'static str = "association_summary";
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = ();
    type Response = AssociationSummary;

    fn run(db: &mut Database, _: ()) -> Result<AssociationSummary> {
        Ok(AssociationSummary {
            name: settings::organisation(db)?.name,
            member_count: crate::people::members::count(db)?,
        })
    }
}

/// Where backups go (on the machine holding the file) and the ones there.
pub struct Backups;

impl Operation for Backups {
    const NAME: &'static str = "backups_list";
    const ACCESS: Access = Access::Read(Area::Settings);
    type Request = ();
    type Response = BackupsView;

    fn run(db: &mut Database, _: ()) -> Result<BackupsView> {
        Ok(BackupsView {
            dir: crate::store::backup::dir(db).display().to_string(),
            backups: crate::store::backup::list(db)?
                .into_iter()
                .map(backup_row)
                .collect(),
        })
    }
}

/// Takes a backup now (checked after writing, then rotation); answers it.
pub struct BackupNow;

impl Operation for BackupNow {
    const NAME: &'static str = "backup_now";
    const ACCESS: Access = Access::Write(Area::Settings);
    type Request = ();
    type Response = BackupRow;

    fn run(db: &mut Database, _: ()) -> Result<BackupRow> {
        crate::store::backup::take(db, crate::store::backup::local_now()).map(backup_row)
    }
}
