//! Plans and tiers: membership fees and storage tiers, listed with their members, added
//! through a form whose amounts and sizes are read here, retired and brought back.

use super::money::{cents, PlanChoice};
use super::{Access, Area, Operation};
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::kernel::ids::PlanId;
use crate::membership::plans::{self, Plan, PlanInput, PlanKind, PlanPeriod};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// One plan as the Plans screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    /// id, name, kind, price: as the forms offer it
    #[serde(flatten)]
    pub plan: PlanChoice,
    #[ts(type = "number | null")]
    pub min_cents: Option<i64>,
    #[ts(type = "number")]
    pub counterpart_cents: i64,
    #[ts(type = "number | null")]
    pub quota_bytes: Option<i64>,
    /// `None`: the civil year; else a rolling number of months
    pub period_months: Option<u32>,
    pub members_only: bool,
    pub covers_gap: bool,
    pub description: String,
    pub archived: bool,
    /// members holding it today
    #[ts(type = "number")]
    pub subscribers: i64,
}

impl PlanRow {
    fn of(plan: Plan, subscribers: i64) -> Self {
        PlanRow {
            plan: PlanChoice::of(&plan),
            min_cents: plan.min_cents,
            counterpart_cents: plan.counterpart_cents,
            quota_bytes: plan.quota_bytes,
            period_months: match plan.period {
                PlanPeriod::Civil => None,
                PlanPeriod::Months(n) => Some(n),
            },
            members_only: plan.members_only,
            covers_gap: plan.covers_gap,
            description: plan.description,
            archived: plan.archived,
            subscribers,
        }
    }
}

/// The add-a-plan form as typed: amounts and sizes are text, read by the core.
#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanForm {
    pub name: String,
    /// `fee` or `tier`
    pub kind: String,
    pub amount: String,
    /// a minimum makes the fee pay-what-you-want; empty: a fixed price
    pub min: String,
    /// the service part of a fee (empty: 0)
    pub counterpart: String,
    /// a tier's quota, e.g. `50 GB` (empty for a fee)
    pub quota: String,
    /// `civil` or `months:N`
    pub period: String,
    pub members_only: bool,
    pub covers_gap: bool,
    pub description: String,
}

fn optional<T>(text: &str, read: impl FnOnce(&str) -> Result<T>) -> Result<Option<T>> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        read(text).map(Some)
    }
}

impl PlanForm {
    fn input(&self) -> Result<PlanInput> {
        Ok(PlanInput {
            name: self.name.clone(),
            kind: PlanKind::parse(&self.kind)?,
            amount_cents: cents(Field::Amount, &self.amount)?,
            min_cents: optional(&self.min, |m| cents(Field::Min, m))?,
            counterpart_cents: optional(&self.counterpart, |c| cents(Field::Counterpart, c))?
                .unwrap_or(0),
            quota_bytes: optional(&self.quota, |q| {
                crate::kernel::size::parse_size(Field::Quota, q)
            })?,
            period: PlanPeriod::parse(&self.period)?,
            members_only: self.members_only,
            covers_gap: self.covers_gap,
            description: self.description.trim().to_string(),
        })
    }
}

fn rows(db: &Database) -> Result<Vec<PlanRow>> {
    let counts = plans::subscriber_counts(db.conn(), crate::kernel::dates::today())?;
    Ok(plans::list(db.conn())?
        .into_iter()
        .map(|p| {
            let n = counts.get(&p.id).copied().unwrap_or(0);
            PlanRow::of(p, n)
        })
        .collect())
}

/// Every plan, archived ones too, with how many members hold each today.
pub struct List;

impl Operation for List {
    const NAME: &'static str = "plans_list";
    const ACCESS: Access = Access::Read(Area::Plans);
    type Request = ();
    type Response = Vec<PlanRow>;

    fn run(db: &mut Database, _: ()) -> Result<Vec<PlanRow>> {
        rows(db)
    }
}

/// Adds a plan; answers it as listed.
pub struct Add;

impl Operation for Add {
    const NAME: &'static str = "plan_add";
    const ACCESS: Access = Access::Write(Area::Plans);
    type Request = PlanForm;
    type Response = PlanRow;

    fn run(db: &mut Database, form: PlanForm) -> Result<PlanRow> {
        let id = plans::add(db, &form.input()?)?;
        Ok(PlanRow::of(plans::get(db.conn(), id)?, 0))
    }
}

/// Which plan, and whether it is retired.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct PlanArchiving {
    pub id: i64,
    pub archived: bool,
}

/// Retires a plan (no longer offered) or brings it back.
pub struct SetArchived;

impl Operation for SetArchived {
    const NAME: &'static str = "plan_set_archived";
    const ACCESS: Access = Access::Write(Area::Plans);
    type Request = PlanArchiving;
    type Response = PlanRow;

    fn run(db: &mut Database, asked: PlanArchiving) -> Result<PlanRow> {
        let plan = plans::set_archived(db, PlanId(asked.id), asked.archived)?;
        let n = plans::subscriber_counts(db.conn(), crate::kernel::dates::today())?
            .get(&plan.id)
            .copied()
            .unwrap_or(0);
        Ok(PlanRow::of(plan, n))
    }
}
