//! Financial years: their bounds (from the `fiscal_year_start` setting and the years already
//! closed), which are closed, and the rule that nothing is written into a closed one.

use crate::kernel::dates::{day_fr, Period};
use crate::kernel::error::{Error, Result};
use crate::kernel::money::from_cents;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// A closed financial year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ClosedYear {
    pub year: i32,
    pub period: Period,
    /// income − expenses, carried over into the next year
    pub result: Decimal,
    pub closed_at: String,
    pub closed_by: String,
}

pub fn closed_years(conn: &Connection) -> Result<Vec<ClosedYear>> {
    let mut stmt = conn.prepare_cached(
        "SELECT year, starts_on, ends_before, result_cents, closed_at, closed_by
         FROM closed_years ORDER BY year",
    )?;
    let rows = stmt.query_map([], |r| {
        let start: String = r.get(1)?;
        let end: String = r.get(2)?;
        Ok(ClosedYear {
            year: r.get(0)?,
            period: Period {
                start: start.parse().unwrap_or_default(),
                end_exclusive: end.parse().unwrap_or_default(),
            },
            result: from_cents(r.get(3)?),
            closed_at: r.get(4)?,
            closed_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn closed_year(conn: &Connection, year: i32) -> Result<Option<ClosedYear>> {
    Ok(closed_years(conn)?.into_iter().find(|c| c.year == year))
}

/// The first day still open: nothing dated before it may change (None: no year is closed).
pub fn locked_until(conn: &Connection) -> Result<Option<NaiveDate>> {
    let end: Option<String> = conn
        .prepare_cached("SELECT max(ends_before) FROM closed_years")?
        .query_row([], |r| r.get(0))
        .optional()?
        .flatten();
    Ok(end.and_then(|e| e.parse().ok()))
}

/// Refuses a write dated `day` when it falls in (or before) a closed financial year. Called by
/// `ledger::insert` for every writer, imports and reversals included.
pub fn refuse_if_closed(conn: &Connection, day: NaiveDate) -> Result<()> {
    let Some(open_from) = locked_until(conn)? else {
        return Ok(());
    };
    if day < open_from {
        let last = open_from.pred_opt().unwrap_or(open_from);
        let year: Option<i32> = conn
            .prepare_cached(
                "SELECT year FROM closed_years WHERE starts_on <= ?1 AND ?1 < ends_before",
            )?
            .query_row([day.to_string()], |r| r.get(0))
            .optional()?;
        let which_fr = year
            .map(|y| format!("l'exercice {y} est clos"))
            .unwrap_or_else(|| format!("les comptes sont clos jusqu'au {}", day_fr(last)));
        let which_en = year
            .map(|y| format!("the financial year {y} is closed"))
            .unwrap_or_else(|| format!("the books are closed up to {last}"));
        return Err(Error::refused(
            format!(
                "{which_fr} (clôturé jusqu'au {} inclus) : rien ne peut plus y être écrit à la date du {} ; datez la correction dans l'exercice ouvert",
                day_fr(last),
                day_fr(day)
            ),
            format!(
                "{which_en} (closed up to {last} included): nothing can be written on {day} any more; date the correction in the open year"
            ),
        ));
    }
    Ok(())
}

/// The financial year that starts in `year`: as it was closed, else from the
/// `fiscal_year_start` setting — except that the year after a closed one starts the day after
/// it ended, so a change of the setting gives one longer (or shorter) transitional year and no
/// day falls between two years.
pub fn fiscal_period(conn: &Connection, year: i32) -> Result<Period> {
    let closed = closed_years(conn)?;
    if let Some(c) = closed.iter().find(|c| c.year == year) {
        return Ok(c.period);
    }
    let org = crate::store::settings::organisation_of(conn)?;
    let mut period = Period::fiscal_year(year, org.fiscal_year_start);
    if let Some(previous) = closed.iter().find(|c| c.year == year - 1) {
        period.start = previous.period.end_exclusive;
        if period.end_exclusive <= period.start {
            period.end_exclusive =
                Period::fiscal_year(year + 1, org.fiscal_year_start).end_exclusive;
        }
    }
    Ok(period)
}

/// A financial year as the Books screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FinancialYear {
    /// the year in which it starts (what `--year` takes)
    pub year: i32,
    pub period: Period,
    pub closed: bool,
    pub entries: i64,
}

/// Every financial year that has entries or is closed, oldest first.
pub fn financial_years(conn: &Connection) -> Result<Vec<FinancialYear>> {
    let (first, last): (Option<String>, Option<String>) = conn.query_row(
        "SELECT min(entry_date), max(entry_date) FROM ledger_entries",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let closed = closed_years(conn)?;
    let year_of = |d: Option<String>| d.and_then(|d| d.get(..4)?.parse::<i32>().ok());
    let mut years: Vec<i32> = closed.iter().map(|c| c.year).collect();
    if let (Some(a), Some(b)) = (year_of(first), year_of(last)) {
        years.extend(a - 1..=b);
    }
    years.sort_unstable();
    years.dedup();
    let mut out = Vec::new();
    for year in years {
        let period = fiscal_period(conn, year)?;
        let entries: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM ledger_entries WHERE entry_date >= ?1 AND entry_date < ?2",
            )?
            .query_row(
                params![period.start.to_string(), period.end_exclusive.to_string()],
                |r| r.get(0),
            )?;
        let is_closed = closed.iter().any(|c| c.year == year);
        if entries > 0 || is_closed {
            out.push(FinancialYear {
                year,
                period,
                closed: is_closed,
                entries,
            });
        }
    }
    Ok(out)
}

/// The financial year containing `day`, from the association's `fiscal_year_start`.
pub fn financial_year_of(conn: &Connection, day: NaiveDate) -> Result<Period> {
    let start = crate::store::settings::organisation_of(conn)?.fiscal_year_start;
    let this = Period::fiscal_year(day.year(), start);
    Ok(if day < this.start {
        Period::fiscal_year(day.year() - 1, start)
    } else {
        this
    })
}
