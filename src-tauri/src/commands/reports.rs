//! The public side: the year's key figures, previews of the economic-model page and of the
//! transparency report, writing them (HTML, PDF, ChatonsInfos), and the charter's registers
//! (C7 authority requests, C8 software inventory, C9 admins' sign-offs) the report reads.

use crate::session::Session;
use panier::kernel::dates::parse_date;
use panier::kernel::dates::today;
use panier::public::charter::{self, AuthorityRequestInput, AuthorityRequestKind, SoftwareInput};
use panier::public::report::{self, Outputs};
use panier::Lang;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

/// The figures shown above the preview, and the two pages as the core renders them.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReportPreview {
    pub year: i32,
    pub name: String,
    /// First and last day of the financial year, `YYYY-MM-DD`.
    pub first_day: String,
    pub last_day: String,
    #[ts(type = "number")]
    pub total_income_cents: i64,
    #[ts(type = "number")]
    pub total_expenses_cents: i64,
    #[ts(type = "number")]
    pub result_cents: i64,
    #[ts(type = "number")]
    pub reserves_cents: i64,
    /// Members of the year, as the report shows it ("moins de 3" below the threshold).
    pub members: String,
    #[ts(type = "number")]
    pub accounts: i64,
    #[ts(type = "number | null")]
    pub per_member_cents: Option<i64>,
    /// Self-contained HTML (inline styles and SVG, no script).
    pub economic_model_html: String,
    pub transparency_html: String,
}

/// Which file the "write" buttons produce.
#[derive(Debug, Clone, Copy, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReportFile {
    /// The transparency report as HTML.
    Html,
    Pdf,
    EconomicModel,
    /// A folder of `.properties` files.
    Chatonsinfos,
}

#[tauri::command]
pub async fn report_default_year(session: State<'_, Session>) -> Result<i32, String> {
    session.with_database(|db| report::default_year(db.conn(), today()))
}

#[tauri::command]
pub async fn report_preview(
    session: State<'_, Session>,
    year: i32,
    language: Lang,
) -> Result<ReportPreview, String> {
    session.with_database(|db| {
        let figures = report::figures(db.conn(), year)?;
        let last = figures.period.last_day();
        let members = figures
            .history
            .last()
            .map(|y| y.members.text(language))
            .unwrap_or_else(|| "0".into());
        Ok(ReportPreview {
            year,
            name: figures.identity.name.clone(),
            first_day: figures.period.start.to_string(),
            last_day: last.to_string(),
            total_income_cents: figures.finances.total_income_cents,
            total_expenses_cents: figures.finances.total_expenses_cents,
            result_cents: figures.finances.result_cents,
            reserves_cents: figures.finances.reserves_cents,
            members,
            accounts: figures.storage.accounts,
            per_member_cents: figures.unit_costs.per_member_cents,
            economic_model_html: report::html::economic_model(&figures, language),
            transparency_html: report::html::transparency(&figures, language),
        })
    })
}

/// Writes one output of the year's report to `path` (a file, or a folder for ChatonsInfos);
/// returns every file written.
#[tauri::command]
pub async fn report_write(
    session: State<'_, Session>,
    year: i32,
    language: Lang,
    file: ReportFile,
    path: PathBuf,
) -> Result<Vec<PathBuf>, String> {
    // The save dialog asked before replacing a file: that is the confirmation.
    let mut outputs = Outputs {
        replace: true,
        ..Outputs::default()
    };
    match file {
        ReportFile::Html => outputs.html = Some(path),
        ReportFile::Pdf => outputs.pdf = Some(path),
        ReportFile::EconomicModel => outputs.economic_model = Some(path),
        ReportFile::Chatonsinfos => outputs.chatonsinfos = Some(path),
    }
    session.with_database(|db| report::generate(db, year, language, &outputs))
}

// ---------------------------------------------------------------------------------------------
// The charter's registers.

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityRequestRow {
    #[ts(type = "number")]
    pub id: i64,
    pub received_on: String,
    pub authority: String,
    /// identification, data, removal or other
    pub kind: String,
    pub answer: String,
    pub answered_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub version: String,
    pub licence: String,
    pub free: bool,
    pub source_url: String,
    pub service: Option<String>,
    pub service_url: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignoffRow {
    #[ts(type = "number")]
    pub id: i64,
    pub admin_name: String,
    pub signed_on: String,
    pub document: String,
    pub ended_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CharterRegisters {
    pub authority_requests: Vec<AuthorityRequestRow>,
    pub software: Vec<SoftwareRow>,
    pub signoffs: Vec<SignoffRow>,
}

/// A register entry just added, with the registers as they are now.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterAdded {
    #[ts(type = "number")]
    pub id: i64,
    pub registers: CharterRegisters,
}

/// The C7 form; dates as typed (`YYYY-MM-DD` or `JJ/MM/AAAA`), parsed by the core.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityRequestForm {
    pub received_on: String,
    pub authority: String,
    pub kind: String,
    pub answer: String,
    /// Empty when not answered yet.
    pub answered_on: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareForm {
    pub name: String,
    pub version: String,
    pub licence: String,
    pub free: bool,
    pub source_url: String,
    /// Empty for none.
    pub service: String,
    pub service_url: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignoffForm {
    pub admin_name: String,
    pub signed_on: String,
    pub document: String,
}

fn registers(db: &panier::Database) -> panier::Result<CharterRegisters> {
    let conn = db.conn();
    Ok(CharterRegisters {
        authority_requests: charter::authority_requests(conn)?
            .into_iter()
            .map(|r| AuthorityRequestRow {
                id: r.id.0,
                received_on: r.received_on.to_string(),
                authority: r.authority,
                kind: r.kind.as_str().to_string(),
                answer: r.answer,
                answered_on: r.answered_on.map(|d| d.to_string()),
            })
            .collect(),
        software: charter::software(conn)?
            .into_iter()
            .map(|s| SoftwareRow {
                id: s.id.0,
                name: s.name,
                version: s.version,
                licence: s.licence,
                free: s.free,
                source_url: s.source_url,
                service: s.service,
                service_url: s.service_url,
            })
            .collect(),
        signoffs: charter::signoffs(conn)?
            .into_iter()
            .map(|s| SignoffRow {
                id: s.id.0,
                admin_name: s.admin_name,
                signed_on: s.signed_on.to_string(),
                document: s.document,
                ended_on: s.ended_on.map(|d| d.to_string()),
            })
            .collect(),
    })
}

/// The kinds of authority request the core knows, for the form's select.
#[tauri::command]
pub async fn authority_request_kinds() -> Result<Vec<String>, String> {
    Ok(AuthorityRequestKind::ALL
        .iter()
        .map(|k| k.as_str().to_string())
        .collect())
}

#[tauri::command]
pub async fn charter_registers(session: State<'_, Session>) -> Result<CharterRegisters, String> {
    session.with_database(|db| registers(db))
}

#[tauri::command]
pub async fn add_authority_request(
    session: State<'_, Session>,
    form: AuthorityRequestForm,
) -> Result<RegisterAdded, String> {
    session.with_database(|db| {
        let input = AuthorityRequestInput {
            received_on: parse_date("received_on", &form.received_on)?,
            authority: form.authority,
            kind: AuthorityRequestKind::parse(&form.kind)?,
            answer: form.answer,
            answered_on: Some(form.answered_on.trim())
                .filter(|d| !d.is_empty())
                .map(|d| parse_date("answered_on", d))
                .transpose()?,
        };
        let id = charter::add_authority_request(db, &input)?;
        Ok(RegisterAdded {
            id: id.0,
            registers: registers(db)?,
        })
    })
}

#[tauri::command]
pub async fn add_software(
    session: State<'_, Session>,
    form: SoftwareForm,
) -> Result<RegisterAdded, String> {
    session.with_database(|db| {
        let service = form.service.trim();
        let input = SoftwareInput {
            name: form.name,
            version: form.version,
            licence: form.licence,
            free: form.free,
            source_url: form.source_url,
            service: (!service.is_empty()).then(|| service.to_string()),
            service_url: form.service_url,
            description: String::new(),
        };
        let id = charter::add_software(db, &input)?;
        Ok(RegisterAdded {
            id: id.0,
            registers: registers(db)?,
        })
    })
}

#[tauri::command]
pub async fn add_signoff(
    session: State<'_, Session>,
    form: SignoffForm,
) -> Result<RegisterAdded, String> {
    session.with_database(|db| {
        let signed_on = parse_date("signed_on", &form.signed_on)?;
        let id = charter::add_signoff(db, &form.admin_name, signed_on, &form.document)?;
        Ok(RegisterAdded {
            id: id.0,
            registers: registers(db)?,
        })
    })
}
