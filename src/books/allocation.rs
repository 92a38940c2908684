//! The allocation of a closed year's result (« affectation du résultat »): until the general
//! assembly decides, the result stays in 120 (surplus) or 129 (deficit); then it moves to
//! « report à nouveau » (110/119) or to reserves (1068), by an OD entry dated the day of the
//! decision (see `statements::journal`).

use crate::books::chart::Account;
use crate::books::years::closed_year;
use crate::kernel::dates::{now_text, Period};
use crate::kernel::error::{Error, Result};
use crate::kernel::money::{display, from_cents, Cents};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Where a result goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Destination {
    /// « report à nouveau »: 110 (surplus) or 119 (deficit)
    Report,
    /// reserves for the association's projects: 1068
    Reserves,
}

impl Destination {
    pub fn as_str(self) -> &'static str {
        match self {
            Destination::Report => "report",
            Destination::Reserves => "reserves",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "report" | "report-a-nouveau" | "carry" => Ok(Destination::Report),
            "reserves" | "réserves" | "reserve" => Ok(Destination::Reserves),
            _ => Err(Error::invalid(
                "affectation",
                text,
                format!("affectation « {text} » inconnue : report ou reserves"),
                format!("unknown allocation “{text}”: report or reserves"),
            )),
        }
    }

    /// The account a result signed `cents` goes to.
    pub fn account(self, cents: Cents) -> Account {
        match self {
            Destination::Report if cents < 0 => Account::CARRIED_DEBIT,
            Destination::Report => Account::CARRIED_CREDIT,
            Destination::Reserves => Account::RESERVES_FOR_PROJECTS,
        }
    }
}

/// The account a result signed `cents` waits in until it is allocated.
pub fn pending_account(cents: Cents) -> Account {
    if cents < 0 {
        Account::RESULT_DEFICIT
    } else {
        Account::RESULT_SURPLUS
    }
}

/// One allocation decided.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Allocation {
    pub id: i64,
    /// the closed year whose result it allocates
    pub year: i32,
    pub destination: Destination,
    /// signed like the result (a deficit's allocation is negative)
    pub amount: Decimal,
    pub amount_cents: Cents,
    pub allocated_on: NaiveDate,
}

fn from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Allocation> {
    let destination: String = r.get(2)?;
    let on: String = r.get(4)?;
    let cents: Cents = r.get(3)?;
    Ok(Allocation {
        id: r.get(0)?,
        year: r.get(1)?,
        destination: if destination == "reserves" {
            Destination::Reserves
        } else {
            Destination::Report
        },
        amount: from_cents(cents),
        amount_cents: cents,
        allocated_on: on.parse().unwrap_or_default(),
    })
}

/// Every allocation, in the order they were decided.
pub fn allocations(conn: &Connection) -> Result<Vec<Allocation>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, year, destination, amount_cents, allocated_on FROM result_allocations
         ORDER BY allocated_on, id",
    )?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The allocations dated within `period`, in date order (the journal's OD entries).
pub fn allocations_in(conn: &Connection, period: Period) -> Result<Vec<Allocation>> {
    Ok(allocations(conn)?
        .into_iter()
        .filter(|a| period.contains(a.allocated_on))
        .collect())
}

/// What is left to allocate of `year`'s result (signed like it).
pub fn unallocated_cents(conn: &Connection, year: i32) -> Result<Cents> {
    let Some(closed) = closed_year(conn, year)? else {
        return Ok(0);
    };
    let result = crate::kernel::money::to_cents("résultat", closed.result)?;
    let done: Cents = allocations(conn)?
        .iter()
        .filter(|a| a.year == year)
        .map(|a| a.amount_cents)
        .sum();
    Ok(result - done)
}

/// Allocates the result of the closed year `year` (what is left of it, or `amount` of it) to
/// `destination`, dated `on`: one allocation row, one audit row.
pub fn allocate_result(
    db: &mut Database,
    year: i32,
    destination: Destination,
    amount: Option<Decimal>,
    on: NaiveDate,
) -> Result<Allocation> {
    let lang = crate::Lang::Fr;
    let Some(closed) = closed_year(db.conn(), year)? else {
        return Err(Error::refused(
            format!("l'exercice {year} n'est pas clos : on n'affecte que le résultat d'un exercice clos (panier close-year {year})"),
            format!("the financial year {year} is not closed: only a closed year's result is allocated (panier close-year {year})"),
        ));
    };
    let left = unallocated_cents(db.conn(), year)?;
    if left == 0 {
        return Err(Error::refused(
            format!("le résultat de l'exercice {year} est déjà entièrement affecté (ou nul)"),
            format!("the result of the financial year {year} is already allocated (or zero)"),
        ));
    }
    let cents = match amount {
        None => left,
        Some(a) => {
            let asked = crate::kernel::money::to_cents("montant", a)?;
            if asked <= 0 || asked > left.abs() {
                return Err(Error::invalid(
                    "montant",
                    a.to_string(),
                    format!(
                        "on peut affecter au plus {} du résultat de l'exercice {year}",
                        display(left.abs(), lang)
                    ),
                    format!(
                        "at most {} of the result of the financial year {year} can be allocated",
                        display(left.abs(), crate::Lang::En)
                    ),
                ));
            }
            asked * left.signum()
        }
    };
    if on < closed.period.end_exclusive {
        return Err(Error::refused(
            format!(
                "l'affectation du résultat {year} se date après la fin de l'exercice (le {} ou après)",
                crate::kernel::dates::day_fr(closed.period.end_exclusive)
            ),
            format!(
                "the allocation of the {year} result is dated after the year's end (on {} or later)",
                closed.period.end_exclusive
            ),
        ));
    }
    crate::books::years::refuse_if_closed(db.conn(), on)?;
    db.write(|tx| {
        tx.execute(
            "INSERT INTO result_allocations (year, destination, amount_cents, allocated_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![year, destination.as_str(), cents, on.to_string(), now_text()],
        )?;
        let allocation = Allocation {
            id: tx.last_insert_rowid(),
            year,
            destination,
            amount: from_cents(cents),
            amount_cents: cents,
            allocated_on: on,
        };
        let change =
            Change::new("allocate_result", "financial_year", Some(year as i64)).after(&allocation);
        Ok((allocation, change))
    })
}
