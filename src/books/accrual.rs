//! The accounting basis (`accounting_basis` setting): on the cash basis (the default) income
//! counts when it is received; on the accrual basis, income received before a day for a
//! membership or storage period that runs past it is « produits constatés d'avance » (487)
//! at that day, in proportion of the period's days on or after it (a fee
//! paid on 20 December for a civil year membership running to next 31 December is deferred
//! for 365 of its 377 days): deferred at the close of the year it was paid in, taken back at
//! the opening of the next.

use crate::kernel::error::Result;
use crate::kernel::money::Cents;
use chrono::NaiveDate;
use rusqlite::Connection;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Basis {
    Cash,
    Accrual,
}

/// The basis the books are kept on.
pub fn basis(conn: &Connection) -> Result<Basis> {
    Ok(
        match crate::store::settings::get(conn, "accounting_basis")?.as_str() {
            "accrual" => Basis::Accrual,
            _ => Basis::Cash,
        },
    )
}

/// The income received before `day` for the days of its period on or after it, per income
/// account, each line rounded to the cent (empty on the cash basis). A reversal counts with the entry it cancels, so a fee paid and
/// refunded before `day` defers nothing.
pub fn deferred_at(conn: &Connection, day: NaiveDate) -> Result<BTreeMap<String, Cents>> {
    if basis(conn)? == Basis::Cash {
        return Ok(BTreeMap::new());
    }
    let mut stmt = conn.prepare_cached(
        "SELECT l.account, sum(CAST(round(l.amount_cents
                 * (julianday(s.ends_before) - julianday(max(s.starts_on, ?1)))
                 / (julianday(s.ends_before) - julianday(s.starts_on))) AS INTEGER))
         FROM ledger_lines l
         JOIN ledger_entries e ON e.id = l.entry_id
         JOIN subscriptions s ON s.id = coalesce(e.subscription_id,
             (SELECT o.subscription_id FROM ledger_entries o WHERE o.id = e.reverses_id))
         WHERE e.entry_date < ?1 AND s.ends_before > ?1 AND substr(l.account, 1, 1) = '7'
         GROUP BY l.account ORDER BY l.account",
    )?;
    let rows = stmt.query_map([day.to_string()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Cents>(1)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (account, cents) = row?;
        if cents != 0 {
            out.insert(account, cents);
        }
    }
    Ok(out)
}

/// The total of `deferred_at`.
pub fn deferred_total_at(conn: &Connection, day: NaiveDate) -> Result<Cents> {
    Ok(deferred_at(conn, day)?.values().sum())
}
