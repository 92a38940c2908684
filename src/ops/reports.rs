//! The public report: the year's key figures and previews of the economic-model page and of
//! the transparency report, as the core renders them. (Writing them to files stays with the
//! transports: a file on this computer is the desktop's, bytes in an answer a server's.)

use super::{Access, Area, Operation};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::kernel::lang::Lang;
use crate::public::report;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The figures shown above the preview, and the two pages as the core renders them.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
    /// What the report leaves out or cannot say (a link that is not http(s), a year with no
    /// data), in the asked language.
    pub warnings: Vec<String>,
}

/// The financial year the report shows unless asked otherwise (the last one closed, else
/// the current one).
pub struct DefaultYear;

impl Operation for DefaultYear {
    const NAME: &'static str = "report_default_year";
    const ACCESS: Access = Access::Read(Area::Reports);
    type Request = ();
    type Response = i32;

    fn run(db: &mut Database, _: ()) -> Result<i32> {
        report::default_year(db.conn(), today())
    }
}

/// Which year's report, in which language.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct ReportQuery {
    pub year: i32,
    pub language: Lang,
}

/// The year's key figures and both pages, rendered.
pub struct Preview;

impl Operation for Preview {
    const NAME: &'static str = "report_preview";
    const ACCESS: Access = Access::Read(Area::Reports);
    type Request = ReportQuery;
    type Response = ReportPreview;

    fn run(db: &mut Database, query: ReportQuery) -> Result<ReportPreview> {
        let ReportQuery { year, language } = query;
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
            warnings: figures
                .warnings
                .iter()
                .map(|w| w.text(language).to_string())
                .collect(),
        })
    }
}

/// Which financial year's figures.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct FiguresYear {
    pub year: i32,
}

/// Everything the public pages show for a financial year, as `panier report --format json`
/// prints it (the transport renders and writes the pages it asks for).
pub struct Figures;

impl Operation for Figures {
    const NAME: &'static str = "report_figures";
    const ACCESS: Access = Access::Read(Area::Reports);
    type Request = FiguresYear;
    type Response = report::Report;

    fn run(db: &mut Database, asked: FiguresYear) -> Result<report::Report> {
        report::figures(db.conn(), asked.year)
    }
}
