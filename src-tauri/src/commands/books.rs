//! The books of a financial year: the income statement and the balance (derived from the
//! ledger by the core), the list of years, and closing one.

use crate::session::Session;
use panier::books::statements::{self, Section};
use panier::books::volunteering::{self, NewVolunteering};
use panier::books::{closing, years};
use panier::kernel::dates::today;
use panier::kernel::money::to_cents;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tauri::State;
use ts_rs::TS;

/// A financial year as the year picker lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinancialYearRow {
    /// The year it starts in (what the core's `year` parameters take).
    pub year: i32,
    pub first_day: String,
    pub last_day: String,
    pub closed: bool,
    #[ts(type = "number")]
    pub entries: i64,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinancialYears {
    pub years: Vec<FinancialYearRow>,
    /// The year to show first: the last one that has ended (as for the report).
    pub default_year: i32,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountAmount {
    pub account: String,
    pub label: String,
    #[ts(type = "number")]
    pub cents: i64,
}

/// One part of the statement: its accounts and their total.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementSection {
    #[ts(type = "number")]
    pub total_cents: i64,
    pub accounts: Vec<AccountAmount>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct BooksStatement {
    pub year: i32,
    pub first_day: String,
    pub last_day: String,
    pub closed: bool,
    pub income: StatementSection,
    /// Expenses are positive.
    pub expenses: StatementSection,
    #[ts(type = "number")]
    pub result_cents: i64,
    /// « Report à nouveau » brought in from the closed years before.
    #[ts(type = "number")]
    pub carried_over_cents: i64,
    /// Treasury at the year's end.
    pub assets: StatementSection,
    pub funds: StatementSection,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClosedYearView {
    pub year: i32,
    pub last_day: String,
    #[ts(type = "number")]
    pub result_cents: i64,
}

fn last_day(period: panier::kernel::dates::Period) -> String {
    period.last_day().to_string()
}

fn section(part: &Section, labels: &BTreeMap<String, String>) -> panier::Result<StatementSection> {
    Ok(StatementSection {
        total_cents: to_cents("total", part.total)?,
        accounts: part
            .by_account
            .iter()
            .map(|(account, amount)| {
                Ok(AccountAmount {
                    account: account.clone(),
                    label: labels.get(account).cloned().unwrap_or_default(),
                    cents: to_cents(account, *amount)?,
                })
            })
            .collect::<panier::Result<_>>()?,
    })
}

#[tauri::command]
pub async fn financial_years(session: State<'_, Session>) -> Result<FinancialYears, String> {
    session.with_database(|db| {
        let years = years::financial_years(db.conn())?
            .into_iter()
            .map(|y| FinancialYearRow {
                year: y.year,
                first_day: y.period.start.to_string(),
                last_day: last_day(y.period),
                closed: y.closed,
                entries: y.entries,
            })
            .collect();
        Ok(FinancialYears {
            years,
            default_year: panier::public::report::default_year(db.conn(), today())?,
        })
    })
}

#[tauri::command]
pub async fn books_statement(
    session: State<'_, Session>,
    year: i32,
    language: panier::Lang,
) -> Result<BooksStatement, String> {
    session.with_database(|db| {
        let s = statements::statement(db.conn(), year, language)?;
        Ok(BooksStatement {
            year: s.year,
            first_day: s.period.start.to_string(),
            last_day: last_day(s.period),
            closed: s.closed,
            income: section(&s.income, &s.labels)?,
            expenses: section(&s.expenses, &s.labels)?,
            result_cents: to_cents("result", s.result)?,
            carried_over_cents: to_cents("carried_over", s.carried_over)?,
            assets: section(&s.balance.assets, &s.labels)?,
            funds: section(&s.balance.funds, &s.labels)?,
        })
    })
}

/// Closes the year (the core refuses a year not over yet, or already closed).
#[tauri::command]
pub async fn close_year(session: State<'_, Session>, year: i32) -> Result<ClosedYearView, String> {
    session.with_database(|db| {
        let closed = closing::close_year(db, year, today())?;
        Ok(ClosedYearView {
            year: closed.year,
            last_day: last_day(closed.period),
            result_cents: to_cents("result", closed.result)?,
        })
    })
}

/// One record of volunteer time.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VolunteeringRow {
    #[ts(type = "number")]
    pub id: i64,
    pub date: String,
    /// `2.50`
    pub hours: String,
    pub member: String,
    pub label: String,
}

/// The volunteer time of a financial year and its value, shown apart from the result.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VolunteeringView {
    pub year: i32,
    pub rows: Vec<VolunteeringRow>,
    pub hours: String,
    #[ts(type = "number")]
    pub hour_value_cents: i64,
    #[ts(type = "number")]
    pub value_cents: i64,
}

/// Time given, as the panel's form holds it.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VolunteeringForm {
    pub date: String,
    pub hours: String,
    pub label: String,
}

fn volunteering_view(
    db: &panier::store::db::Database,
    year: i32,
) -> panier::Result<VolunteeringView> {
    let conn = db.conn();
    let period = years::FinancialYear::starting_in(conn, year)?.period;
    let summary = volunteering::year_summary(conn, year)?;
    Ok(VolunteeringView {
        year,
        rows: volunteering::list(conn, period)?
            .into_iter()
            .map(|r| VolunteeringRow {
                id: r.id,
                date: r.date.to_string(),
                hours: r.hours.to_string(),
                member: r.member,
                label: r.label,
            })
            .collect(),
        hours: summary.hours.to_string(),
        hour_value_cents: to_cents("hour_value", summary.hour_value)?,
        value_cents: to_cents("value", summary.value)?,
    })
}

/// The volunteer time of the financial year starting in `year`.
#[tauri::command]
pub async fn volunteering_year(
    session: State<'_, Session>,
    year: i32,
) -> Result<VolunteeringView, String> {
    session.with_database(|db| volunteering_view(db, year))
}

/// Records time given (the core checks the hours and refuses a closed year); returns the
/// year's panel again.
#[tauri::command]
pub async fn add_volunteering(
    session: State<'_, Session>,
    year: i32,
    form: VolunteeringForm,
) -> Result<VolunteeringView, String> {
    session.with_database(|db| {
        volunteering::add(
            db,
            &NewVolunteering {
                date: panier::kernel::dates::parse_date("date", &form.date)?,
                hours: volunteering::parse_hours(&form.hours)?,
                member: None,
                label: form.label,
            },
        )?;
        volunteering_view(db, year)
    })
}
