//! Financial years: their bounds (from the `fiscal_year_start` setting and the years already
//! closed), which are closed, and the rule that nothing is written into a closed one.

use crate::kernel::dates::{day_fr, last_day_before, Period};
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
        let last = last_day_before(open_from);
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

/// A financial year: the year it starts in (what `--year` takes), its bounds and whether it
/// is closed. Every computation of a year's bounds goes through `starting_in`.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct FinancialYear {
    pub year: i32,
    pub period: Period,
    pub closed: bool,
}

impl FinancialYear {
    /// The financial year that starts in `year`: as it was closed, else from the
    /// `fiscal_year_start` setting — except that the year after a closed one starts the day
    /// after it ended, so a change of the setting gives one longer (or shorter) transitional
    /// year and no day falls between two years.
    pub fn starting_in(conn: &Connection, year: i32) -> Result<Self> {
        let closed = closed_years(conn)?;
        if let Some(c) = closed.iter().find(|c| c.year == year) {
            return Ok(FinancialYear {
                year,
                period: c.period,
                closed: true,
            });
        }
        let start = crate::store::settings::organisation_of(conn)?.fiscal_year_start;
        let mut period = Period::fiscal_year(year, start);
        if let Some(previous) = closed.iter().find(|c| c.year == year - 1) {
            period.start = previous.period.end_exclusive;
            if period.end_exclusive <= period.start {
                period.end_exclusive = Period::fiscal_year(year + 1, start).end_exclusive;
            }
        }
        Ok(FinancialYear {
            year,
            period,
            closed: false,
        })
    }

    /// The financial year holding `day` (a transitional year may hold days of the calendar
    /// year after the one it starts in, hence the three candidates).
    pub fn containing(conn: &Connection, day: NaiveDate) -> Result<Self> {
        for year in [day.year(), day.year() - 1, day.year() - 2] {
            let candidate = FinancialYear::starting_in(conn, year)?;
            if candidate.period.contains(day) {
                return Ok(candidate);
            }
        }
        // unreachable with consistent settings; the setting's year then
        let start = crate::store::settings::organisation_of(conn)?.fiscal_year_start;
        let this = Period::fiscal_year(day.year(), start);
        let year = if day < this.start {
            day.year() - 1
        } else {
            day.year()
        };
        FinancialYear::starting_in(conn, year)
    }

    /// The last day it covers, inclusive.
    pub fn last_day(&self) -> NaiveDate {
        self.period.last_day()
    }
}

/// A financial year as the Books screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ListedYear {
    /// the year in which it starts (what `--year` takes)
    pub year: i32,
    pub period: Period,
    pub closed: bool,
    pub entries: i64,
}

/// Every financial year that has entries or is closed, oldest first.
pub fn financial_years(conn: &Connection) -> Result<Vec<ListedYear>> {
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
        let fy = FinancialYear::starting_in(conn, year)?;
        let entries: i64 = conn
            .prepare_cached(
                "SELECT count(*) FROM ledger_entries WHERE entry_date >= ?1 AND entry_date < ?2",
            )?
            .query_row(
                params![
                    fy.period.start.to_string(),
                    fy.period.end_exclusive.to_string()
                ],
                |r| r.get(0),
            )?;
        if entries > 0 || fy.closed {
            out.push(ListedYear {
                year,
                period: fy.period,
                closed: fy.closed,
                entries,
            });
        }
    }
    Ok(out)
}

/// The bounds of the financial year containing `day` (see `FinancialYear::containing`).
pub fn financial_year_of(conn: &Connection, day: NaiveDate) -> Result<Period> {
    Ok(FinancialYear::containing(conn, day)?.period)
}
