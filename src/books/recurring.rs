//! Recurring expenses (the monthly server rent): a template (table `recurring_expenses`) and
//! a generation step that records each occurrence due up to a day as an ordinary expense.
//! Generation is idempotent: each occurrence is recorded once (table
//! `recurring_expense_entries`), however often it runs — even if the expense was reversed
//! since.

use crate::books::ledger::{ExpenseCategory, Method};
use crate::books::payments::Expense;
use crate::kernel::dates::add_months;
use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::ids::EntryId;
use crate::kernel::money::Cents;
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};

/// What a user types to create a recurring expense.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecurringInput {
    pub label: String,
    pub category: ExpenseCategory,
    pub supplier: String,
    pub amount_cents: Cents,
    pub method: Method,
    /// one occurrence every N months (1 = monthly, 12 = yearly)
    pub every_months: u32,
    /// the first occurrence; later ones fall on the same day of the month (or the month's
    /// last day: 31 January, 28/29 February, 31 March…)
    pub starts_on: NaiveDate,
    /// the last day an occurrence may fall on, if the contract ends
    pub ends_on: Option<NaiveDate>,
}

/// A recurring expense: what was typed, under its id (`recurring.label` reads through).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Recurring {
    pub id: i64,
    #[serde(flatten)]
    pub input: RecurringInput,
    /// occurrences already recorded
    pub generated: i64,
}

impl std::ops::Deref for Recurring {
    type Target = RecurringInput;
    fn deref(&self) -> &RecurringInput {
        &self.input
    }
}

impl Recurring {
    /// Occurrence dates from the start up to `until` (included) and the end date.
    pub fn occurrences(&self, until: NaiveDate) -> Vec<NaiveDate> {
        let last = match self.ends_on {
            Some(end) if end < until => end,
            _ => until,
        };
        let mut out = Vec::new();
        for k in 0.. {
            let d = add_months(self.starts_on, k * self.every_months.max(1));
            if d > last {
                break;
            }
            out.push(d);
        }
        out
    }
}

const COLUMNS: &str = "r.id, r.label, r.category, r.supplier, r.amount_cents, r.method, \
    r.every_months, r.starts_on, r.ends_on, \
    (SELECT count(*) FROM recurring_expense_entries g WHERE g.recurring_id = r.id) AS generated";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Recurring> {
    let category: String = r.get("category")?;
    let method: String = r.get("method")?;
    let starts: String = r.get("starts_on")?;
    let ends: Option<String> = r.get("ends_on")?;
    Ok(Recurring {
        id: r.get("id")?,
        input: RecurringInput {
            label: r.get("label")?,
            category: ExpenseCategory::parse(&category).unwrap_or(ExpenseCategory::Other),
            supplier: r.get("supplier")?,
            amount_cents: r.get("amount_cents")?,
            method: Method::parse(&method).unwrap_or(Method::Other),
            every_months: r.get::<_, i64>("every_months")? as u32,
            starts_on: starts.parse().unwrap_or_default(),
            ends_on: ends.and_then(|d| d.parse().ok()),
        },
        generated: r.get("generated")?,
    })
}

pub fn get(conn: &Connection, id: i64) -> Result<Recurring> {
    conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM recurring_expenses r WHERE r.id = ?1"
    ))?
    .query_row([id], from_row)
    .optional()?
    .ok_or_else(|| Error::not_found("dépense récurrente", "recurring expense", id.to_string()))
}

pub fn list(conn: &Connection) -> Result<Vec<Recurring>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM recurring_expenses r ORDER BY r.id"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn add(db: &mut Database, input: &RecurringInput) -> Result<i64> {
    if input.label.trim().is_empty() {
        return Err(Error::invalid(
            Field::Label,
            "",
            "une dépense récurrente a besoin d'un libellé",
            "a recurring expense needs a label",
        ));
    }
    if input.amount_cents <= 0 {
        return Err(Error::invalid(
            Field::Amount,
            crate::kernel::money::plain(input.amount_cents),
            "le montant doit être positif",
            "the amount must be positive",
        ));
    }
    if !(1..=120).contains(&input.every_months) {
        return Err(Error::invalid(
            "périodicité",
            input.every_months.to_string(),
            "entre 1 et 120 mois",
            "between 1 and 120 months",
        ));
    }
    if input.ends_on.is_some_and(|e| e < input.starts_on) {
        return Err(Error::invalid(
            "fin",
            input.ends_on.map(|d| d.to_string()).unwrap_or_default(),
            "la fin précède le début",
            "the end is before the start",
        ));
    }
    db.write(|tx| {
        tx.execute(
            "INSERT INTO recurring_expenses (label, category, supplier, amount_cents, method,
                 every_months, starts_on, ends_on, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                input.label.trim(),
                input.category.key(),
                input.supplier.trim(),
                input.amount_cents,
                input.method.as_str(),
                input.every_months,
                input.starts_on.to_string(),
                input.ends_on.map(|d| d.to_string()),
                now_text()
            ],
        )?;
        let id = tx.last_insert_rowid();
        Ok((
            id,
            Change::new("add", "recurring_expense", Some(id)).after(input),
        ))
    })
}

/// Ends a recurring expense: no occurrence after `last_day` will be generated.
pub fn stop(db: &mut Database, id: i64, last_day: NaiveDate) -> Result<()> {
    db.write(|tx| {
        let before = get(tx, id)?;
        tx.execute(
            "UPDATE recurring_expenses SET ends_on = ?1 WHERE id = ?2",
            params![last_day.to_string(), id],
        )?;
        let after = get(tx, id)?;
        Ok((
            (),
            Change::new("stop", "recurring_expense", Some(id))
                .before(&before)
                .after(&after),
        ))
    })
}

/// One expense recorded by [`generate`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Generated {
    pub recurring_id: i64,
    pub due_on: NaiveDate,
    pub entry: EntryId,
}

/// Records every occurrence due on or before `until` that is not recorded yet, as one change.
/// Running it again records nothing new.
pub fn generate(db: &mut Database, until: NaiveDate) -> Result<Vec<Generated>> {
    db.write(|tx| {
        let mut out = Vec::new();
        for r in list(tx)? {
            for due in r.occurrences(until) {
                let done: Option<i64> = tx
                    .query_row(
                        "SELECT entry_id FROM recurring_expense_entries
                         WHERE recurring_id = ?1 AND due_on = ?2",
                        params![r.id, due.to_string()],
                        |row| row.get(0),
                    )
                    .optional()?;
                if done.is_some() {
                    continue;
                }
                let entry = crate::books::payments::insert_expense(
                    tx,
                    &Expense {
                        amount_cents: r.amount_cents,
                        category: r.category,
                        label: r.label.clone(),
                        supplier: r.supplier.clone(),
                        date: due,
                        method: r.method,
                        names_person: false,
                    },
                )?;
                tx.execute(
                    "INSERT INTO recurring_expense_entries (recurring_id, due_on, entry_id)
                     VALUES (?1, ?2, ?3)",
                    params![r.id, due.to_string(), entry],
                )?;
                out.push(Generated {
                    recurring_id: r.id,
                    due_on: due,
                    entry,
                });
            }
        }
        let change = Change::new("generate", "recurring_expense", None)
            .after(&serde_json::json!({ "until": until, "generated": out }));
        Ok((out, change))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn occurrences_keep_the_day_or_the_month_end() {
        let r = Recurring {
            id: 1,
            input: RecurringInput {
                label: "Serveur".into(),
                category: ExpenseCategory::ServerRent,
                supplier: String::new(),
                amount_cents: 1000,
                method: Method::Transfer,
                every_months: 1,
                starts_on: d("2024-01-31"),
                ends_on: Some(d("2024-04-30")),
            },
            generated: 0,
        };
        assert_eq!(
            r.occurrences(d("2024-12-31")),
            vec![
                d("2024-01-31"),
                d("2024-02-29"),
                d("2024-03-31"),
                d("2024-04-30")
            ]
        );
        assert_eq!(r.occurrences(d("2024-03-30")).len(), 2);
        assert!(r.occurrences(d("2023-12-31")).is_empty());
    }
}
