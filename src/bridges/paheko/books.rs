//! Paheko's accounting as Panier's books.
//!
//! Paheko keeps a full double-entry journal; Panier's ledger is the treasury view of it:
//! an entry is money in or out of the bank (512) or the cash box (530), split into lines on
//! income and expense accounts (see `books::statements`). So a Paheko transaction whose lines
//! are one treasury account (any 51…, any 53…) against income or expense accounts (6…, 7…)
//! becomes one Panier entry with those lines; the accounts Panier's chart knows keep their
//! number, the others are kept under their own number and label (`imported_accounts`).
//!
//! - A transfer between the bank and the cash box (lines on 51… and 53… only) becomes two
//!   entries the same day through 58 « virements internes »: money out of one, into the
//!   other; 58 nets to zero, so the result does not move and each treasury account ends as
//!   in Paheko.
//! - Third parties (4…, not 48…): Panier keeps its books on a cash basis, with no customer or
//!   supplier accounts. A debt or credit (expense or income against 401, 411…) and the
//!   pay-off Paheko links to it (`Transaction::related`) become ONE entry: the debt's expense
//!   or income lines, the pay-off's treasury account, on the pay-off's day (when the money
//!   moved). When both are in the same Paheko year, the year's per-account totals stay
//!   Paheko's; a debt paid in a later year lands in that year (the report says so). A debt
//!   with no linked pay-off that settles it is reported as not mapped: record the payment
//!   when it comes.
//! - Transactions on other accounts (own funds 1…, fixed assets 2…, volunteering 8…) are
//!   reported as not mapped. Paheko's opening balances are skipped: Panier carries balances
//!   over from the years before by itself.
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

/// Customers, suppliers and other third parties (40…–47…); 48… are accruals.
fn is_third_party(code: &str) -> bool {
    code.starts_with('4') && !code.starts_with("48")
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
    } else if is_third_party(code) {
        (AccountFate::Settled, None)
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

/// What a transaction (or a debt with its pay-off) becomes in Panier.
enum Mapping {
    One(NewEntry),
    /// a transfer between bank and cash: out of one, into the other, through 58
    Transfer(Vec<NewEntry>),
}

type Why = (String, String);

/// The lines of `group` netted per account (debit − credit), in account order.
fn net_lines(group: &[&Transaction]) -> BTreeMap<String, Cents> {
    let mut net: BTreeMap<String, Cents> = BTreeMap::new();
    for l in group.iter().flat_map(|t| &t.lines) {
        *net.entry(l.account.clone()).or_default() += l.debit - l.credit;
    }
    net
}

/// A transaction, or a debt with the pay-off that settles it (`group`, the debt first), as
/// Panier entries, or why it cannot be.
fn mapping_of(
    group: &[&Transaction],
    members: &HashMap<i64, MemberId>,
    paid: &HashMap<i64, Paid>,
) -> std::result::Result<Mapping, Why> {
    let t = group[0];
    let net = net_lines(group);
    let others: Vec<&str> = net
        .keys()
        .map(String::as_str)
        .filter(|c| treasury_of(c).is_none() && !is_result_account(c) && !is_third_party(c))
        .collect();
    if !others.is_empty() {
        return Err((
            format!("comptes {} hors de la trésorerie, des tiers, des charges et des produits : Panier ne tient pas ces comptes de bilan", others.join(", ")),
            format!("accounts {} are neither treasury, third parties, expenses nor income: Panier does not keep these balance-sheet accounts", others.join(", ")),
        ));
    }
    let open_third: Vec<&str> = net
        .iter()
        .filter(|(c, n)| is_third_party(c) && **n != 0)
        .map(|(c, _)| c.as_str())
        .collect();
    if !open_third.is_empty() {
        return Err((
            format!("dette ou créance sur {} sans règlement lié qui la solde dans Paheko : Panier tient ses comptes en trésorerie, sans comptes de tiers ; enregistrez le paiement quand il arrive", open_third.join(", ")),
            format!("debt or credit on {} with no linked pay-off settling it in Paheko: Panier keeps cash-basis books, without third-party accounts; record the payment when it comes", open_third.join(", ")),
        ));
    }
    // each treasury account's net move, as Panier's treasury (51… to 512, 53… to 530)
    let mut moves: BTreeMap<&'static str, (Method, Cents)> = BTreeMap::new();
    for (code, n) in &net {
        if let Some(m) = treasury_of(code) {
            moves.entry(m.treasury_account()).or_insert((m, 0)).1 += n;
        }
    }
    moves.retain(|_, (_, n)| *n != 0);
    let lines: Vec<Line> = net
        .iter()
        .filter(|(c, n)| is_result_account(c) && **n != 0)
        .map(|(c, n)| Line {
            account: c.clone(),
            amount_cents: -n,
        })
        .collect();
    let label = if t.reference.is_empty() {
        t.label.clone()
    } else {
        format!("{} ({})", t.label, t.reference)
    };
    // the day the money moved: the latest of the group's transactions on a treasury account
    let date = group
        .iter()
        .filter(|g| g.lines.iter().any(|l| treasury_of(&l.account).is_some()))
        .map(|g| g.date)
        .max()
        .unwrap_or(t.date);
    let member = group
        .iter()
        .flat_map(|g| &g.users)
        .find_map(|u| members.get(u).copied());
    if lines.is_empty() && moves.len() == 2 {
        let entries = moves
            .values()
            .map(|&(method, cents)| NewEntry {
                date,
                kind: if cents > 0 {
                    EntryKind::Income
                } else {
                    EntryKind::Expense
                },
                member: None,
                counterparty: String::new(),
                method,
                label: format!("{label} (virement interne)"),
                plan: None,
                subscription: None,
                // one per treasury account: external references are unique
                external_ref: Some(format!("paheko:{}:{}", t.id, method.treasury_account())),
                lines: vec![Line {
                    account: Account::INTERNAL_TRANSFERS.number.to_string(),
                    amount_cents: cents,
                }],
            })
            .collect();
        return Ok(Mapping::Transfer(entries));
    }
    let method = match moves.values().collect::<Vec<_>>().as_slice() {
        [(m, _)] => *m,
        [] if lines.is_empty() => {
            return Err((
                "mouvement entre deux comptes que Panier réunit (512 ou 530) : rien ne bouge dans Panier".into(),
                "a move between two accounts Panier keeps as one (512 or 530): nothing moves in Panier".into(),
            ))
        }
        [] => {
            return Err((
                "aucune ligne de trésorerie (51…, 53…) : un mouvement entre charges et produits n'a pas d'écriture dans Panier".into(),
                "no treasury line (51…, 53…): a move between expenses and income has no entry in Panier".into(),
            ))
        }
        _ => {
            return Err((
                "virement entre la banque et la caisse mêlé à des charges ou des produits : Panier ne suit qu'un compte de trésorerie par écriture".into(),
                "a transfer between bank and cash mixed with expenses or income: Panier follows one treasury account per entry".into(),
            ))
        }
    };
    let total: Cents = lines.iter().map(|l| l.amount_cents).sum();
    if lines.is_empty() || total == 0 {
        return Err((
            "mouvement de trésorerie seul (aucune charge ni aucun produit)".into(),
            "a treasury movement only (no expense or income)".into(),
        ));
    }
    let subscription = t.subscriptions.iter().find_map(|s| paid.get(s));
    let member = subscription.map(|p| p.member).or(member);
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
    Ok(Mapping::One(NewEntry {
        date,
        kind,
        member,
        counterparty: String::new(),
        method,
        label,
        plan: subscription.map(|p| p.plan),
        subscription: subscription.map(|p| p.subscription),
        external_ref: Some(format!("paheko:{}", t.id)),
        lines,
    }))
}

/// The transactions imported with `t`: a debt or credit (lines on third-party accounts
/// and no treasury) with the pay-offs Paheko links to it, the debt first. Empty when `t`
/// is a pay-off (its debt leads the group) or touches no third party.
fn group_of<'a>(t: &'a Transaction, by_id: &HashMap<i64, &'a Transaction>) -> Vec<&'a Transaction> {
    let third = |x: &Transaction| x.lines.iter().any(|l| is_third_party(&l.account));
    let treasury = |x: &Transaction| x.lines.iter().any(|l| treasury_of(&l.account).is_some());
    if !third(t) || treasury(t) {
        return vec![t];
    }
    let mut group = vec![t];
    group.extend(
        t.related
            .iter()
            .filter_map(|r| by_id.get(r).copied())
            .filter(|r| third(r) && treasury(r)),
    );
    group
}

/// The debt a pay-off was imported with, if `t` is one.
fn debt_of<'a>(t: &Transaction, by_id: &HashMap<i64, &'a Transaction>) -> Option<&'a Transaction> {
    let third = t.lines.iter().any(|l| is_third_party(&l.account));
    let treasury = t.lines.iter().any(|l| treasury_of(&l.account).is_some());
    if !(third && treasury) {
        return None;
    }
    t.related
        .iter()
        .filter_map(|r| by_id.get(r).copied())
        .find(|d| group_of(d, by_id).iter().any(|g| g.id == t.id) && d.id != t.id)
}

pub(super) fn import_transactions(
    tx: &Connection,
    file: &PahekoFile,
    members: &HashMap<i64, MemberId>,
    paid: &HashMap<i64, Paid>,
    items: &mut Items,
) -> Result<()> {
    let by_id: HashMap<i64, &Transaction> = file.transactions.iter().map(|t| (t.id, t)).collect();
    let line_count =
        |n: usize, lang: Lang| lang.count(n as i64, ("ligne", "lignes"), ("line", "lines"));
    for t in &file.transactions {
        let name = format!("{} — {}", t.date, t.label);
        let mut push = |outcome, fr: String, en: String, id: Option<i64>| {
            items.push(PahekoKind::Transaction, t.id, &name, outcome, fr, en, id)
        };
        if let Some(id) = known(tx, PahekoKind::Transaction, t.id)? {
            push(
                PahekoOutcome::Matched,
                "importée auparavant".into(),
                "imported before".into(),
                Some(id),
            );
            continue;
        }
        if t.status & STATUS_OPENING_BALANCE != 0 {
            push(
                PahekoOutcome::Skipped,
                "balance d'ouverture : Panier reporte lui-même les soldes des exercices précédents"
                    .into(),
                "opening balance: Panier carries the balances of the years before by itself".into(),
                None,
            );
            continue;
        }
        if let Some(debt) = debt_of(t, &by_id) {
            // a pay-off: written with its debt (dated before it), as one entry
            match known(tx, PahekoKind::Transaction, debt.id)? {
                Some(id) => {
                    remember(tx, PahekoKind::Transaction, t.id, id)?;
                    push(
                        PahekoOutcome::Skipped,
                        format!("règlement de l'écriture n° {} : repris avec elle, en une seule écriture Panier", debt.id),
                        format!("pay-off of transaction #{}: imported with it, as one Panier entry", debt.id),
                        Some(id),
                    );
                }
                None => push(
                    PahekoOutcome::NotMapped,
                    format!(
                        "règlement de l'écriture n° {}, qui n'est pas reprise (voir plus haut)",
                        debt.id
                    ),
                    format!(
                        "pay-off of transaction #{}, which is not imported (see above)",
                        debt.id
                    ),
                    None,
                ),
            }
            continue;
        }
        let group = group_of(t, &by_id);
        let entries = match mapping_of(&group, members, paid) {
            Ok(Mapping::One(entry)) => vec![entry],
            Ok(Mapping::Transfer(entries)) => entries,
            Err((fr, en)) => {
                push(PahekoOutcome::NotMapped, fr, en, None);
                continue;
            }
        };
        let mut written = Vec::new();
        for entry in &entries {
            match ledger::insert(tx, entry) {
                Ok(id) => written.push(id),
                Err(e) => {
                    push(
                        PahekoOutcome::Refused,
                        e.message(Lang::Fr),
                        e.message(Lang::En),
                        None,
                    );
                    break;
                }
            }
        }
        let Some(first) = written.first().filter(|_| written.len() == entries.len()) else {
            continue;
        };
        remember(tx, PahekoKind::Transaction, t.id, first.0)?;
        let entry = &entries[0];
        let (fr, en) = if entries.len() == 2 {
            (
                format!(
                    "virement interne {} → {} : deux écritures le même jour par le compte 58",
                    treasury_from(&entries).0,
                    treasury_from(&entries).1
                ),
                format!(
                    "internal transfer {} → {}: two entries the same day through account 58",
                    treasury_from(&entries).0,
                    treasury_from(&entries).1
                ),
            )
        } else if let Some(payoff) = group.get(1) {
            let lines = entry.lines.len();
            let (mut fr, mut en) = (
                format!("dette ou créance réglée par l'écriture n° {} : une écriture ({}, {}) au jour du règlement, {}", payoff.id, line_count(lines, Lang::Fr), entry.method.treasury_account(), entry.date),
                format!("debt or credit settled by transaction #{}: one entry ({}, {}) on the day of the pay-off, {}", payoff.id, line_count(lines, Lang::En), entry.method.treasury_account(), entry.date),
            );
            if payoff.year != t.year {
                fr.push_str(" ; dans l'exercice du règlement, pas celui de la dette");
                en.push_str("; in the pay-off's year, not the debt's");
            }
            (fr, en)
        } else {
            (
                format!(
                    "{}, {}",
                    line_count(entry.lines.len(), Lang::Fr),
                    entry.method.treasury_account()
                ),
                format!(
                    "{}, {}",
                    line_count(entry.lines.len(), Lang::En),
                    entry.method.treasury_account()
                ),
            )
        };
        push(PahekoOutcome::Created, fr, en, Some(first.0));
    }
    Ok(())
}

/// The treasury accounts a transfer's two entries leave and reach.
fn treasury_from(entries: &[NewEntry]) -> (&'static str, &'static str) {
    let out = entries
        .iter()
        .find(|e| e.lines.iter().all(|l| l.amount_cents < 0));
    let into = entries
        .iter()
        .find(|e| e.lines.iter().all(|l| l.amount_cents > 0));
    (
        out.map(|e| e.method.treasury_account()).unwrap_or(""),
        into.map(|e| e.method.treasury_account()).unwrap_or(""),
    )
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
