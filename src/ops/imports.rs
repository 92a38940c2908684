//! Imports: a HelloAsso export (payments or membership form) or a members CSV, first as a dry
//! run that writes nothing and lists every row, then for real. The core enforces "all or
//! nothing unless skip invalid rows" and does the whole import in one transaction.
//!
//! The operations take the file's content, not a path: a path names a file on the machine
//! running the core, which for the team server is not the user's. In JSON the content is
//! base64 (`content`); the desktop reads the file the dialog chose and passes its bytes.

use super::{Access, Area, Operation};
use crate::bridges::helloasso::import_helloasso;
use crate::bridges::members_csv::{self, import_members};
use crate::bridges::report::{ImportOptions, ImportReport};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
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
