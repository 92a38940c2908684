//! `panier export ledger`: one CSV row per ledger line of a financial year, for a
//! spreadsheet or an accountant (the FEC is another export).

use crate::kernel::csv_sheet::{Cell, CsvSheet, LineEnd};
use crate::kernel::dates::Period;
use crate::kernel::error::Result;
use crate::kernel::ids::{EntryId, MemberId};
use crate::kernel::money::{plain, Cents};
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};

/// One ledger line with what a reader needs beside it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LedgerRow {
    pub entry_id: EntryId,
    pub date: NaiveDate,
    pub member_id: Option<MemberId>,
    /// the member's name, or who paid or was paid
    pub member: String,
    pub kind: String,
    pub account: String,
    pub account_label: String,
    /// income positive, expense negative
    pub amount_cents: Cents,
    pub method: String,
    pub label: String,
    /// for a reversal: the entry it cancels
    pub reverses_id: Option<EntryId>,
}

/// The bounds of the financial year starting in `year`.
pub fn financial_year(conn: &Connection, year: i32) -> Result<Period> {
    Ok(crate::books::years::FinancialYear::starting_in(conn, year)?.period)
}

/// Every line of the entries dated in `period`, by date, entry and line.
pub fn rows(conn: &Connection, period: Period) -> Result<Vec<LedgerRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT e.id, e.entry_date, e.member_id, e.counterparty, e.kind, l.account,
                l.amount_cents, e.method, e.label, e.reverses_id
         FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id
         WHERE e.entry_date >= ?1 AND e.entry_date < ?2
         ORDER BY e.entry_date, e.id, l.id",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| {
            let date: String = r.get(1)?;
            let account: String = r.get(5)?;
            Ok(LedgerRow {
                entry_id: r.get(0)?,
                date: date.parse().unwrap_or_default(),
                member_id: r.get(2)?,
                member: r.get(3)?,
                kind: r.get(4)?,
                account_label: crate::books::ledger::account_label(&account, crate::Lang::Fr)
                    .into(),
                account,
                amount_cents: r.get(6)?,
                method: r.get(7)?,
                label: r.get(8)?,
                reverses_id: r.get(9)?,
            })
        },
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub const HEADER: [&str; 11] = [
    "entry_id",
    "date",
    "member_id",
    "member",
    "kind",
    "account",
    "account_label",
    "amount",
    "method",
    "label",
    "reverses",
];

/// The rows as `;`-separated UTF-8 CSV with a header line; amounts like `-12.50`. Ids,
/// dates, accounts and amounts are values Panier writes; names and labels are text, guarded
/// against spreadsheet formulas (a label `=1+1` is written `'=1+1`).
pub fn to_csv(rows: &[LedgerRow]) -> Result<String> {
    let mut sheet = CsvSheet::new(b';', LineEnd::Lf, false);
    sheet.header(&HEADER)?;
    for r in rows {
        let entry_id = r.entry_id.to_string();
        let date = r.date.to_string();
        let member_id = r.member_id.map(|m| m.to_string()).unwrap_or_default();
        let amount = plain(r.amount_cents);
        let reverses = r.reverses_id.map(|e| e.to_string()).unwrap_or_default();
        sheet.row(&[
            Cell::Value(&entry_id),
            Cell::Value(&date),
            Cell::Value(&member_id),
            Cell::Text(&r.member),
            Cell::Value(&r.kind),
            Cell::Text(&r.account),
            Cell::Text(&r.account_label),
            Cell::Value(&amount),
            Cell::Value(&r.method),
            Cell::Text(&r.label),
            Cell::Value(&reverses),
        ])?;
    }
    sheet.finish()
}

/// The CSV of the financial year starting in `year`.
pub fn ledger_csv(conn: &Connection, year: i32) -> Result<String> {
    to_csv(&rows(conn, financial_year(conn, year)?)?)
}

/// Writes the CSV of the financial year starting in `year` to `path`; returns the file and
/// the number of rows.
pub fn write(
    conn: &Connection,
    year: i32,
    path: &std::path::Path,
    replace: crate::store::output::Replace,
) -> Result<(crate::store::output::WrittenFile, usize)> {
    let rows = rows(conn, financial_year(conn, year)?)?;
    let written =
        crate::store::output::write(Some(conn), path, to_csv(&rows)?.as_bytes(), replace)?;
    Ok((written, rows.len()))
}
