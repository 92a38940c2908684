//! Paheko's accounting as Panier's books.
//!
//! Paheko keeps a full double-entry journal; Panier's ledger is the treasury view of it:
//! an entry is money in or out of the bank (512) or the cash box (530), split into lines on
//! income and expense accounts (see `books::statements`). So a Paheko transaction whose lines
//! are one treasury account (any 51…, any 53…) against income or expense accounts (6…, 7…)
//! becomes one Panier entry with those lines; the accounts Panier's chart knows keep their
//! number, the others are kept under their own number and label (`imported_accounts`).
//! Transactions that touch other accounts (third parties 4…, own funds 1…, fixed assets 2…,
//! volunteering 8…) or two treasury accounts are reported as not mapped. Paheko's opening
//! balances are skipped: Panier carries balances over from the years before by itself.
//!
//! Closed years stay closed: after the entries, each closed Paheko year is written to
//! `closed_years` with its result, from which the SQL triggers refuse any write in it.

use super::people::Paid;
use super::source::{PahekoFile, Transaction, STATUS_OPENING_BALANCE};
use super::{known, remember, AccountFate, AccountMapping, Items, PahekoKind, PahekoOutcome};
use crate::books::chart::Account;
use crate::books::ledger::{self, EntryKind, Line, Method, NewEntry};
use crate::kernel::dates::now_text;
use crate::kernel::error::Result;
use crate::kernel::ids::MemberId;
use crate::kernel::money::Cents;
use crate::Lang;
use chrono::Datelike;
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::{BTreeMap, HashMap};

/// Panier's treasury account for a Paheko treasury account: cash boxes (53…) to 530, banks
/// and cheques to deposit (51…) to 512.
fn treasury_of(code: &str) -> Option<Method> {
    if code.starts_with("53") {
        Some(Method::Cash)
    } else if code.starts_with("51") {
        Some(Method::Transfer)
    } else {
        None
    }
}

fn is_result_account(code: &str) -> bool {
    code.starts_with('6') || code.starts_with('7')
}

fn fate_of(code: &str) -> (AccountFate, Option<String>) {
    if let Some(method) = treasury_of(code) {
        (
            AccountFate::Treasury,
            Some(method.treasury_account().to_string()),
        )
    } else if Account::is_ledger_line(code) {
        (AccountFate::Chart, Some(code.to_string()))
    } else if is_result_account(code) {
        (AccountFate::Kept, Some(code.to_string()))
    } else {
        (AccountFate::NotMapped, None)
    }
}

/// The financial year's first day, from Paheko's first year (only into a new Panier file).
pub(super) fn set_fiscal_year_start(tx: &Connection, file: &PahekoFile) -> Result<()> {
    if let Some(first) = file.years.iter().map(|y| y.start).min() {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES ('fiscal_year_start', ?1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            [format!("{:02}-{:02}", first.month(), first.day())],
        )?;
    }
    Ok(())
}

/// Every account Paheko's lines use, with what becomes of it; the income and expense
/// accounts Panier's chart lacks are kept under their number and label.
pub(super) fn import_accounts(tx: &Connection, file: &PahekoFile) -> Result<Vec<AccountMapping>> {
    let mut used: BTreeMap<String, AccountMapping> = BTreeMap::new();
    for line in file.transactions.iter().flat_map(|t| &t.lines) {
        let entry = used.entry(line.account.clone()).or_insert_with(|| {
            let (fate, panier_account) = fate_of(&line.account);
            AccountMapping {
                code: line.account.clone(),
                label: line.account_label.clone(),
                fate,
                panier_account,
                lines: 0,
            }
        });
        entry.lines += 1;
    }
    for a in used.values().filter(|a| a.fate == AccountFate::Kept) {
        tx.execute(
            "INSERT INTO imported_accounts (number, label, source) VALUES (?1, ?2, 'paheko')
             ON CONFLICT (number) DO NOTHING",
            params![a.code, a.label],
        )?;
    }
    Ok(used.into_values().collect())
}

/// A transaction as a Panier entry, or why it cannot be one.
fn entry_of(
    t: &Transaction,
    members: &HashMap<i64, MemberId>,
    paid: &HashMap<i64, Paid>,
) -> std::result::Result<NewEntry, (String, String)> {
    let others: Vec<&str> = t
        .lines
        .iter()
        .map(|l| l.account.as_str())
        .filter(|c| treasury_of(c).is_none() && !is_result_account(c))
        .collect();
    if !others.is_empty() {
        return Err((
            format!("comptes {} hors de la trésorerie, des charges et des produits : Panier ne tient pas ces comptes de bilan", others.join(", ")),
            format!("accounts {} are neither treasury, expenses nor income: Panier does not keep these balance-sheet accounts", others.join(", ")),
        ));
    }
    let mut methods: Vec<Method> = t
        .lines
        .iter()
        .filter_map(|l| treasury_of(&l.account))
        .collect();
    methods.dedup();
    let method = match methods.as_slice() {
        [m] => *m,
        [] => {
            return Err((
                "aucune ligne de trésorerie (51…, 53…) : un mouvement entre charges et produits n'a pas d'écriture dans Panier".into(),
                "no treasury line (51…, 53…): a move between expenses and income has no entry in Panier".into(),
            ))
        }
        _ => {
            return Err((
                "virement entre la banque et la caisse : Panier ne suit qu'un compte de trésorerie par écriture".into(),
                "transfer between bank and cash: Panier follows one treasury account per entry".into(),
            ))
        }
    };
    let lines: Vec<Line> = t
        .lines
        .iter()
        .filter(|l| is_result_account(&l.account))
        .map(|l| Line {
            account: l.account.clone(),
            amount_cents: l.credit - l.debit,
        })
        .filter(|l| l.amount_cents != 0)
        .collect();
    let total: Cents = lines.iter().map(|l| l.amount_cents).sum();
    if lines.is_empty() || total == 0 {
        return Err((
            "mouvement de trésorerie seul (aucune charge ni aucun produit)".into(),
            "a treasury movement only (no expense or income)".into(),
        ));
    }
    let subscription = t.subscriptions.iter().find_map(|s| paid.get(s));
    let member = subscription
        .map(|p| p.member)
        .or_else(|| t.users.iter().find_map(|u| members.get(u).copied()));
    let kind = if subscription.is_some() {
        EntryKind::Fee
    } else if lines
        .iter()
        .all(|l| l.account.starts_with("754") || l.account.starts_with("771"))
        && total > 0
    {
        EntryKind::Donation
    } else if lines.iter().all(|l| l.account.starts_with("74")) && total > 0 {
        EntryKind::Subsidy
    } else if total > 0 {
        EntryKind::Income
    } else {
        EntryKind::Expense
    };
    let label = if t.reference.is_empty() {
        t.label.clone()
    } else {
        format!("{} ({})", t.label, t.reference)
    };
    Ok(NewEntry {
        date: t.date,
        kind,
        member,
        counterparty: String::new(),
        method,
        label,
        plan: subscription.map(|p| p.plan),
        subscription: subscription.map(|p| p.subscription),
        external_ref: Some(format!("paheko:{}", t.id)),
        lines,
    })
}

pub(super) fn import_transactions(
    tx: &Connection,
    file: &PahekoFile,
    members: &HashMap<i64, MemberId>,
    paid: &HashMap<i64, Paid>,
    items: &mut Items,
) -> Result<()> {
    for t in &file.transactions {
        let name = format!("{} — {}", t.date, t.label);
        if let Some(id) = known(tx, PahekoKind::Transaction, t.id)? {
            items.push(
                PahekoKind::Transaction,
                t.id,
                &name,
                PahekoOutcome::Matched,
                "importée auparavant",
                "imported before",
                Some(id),
            );
            continue;
        }
        if t.status & STATUS_OPENING_BALANCE != 0 {
            items.push(
                PahekoKind::Transaction,
                t.id,
                &name,
                PahekoOutcome::Skipped,
                "balance d'ouverture : Panier reporte lui-même les soldes des exercices précédents",
                "opening balance: Panier carries the balances of the years before by itself",
                None,
            );
            continue;
        }
        let entry = match entry_of(t, members, paid) {
            Ok(entry) => entry,
            Err((fr, en)) => {
                items.push(
                    PahekoKind::Transaction,
                    t.id,
                    &name,
                    PahekoOutcome::NotMapped,
                    fr,
                    en,
                    None,
                );
                continue;
            }
        };
        match ledger::insert(tx, &entry) {
            Ok(id) => {
                remember(tx, PahekoKind::Transaction, t.id, id.0)?;
                let lines = entry.lines.len() as i64;
                let fr = format!(
                    "{}, {}",
                    Lang::Fr.count(lines, ("ligne", "lignes"), ("line", "lines")),
                    entry.method.treasury_account()
                );
                let en = format!(
                    "{}, {}",
                    Lang::En.count(lines, ("ligne", "lignes"), ("line", "lines")),
                    entry.method.treasury_account()
                );
                items.push(
                    PahekoKind::Transaction,
                    t.id,
                    &name,
                    PahekoOutcome::Created,
                    fr,
                    en,
                    Some(id.0),
                );
            }
            Err(e) => items.push(
                PahekoKind::Transaction,
                t.id,
                &name,
                PahekoOutcome::Refused,
                e.message(Lang::Fr),
                e.message(Lang::En),
                None,
            ),
        }
    }
    Ok(())
}

/// Closed Paheko years are closed in Panier too, with their result; open ones stay open.
pub(super) fn import_years(tx: &Connection, file: &PahekoFile, items: &mut Items) -> Result<()> {
    for y in &file.years {
        let year = y.start.year();
        let ends_before = y.end.succ_opt().unwrap_or(y.end);
        if !y.closed() {
            items.push(
                PahekoKind::Year,
                y.id,
                &y.label,
                PahekoOutcome::Skipped,
                "ouvert dans Paheko : reste ouvert, ses écritures sont reprises",
                "open in Paheko: stays open, its entries are imported",
                None,
            );
            continue;
        }
        let already: Option<i64> = tx
            .query_row(
                "SELECT year FROM closed_years WHERE year = ?1",
                [year],
                |r| r.get(0),
            )
            .optional()?;
        if already.is_some() {
            items.push(
                PahekoKind::Year,
                y.id,
                &y.label,
                PahekoOutcome::Matched,
                "déjà clos",
                "already closed",
                Some(year.into()),
            );
            continue;
        }
        let result: Cents = tx.query_row(
            "SELECT coalesce(sum(l.amount_cents), 0) FROM ledger_lines l
             JOIN ledger_entries e ON e.id = l.entry_id
             WHERE e.entry_date >= ?1 AND e.entry_date < ?2",
            params![y.start.to_string(), ends_before.to_string()],
            |r| r.get(0),
        )?;
        tx.execute(
            "INSERT INTO closed_years (year, starts_on, ends_before, result_cents, closed_at, closed_by)
             VALUES (?1, ?2, ?3, ?4, ?5, 'import Paheko')",
            params![year, y.start.to_string(), ends_before.to_string(), result, now_text()],
        )?;
        if known(tx, PahekoKind::Year, y.id)?.is_none() {
            remember(tx, PahekoKind::Year, y.id, year.into())?;
        }
        items.push(
            PahekoKind::Year,
            y.id,
            &y.label,
            PahekoOutcome::Created,
            format!(
                "clos dans Paheko : clos dans Panier, résultat {}",
                crate::kernel::money::plain(result)
            ),
            format!(
                "closed in Paheko: closed in Panier, result {}",
                crate::kernel::money::plain(result)
            ),
            Some(year.into()),
        );
    }
    Ok(())
}
