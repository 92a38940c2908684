//! The Money screen: the financial year's ledger, and the forms that record a plan payment,
//! a donation, an expense, a reversal and the recurring expenses. Amounts arrive as the text
//! the treasurer typed and are parsed by the core; a refusal names the field it is about so
//! the window can show it next to that field.

use crate::form::{fields, run_form, FormError};
use crate::session::Session;
use chrono::NaiveDate;
use panier::books::ledger::{Entry, ExpenseCategory, Method};
use panier::books::payments::{self, Expense, Gift, PlanPayment};
use panier::books::recurring::{self, RecurringInput};
use panier::books::reversal;
use panier::kernel::dates::today;
use panier::kernel::ids::{EntryId, MemberId, PlanId};
use panier::kernel::money::{parse_amount, to_cents, Cents};
use panier::Database;
use serde::{Deserialize, Serialize};
use tauri::State;
use ts_rs::TS;

/// The fields of the Money and Renewals forms: the names the core gives them (its own, or the
/// form's when this module parses the value), and the forms' names.
const FIELDS: &[(&str, &str)] = &[
    ("amount", "amount"),
    ("gift", "gift"),
    ("startsOn", "startsOn"),
    ("endsOn", "endsOn"),
    ("montant", "amount"),
    ("don", "gift"),
    ("libellé", "label"),
    ("motif", "reason"),
    ("catégorie", "category"),
    ("moyen de paiement", "method"),
    ("objet", "subject"),
    ("texte", "body"),
    ("date", "date"),
];

/// Runs a Money or Renewals form's action on the open file (see `form::run_form`).
pub fn with_form<T>(
    session: &Session,
    action: impl FnOnce(&mut Database) -> Result<T, panier::Error>,
) -> Result<T, FormError> {
    run_form(session, fields(FIELDS), action)
}

/// Cents from the text typed in field `field` (its name in the window).
pub fn cents(field: &str, text: &str) -> panier::Result<Cents> {
    to_cents(field, parse_amount(field, text)?)
}

/// The day typed in `field`, or today when left empty.
pub fn day_or_today(field: &str, text: &str) -> panier::Result<NaiveDate> {
    if text.trim().is_empty() {
        Ok(today())
    } else {
        panier::kernel::dates::parse_date(field, text)
    }
}

/// A receipt printed for an entry, as its row shows it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptMark {
    pub reference: String,
    /// "attestation" or "tax"
    pub kind: String,
    pub summary: bool,
    pub cancelled: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Serialize, TS)]
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

fn entry_row(db: &Database, e: &Entry) -> panier::Result<MoneyEntry> {
    let receipts = panier::books::receipts::for_entry(db.conn(), e.id)?
        .into_iter()
        .map(|r| ReceiptMark {
            reference: r.reference.clone(),
            kind: match r.kind {
                panier::books::receipts::ReceiptKind::Attestation => "attestation".into(),
                panier::books::receipts::ReceiptKind::Tax => "tax".into(),
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

/// The financial year containing today: its totals so far (as the dashboard counts them) and
/// its entries, newest first; with `member`, that member's entries of every year.
#[tauri::command]
pub async fn money_overview(
    session: State<'_, Session>,
    member: Option<i64>,
) -> Result<MoneyOverview, String> {
    session.with_database(|db| {
        let today = today();
        let dashboard = panier::dashboard::compute(db.conn(), today)?;
        let year = dashboard.year;
        let entries = match member {
            Some(m) => panier::books::ledger::for_member(db.conn(), MemberId(m))?,
            None => {
                let mut all = panier::books::ledger::between(db.conn(), year)?;
                all.reverse();
                all
            }
        };
        let rows = entries
            .iter()
            .map(|e| entry_row(db, e))
            .collect::<panier::Result<Vec<_>>>()?;
        let last_day = year.end_exclusive.pred_opt().unwrap_or(year.end_exclusive);
        Ok(MoneyOverview {
            today: today.to_string(),
            year_start: year.start.to_string(),
            year_end: last_day.to_string(),
            income_cents: dashboard.income_cents,
            expenses_cents: dashboard.expenses_cents,
            result_cents: dashboard.income_cents - dashboard.expenses_cents,
            entries: rows,
        })
    })
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanChoice {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// "fee" or "tier"
    pub kind: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub pay_what_you_want: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoneyChoices {
    pub today: String,
    pub plans: Vec<PlanChoice>,
    pub categories: Vec<CategoryChoice>,
    pub methods: Vec<String>,
}

#[tauri::command]
pub async fn money_choices(session: State<'_, Session>) -> Result<MoneyChoices, String> {
    session.with_database(|db| {
        let plans = panier::membership::plans::list(db.conn())?
            .into_iter()
            .filter(|p| !p.archived)
            .map(|p| PlanChoice {
                id: p.id.0,
                name: p.name,
                kind: p.kind.as_str().into(),
                amount_cents: p.amount_cents,
                pay_what_you_want: p.pay_what_you_want,
            })
            .collect();
        let categories = ExpenseCategory::ALL
            .iter()
            .map(|c| CategoryChoice {
                key: c.key().into(),
                account: c.account().into(),
                label_fr: panier::books::ledger::account_label(c.account(), panier::Lang::Fr)
                    .into(),
                label_en: panier::books::ledger::account_label(c.account(), panier::Lang::En)
                    .into(),
            })
            .collect();
        Ok(MoneyChoices {
            today: today().to_string(),
            plans,
            categories,
            methods: Method::ALL.iter().map(|m| m.as_str().into()).collect(),
        })
    })
}

/// A member offered by the search-as-you-type picker.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberChoice {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: String,
}

/// The first members whose names or email match `text` (the core's accent-blind search).
#[tauri::command]
pub async fn money_find_members(
    session: State<'_, Session>,
    text: String,
) -> Result<Vec<MemberChoice>, String> {
    session.with_database(|db| {
        let query = panier::people::members::MemberQuery {
            search: Some(text),
            limit: Some(8),
            ..Default::default()
        };
        Ok(panier::people::members::list(db.conn(), &query, today())?
            .into_iter()
            .map(|m| MemberChoice {
                id: m.id.0,
                name: m.name,
                email: m.email,
            })
            .collect())
    })
}

/// The plan-payment form as typed.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaymentForm {
    #[ts(type = "number")]
    pub member: i64,
    #[ts(type = "number")]
    pub plan: i64,
    pub amount: String,
    /// empty: the core computes it from the plan
    pub gift: String,
    /// YYYY-MM-DD or DD/MM/YYYY; empty for today
    pub date: String,
    pub method: String,
}

impl PaymentForm {
    fn parse(&self) -> panier::Result<PlanPayment> {
        let gift = self.gift.trim();
        Ok(PlanPayment {
            member: MemberId(self.member),
            plan: PlanId(self.plan),
            amount_cents: cents("amount", &self.amount)?,
            gift_cents: if gift.is_empty() {
                None
            } else {
                Some(cents("gift", gift)?)
            },
            date: day_or_today("date", &self.date)?,
            method: Method::parse(&self.method)?,
            external_ref: None,
        })
    }
}

/// A payment's split and the period it buys (before or after saving).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSplit {
    /// the entry recorded; `null` in a preview
    #[ts(type = "number | null")]
    pub entry: Option<i64>,
    pub starts_on: String,
    /// the last day covered
    pub last_day: String,
    #[ts(type = "number")]
    pub service_cents: i64,
    #[ts(type = "number")]
    pub gift_cents: i64,
    pub service_account: String,
    pub gift_account: String,
}

fn last_day_of(period: panier::kernel::dates::Period) -> String {
    period
        .end_exclusive
        .pred_opt()
        .unwrap_or(period.end_exclusive)
        .to_string()
}

/// What the payment would record; writes nothing.
#[tauri::command]
pub async fn money_preview_payment(
    session: State<'_, Session>,
    payment: PaymentForm,
) -> Result<PaymentSplit, FormError> {
    with_form(&session, |db| {
        let p = payment.parse()?;
        let preview = payments::preview(db.conn(), &p)?;
        Ok(PaymentSplit {
            entry: None,
            starts_on: preview.period.start.to_string(),
            last_day: last_day_of(preview.period),
            service_cents: preview.service_cents,
            gift_cents: preview.gift_cents,
            service_account: preview.service_account,
            gift_account: preview.gift_account,
        })
    })
}

/// Records a plan payment and the subscription period it buys.
#[tauri::command]
pub async fn money_record_payment(
    session: State<'_, Session>,
    payment: PaymentForm,
) -> Result<PaymentSplit, FormError> {
    with_form(&session, |db| {
        let p = payment.parse()?;
        let preview = payments::preview(db.conn(), &p)?;
        let recorded = payments::pay_plan(db, &p)?;
        Ok(PaymentSplit {
            entry: Some(recorded.entry.0),
            starts_on: recorded.period.start.to_string(),
            last_day: last_day_of(recorded.period),
            service_cents: recorded.service_cents,
            gift_cents: recorded.gift_cents,
            service_account: preview.service_account,
            gift_account: preview.gift_account,
        })
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DonationForm {
    /// the member who gives; `null` for a non-member or anonymous gift
    #[ts(type = "number | null")]
    pub member: Option<i64>,
    /// who gives when not a member; empty for anonymous
    pub from: String,
    pub subsidy: bool,
    pub amount: String,
    pub date: String,
    pub method: String,
    pub label: String,
}

/// Records a donation or a subsidy; returns the entry's number.
#[tauri::command]
pub async fn money_record_donation(
    session: State<'_, Session>,
    donation: DonationForm,
) -> Result<i64, FormError> {
    with_form(&session, |db| {
        let from = donation.from.trim();
        let gift = Gift {
            member: donation.member.map(MemberId),
            counterparty: if from.is_empty() {
                "Anonyme".into()
            } else {
                from.into()
            },
            amount_cents: cents("amount", &donation.amount)?,
            date: day_or_today("date", &donation.date)?,
            method: Method::parse(&donation.method)?,
            subsidy: donation.subsidy,
            label: donation.label.clone(),
            external_ref: None,
        };
        Ok(payments::give(db, &gift)?.0)
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExpenseForm {
    pub amount: String,
    /// a key of `MoneyChoices::categories`
    pub category: String,
    pub label: String,
    pub supplier: String,
    pub date: String,
    pub method: String,
    pub names_person: bool,
}

/// Records an expense; returns the entry's number.
#[tauri::command]
pub async fn money_record_expense(
    session: State<'_, Session>,
    expense: ExpenseForm,
) -> Result<i64, FormError> {
    with_form(&session, |db| {
        let e = Expense {
            amount_cents: cents("amount", &expense.amount)?,
            category: ExpenseCategory::parse(&expense.category)?,
            label: expense.label.clone(),
            supplier: expense.supplier.clone(),
            date: day_or_today("date", &expense.date)?,
            method: Method::parse(&expense.method)?,
            names_person: expense.names_person,
        };
        Ok(payments::spend(db, &e)?.0)
    })
}

/// What a reversal did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReversalDone {
    #[ts(type = "number")]
    pub entry: i64,
    #[ts(type = "number")]
    pub reversed: i64,
    pub removed_subscription: bool,
    pub cancelled_receipts: Vec<String>,
}

/// Corrects entry `entry` by writing its opposite today (the original stays).
#[tauri::command]
pub async fn money_reverse_entry(
    session: State<'_, Session>,
    entry: i64,
    reason: String,
) -> Result<ReversalDone, FormError> {
    with_form(&session, |db| {
        let done = reversal::reverse(db, EntryId(entry), &reason, today())?;
        Ok(ReversalDone {
            entry: done.entry.0,
            reversed: done.reversed.0,
            removed_subscription: done.removed_subscription.is_some(),
            cancelled_receipts: done.cancelled_receipts,
        })
    })
}

#[derive(Debug, Clone, Serialize, TS)]
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

#[tauri::command]
pub async fn money_recurring_list(
    session: State<'_, Session>,
) -> Result<Vec<RecurringRow>, String> {
    session.with_database(|db| {
        let today = today();
        Ok(recurring::list(db.conn())?
            .into_iter()
            .map(|r| {
                let due = r.occurrences(today).len() as i64;
                RecurringRow {
                    id: r.id,
                    label: r.label,
                    category: r.category.key().into(),
                    supplier: r.supplier,
                    amount_cents: r.amount_cents,
                    method: r.method.as_str().into(),
                    every_months: r.every_months,
                    starts_on: r.starts_on.to_string(),
                    ends_on: r.ends_on.map(|d| d.to_string()),
                    generated: r.generated,
                    due_now: (due - r.generated).max(0),
                }
            })
            .collect())
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
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

#[tauri::command]
pub async fn money_add_recurring(
    session: State<'_, Session>,
    recurring: RecurringForm,
) -> Result<i64, FormError> {
    with_form(&session, |db| {
        let ends = recurring.ends_on.trim();
        let input = RecurringInput {
            label: recurring.label.clone(),
            category: ExpenseCategory::parse(&recurring.category)?,
            supplier: recurring.supplier.clone(),
            amount_cents: cents("amount", &recurring.amount)?,
            method: Method::parse(&recurring.method)?,
            every_months: recurring.every_months,
            starts_on: panier::kernel::dates::parse_date("startsOn", &recurring.starts_on)?,
            ends_on: if ends.is_empty() {
                None
            } else {
                Some(panier::kernel::dates::parse_date("endsOn", ends)?)
            },
        };
        recurring::add(db, &input)
    })
}

/// Records every recurring expense due up to today; returns how many were recorded.
#[tauri::command]
pub async fn money_generate_recurring(session: State<'_, Session>) -> Result<u32, String> {
    session.with_database(|db| Ok(recurring::generate(db, today())?.len() as u32))
}
