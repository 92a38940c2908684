//! Plans and tiers: membership fees and storage tiers, listed with their members, added
//! through a form the core checks, retired and brought back.

use crate::form::{run_form, FormError};
use crate::session::Session;
use panier::kernel::field::Field;
use panier::kernel::ids::PlanId;
use panier::kernel::money::{parse_amount, to_cents};
use panier::membership::plans::{self, Plan, PlanInput, PlanKind, PlanPeriod};
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

/// One plan as the Plans screen lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// `fee` (membership) or `tier` (storage)
    pub kind: String,
    /// price per period; for a pay-what-you-want fee, the suggested price
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub pay_what_you_want: bool,
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
            id: plan.id.0,
            name: plan.name,
            kind: plan.kind.as_str().to_string(),
            amount_cents: plan.amount_cents,
            pay_what_you_want: plan.pay_what_you_want,
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
#[derive(Debug, Clone, Deserialize, TS)]
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

/// The plan form's fields.
const PLAN_FIELDS: &[Field] = &[
    Field::Name,
    Field::Kind,
    Field::Amount,
    Field::Min,
    Field::Counterpart,
    Field::Quota,
    Field::Period,
];

fn cents(field: Field, text: &str) -> panier::Result<i64> {
    to_cents(field, parse_amount(field, text)?)
}

fn optional<T>(
    text: &str,
    read: impl FnOnce(&str) -> panier::Result<T>,
) -> panier::Result<Option<T>> {
    let text = text.trim();
    if text.is_empty() {
        Ok(None)
    } else {
        read(text).map(Some)
    }
}

impl PlanForm {
    fn input(&self) -> panier::Result<PlanInput> {
        Ok(PlanInput {
            name: self.name.clone(),
            kind: PlanKind::parse(&self.kind)?,
            amount_cents: cents(Field::Amount, &self.amount)?,
            min_cents: optional(&self.min, |m| cents(Field::Min, m))?,
            counterpart_cents: optional(&self.counterpart, |c| cents(Field::Counterpart, c))?
                .unwrap_or(0),
            quota_bytes: optional(&self.quota, |q| {
                panier::kernel::size::parse_size(Field::Quota, q)
            })?,
            period: PlanPeriod::parse(&self.period)?,
            members_only: self.members_only,
            covers_gap: self.covers_gap,
            description: self.description.trim().to_string(),
        })
    }
}

fn rows(db: &panier::Database) -> panier::Result<Vec<PlanRow>> {
    let counts = plans::subscriber_counts(db.conn(), panier::kernel::dates::today())?;
    Ok(plans::list(db.conn())?
        .into_iter()
        .map(|p| {
            let n = counts.get(&p.id).copied().unwrap_or(0);
            PlanRow::of(p, n)
        })
        .collect())
}

#[tauri::command]
pub async fn plans_list(session: State<'_, Session>) -> Result<Vec<PlanRow>, String> {
    session.with_database(|db| rows(db))
}

/// Adds a plan; returns it as listed.
#[tauri::command]
pub async fn plan_add(session: State<'_, Session>, form: PlanForm) -> Result<PlanRow, FormError> {
    run_form(&session, PLAN_FIELDS, |db| {
        let id = plans::add(db, &form.input()?)?;
        Ok(PlanRow::of(plans::get(db.conn(), id)?, 0))
    })
}

/// Retires a plan (no longer offered) or brings it back.
#[tauri::command]
pub async fn plan_set_archived(
    session: State<'_, Session>,
    id: i64,
    archived: bool,
) -> Result<PlanRow, String> {
    session.with_database(|db| {
        let plan = plans::set_archived(db, PlanId(id), archived)?;
        let n = plans::subscriber_counts(db.conn(), panier::kernel::dates::today())?
            .get(&plan.id)
            .copied()
            .unwrap_or(0);
        Ok(PlanRow::of(plan, n))
    })
}
