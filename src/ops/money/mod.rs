//! The Money screen's operations: the financial year's ledger, and recording a plan payment,
//! a donation, an expense, a reversal and the recurring expenses. Amounts and dates arrive
//! as the treasurer typed them and are parsed here, so every transport refuses the same text
//! with the same message.

use super::{Access, Area, Operation};
use crate::books::ledger::{self, Entry, ExpenseCategory, Method};
use crate::books::payments;
use crate::kernel::dates::{parse_date, today};
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::kernel::ids::MemberId;
use crate::kernel::money::{parse_amount, to_cents, Cents};
use crate::store::db::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Cents from the text typed in `field`.
pub(crate) fn cents(field: Field, text: &str) -> Result<Cents> {
    to_cents(field, parse_amount(field, text)?)
}

/// The day typed in `field`, or today when left empty.
fn day_or_today(field: Field, text: &str) -> Result<NaiveDate> {
    if text.trim().is_empty() {
        Ok(today())
    } else {
        parse_date(field, text)
    }
}

/// A receipt printed for an entry, as its row shows it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptMark {
    pub reference: String,
    /// "attestation" or "tax"
    pub kind: String,
    pub summary: bool,
    pub cancelled: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoneyEntry {
    #[ts(type = "number")]
    pub id: i64,
    /// YYYY-MM-DD
    pub date: String,
    /// fee, tier, donation, subsidy, income, expense, reversal
    pub kind: String,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    pub counterparty: String,
    pub label: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// the part a tax receipt may cover (7561, 7541)
    #[ts(type = "number")]
    pub gift_cents: i64,
    pub method: String,
    #[ts(type = "number | null")]
    pub reversed_by: Option<i64>,
    #[ts(type = "number | null")]
    pub reverses_id: Option<i64>,
    pub reason: String,
    pub receipts: Vec<ReceiptMark>,
}

/// The financial year so far.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoneyOverview {
    pub today: String,
    pub year_start: String,
    /// the last day of the financial year
    pub year_end: String,
    #[ts(type = "number")]
    pub income_cents: i64,
    #[ts(type = "number")]
    pub expenses_cents: i64,
    #[ts(type = "number")]
    pub result_cents: i64,
    /// newest first
    pub entries: Vec<MoneyEntry>,
}

fn entry_row(db: &Database, e: &Entry) -> Result<MoneyEntry> {
    let receipts = crate::books::receipts::for_entry(db.conn(), e.id)?
        .into_iter()
        .map(|r| ReceiptMark {
            reference: r.reference.clone(),
            kind: match r.kind {
                crate::books::receipts::ReceiptKind::Attestation => "attestation".into(),
                crate::books::receipts::ReceiptKind::Tax => "tax".into(),
            },
            summary: r.summary,
            cancelled: r.is_cancelled(),
        })
        .collect();
    Ok(MoneyEntry {
        id: e.id.0,
        date: e.date.to_string(),
        kind: e.kind.as_str().into(),
        member_id: e.member_id.map(|m| m.0),
        counterparty: e.counterparty.clone(),
        label: e.label.clone(),
        amount_cents: e.amount_cents,
        gift_cents: payments::gift_cents(e),
        method: e.method.as_str().into(),
        reversed_by: e.reversed_by.map(|r| r.0),
        reverses_id: e.reverses_id.map(|r| r.0),
        reason: e.reason.clone(),
        receipts,
    })
}

/// Whose entries the overview lists.
#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OverviewQuery {
    /// that member's entries of every year; `null`: the current year's, everyone's
    #[ts(type = "number | null")]
    pub member: Option<i64>,
}

/// The financial year containing today: its totals so far (as the dashboard counts them) and
/// its entries, newest first; with a member, that member's entries of every year.
pub struct Overview;

impl Operation for Overview {
    const NAME: &'static str = "money_overview";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = OverviewQuery;
    type Response = MoneyOverview;

    fn run(db: &mut Database, query: OverviewQuery) -> Result<MoneyOverview> {
        let today = today();
        let dashboard = crate::dashboard::compute(db.conn(), today)?;
        let year = dashboard.year;
        let entries = match query.member {
            Some(m) => ledger::for_member(db.conn(), MemberId(m))?,
            None => {
                let mut all = ledger::between(db.conn(), year)?;
                all.reverse();
                all
            }
        };
        let rows = entries
            .iter()
            .map(|e| entry_row(db, e))
            .collect::<Result<Vec<_>>>()?;
        Ok(MoneyOverview {
            today: today.to_string(),
            year_start: year.start.to_string(),
            year_end: year.last_day().to_string(),
            income_cents: dashboard.income_cents,
            expenses_cents: dashboard.expenses_cents,
            result_cents: dashboard.income_cents - dashboard.expenses_cents,
            entries: rows,
        })
    }
}

/// A plan as the forms' select offers it; the Plans screen's row begins with it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanChoice {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// `fee` (membership) or `tier` (storage)
    pub kind: String,
    /// price per period; for a pay-what-you-want fee, the suggested price
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub pay_what_you_want: bool,
}

impl PlanChoice {
    pub(crate) fn of(plan: &crate::membership::plans::Plan) -> Self {
        PlanChoice {
            id: plan.id.0,
            name: plan.name.clone(),
            kind: plan.kind.as_str().into(),
            amount_cents: plan.amount_cents,
            pay_what_you_want: plan.pay_what_you_want,
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CategoryChoice {
    /// server_rent, maintenance, …
    pub key: String,
    /// its account in the ANC 2018-06 chart
    pub account: String,
    pub label_fr: String,
    pub label_en: String,
}

/// What the forms offer to choose from.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoneyChoices {
    pub today: String,
    pub plans: Vec<PlanChoice>,
    pub categories: Vec<CategoryChoice>,
    pub methods: Vec<String>,
}

/// The plans (not archived), expense categories and payment methods the forms offer.
pub struct Choices;

impl Operation for Choices {
    const NAME: &'static str = "money_choices";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = ();
    type Response = MoneyChoices;

    fn run(db: &mut Database, _: ()) -> Result<MoneyChoices> {
        let plans = crate::membership::plans::list(db.conn())?
            .into_iter()
            .filter(|p| !p.archived)
            .map(|p| PlanChoice::of(&p))
            .collect();
        let categories = ExpenseCategory::ALL
            .iter()
            .map(|c| CategoryChoice {
                key: c.key().into(),
                account: c.account().into(),
                label_fr: ledger::account_label(c.account(), crate::Lang::Fr).into(),
                label_en: ledger::account_label(c.account(), crate::Lang::En).into(),
            })
            .collect();
        Ok(MoneyChoices {
            today: today().to_string(),
            plans,
            categories,
            methods: Method::ALL.iter().map(|m| m.as_str().into()).collect(),
        })
    }
}

/// A member offered by the search-as-you-type picker.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberChoice {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// The text typed in the member picker.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MemberSearch {
    pub text: String,
}

/// The first members whose names or email match the text (the core's accent-blind search).
pub struct FindMembers;

impl Operation for FindMembers {
    const NAME: &'static str = "money_find_members";
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = MemberSearch;
    type Response = Vec<MemberChoice>;

    fn run(db: &mut Database, search: MemberSearch) -> Result<Vec<MemberChoice>> {
        let query = crate::people::members::MemberQuery {
            search: Some(search.text),
            limit: Some(8),
            ..Default::default()
        };
        Ok(crate::people::members::list(db.conn(), &query, today())?
            .into_iter()
            .map(|m| MemberChoice {
                id: m.id.0,
                name: m.name,
                email: m.email,
            })
            .collect())
    }
}

mod record;
mod recurring;
pub use record::*;
pub use recurring::*;
