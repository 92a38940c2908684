//! The books of a financial year: the list of years, the income statement and the balance
//! (as `panier books --format json` prints them, and as the Books screen shows them), closing
//! a year, and the volunteer time given in it.

use super::{Access, Area, Operation};
use crate::books::statements::{self, Section, Statement as CoreStatement};
use crate::books::volunteering;
use crate::books::{closing, years};
use crate::kernel::dates::{today, Period};
use crate::kernel::error::{Error, Result};
use crate::kernel::lang::Lang;
use crate::kernel::money::to_cents;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use ts_rs::TS;

/// A year a person could mean (and whose dates the calendar holds): every operation taking a
/// year refuses the others rather than computing on them.
pub fn check_year(year: i32) -> Result<i32> {
    if !(1000..=9999).contains(&year) {
        return Err(Error::invalid(
            "année",
            year.to_string(),
            "une année de 1000 à 9999",
            "a year from 1000 to 9999",
        ));
    }
    Ok(year)
}

/// Which financial year, and the language of its headings.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BooksQuery {
    /// the year in which the financial year starts
    pub year: i32,
    #[serde(default)]
    pub lang: Lang,
}

/// A financial year's income statement and balance as the core computes them: what
/// `panier books --format json` prints and `GET /api/books?year=Y` answers.
pub struct Books;

impl Operation for Books {
    const NAME: &'static str = "books";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = BooksQuery;
    type Response = CoreStatement;

    fn run(db: &mut Database, query: BooksQuery) -> Result<CoreStatement> {
        statements::statement(db.conn(), check_year(query.year)?, query.lang)
    }
}

/// A financial year as the year picker lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FinancialYears {
    pub years: Vec<FinancialYearRow>,
    /// The year to show first: the last one that has ended (as for the report).
    pub default_year: i32,
}

/// The financial years the Books screen offers (those with entries or closed), and the one
/// to show first.
pub struct ListYears;

impl Operation for ListYears {
    const NAME: &'static str = "financial_years";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = ();
    type Response = FinancialYears;

    fn run(db: &mut Database, _: ()) -> Result<FinancialYears> {
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
            default_year: crate::public::report::default_year(db.conn(), today())?,
        })
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountAmount {
    pub account: String,
    pub label: String,
    #[ts(type = "number")]
    pub cents: i64,
}

/// One part of the statement: its accounts and their total.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StatementSection {
    #[ts(type = "number")]
    pub total_cents: i64,
    pub accounts: Vec<AccountAmount>,
}

/// The statement as the Books screen shows it: sections of labelled accounts, in cents.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

fn last_day(period: Period) -> String {
    period.last_day().to_string()
}

fn section(part: &Section, labels: &BTreeMap<String, String>) -> Result<StatementSection> {
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
            .collect::<Result<_>>()?,
    })
}

/// Which financial year, and the language of the accounts' labels.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct StatementQuery {
    pub year: i32,
    #[serde(default)]
    pub language: Lang,
}

/// The statement of a financial year, for the Books screen.
pub struct Statement;

impl Operation for Statement {
    const NAME: &'static str = "books_statement";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = StatementQuery;
    type Response = BooksStatement;

    fn run(db: &mut Database, query: StatementQuery) -> Result<BooksStatement> {
        let s = statements::statement(db.conn(), check_year(query.year)?, query.language)?;
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
    }
}

/// A financial year, by the year it starts in.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct YearOf {
    pub year: i32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ClosedYearView {
    pub year: i32,
    pub last_day: String,
    #[ts(type = "number")]
    pub result_cents: i64,
}

/// Closes the year (the core refuses a year not over yet, or already closed).
pub struct CloseYear;

impl Operation for CloseYear {
    const NAME: &'static str = "close_year";
    const ACCESS: Access = Access::Write(Area::Books);
    type Request = YearOf;
    type Response = ClosedYearView;

    fn run(db: &mut Database, asked: YearOf) -> Result<ClosedYearView> {
        let closed = closing::close_year(db, check_year(asked.year)?, today())?;
        Ok(ClosedYearView {
            year: closed.year,
            last_day: last_day(closed.period),
            result_cents: to_cents("result", closed.result)?,
        })
    }
}

/// One record of volunteer time.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VolunteeringForm {
    pub date: String,
    pub hours: String,
    pub label: String,
}

fn volunteering_view(db: &Database, year: i32) -> Result<VolunteeringView> {
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
pub struct VolunteeringYear;

impl Operation for VolunteeringYear {
    const NAME: &'static str = "volunteering_year";
    const ACCESS: Access = Access::Read(Area::Books);
    type Request = YearOf;
    type Response = VolunteeringView;

    fn run(db: &mut Database, asked: YearOf) -> Result<VolunteeringView> {
        volunteering_view(db, check_year(asked.year)?)
    }
}

/// Time given, and the year whose panel to show again.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewVolunteeringTime {
    pub year: i32,
    pub form: VolunteeringForm,
}

/// Records time given (the core checks the hours and refuses a closed year); answers the
/// year's panel again.
pub struct AddVolunteering;

impl Operation for AddVolunteering {
    const NAME: &'static str = "add_volunteering";
    const ACCESS: Access = Access::Write(Area::Books);
    type Request = NewVolunteeringTime;
    type Response = VolunteeringView;

    fn run(db: &mut Database, new: NewVolunteeringTime) -> Result<VolunteeringView> {
        let year = check_year(new.year)?;
        // one rule for recording time given: the CLI's operation, answered here as the panel
        super::volunteering::Record::run(
            db,
            super::volunteering::VolunteeringTime {
                hours: new.form.hours,
                date: Some(new.form.date),
                member: None,
                label: new.form.label,
            },
        )?;
        volunteering_view(db, year)
    }
}
