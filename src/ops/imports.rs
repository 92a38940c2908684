//! Imports: a HelloAsso export (payments or membership form), a members CSV or a Paheko
//! association's file, first as a dry
//! run that writes nothing and lists every row, then for real. The core enforces "all or
//! nothing unless skip invalid rows" and does the whole import in one transaction.
//!
//! The operations take the file's content, not a path: a path names a file on the machine
//! running the core, which for the team server is not the user's. In JSON the content is
//! base64 (`content`); the desktop reads the file the dialog chose and passes its bytes.

use super::{Access, Area, Operation};
use crate::bridges::helloasso::import_helloasso;
use crate::bridges::members_csv::{self, import_members};
use crate::bridges::paheko::{import_paheko, PahekoReport};
use crate::bridges::report::{ImportOptions, ImportReport};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use ts_rs::TS;

/// A file's bytes, as base64 in JSON.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileContent(pub Vec<u8>);

impl Serialize for FileContent {
    fn serialize<S: serde::Serializer>(
        &self,
        serializer: S,
    ) -> std::result::Result<S::Ok, S::Error> {
        use base64::Engine;
        serializer.serialize_str(&base64::engine::general_purpose::STANDARD.encode(&self.0))
    }
}

impl<'de> Deserialize<'de> for FileContent {
    fn deserialize<D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> std::result::Result<Self, D::Error> {
        use base64::Engine;
        let text = String::deserialize(deserializer)?;
        base64::engine::general_purpose::STANDARD
            .decode(text.trim())
            .map(FileContent)
            .map_err(|e| serde::de::Error::custom(format!("content: not base64 ({e})")))
    }
}

/// The header of a members CSV and, per column, the field the core fills from it by default.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberColumns {
    pub columns: Vec<ColumnGuess>,
    /// Every field a column can fill (the mapping's choices).
    pub fields: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnGuess {
    pub column: String,
    pub field: Option<String>,
}

/// A column of the file and the field it fills.
#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    pub column: String,
    pub field: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRowView {
    /// Line in the file (the header is line 1).
    #[ts(type = "number")]
    pub line: i64,
    /// created, matched, skipped or refused
    pub outcome: String,
    pub field: Option<String>,
    /// Both languages, so switching language does not need a new dry run.
    pub reason_fr: String,
    pub reason_en: String,
    pub reference: Option<String>,
    pub email: Option<String>,
    /// The amount as a decimal string in euros ("12.50").
    pub amount: Option<String>,
    pub date: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportReportView {
    /// helloasso_payments, helloasso_memberships or members; null when unrecognised
    pub file_kind: Option<String>,
    pub encoding: String,
    /// dry_run, imported or refused
    pub status: String,
    pub written: bool,
    #[ts(type = "number")]
    pub created: i64,
    #[ts(type = "number")]
    pub matched: i64,
    #[ts(type = "number")]
    pub skipped: i64,
    #[ts(type = "number")]
    pub refused: i64,
    #[ts(type = "number")]
    pub members_created: i64,
    #[ts(type = "number")]
    pub entries_created: i64,
    pub rows: Vec<ImportRowView>,
}

/// A unit enum's name as serde writes it (`dry_run`), for the views' status words.
pub fn snake<T: Serialize>(value: &T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// An import's report as the window shows it (also the HelloAsso sync's).
pub fn view(report: ImportReport) -> ImportReportView {
    ImportReportView {
        file_kind: report.kind.as_ref().map(snake),
        encoding: report.encoding,
        status: snake(&report.status),
        written: report.written,
        created: report.created as i64,
        matched: report.matched as i64,
        skipped: report.skipped as i64,
        refused: report.refused as i64,
        members_created: report.members_created as i64,
        entries_created: report.entries_created as i64,
        rows: report
            .rows
            .into_iter()
            .map(|r| ImportRowView {
                line: r.line as i64,
                outcome: snake(&r.outcome),
                field: r.field,
                reason_fr: r.reason,
                reason_en: r.reason_en,
                reference: r.reference,
                email: r.email,
                amount: r.amount.map(|a| a.to_string()),
                date: r.date.map(|d| d.to_string()),
            })
            .collect(),
    }
}

/// A file to read.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ImportedFile {
    pub content: FileContent,
}

/// The header of a members CSV, with the field each column fills by default.
pub struct MemberColumnsOf;

impl Operation for MemberColumnsOf {
    const NAME: &'static str = "import_member_columns";
    const ACCESS: Access = Access::Read(Area::Members);
    type Request = ImportedFile;
    type Response = MemberColumns;

    fn run(_: &mut Database, file: ImportedFile) -> Result<MemberColumns> {
        let guesses = members_csv::member_columns(&file.content.0)?;
        Ok(MemberColumns {
            columns: guesses
                .into_iter()
                .map(|g| ColumnGuess {
                    column: g.column,
                    field: g.field,
                })
                .collect(),
            fields: members_csv::MEMBER_FIELDS
                .iter()
                .map(|(field, _)| field.to_string())
                .collect(),
        })
    }
}

/// An import: the file, and whether to only check it or skip the invalid rows.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportRequest {
    pub content: FileContent,
    /// the members CSV's columns and the field each fills (ignored for HelloAsso)
    #[serde(default)]
    pub mapping: Vec<ColumnMapping>,
    #[serde(default)]
    pub dry_run: bool,
    #[serde(default)]
    pub skip_invalid: bool,
}

impl ImportRequest {
    /// A file's bytes to import (`dry_run`: only check it), no column mapping.
    pub fn of(content: Vec<u8>, dry_run: bool, skip_invalid: bool) -> ImportRequest {
        ImportRequest {
            content: FileContent(content),
            mapping: Vec::new(),
            dry_run,
            skip_invalid,
        }
    }

    pub fn options(&self) -> ImportOptions {
        ImportOptions {
            dry_run: self.dry_run,
            skip_invalid: self.skip_invalid,
        }
    }
}

/// Imports a members CSV (or checks it, with `dryRun`).
pub struct ImportMembers;

impl Operation for ImportMembers {
    const NAME: &'static str = "import_members_file";
    const ACCESS: Access = Access::Write(Area::Members);
    type Request = ImportRequest;
    type Response = ImportReportView;

    fn run(db: &mut Database, request: ImportRequest) -> Result<ImportReportView> {
        Ok(view(Self::report(db, request)?))
    }
}

impl ImportMembers {
    /// The rule, answering the core's report itself (the CLI prints it whole, as it always has;
    /// the window reads its view).
    pub fn report(db: &mut Database, request: ImportRequest) -> Result<ImportReport> {
        let options = request.options();
        let pairs: Vec<(String, String)> = request
            .mapping
            .into_iter()
            .map(|m| (m.column, m.field))
            .collect();
        import_members(db, &request.content.0, &pairs, options, today())
    }
}

/// Imports a HelloAsso export, payments or membership form (or checks it, with `dryRun`).
pub struct ImportHelloasso;

impl Operation for ImportHelloasso {
    const NAME: &'static str = "import_helloasso_file";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = ImportRequest;
    type Response = ImportReportView;

    fn run(db: &mut Database, request: ImportRequest) -> Result<ImportReportView> {
        Ok(view(Self::report(db, request)?))
    }
}

impl ImportHelloasso {
    /// The rule, answering the core's report itself (as [`ImportMembers::report`]).
    pub fn report(db: &mut Database, request: ImportRequest) -> Result<ImportReport> {
        import_helloasso(db, &request.content.0, request.options())
    }
}

/// A Paheko association's file to import (or, with `dryRun`, only to check).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PahekoRequest {
    pub content: FileContent,
    /// the file's name as the user knows it, for the report and the messages
    #[serde(default)]
    pub file_name: String,
    #[serde(default)]
    pub dry_run: bool,
}

/// One Paheko row and what became of it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PahekoItemView {
    /// member, fee, subscription, year or transaction
    pub kind: String,
    #[ts(type = "number")]
    pub paheko_id: i64,
    pub name: String,
    /// created, matched, skipped, not_mapped or refused
    pub outcome: String,
    pub reason_fr: String,
    pub reason_en: String,
}

/// An account of Paheko's chart and where its lines went.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PahekoAccountView {
    pub code: String,
    pub label: String,
    /// chart, treasury, kept or not_mapped
    pub fate: String,
    pub panier_account: Option<String>,
    #[ts(type = "number")]
    pub lines: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
// counts as `u32`: ts-rs writes them as `number`; no import holds 4 billion rows
pub struct PahekoReportView {
    pub paheko_version: String,
    pub association: String,
    /// dry_run, imported or refused
    pub status: String,
    pub written: bool,
    pub created: u32,
    pub matched: u32,
    pub skipped: u32,
    pub not_mapped: u32,
    pub refused: u32,
    pub members_created: u32,
    pub plans_created: u32,
    pub subscriptions_created: u32,
    pub entries_created: u32,
    pub years_closed: u32,
    pub items: Vec<PahekoItemView>,
    pub accounts: Vec<PahekoAccountView>,
}

impl From<PahekoReport> for PahekoReportView {
    fn from(report: PahekoReport) -> Self {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        let items = report.items.into_iter().map(|i| PahekoItemView {
            kind: snake(&i.kind),
            paheko_id: i.paheko_id,
            name: i.name,
            outcome: snake(&i.outcome),
            reason_fr: i.reason,
            reason_en: i.reason_en,
        });
        let accounts = report.accounts.into_iter().map(|a| PahekoAccountView {
            code: a.code,
            label: a.label,
            fate: snake(&a.fate),
            panier_account: a.panier_account,
            lines: a.lines as i64,
        });
        PahekoReportView {
            status: snake(&report.status),
            written: report.written,
            created: count(report.created),
            matched: count(report.matched),
            skipped: count(report.skipped),
            not_mapped: count(report.not_mapped),
            refused: count(report.refused),
            members_created: count(report.members_created),
            plans_created: count(report.plans_created),
            subscriptions_created: count(report.subscriptions_created),
            entries_created: count(report.entries_created),
            years_closed: count(report.years_closed),
            paheko_version: report.paheko_version,
            association: report.association,
            items: items.collect(),
            accounts: accounts.collect(),
        }
    }
}

/// Imports a Paheko association's file (or checks it, with `dryRun`): the same report either
/// way, nothing written by the dry run. The file goes into a new or empty Panier file (or
/// again from the same association), as an import of everything: the role of the imports of
/// members and of money together.
pub struct ImportPaheko;

impl Operation for ImportPaheko {
    const NAME: &'static str = "import_paheko_file";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = PahekoRequest;
    type Response = PahekoReportView;

    fn run(db: &mut Database, request: PahekoRequest) -> Result<PahekoReportView> {
        Ok(Self::report(db, request)?.into())
    }
}

impl ImportPaheko {
    /// The rule, answering the core's report itself (the CLI prints it whole). Paheko's file
    /// is an SQLite database: its bytes go to a private temporary copy, opened read-only and
    /// removed after; the messages and the report name the file as the user knows it.
    pub fn report(db: &mut Database, request: PahekoRequest) -> Result<PahekoReport> {
        let shown = if request.file_name.trim().is_empty() {
            "association.sqlite".to_string()
        } else {
            request.file_name.clone()
        };
        let copy = PrivateCopy::of(&request.content.0)?;
        let temporary = copy.path.display().to_string();
        let mut report = import_paheko(db, &copy.path, request.dry_run, today())
            .map_err(|error| error.renamed(&temporary, &shown))?;
        report.file = shown;
        Ok(report)
    }
}

/// A file's bytes in a folder of their own that only this user may read, removed when
/// dropped (a member's data is in a Paheko file).
struct PrivateCopy {
    folder: PathBuf,
    path: PathBuf,
}

impl PrivateCopy {
    fn of(bytes: &[u8]) -> Result<PrivateCopy> {
        static SERIAL: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or_default();
        let folder = std::env::temp_dir().join(format!(
            "panier-import-{}-{nanos}-{}",
            std::process::id(),
            SERIAL.fetch_add(1, Ordering::Relaxed)
        ));
        let mut builder = std::fs::DirBuilder::new();
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(&folder)?;
        let copy = PrivateCopy {
            path: folder.join("association.sqlite"),
            folder,
        };
        std::fs::write(&copy.path, bytes)?;
        Ok(copy)
    }
}

impl Drop for PrivateCopy {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.folder);
    }
}
