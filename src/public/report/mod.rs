//! The public side (SPEC §1, §2): the figures of one financial year, computed once from the
//! ledger and the other core tables, and rendered apart as the economic-model page (HTML),
//! the transparency report (HTML and PDF) and the ChatonsInfos `.properties` files.
//!
//! [`figures`] returns a [`Report`] (serde, so the desktop can preview it). Renderers never
//! query the database: [`html`], [`pdf`] and [`chatonsinfos`] only read a `Report`.
//!
//! Privacy rules, applied here and nowhere else:
//! - counts of people (members, contributors, accounts) below the `report_threshold` setting
//!   (3 by default) are [`Count::FewerThan`], shown "fewer than 3" ([`Count::text`]), and left out of the totals they would
//!   reveal (a service's storage with fewer accounts than the threshold is hidden too);
//! - amounts are the association's accounts (public under C2), shown by source and category;
//! - expenses are listed line by line, except those marked `names_person`, which only appear
//!   inside their category's total.

pub mod answers;
pub mod catalog;
pub mod charts;
pub mod chatonsinfos;
mod gather;
pub mod html;
pub mod pdf;
mod subscribers;

pub use gather::{contributors, default_year, figures};

use crate::books::ledger::ExpenseCategory;
use crate::kernel::dates::Period;
use crate::kernel::error::{Error, Result};
use crate::kernel::money::Cents;
use crate::public::charter::Software;
use crate::store::output::{self, Replace};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// A count of people, or the fact that it is below the threshold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Count {
    Exact(i64),
    /// fewer than this many (the threshold): shown "fewer than N", never summed
    FewerThan(i64),
}

impl Count {
    pub fn new(n: i64, threshold: i64) -> Self {
        if n > 0 && n < threshold {
            Count::FewerThan(threshold)
        } else {
            Count::Exact(n)
        }
    }

    /// The number when it may be shown.
    pub fn shown(self) -> Option<i64> {
        match self {
            Count::Exact(n) => Some(n),
            Count::FewerThan(_) => None,
        }
    }

    /// The count as every public output prints it (HTML, PDF, the desktop's preview): the
    /// number, or « moins de 3 » / "fewer than 3" below the threshold. The one place this is
    /// worded.
    pub fn text(self, lang: crate::Lang) -> String {
        match self {
            Count::Exact(n) => n.to_string(),
            Count::FewerThan(t) => {
                catalog::fill(catalog::catalog(lang).fewer_than, &[("t", &t.to_string())])
            }
        }
    }
}

/// Where the association's money comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncomeSource {
    /// membership fees (7561 without counterpart, 7562 with)
    Fees,
    /// paid storage tiers (706)
    Storage,
    /// gifts (7541)
    Donations,
    /// subsidies (740)
    Subsidies,
    /// other operating income (758)
    Other,
}

impl IncomeSource {
    pub const ALL: [IncomeSource; 5] = [
        IncomeSource::Fees,
        IncomeSource::Storage,
        IncomeSource::Donations,
        IncomeSource::Subsidies,
        IncomeSource::Other,
    ];

    pub fn accounts(self) -> &'static [&'static str] {
        use crate::books::chart::Account;
        match self {
            IncomeSource::Fees => &[
                Account::FEES_WITHOUT_COUNTERPART.number,
                Account::FEES_WITH_COUNTERPART.number,
            ],
            IncomeSource::Storage => &[Account::SERVICES.number],
            IncomeSource::Donations => &[Account::DONATIONS.number],
            IncomeSource::Subsidies => &[Account::SUBSIDIES.number],
            IncomeSource::Other => &[Account::OTHER_INCOME.number],
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            IncomeSource::Fees => "fees",
            IncomeSource::Storage => "storage",
            IncomeSource::Donations => "donations",
            IncomeSource::Subsidies => "subsidies",
            IncomeSource::Other => "other",
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct IncomeLine {
    pub source: IncomeSource,
    pub cents: Cents,
    pub previous_cents: Cents,
    /// distinct payers this year (members, named payers, each anonymous gift)
    pub contributors: Count,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExpenseLine {
    pub category: ExpenseCategory,
    /// positive: money spent
    pub cents: Cents,
    pub previous_cents: Cents,
}

/// One expense, as published (Open Collective style).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ExpenseItem {
    pub date: NaiveDate,
    pub supplier: String,
    pub label: String,
    pub category: ExpenseCategory,
    /// positive for money spent, negative for a cancelled expense (reversal)
    pub cents: Cents,
}

/// Expenses naming a person, shown only as a total in their category.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct WithheldExpenses {
    pub category: ExpenseCategory,
    pub cents: Cents,
    pub lines: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Finances {
    pub income: Vec<IncomeLine>,
    pub expenses: Vec<ExpenseLine>,
    pub total_income_cents: Cents,
    pub previous_total_income_cents: Cents,
    pub total_expenses_cents: Cents,
    pub previous_total_expenses_cents: Cents,
    /// income − expenses
    pub result_cents: Cents,
    pub previous_result_cents: Cents,
    /// the part of the fees that pays for a service (7562)
    pub fees_service_part_cents: Cents,
    /// money held (bank and cash) at the end of the year: every entry up to then
    pub reserves_cents: Cents,
    pub previous_reserves_cents: Cents,
    /// reserves ÷ the year's monthly expenses, in tenths of a month (None without expenses)
    pub reserves_months_tenths: Option<i64>,
    pub expense_items: Vec<ExpenseItem>,
    pub withheld: Vec<WithheldExpenses>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanFigures {
    pub name: String,
    pub kind: crate::membership::plans::PlanKind,
    pub amount_cents: Cents,
    pub pay_what_you_want: bool,
    pub min_cents: Option<Cents>,
    pub counterpart_cents: Cents,
    pub quota_bytes: Option<i64>,
    /// `civil` or `months:N`
    pub period: String,
    pub members_only: bool,
    pub description: String,
    /// members with a period of this plan within the year
    pub subscribers: Count,
    /// payments of this plan within the year
    pub payments: Count,
    /// average paid (pay-what-you-want plans), when payments reach the threshold
    pub average_paid_cents: Option<Cents>,
    /// what this quota really costs a year, at the year's cost per GB granted
    pub real_cost_cents: Option<Cents>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TierCount {
    pub plan: String,
    pub members: Count,
}

/// One financial year of the history.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct YearFigures {
    /// the year the financial year starts in
    pub year: i32,
    pub period: Period,
    /// members with a fee period within the year
    pub members: Count,
    /// members with a period of each storage tier within the year
    pub tiers: Vec<TierCount>,
    pub income_cents: Cents,
    pub expenses_cents: Cents,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ServiceFigures {
    /// as named in the service accounts, e.g. `nextcloud`
    pub service: String,
    /// accounts open on at least one day of the year
    pub accounts: Count,
    /// quota granted (as at the year's end, or at closing) and space used; None when the
    /// accounts are too few to show
    pub quota_bytes: Option<i64>,
    pub used_bytes: Option<i64>,
    /// the day of the latest usage reading of these accounts: space used is only known as last
    /// read, which may be after the year (the pages say so)
    #[serde(default)]
    pub used_read_on: Option<NaiveDate>,
    /// earliest account of the service
    pub since: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Storage {
    pub services: Vec<ServiceFigures>,
    /// sums over the services shown
    pub accounts: i64,
    pub quota_bytes: i64,
    pub used_bytes: i64,
    /// the latest usage reading among the services shown (see [`ServiceFigures`])
    #[serde(default)]
    pub used_read_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct UnitCosts {
    /// the year's expenses ÷ service accounts open during the year
    pub per_account_cents: Option<Cents>,
    /// the year's expenses ÷ GB granted
    pub per_gb_granted_cents: Option<Cents>,
    /// the year's expenses ÷ GB actually used
    pub per_gb_used_cents: Option<Cents>,
    /// the year's expenses ÷ members of the year
    pub per_member_cents: Option<Cents>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AuthorityFigures {
    /// requests received within the year
    pub received: i64,
    pub answered: i64,
    /// every request since the register began
    pub received_ever: i64,
}

/// Members' requests about their data (GDPR), from the `data_requests` table when present.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct DataRequestFigures {
    /// requests received in the year: a small count could point at a member, so it is a
    /// [`Count`] like the others
    pub received: Count,
    pub answered: Count,
    /// median days from receipt to answer, of those answered (None when they are too few)
    pub median_days: Option<f64>,
}

/// How well an item of the charter is met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Met {
    Yes,
    Partly,
    No,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CharterItem {
    /// `C1` … `C9` (SPEC §1)
    pub code: String,
    pub met: Met,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Charter {
    pub items: Vec<CharterItem>,
    pub authority_requests: AuthorityFigures,
    pub data_requests: Option<DataRequestFigures>,
    pub software: Vec<Software>,
    /// admins whose confidentiality commitment is signed and current
    pub signed_admins: i64,
}

/// The association as the public pages present it (settings).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Identity {
    pub name: String,
    pub legal_form: String,
    pub purpose: String,
    pub website: String,
    pub contact_email: String,
    pub address: String,
    pub country_code: String,
    pub founded_on: String,
    pub chatons_since: String,
    pub logo_url: String,
    pub legal_url: String,
    pub funding_url: String,
    pub terms_url: String,
    pub privacy_url: String,
    pub log_retention: String,
    pub economic_model: String,
    pub infrastructure: String,
    pub backups: String,
    pub host_provider_name: String,
    pub host_provider_type: String,
    pub host_server_type: String,
    pub host_country_code: String,
    pub registration: String,
    /// ChatonsInfos vocabularies, from the settings of the same names
    #[serde(default)]
    pub status_level: String,
    #[serde(default)]
    pub chatons_status: String,
    #[serde(default)]
    pub service_status: String,
    #[serde(default)]
    pub registration_load: String,
}

/// Everything the public pages show for one financial year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Report {
    /// the year the financial year starts in
    pub year: i32,
    pub period: Period,
    pub previous_period: Period,
    /// counts below this are shown "fewer than threshold"
    pub threshold: i64,
    /// UTC, `YYYY-MM-DDTHH:MM:SS`
    pub generated_at: String,
    pub identity: Identity,
    pub finances: Finances,
    pub plans: Vec<PlanFigures>,
    /// up to five financial years, oldest first, ending with this one
    pub history: Vec<YearFigures>,
    pub storage: Storage,
    pub unit_costs: UnitCosts,
    pub charter: Charter,
    /// volunteer time of the year (contributions volontaires en nature, apart from the result)
    #[serde(default)]
    pub volunteering: Volunteering,
    /// settings left out of the public outputs, with why (a link that is not http(s)): the
    /// CLI and the desktop show them to whoever generates the report
    #[serde(default)]
    pub warnings: Vec<ReportWarning>,
}

/// Volunteer time, shown beside the accounts and apart from the result (ANC 2018-06, 86x/87x).
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
pub struct Volunteering {
    pub hours: rust_decimal::Decimal,
    /// the hour's value (setting `volunteer_hour_value`; zero: not valued)
    pub hour_value: rust_decimal::Decimal,
    pub value_cents: Cents,
}

/// A setting the public outputs leave out.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ReportWarning {
    /// the setting's key, e.g. `logo_url`; empty when the warning is about the year itself
    pub setting: String,
    pub fr: String,
    pub en: String,
}

impl ReportWarning {
    pub fn text(&self, lang: crate::Lang) -> &str {
        match lang {
            crate::Lang::Fr => &self.fr,
            crate::Lang::En => &self.en,
        }
    }
}

/// What to write, for the CLI and the desktop's "write the files" buttons.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Outputs {
    /// the transparency report as one HTML file
    pub html: Option<PathBuf>,
    /// the transparency report as PDF
    pub pdf: Option<PathBuf>,
    /// the economic-model page (HTML)
    pub economic_model: Option<PathBuf>,
    /// a folder for `organization.properties` and one `<service>.properties` per service
    pub chatonsinfos: Option<PathBuf>,
    /// existing files may be replaced (the CLI's `--force`, the window's confirmation)
    #[serde(default)]
    pub replace: bool,
}

impl Outputs {
    pub fn is_empty(&self) -> bool {
        self.html.is_none()
            && self.pdf.is_none()
            && self.economic_model.is_none()
            && self.chatonsinfos.is_none()
    }
}

/// Renders `report` into every output asked for; returns the files written.
/// `conn`, the open file, is never a destination (see [`crate::store::output`]).
pub fn write(
    conn: Option<&rusqlite::Connection>,
    report: &Report,
    lang: crate::Lang,
    outputs: &Outputs,
) -> Result<Vec<PathBuf>> {
    if outputs.is_empty() {
        return Err(Error::invalid(
            "sorties",
            "",
            "indiquez au moins un fichier à écrire (--html, --pdf, --economic-model ou --chatonsinfos)",
            "name at least one file to write (--html, --pdf, --economic-model or --chatonsinfos)",
        ));
    }
    let mut files: Vec<(PathBuf, Vec<u8>)> = Vec::new();
    if let Some(path) = &outputs.html {
        files.push((path.clone(), html::transparency(report, lang).into_bytes()));
    }
    if let Some(path) = &outputs.economic_model {
        files.push((
            path.clone(),
            html::economic_model(report, lang).into_bytes(),
        ));
    }
    if let Some(path) = &outputs.pdf {
        files.push((path.clone(), pdf::transparency(report, lang)?));
    }
    if let Some(dir) = &outputs.chatonsinfos {
        for (name, text) in chatonsinfos::files(report) {
            files.push((dir.join(name), text.into_bytes()));
        }
    }
    // Every destination is checked before the first is written: a refusal writes nothing.
    let replace = Replace::from_force(outputs.replace);
    for (path, _) in &files {
        output::check_destination(conn, path, replace)?;
    }
    files
        .iter()
        .map(|(path, bytes)| Ok(output::write(conn, path, bytes, replace)?.path))
        .collect()
}

/// One call for the desktop and the CLI: compute the year's figures and write the outputs.
pub fn generate(
    db: &crate::Database,
    year: i32,
    lang: crate::Lang,
    outputs: &Outputs,
) -> Result<Vec<PathBuf>> {
    let report = figures(db.conn(), year)?;
    write(Some(db.conn()), &report, lang, outputs)
}
