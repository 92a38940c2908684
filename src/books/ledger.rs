//! The ledger: every euro in or out, as entries split into lines on the accounts of the
//! associations' chart (ANC 2018-06). Corrections are reversals, never deletions.

use crate::books::chart::Account;
use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::ids::{EntryId, MemberId, PlanId, SubscriptionId};
use crate::kernel::money::Cents;
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// The label of the account numbered `code` (see `chart`).
pub fn account_label(code: &str, lang: crate::Lang) -> &'static str {
    crate::books::chart::label_of(code, lang)
}

/// What an expense was for, and the account it goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ExpenseCategory {
    ServerRent,
    Maintenance,
    Telecom,
    BankFees,
    Purchases,
    Insurance,
    ProfessionalFees,
    Travel,
    Other,
}

impl ExpenseCategory {
    pub const ALL: [ExpenseCategory; 9] = [
        ExpenseCategory::ServerRent,
        ExpenseCategory::Maintenance,
        ExpenseCategory::Telecom,
        ExpenseCategory::BankFees,
        ExpenseCategory::Purchases,
        ExpenseCategory::Insurance,
        ExpenseCategory::ProfessionalFees,
        ExpenseCategory::Travel,
        ExpenseCategory::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            ExpenseCategory::ServerRent => "server_rent",
            ExpenseCategory::Maintenance => "maintenance",
            ExpenseCategory::Telecom => "telecom",
            ExpenseCategory::BankFees => "bank_fees",
            ExpenseCategory::Purchases => "purchases",
            ExpenseCategory::Insurance => "insurance",
            ExpenseCategory::ProfessionalFees => "professional_fees",
            ExpenseCategory::Travel => "travel",
            ExpenseCategory::Other => "other",
        }
    }

    /// The account's number, as SQL and the forms hold it.
    pub fn account(self) -> &'static str {
        self.chart_account().number
    }

    pub fn chart_account(self) -> Account {
        match self {
            ExpenseCategory::ServerRent => Account::EQUIPMENT_RENTAL,
            ExpenseCategory::Maintenance => Account::MAINTENANCE,
            ExpenseCategory::Telecom => Account::TELECOMS,
            ExpenseCategory::BankFees => Account::BANK_CHARGES,
            ExpenseCategory::Purchases => Account::PURCHASES,
            ExpenseCategory::Insurance => Account::INSURANCE,
            ExpenseCategory::ProfessionalFees => Account::PROFESSIONAL_FEES,
            ExpenseCategory::Travel => Account::TRAVEL,
            ExpenseCategory::Other => Account::OTHER_EXPENSES,
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase();
        ExpenseCategory::ALL
            .into_iter()
            .find(|c| c.key() == t || c.account() == t)
            .ok_or_else(|| {
                let known: Vec<&str> = ExpenseCategory::ALL.iter().map(|c| c.key()).collect();
                Error::invalid(
                    Field::Category,
                    text,
                    format!(
                        "catégorie inconnue « {text} » ; possibles : {}",
                        known.join(", ")
                    ),
                    format!("unknown category “{text}”; known: {}", known.join(", ")),
                )
            })
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EntryKind {
    Fee,
    Tier,
    Donation,
    Subsidy,
    Income,
    Expense,
    Reversal,
}

impl EntryKind {
    pub fn as_str(self) -> &'static str {
        match self {
            EntryKind::Fee => "fee",
            EntryKind::Tier => "tier",
            EntryKind::Donation => "donation",
            EntryKind::Subsidy => "subsidy",
            EntryKind::Income => "income",
            EntryKind::Expense => "expense",
            EntryKind::Reversal => "reversal",
        }
    }

    fn from_str(s: &str) -> Self {
        match s {
            "fee" => EntryKind::Fee,
            "tier" => EntryKind::Tier,
            "donation" => EntryKind::Donation,
            "subsidy" => EntryKind::Subsidy,
            "expense" => EntryKind::Expense,
            "reversal" => EntryKind::Reversal,
            _ => EntryKind::Income,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    Cash,
    Cheque,
    Transfer,
    Card,
    Helloasso,
    DirectDebit,
    Other,
}

impl Method {
    pub const ALL: [Method; 7] = [
        Method::Cash,
        Method::Cheque,
        Method::Transfer,
        Method::Card,
        Method::Helloasso,
        Method::DirectDebit,
        Method::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Method::Cash => "cash",
            Method::Cheque => "cheque",
            Method::Transfer => "transfer",
            Method::Card => "card",
            Method::Helloasso => "helloasso",
            Method::DirectDebit => "direct_debit",
            Method::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_lowercase();
        let m = match t.as_str() {
            "cash" | "espèces" | "especes" | "liquide" => Method::Cash,
            "cheque" | "chèque" | "check" => Method::Cheque,
            "transfer" | "virement" => Method::Transfer,
            "card" | "carte" | "cb" => Method::Card,
            "helloasso" => Method::Helloasso,
            "direct_debit" | "prelevement" | "prélèvement" => Method::DirectDebit,
            "other" | "autre" => Method::Other,
            _ => {
                return Err(Error::invalid(
                    Field::Method,
                    text,
                    format!("moyen de paiement inconnu « {text} » (cash, cheque, transfer, card, helloasso, direct_debit, other)"),
                    format!("unknown payment method “{text}” (cash, cheque, transfer, card, helloasso, direct_debit, other)"),
                ))
            }
        };
        Ok(m)
    }

    /// The treasury account the money moves through: cash in hand or the bank.
    pub fn treasury_account(self) -> &'static str {
        self.treasury().number
    }

    pub fn treasury(self) -> Account {
        match self {
            Method::Cash => Account::CASH,
            _ => Account::BANK,
        }
    }
}

/// One share of an entry on an account. Income shares are positive, expense shares negative.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Line {
    pub account: String,
    pub amount_cents: Cents,
}

/// An entry to record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct NewEntry {
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub member: Option<MemberId>,
    pub counterparty: String,
    pub method: Method,
    pub label: String,
    pub plan: Option<PlanId>,
    pub subscription: Option<SubscriptionId>,
    pub external_ref: Option<String>,
    pub lines: Vec<Line>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Entry {
    pub id: EntryId,
    pub date: NaiveDate,
    pub kind: EntryKind,
    pub member_id: Option<MemberId>,
    pub counterparty: String,
    pub method: Method,
    pub label: String,
    pub amount_cents: Cents,
    pub plan_id: Option<PlanId>,
    pub subscription_id: Option<SubscriptionId>,
    pub reverses_id: Option<EntryId>,
    /// the reversal that cancels this entry, if any
    pub reversed_by: Option<EntryId>,
    pub reason: String,
    pub external_ref: Option<String>,
    pub lines: Vec<Line>,
}

/// Writes an entry and its lines inside a caller's transaction, after checking that the
/// lines are non-empty, non-zero, on known accounts, and sum to a non-zero amount, and that
/// its date is not in a closed financial year.
pub fn insert(conn: &Connection, entry: &NewEntry) -> Result<EntryId> {
    insert_with(conn, entry, None, "")
}

fn insert_with(
    conn: &Connection,
    entry: &NewEntry,
    reverses: Option<EntryId>,
    reason: &str,
) -> Result<EntryId> {
    if entry.lines.is_empty() || entry.lines.iter().any(|l| l.amount_cents == 0) {
        return Err(Error::invalid(
            Field::Amount,
            "0",
            "une écriture a besoin d'au moins une ligne non nulle",
            "an entry needs at least one non-zero line",
        ));
    }
    for line in &entry.lines {
        if !Account::is_ledger_line(&line.account) && !is_imported_account(conn, &line.account)? {
            return Err(Error::invalid(
                "compte",
                &line.account,
                format!(
                    "compte « {} » inconnu du plan comptable de Panier",
                    line.account
                ),
                format!("account “{}” is not in Panier's chart", line.account),
            ));
        }
    }
    crate::books::years::refuse_if_closed(conn, entry.date)?;
    let total: Cents = entry.lines.iter().map(|l| l.amount_cents).sum();
    if total == 0 {
        return Err(Error::invalid(
            Field::Amount,
            "0",
            "le montant total d'une écriture ne peut être nul",
            "an entry's total cannot be zero",
        ));
    }
    conn.prepare_cached(
        "INSERT INTO ledger_entries (entry_date, kind, member_id, counterparty, method, label,
             amount_cents, plan_id, subscription_id, reverses_id, reason, external_ref, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?
    .execute(params![
        entry.date.to_string(),
        entry.kind.as_str(),
        entry.member,
        entry.counterparty.trim(),
        entry.method.as_str(),
        entry.label.trim(),
        total,
        entry.plan,
        entry.subscription,
        reverses,
        reason,
        entry.external_ref,
        now_text(),
    ])?;
    let id = EntryId(conn.last_insert_rowid());
    // the lines in one statement: a statement writing through triggers first copies each page
    // it touches into its statement journal, once per statement (an import writes thousands)
    let values = vec!["(?, ?, ?)"; entry.lines.len()].join(", ");
    let lines: Vec<&dyn rusqlite::ToSql> = entry
        .lines
        .iter()
        .flat_map(|l| [&id as &dyn rusqlite::ToSql, &l.account, &l.amount_cents])
        .collect();
    conn.prepare_cached(&format!(
        "INSERT INTO ledger_lines (entry_id, account, amount_cents) VALUES {values}"
    ))?
    .execute(lines.as_slice())?;
    Ok(id)
}

/// Whether `number` is an income or expense account brought in by an import (a Paheko
/// account Panier's chart lacks, kept under its own number: `imported_accounts`).
pub fn is_imported_account(conn: &Connection, number: &str) -> Result<bool> {
    Ok(conn
        .prepare_cached("SELECT EXISTS (SELECT 1 FROM imported_accounts WHERE number = ?1)")?
        .query_row([number], |r| r.get(0))?)
}

/// The label of an account: Panier's chart's, else the one it was imported with.
pub fn account_label_in(conn: &Connection, code: &str, lang: crate::Lang) -> Result<String> {
    let label = account_label(code, lang);
    if !label.is_empty() {
        return Ok(label.to_string());
    }
    Ok(conn
        .prepare_cached("SELECT label FROM imported_accounts WHERE number = ?1")?
        .query_row([code], |r| r.get(0))
        .optional()?
        .unwrap_or_default())
}

/// Records one entry as one change.
pub fn record(db: &mut Database, entry: &NewEntry) -> Result<EntryId> {
    db.write(|tx| {
        if let Some(member) = entry.member {
            crate::people::members::get(tx, member)?;
        }
        let id = insert(tx, entry)?;
        let after = get(tx, id)?;
        let mut change = Change::new("record", "ledger_entry", Some(id.0)).after(&after);
        if let Some(member) = entry.member {
            change = change.member(member);
        }
        Ok((id, change))
    })
}

/// Cancels an entry by writing its opposite on `date`; the original stays, marked reversed.
/// (`reversal::reverse` also ends what the entry bought and cancels its receipts: use it.)
pub fn reverse(db: &mut Database, id: EntryId, reason: &str, date: NaiveDate) -> Result<EntryId> {
    db.write(|tx| {
        let (original, new_id) = insert_reversal(tx, id, reason, date)?;
        let after = get(tx, new_id)?;
        let mut change = Change::new("reverse", "ledger_entry", Some(new_id.0))
            .before(&original)
            .after(&after);
        if let Some(member) = original.member_id {
            change = change.member(member);
        }
        Ok((new_id, change))
    })
}

/// Writes the reversal of `id` inside a caller's transaction; returns the original entry
/// (as it was) and the reversal's id.
pub fn insert_reversal(
    conn: &Connection,
    id: EntryId,
    reason: &str,
    date: NaiveDate,
) -> Result<(Entry, EntryId)> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(Error::invalid(
            Field::Reason,
            "",
            "une contre-passation a besoin d'un motif",
            "a reversal needs a reason",
        ));
    }
    let original = get(conn, id)?;
    if original.kind == EntryKind::Reversal {
        return Err(Error::refused(
            format!("l'écriture {id} est elle-même une contre-passation"),
            format!("entry {id} is itself a reversal"),
        ));
    }
    if let Some(by) = original.reversed_by {
        return Err(Error::refused(
            format!("l'écriture {id} est déjà contre-passée par l'écriture {by}"),
            format!("entry {id} is already reversed by entry {by}"),
        ));
    }
    let opposite = NewEntry {
        date,
        kind: EntryKind::Reversal,
        member: original.member_id,
        counterparty: original.counterparty.clone(),
        method: original.method,
        label: format!("Contre-passation de l'écriture {id}"),
        plan: original.plan_id,
        subscription: None,
        external_ref: None,
        lines: original
            .lines
            .iter()
            .map(|l| Line {
                account: l.account.clone(),
                amount_cents: -l.amount_cents,
            })
            .collect(),
    };
    let new_id = insert_with(conn, &opposite, Some(id), reason)?;
    Ok((original, new_id))
}

const COLUMNS: &str =
    "e.id, e.entry_date, e.kind, e.member_id, e.counterparty, e.method, e.label, \
    e.amount_cents, e.plan_id, e.subscription_id, e.reverses_id, e.reason, e.external_ref, \
    (SELECT r.id FROM ledger_entries r WHERE r.reverses_id = e.id) AS reversed_by";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Entry> {
    let date: String = row.get("entry_date")?;
    let kind: String = row.get("kind")?;
    let method: String = row.get("method")?;
    Ok(Entry {
        id: row.get("id")?,
        date: date.parse().unwrap_or_default(),
        kind: EntryKind::from_str(&kind),
        member_id: row.get("member_id")?,
        counterparty: row.get("counterparty")?,
        method: Method::parse(&method).unwrap_or(Method::Other),
        label: row.get("label")?,
        amount_cents: row.get("amount_cents")?,
        plan_id: row.get("plan_id")?,
        subscription_id: row.get("subscription_id")?,
        reverses_id: row.get("reverses_id")?,
        reversed_by: row.get("reversed_by")?,
        reason: row.get("reason")?,
        external_ref: row.get("external_ref")?,
        lines: Vec::new(),
    })
}

fn lines_of(conn: &Connection, id: EntryId) -> Result<Vec<Line>> {
    let mut stmt = conn.prepare_cached(
        "SELECT account, amount_cents FROM ledger_lines WHERE entry_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([id], |r| {
        Ok(Line {
            account: r.get(0)?,
            amount_cents: r.get(1)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn get(conn: &Connection, id: EntryId) -> Result<Entry> {
    let mut entry = conn
        .prepare_cached(&format!(
            "SELECT {COLUMNS} FROM ledger_entries e WHERE e.id = ?1"
        ))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("écriture", "entry", id.to_string()))?;
    entry.lines = lines_of(conn, id)?;
    Ok(entry)
}

/// A member's entries, latest first, with their lines.
pub fn for_member(conn: &Connection, member: MemberId) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ledger_entries e WHERE e.member_id = ?1 ORDER BY e.entry_date DESC, e.id DESC"
    ))?;
    let mut entries: Vec<Entry> = stmt
        .query_map([member], from_row)?
        .collect::<rusqlite::Result<_>>()?;
    for e in &mut entries {
        e.lines = lines_of(conn, e.id)?;
    }
    Ok(entries)
}

/// Entries dated within [start, end_exclusive), oldest first, with their lines.
pub fn between(conn: &Connection, period: crate::kernel::dates::Period) -> Result<Vec<Entry>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM ledger_entries e WHERE e.entry_date >= ?1 AND e.entry_date < ?2
         ORDER BY e.entry_date, e.id"
    ))?;
    let mut entries: Vec<Entry> = stmt
        .query_map(
            params![period.start.to_string(), period.end_exclusive.to_string()],
            from_row,
        )?
        .collect::<rusqlite::Result<_>>()?;
    let mut lines = conn.prepare_cached(
        "SELECT l.entry_id, l.account, l.amount_cents FROM ledger_lines l
         JOIN ledger_entries e ON e.id = l.entry_id
         WHERE e.entry_date >= ?1 AND e.entry_date < ?2 ORDER BY l.entry_id, l.id",
    )?;
    let mut by_entry: std::collections::HashMap<EntryId, Vec<Line>> =
        std::collections::HashMap::new();
    let rows = lines.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| {
            Ok((
                r.get::<_, EntryId>(0)?,
                Line {
                    account: r.get(1)?,
                    amount_cents: r.get(2)?,
                },
            ))
        },
    )?;
    for row in rows {
        let (id, line) = row?;
        by_entry.entry(id).or_default().push(line);
    }
    for e in &mut entries {
        e.lines = by_entry.remove(&e.id).unwrap_or_default();
    }
    Ok(entries)
}

/// The same sums, read from the lines themselves (for checks).
pub fn totals_by_account_from_lines(
    conn: &Connection,
    period: crate::kernel::dates::Period,
) -> Result<Vec<(String, Cents)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT l.account, sum(l.amount_cents) FROM ledger_lines l
         JOIN ledger_entries e ON e.id = l.entry_id
         WHERE e.entry_date >= ?1 AND e.entry_date < ?2
         GROUP BY l.account ORDER BY l.account",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn count_lines(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM ledger_lines", [], |r| r.get(0))?)
}

/// The lines of a payment for `plan`: for a fee, its service part (up to the plan's
/// counterpart) on 7562 and the rest — a gift — on 7561; for a tier, all on 706.
pub fn plan_payment_lines(plan: &crate::membership::plans::Plan, amount_cents: Cents) -> Vec<Line> {
    use crate::membership::plans::PlanKind;
    let mut lines = Vec::new();
    match plan.kind {
        PlanKind::Tier => lines.push(Line {
            account: Account::SERVICES.into(),
            amount_cents,
        }),
        PlanKind::Fee => {
            let service = plan.counterpart_cents.min(amount_cents);
            if service > 0 {
                lines.push(Line {
                    account: Account::FEES_WITH_COUNTERPART.into(),
                    amount_cents: service,
                });
            }
            if amount_cents > service {
                lines.push(Line {
                    account: Account::FEES_WITHOUT_COUNTERPART.into(),
                    amount_cents: amount_cents - service,
                });
            }
        }
    }
    lines
}
