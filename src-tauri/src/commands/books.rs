//! The books of a financial year: the list of years, the statement, closing one, the
//! volunteer time — each command one operation of the core (`panier::ops::books`).

use crate::form::perform;
use crate::session::Session;
use panier::ops::books::{
    self as ops, BooksStatement, ClosedYearView, FinancialYears, NewVolunteeringTime,
    StatementQuery, VolunteeringForm, VolunteeringView, YearOf,
};
use tauri::State;

#[tauri::command]
pub async fn financial_years(session: State<'_, Session>) -> Result<FinancialYears, String> {
    perform::<ops::ListYears>(&session, ())
}

#[tauri::command]
pub async fn books_statement(
    session: State<'_, Session>,
    year: i32,
    language: panier::Lang,
) -> Result<BooksStatement, String> {
    perform::<ops::Statement>(&session, StatementQuery { year, language })
}

/// Closes the year (the core refuses a year not over yet, or already closed).
#[tauri::command]
pub async fn close_year(session: State<'_, Session>, year: i32) -> Result<ClosedYearView, String> {
    perform::<ops::CloseYear>(&session, YearOf { year })
}

/// The volunteer time of the financial year starting in `year`.
#[tauri::command]
pub async fn volunteering_year(
    session: State<'_, Session>,
    year: i32,
) -> Result<VolunteeringView, String> {
    perform::<ops::VolunteeringYear>(&session, YearOf { year })
}

/// Records time given; returns the year's panel again.
#[tauri::command]
pub async fn add_volunteering(
    session: State<'_, Session>,
    year: i32,
    form: VolunteeringForm,
) -> Result<VolunteeringView, String> {
    perform::<ops::AddVolunteering>(&session, NewVolunteeringTime { year, form })
}
