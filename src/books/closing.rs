//! The year close: a financial year that is over, and whose earlier years are closed, gets
//! its result stored — it opens the next year in 120/129 until the general assembly
//! allocates it (`allocation`) — and from then on nothing dated in it can be written.

use crate::books::statements::recognised_totals;
use crate::books::years::{closed_year, ClosedYear, FinancialYear};
use crate::kernel::dates::{day_fr, now_text};
use crate::kernel::error::{Error, Result};
use crate::kernel::money::{from_cents, Cents};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, OptionalExtension};

/// Closes the financial year that starts in `year`: it must be over (`today` after its last
/// day) and not closed yet. Its result is stored and carried over; from now on nothing dated
/// on or before its last day may be written.
pub fn close_year(db: &mut Database, year: i32, today: NaiveDate) -> Result<ClosedYear> {
    let financial_year = FinancialYear::starting_in(db.conn(), year)?;
    let period = financial_year.period;
    let last = financial_year.last_day();
    if closed_year(db.conn(), year)?.is_some() {
        return Err(Error::refused(
            format!("l'exercice {year} est déjà clos"),
            format!("the financial year {year} is already closed"),
        ));
    }
    if today < period.end_exclusive {
        return Err(Error::refused(
            format!(
                "l'exercice {year} n'est pas terminé (il court jusqu'au {} inclus) : on ne le clôt qu'après",
                day_fr(last)
            ),
            format!("the financial year {year} is not over (it runs until {last} included): close it afterwards"),
        ));
    }
    let earlier_open = crate::books::years::financial_years(db.conn())?
        .into_iter()
        .find(|y| y.year < year && !y.closed && y.entries > 0);
    if let Some(open) = earlier_open {
        return Err(Error::refused(
            format!(
                "l'exercice {} n'est pas clos : les exercices se clôturent dans l'ordre (panier close-year {} d'abord)",
                open.year, open.year
            ),
            format!(
                "the financial year {} is still open: years close in order (panier close-year {} first)",
                open.year, open.year
            ),
        ));
    }
    let overlapping: Option<i32> = db
        .conn()
        .query_row(
            "SELECT year FROM closed_years WHERE starts_on < ?2 AND ends_before > ?1",
            params![period.start.to_string(), period.end_exclusive.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(other) = overlapping {
        return Err(Error::refused(
            format!("l'exercice {year} chevauche l'exercice clos {other}"),
            format!("the financial year {year} overlaps the closed year {other}"),
        ));
    }
    let operator = db.operator().to_string();
    db.write(|tx| {
        let result: Cents = recognised_totals(tx, period)?.iter().map(|(_, c)| c).sum();
        let closed_at = now_text();
        tx.execute(
            "INSERT INTO closed_years (year, starts_on, ends_before, result_cents, closed_at, closed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                year,
                period.start.to_string(),
                period.end_exclusive.to_string(),
                result,
                closed_at,
                operator
            ],
        )?;
        let closed = ClosedYear {
            year,
            period,
            result: from_cents(result),
            closed_at,
            closed_by: operator.clone(),
        };
        let change = Change::new("close", "financial_year", Some(year as i64)).after(&closed);
        Ok((closed, change))
    })
}
