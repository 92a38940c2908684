//! The books: a double-entry journal derived from the ledger, the income statement and the
//! balance of a financial year, and the year close.
//!
//! Every ledger entry moves money through a treasury account (512 bank, 530 cash, chosen by
//! `Method::treasury_account`) against income (7…) or expense (6…) accounts; its lines are the
//! income/expense side, its amount the treasury side, so each derived entry balances by
//! construction. A closed year's result opens the next year in 120 (surplus) or 129 (deficit)
//! until the general assembly allocates it to « report à nouveau » (110/119) or to reserves
//! (1068) — see `allocation`; results of years never closed are carried over in 110/119. On
//! the accrual basis (`accrual`), the income of next years' periods is deferred to 487 at the
//! year's end and taken back on the next year's first day, both as OD entries. Nothing dated
//! on or before the last closed day can be written any more (checked in `years`, and by SQL
//! triggers).

use crate::books::accrual::{deferred_at, deferred_total_at};
use crate::books::allocation::{self, pending_account, Destination};
use crate::books::chart::{label_of, Account};
use crate::books::ledger::Method;
use crate::books::years::{closed_years, FinancialYear};
use crate::kernel::dates::Period;
use crate::kernel::error::Result;
use crate::kernel::ids::EntryId;
use crate::kernel::money::{from_cents, to_cents, Cents};
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Report à nouveau (solde créditeur / débiteur) and résultat de l'exercice (excédent / déficit).
pub const CARRIED_CREDIT: &str = Account::CARRIED_CREDIT.number;
pub const CARRIED_DEBIT: &str = Account::CARRIED_DEBIT.number;
pub const RESULT_SURPLUS: &str = Account::RESULT_SURPLUS.number;
pub const RESULT_DEFICIT: &str = Account::RESULT_DEFICIT.number;

/// The label of an account of the chart.
fn label(code: &str, lang: Lang) -> String {
    label_of(code, lang).to_string()
}

/// The label of an account of the chart, else the one it was imported with (`imported_accounts`).
fn label_in(conn: &Connection, code: &str, lang: Lang) -> Result<String> {
    crate::books::ledger::account_label_in(conn, code, lang)
}

// ---------------------------------------------------------------------------------------------
// The statement's queries: every aggregate the books read goes through these few functions.
// They read the totals kept by SQL triggers in the same transaction as each line (see
// migrations 0007 and 0009, and `check`), not the lines: whole months from
// `ledger_month_totals`, the days of a month cut by the period's ends from
// `ledger_day_totals`. A year is a few hundred rows whatever the number of lines.

/// The rows of the totals that cover `[start, end)`: as the SQL of a sub-query with the
/// columns `account, method, amount_cents`, and its six parameters.
fn totals_rows(start: Option<NaiveDate>, end: NaiveDate) -> (&'static str, [String; 6]) {
    let month_start = |d: NaiveDate| d.with_day(1).unwrap_or(d);
    let next_month = |d: NaiveDate| {
        let first = month_start(d);
        first
            .checked_add_months(chrono::Months::new(1))
            .unwrap_or(first)
    };
    // whole months: from the first 1st on or after `start`, to the last 1st on or before `end`
    let months_from = match start {
        Some(s) if s.day() == 1 => s,
        Some(s) => next_month(s),
        None => NaiveDate::MIN,
    };
    let months_to = month_start(end);
    let (head, months, tail) = if months_from < months_to {
        (
            (start.unwrap_or(NaiveDate::MIN), months_from),
            (months_from, months_to),
            (months_to, end),
        )
    } else {
        // less than a whole month: days only
        (
            (start.unwrap_or(NaiveDate::MIN), end),
            (end, end),
            (end, end),
        )
    };
    let month = |d: NaiveDate| {
        if d == NaiveDate::MIN {
            String::new()
        } else {
            d.format("%Y-%m").to_string()
        }
    };
    let day = |d: NaiveDate| {
        if d == NaiveDate::MIN {
            String::new()
        } else {
            d.to_string()
        }
    };
    (
        "SELECT account, method, amount_cents FROM ledger_month_totals
             WHERE month >= ?1 AND month < ?2
         UNION ALL
         SELECT account, method, amount_cents FROM ledger_day_totals
             WHERE day >= ?3 AND day < ?4
         UNION ALL
         SELECT account, method, amount_cents FROM ledger_day_totals
             WHERE day >= ?5 AND day < ?6",
        [
            month(months.0),
            month(months.1),
            day(head.0),
            day(head.1),
            day(tail.0),
            day(tail.1),
        ],
    )
}

/// Sum of the ledger lines per account over a period (income accounts positive, expenses
/// negative), ordered by account.
pub fn account_totals(conn: &Connection, period: Period) -> Result<Vec<(String, Cents)>> {
    let (rows, args) = totals_rows(Some(period.start), period.end_exclusive);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT account, sum(amount_cents) FROM ({rows}) GROUP BY account ORDER BY account"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Treasury balances (512, 530…) of everything dated before `before`.
pub fn treasury_before(conn: &Connection, before: NaiveDate) -> Result<BTreeMap<String, Cents>> {
    let (rows, args) = totals_rows(None, before);
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT method, sum(amount_cents) FROM ({rows}) GROUP BY method"
    ))?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, Cents>(1)?))
    })?;
    let mut out: BTreeMap<String, Cents> = BTreeMap::new();
    for row in rows {
        let (method, cents) = row?;
        let account = Method::parse(&method)
            .unwrap_or(Method::Other)
            .treasury_account();
        *out.entry(account.to_string()).or_default() += cents;
    }
    Ok(out)
}

/// The result (income − expenses) of everything dated before `before`: what is carried over.
pub fn result_before(conn: &Connection, before: NaiveDate) -> Result<Cents> {
    let (rows, args) = totals_rows(None, before);
    Ok(conn
        .prepare_cached(&format!(
            "SELECT coalesce(sum(amount_cents), 0) FROM ({rows})"
        ))?
        .query_row(rusqlite::params_from_iter(args), |r| r.get(0))?)
}

/// Totals per account over a period as the books recognise them: `account_totals` on the
/// cash basis; on the accrual basis, less the income deferred at the period's end and plus
/// the income taken back at its start (see `accrual`). The income statement, the year close
/// and the public report read these.
pub fn recognised_totals(conn: &Connection, period: Period) -> Result<Vec<(String, Cents)>> {
    let mut totals = account_totals(conn, period)?;
    let taken_back = deferred_at(conn, period.start)?;
    let deferred = deferred_at(conn, period.end_exclusive)?;
    if taken_back.is_empty() && deferred.is_empty() {
        return Ok(totals);
    }
    let mut map: BTreeMap<String, Cents> = totals.drain(..).collect();
    for (account, cents) in taken_back {
        *map.entry(account).or_default() += cents;
    }
    for (account, cents) in deferred {
        *map.entry(account).or_default() -= cents;
    }
    Ok(map.into_iter().collect())
}

/// The result of everything dated before `before` as the books recognise it (on the accrual
/// basis, without the income deferred at that day).
pub fn recognised_result_before(conn: &Connection, before: NaiveDate) -> Result<Cents> {
    Ok(result_before(conn, before)? - deferred_total_at(conn, before)?)
}

/// The own funds brought in at `opening`, signed (a debit balance is negative): the results
/// of the closed years not allocated yet (120/129), what was allocated before
/// `allocations_before` (1068 reserves; 110/119 with everything else carried over).
fn carried_funds(
    conn: &Connection,
    opening: NaiveDate,
    allocations_before: NaiveDate,
) -> Result<BTreeMap<String, Cents>> {
    let carried = recognised_result_before(conn, opening)?;
    let decided = allocation::allocations(conn)?;
    let mut funds: BTreeMap<String, Cents> = BTreeMap::new();
    let mut apart: Cents = 0;
    for closed in closed_years(conn)? {
        if closed.period.end_exclusive > opening {
            continue;
        }
        let mut left = to_cents("résultat", closed.result)?;
        for a in decided
            .iter()
            .filter(|a| a.year == closed.year && a.allocated_on < allocations_before)
        {
            left -= a.amount_cents;
            if a.destination == Destination::Reserves {
                *funds
                    .entry(a.destination.account(a.amount_cents).into())
                    .or_default() += a.amount_cents;
                apart += a.amount_cents;
            }
        }
        if left != 0 {
            *funds.entry(pending_account(left).into()).or_default() += left;
            apart += left;
        }
    }
    let report = carried - apart;
    if report != 0 {
        *funds
            .entry(Destination::Report.account(report).into())
            .or_default() += report;
    }
    funds.retain(|_, c| *c != 0);
    Ok(funds)
}

// ---------------------------------------------------------------------------------------------
// Income statement and balance.

/// Amounts per account and their total (euros).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Section {
    pub total: Decimal,
    pub by_account: BTreeMap<String, Decimal>,
}

impl Section {
    fn from_cents(map: BTreeMap<String, Cents>) -> Self {
        Section {
            total: from_cents(map.values().sum()),
            by_account: map.into_iter().map(|(k, v)| (k, from_cents(v))).collect(),
        }
    }
}

/// The balance at the end of the year: treasury on one side, the association's own funds
/// (carried over results and this year's result) on the other. Both totals are equal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Balance {
    /// 512 bank, 530 cash at the end of the year
    pub assets: Section,
    /// 110/119 report à nouveau, 120/129 result of the year (a debit balance is negative)
    pub funds: Section,
}

/// The books of one financial year.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Statement {
    /// the year in which the financial year starts
    pub year: i32,
    pub period: Period,
    pub closed: bool,
    /// income accounts (7…), net of reversals
    pub income: Section,
    /// expense accounts (6…), as positive amounts
    pub expenses: Section,
    /// income − expenses
    pub result: Decimal,
    /// result carried over from the years before (report à nouveau)
    pub carried_over: Decimal,
    pub balance: Balance,
    /// every account named above, with its label
    pub labels: BTreeMap<String, String>,
    /// volunteer time (contributions volontaires en nature, 864/875): shown apart, outside
    /// the result
    pub volunteering: crate::books::volunteering::YearSummary,
}

/// The two sides of the balance at the end of `period`: treasury; own funds (carried over
/// from before, allocated as decided within the year, and this year's `result`) with the
/// income deferred to the next years (487).
fn balance_sides(
    conn: &Connection,
    period: Period,
    result: Cents,
) -> Result<(BTreeMap<String, Cents>, BTreeMap<String, Cents>)> {
    let mut assets = treasury_before(conn, period.end_exclusive)?;
    assets.retain(|_, c| *c != 0);
    let mut funds = carried_funds(conn, period.start, period.end_exclusive)?;
    if result != 0 {
        *funds.entry(pending_account(result).into()).or_default() += result;
    }
    let deferred = deferred_total_at(conn, period.end_exclusive)?;
    if deferred != 0 {
        funds.insert(Account::DEFERRED_INCOME.into(), deferred);
    }
    funds.retain(|_, c| *c != 0);
    Ok((assets, funds))
}

/// The balance alone at the end of the financial year starting in `year` (the same as
/// `statement(…).balance`, without the income statement's detail), with its accounts' labels.
pub fn balance(
    conn: &Connection,
    year: i32,
    lang: Lang,
) -> Result<(Balance, BTreeMap<String, String>)> {
    let period = FinancialYear::starting_in(conn, year)?.period;
    let carried = recognised_result_before(conn, period.start)?;
    let result = recognised_result_before(conn, period.end_exclusive)? - carried;
    let (assets, funds) = balance_sides(conn, period, result)?;
    let labels = assets
        .keys()
        .chain(funds.keys())
        .map(|k| Ok((k.clone(), label_in(conn, k, lang)?)))
        .collect::<Result<_>>()?;
    Ok((
        Balance {
            assets: Section::from_cents(assets),
            funds: Section::from_cents(funds),
        },
        labels,
    ))
}

/// The income statement and balance of the financial year starting in `year`.
pub fn statement(conn: &Connection, year: i32, lang: Lang) -> Result<Statement> {
    let financial_year = FinancialYear::starting_in(conn, year)?;
    let period = financial_year.period;
    let mut income = BTreeMap::new();
    let mut expenses = BTreeMap::new();
    for (account, cents) in recognised_totals(conn, period)? {
        if account.starts_with('5') {
            // 58: the two entries of a transfer between bank and cash cancel out, the same day
            continue;
        }
        if account.starts_with('6') {
            expenses.insert(account, -cents);
        } else {
            income.insert(account, cents);
        }
    }
    let result: Cents = income.values().sum::<Cents>() - expenses.values().sum::<Cents>();
    let carried = recognised_result_before(conn, period.start)?;
    let (assets, funds) = balance_sides(conn, period, result)?;
    let labels = income
        .keys()
        .chain(expenses.keys())
        .chain(assets.keys())
        .chain(funds.keys())
        .map(|k| Ok((k.clone(), label_in(conn, k, lang)?)))
        .collect::<Result<_>>()?;
    Ok(Statement {
        year,
        period,
        closed: financial_year.closed,
        income: Section::from_cents(income),
        expenses: Section::from_cents(expenses),
        result: from_cents(result),
        carried_over: from_cents(carried),
        balance: Balance {
            assets: Section::from_cents(assets),
            funds: Section::from_cents(funds),
        },
        labels,
        volunteering: crate::books::volunteering::year_summary(conn, year)?,
    })
}

// ---------------------------------------------------------------------------------------------
// The double-entry journal.

/// Journal codes: bank, cash, miscellaneous (the opening « à nouveau » entry).
pub const BANK_JOURNAL: (&str, &str) = ("BQ", "Banque");
pub const CASH_JOURNAL: (&str, &str) = ("CA", "Caisse");
pub const MISC_JOURNAL: (&str, &str) = ("OD", "Opérations diverses");

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JournalLine {
    pub account: String,
    pub account_label: String,
    pub debit_cents: Cents,
    pub credit_cents: Cents,
}

/// One balanced entry of the journal.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct JournalEntry {
    /// BQ, CA or OD
    pub journal: String,
    pub journal_label: String,
    /// numbered in date order within its journal: `BQ000001`
    pub number: String,
    pub date: NaiveDate,
    /// the ledger entry it comes from (none for the opening entry)
    pub entry_id: Option<EntryId>,
    /// the supporting document's reference (the payment reference when imported)
    pub piece: String,
    pub label: String,
    /// when the entry was recorded in Panier (`YYYY-MM-DD`)
    pub recorded_on: NaiveDate,
    pub lines: Vec<JournalLine>,
}

impl JournalEntry {
    pub fn debit_cents(&self) -> Cents {
        self.lines.iter().map(|l| l.debit_cents).sum()
    }

    pub fn credit_cents(&self) -> Cents {
        self.lines.iter().map(|l| l.credit_cents).sum()
    }
}

fn side(account: &str, amount: Cents, debit_when_positive: bool, lang: Lang) -> JournalLine {
    let (debit, credit) = if (amount > 0) == debit_when_positive {
        (amount.abs(), 0)
    } else {
        (0, amount.abs())
    };
    JournalLine {
        account: account.to_string(),
        account_label: label(account, lang),
        debit_cents: debit,
        credit_cents: credit,
    }
}

/// An OD (miscellaneous operations) entry that no ledger entry carries: the opening, an
/// allocation, a deferral.
fn misc_entry(date: NaiveDate, piece: &str, label: &str, lines: Vec<JournalLine>) -> JournalEntry {
    JournalEntry {
        journal: MISC_JOURNAL.0.into(),
        journal_label: MISC_JOURNAL.1.into(),
        number: String::new(),
        date,
        entry_id: None,
        piece: piece.into(),
        label: label.into(),
        recorded_on: date,
        lines,
    }
}

/// The journal of the financial year starting in `year`: the opening entry (treasury against
/// report à nouveau, journal OD) then one balanced entry per ledger entry, in date order,
/// numbered per journal.
pub fn journal(conn: &Connection, year: i32, lang: Lang) -> Result<Vec<JournalEntry>> {
    let period = FinancialYear::starting_in(conn, year)?.period;
    let mut out = Vec::new();
    let opening = treasury_before(conn, period.start)?;
    let taken_back = deferred_at(conn, period.start)?;
    if opening.values().any(|c| *c != 0) {
        let mut lines: Vec<JournalLine> = opening
            .iter()
            .filter(|(_, c)| **c != 0)
            .map(|(account, cents)| side(account, *cents, true, lang))
            .collect();
        for (account, cents) in carried_funds(conn, period.start, period.start)? {
            lines.push(side(&account, cents, false, lang));
        }
        let deferred: Cents = taken_back.values().sum();
        if deferred != 0 {
            lines.push(side(Account::DEFERRED_INCOME.number, deferred, false, lang));
        }
        out.push(misc_entry(
            period.start,
            "AN",
            lang.pick("Report à nouveau", "Opening balances"),
            lines,
        ));
    }
    // accrual basis: the income deferred at the last close comes back on the first day
    if !taken_back.is_empty() {
        let total: Cents = taken_back.values().sum();
        let mut lines = vec![side(Account::DEFERRED_INCOME.number, total, true, lang)];
        lines.extend(
            taken_back
                .iter()
                .map(|(account, cents)| side(account, *cents, false, lang)),
        );
        out.push(misc_entry(
            period.start,
            "PCA",
            lang.pick(
                "Reprise des produits constatés d'avance",
                "Deferred income taken back",
            ),
            lines,
        ));
    }
    // the general assembly's allocations of closed years' results
    for a in allocation::allocations_in(conn, period)? {
        let lines = vec![
            side(
                pending_account(a.amount_cents).number,
                a.amount_cents,
                true,
                lang,
            ),
            side(
                a.destination.account(a.amount_cents).number,
                a.amount_cents,
                false,
                lang,
            ),
        ];
        let text = format!(
            "{} {}",
            lang.pick("Affectation du résultat", "Allocation of the result"),
            a.year
        );
        out.push(misc_entry(
            a.allocated_on,
            &format!("AFF{}", a.year),
            &text,
            lines,
        ));
    }
    let mut recorded: std::collections::HashMap<EntryId, String> = Default::default();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT id, created_at FROM ledger_entries WHERE entry_date >= ?1 AND entry_date < ?2",
        )?;
        let rows = stmt.query_map(
            params![period.start.to_string(), period.end_exclusive.to_string()],
            |r| Ok((r.get::<_, EntryId>(0)?, r.get::<_, String>(1)?)),
        )?;
        for row in rows {
            let (id, at) = row?;
            recorded.insert(id, at);
        }
    }
    for entry in crate::books::ledger::between(conn, period)? {
        let treasury = entry.method.treasury_account();
        let (code, journal_label) = if treasury == Account::CASH.number {
            CASH_JOURNAL
        } else {
            BANK_JOURNAL
        };
        let mut lines = vec![side(treasury, entry.amount_cents, true, lang)];
        lines.extend(
            entry
                .lines
                .iter()
                .map(|l| side(&l.account, l.amount_cents, false, lang)),
        );
        let mut text = entry.label.trim().to_string();
        if !entry.counterparty.trim().is_empty() {
            if !text.is_empty() {
                text.push_str(" - ");
            }
            text.push_str(entry.counterparty.trim());
        }
        if text.is_empty() {
            text = entry.kind.as_str().to_string();
        }
        let recorded_on = recorded
            .get(&entry.id)
            .and_then(|at| at.get(..10))
            .and_then(|d| d.parse().ok())
            .unwrap_or(entry.date);
        out.push(JournalEntry {
            journal: code.into(),
            journal_label: journal_label.into(),
            number: String::new(),
            date: entry.date,
            entry_id: Some(entry.id),
            piece: entry
                .external_ref
                .clone()
                .unwrap_or_else(|| entry.id.to_string()),
            label: text,
            recorded_on,
            lines,
        });
    }
    // accrual basis: the income of next years' periods is deferred on the last day
    let deferred = deferred_at(conn, period.end_exclusive)?;
    if !deferred.is_empty() {
        let total: Cents = deferred.values().sum();
        let mut lines: Vec<JournalLine> = deferred
            .iter()
            .map(|(account, cents)| side(account, *cents, true, lang))
            .collect();
        lines.push(side(Account::DEFERRED_INCOME.number, total, false, lang));
        out.push(misc_entry(
            period.last_day(),
            "PCA",
            lang.pick("Produits constatés d'avance", "Deferred income"),
            lines,
        ));
    }
    // a stable sort: on one day, the opening first and the deferral last; number within
    // each journal
    out.sort_by_key(|e| e.date);
    let mut counters: BTreeMap<String, u32> = BTreeMap::new();
    for e in &mut out {
        let n = counters.entry(e.journal.clone()).or_default();
        *n += 1;
        e.number = format!("{}{:06}", e.journal, n);
    }
    Ok(out)
}
