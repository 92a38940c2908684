//! The recurring expenses (the monthly server rent): listed, added, and recorded when due.

use super::{cents, ExpenseCategory};
use crate::books::ledger::Method;
use crate::books::recurring::{self, RecurringInput};
use crate::kernel::dates::{parse_date, parse_optional_date, today};
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::ops::{Access, Area, Operation};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecurringRow {
    #[ts(type = "number")]
    pub id: i64,
    pub label: String,
    pub category: String,
    pub supplier: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub method: String,
    pub every_months: u32,
    pub starts_on: String,
    pub ends_on: Option<String>,
    #[ts(type = "number")]
    pub generated: i64,
    /// occurrences due up to today and not recorded yet
    #[ts(type = "number")]
    pub due_now: i64,
}

/// The recurring expenses, with how many occurrences are due and not recorded.
pub struct RecurringList;

impl Operation for RecurringList {
    const NAME: &'static str = "money_recurring_list";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = ();
    type Response = Vec<RecurringRow>;

    fn run(db: &mut Database, _: ()) -> Result<Vec<RecurringRow>> {
        let today = today();
        Ok(recurring::list(db.conn())?
            .into_iter()
            .map(|r| {
                let due = r.occurrences(today).len() as i64;
                let input = r.input;
                RecurringRow {
                    id: r.id,
                    label: input.label,
                    category: input.category.key().into(),
                    supplier: input.supplier,
                    amount_cents: input.amount_cents,
                    method: input.method.as_str().into(),
                    every_months: input.every_months,
                    starts_on: input.starts_on.to_string(),
                    ends_on: input.ends_on.map(|d| d.to_string()),
                    generated: r.generated,
                    due_now: (due - r.generated).max(0),
                }
            })
            .collect())
    }
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecurringForm {
    pub label: String,
    pub category: String,
    pub supplier: String,
    pub amount: String,
    pub method: String,
    pub every_months: u32,
    pub starts_on: String,
    /// empty: no end
    pub ends_on: String,
}

/// Adds a recurring expense; answers its number.
pub struct AddRecurring;

impl Operation for AddRecurring {
    const NAME: &'static str = "money_add_recurring";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = RecurringForm;
    type Response = i64;

    fn run(db: &mut Database, form: RecurringForm) -> Result<i64> {
        recurring::add(db, &form.input()?)
    }
}

impl RecurringForm {
    /// The form's text read: amounts, dates, category and method parsed, each refusal naming
    /// its field.
    fn input(&self) -> Result<RecurringInput> {
        Ok(RecurringInput {
            label: self.label.clone(),
            category: ExpenseCategory::parse(&self.category)?,
            supplier: self.supplier.clone(),
            amount_cents: cents(Field::Amount, &self.amount)?,
            method: Method::parse(&self.method)?,
            every_months: self.every_months,
            starts_on: parse_date(Field::StartsOn, &self.starts_on)?,
            ends_on: parse_optional_date(Field::EndsOn, &self.ends_on)?,
        })
    }
}

/// Records every recurring expense due up to today; answers how many were recorded.
pub struct GenerateRecurring;

impl Operation for GenerateRecurring {
    const NAME: &'static str = "money_generate_recurring";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = ();
    type Response = u32;

    fn run(db: &mut Database, _: ()) -> Result<u32> {
        Ok(recurring::generate(db, today())?.len() as u32)
    }
}
