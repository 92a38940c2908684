//! Recording money: a plan payment (with its preview), a donation or subsidy, an expense, and
//! the reversal that corrects an entry.

use super::{cents, day_or_today};
use crate::books::ledger::{ExpenseCategory, Method};
use crate::books::payments::{self, Expense, Gift, PlanPayment};
use crate::books::reversal;
use crate::kernel::error::Result;
use crate::kernel::field::Field;
use crate::kernel::ids::{EntryId, MemberId, PlanId};
use crate::ops::{Access, Area, Operation};
use crate::store::db::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The plan-payment form as typed.
#[derive(Debug, Clone, Deserialize, TS, Serialize)]
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
    /// a payment reference (HelloAsso's…), refused if already recorded
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
}

impl PaymentForm {
    fn parse(&self) -> Result<PlanPayment> {
        let gift = self.gift.trim();
        Ok(PlanPayment {
            member: MemberId(self.member),
            plan: PlanId(self.plan),
            amount_cents: cents(Field::Amount, &self.amount)?,
            gift_cents: if gift.is_empty() {
                None
            } else {
                Some(cents(Field::Gift, gift)?)
            },
            date: day_or_today(Field::Date, &self.date)?,
            method: Method::parse(&self.method)?,
            external_ref: self.reference.clone(),
        })
    }
}

/// A payment's split and the period it buys (before or after saving).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PaymentSplit {
    /// the entry recorded; `null` in a preview
    #[ts(type = "number | null")]
    pub entry: Option<i64>,
    /// the subscription period recorded; `null` in a preview
    #[ts(type = "number | null")]
    pub subscription: Option<i64>,
    #[ts(type = "string")]
    pub starts_on: NaiveDate,
    /// the last day covered
    #[ts(type = "string")]
    pub last_day: NaiveDate,
    #[ts(type = "number")]
    pub service_cents: i64,
    #[ts(type = "number")]
    pub gift_cents: i64,
    pub service_account: String,
    pub gift_account: String,
}

/// What the payment would record; writes nothing.
pub struct PreviewPayment;

impl Operation for PreviewPayment {
    const NAME: &'static str = "money_preview_payment";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = PaymentForm;
    type Response = PaymentSplit;

    fn run(db: &mut Database, form: PaymentForm) -> Result<PaymentSplit> {
        let preview = payments::preview(db.conn(), &form.parse()?)?;
        Ok(PaymentSplit {
            entry: None,
            subscription: None,
            starts_on: preview.period.start,
            last_day: preview.period.last_day(),
            service_cents: preview.service_cents,
            gift_cents: preview.gift_cents,
            service_account: preview.service_account,
            gift_account: preview.gift_account,
        })
    }
}

/// Records a plan payment and the subscription period it buys (one change), and says where
/// its parts went.
pub struct RecordPayment;

impl Operation for RecordPayment {
    const NAME: &'static str = "money_record_payment";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = PaymentForm;
    type Response = PaymentSplit;

    fn run(db: &mut Database, form: PaymentForm) -> Result<PaymentSplit> {
        let payment = form.parse()?;
        let recorded = payments::pay_plan(db, &payment)?;
        // The accounts follow from the plan's kind alone; read after the write, which
        // checked the plan exists.
        let plan = crate::membership::plans::get(db.conn(), payment.plan)?;
        let (service_account, gift_account) = payments::accounts_of(&plan);
        Ok(PaymentSplit {
            entry: Some(recorded.entry.0),
            subscription: Some(recorded.subscription.0),
            starts_on: recorded.period.start,
            last_day: recorded.period.last_day(),
            service_cents: recorded.service_cents,
            gift_cents: recorded.gift_cents,
            service_account: service_account.into(),
            gift_account: gift_account.into(),
        })
    }
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
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
    /// a payment reference, refused if already recorded
    #[serde(default)]
    #[ts(optional)]
    pub reference: Option<String>,
}

/// Records a donation or a subsidy; answers the entry's number.
pub struct RecordDonation;

impl Operation for RecordDonation {
    const NAME: &'static str = "money_record_donation";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = DonationForm;
    type Response = i64;

    fn run(db: &mut Database, donation: DonationForm) -> Result<i64> {
        Ok(payments::give(db, &donation.into_gift()?)?.0)
    }
}

impl DonationForm {
    /// The gift the form describes: no giver named is « Anonyme »; the amount, the date (empty:
    /// today) and the method parsed, each refusal naming its field.
    fn into_gift(self) -> Result<Gift> {
        let from = self.from.trim();
        Ok(Gift {
            member: self.member.map(MemberId),
            counterparty: if from.is_empty() {
                "Anonyme".into()
            } else {
                from.into()
            },
            amount_cents: cents(Field::Amount, &self.amount)?,
            date: day_or_today(Field::Date, &self.date)?,
            method: Method::parse(&self.method)?,
            subsidy: self.subsidy,
            label: self.label,
            external_ref: self.reference,
        })
    }
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
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

/// Records an expense; answers the entry's number.
pub struct RecordExpense;

impl Operation for RecordExpense {
    const NAME: &'static str = "money_record_expense";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = ExpenseForm;
    type Response = i64;

    fn run(db: &mut Database, expense: ExpenseForm) -> Result<i64> {
        Ok(payments::spend(db, &expense.into_expense()?)?.0)
    }
}

impl ExpenseForm {
    /// The expense the form describes: the amount, category, date (empty: today) and method
    /// parsed, each refusal naming its field.
    fn into_expense(self) -> Result<Expense> {
        Ok(Expense {
            amount_cents: cents(Field::Amount, &self.amount)?,
            category: ExpenseCategory::parse(&self.category)?,
            label: self.label,
            supplier: self.supplier,
            date: day_or_today(Field::Date, &self.date)?,
            method: Method::parse(&self.method)?,
            names_person: self.names_person,
        })
    }
}

/// An entry to correct, and why.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EntryReversal {
    pub entry: i64,
    /// kept with the reversal
    pub reason: String,
    /// the reversal's day as typed; empty for today
    #[serde(default)]
    pub date: String,
}

/// What a reversal did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReversalDone {
    #[ts(type = "number")]
    pub entry: i64,
    #[ts(type = "number")]
    pub reversed: i64,
    pub removed_subscription: bool,
    /// the subscription period the reversal took back, if any
    #[ts(type = "number | null")]
    pub removed_subscription_id: Option<i64>,
    pub cancelled_receipts: Vec<String>,
}

/// Corrects an entry by writing its opposite (the original stays), taking back the
/// subscription period it bought and cancelling its receipts.
pub struct ReverseEntry;

impl Operation for ReverseEntry {
    const NAME: &'static str = "money_reverse_entry";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = EntryReversal;
    type Response = ReversalDone;

    fn run(db: &mut Database, request: EntryReversal) -> Result<ReversalDone> {
        let date = day_or_today(Field::Date, &request.date)?;
        let done = reversal::reverse(db, EntryId(request.entry), &request.reason, date)?;
        Ok(ReversalDone {
            entry: done.entry.0,
            reversed: done.reversed.0,
            removed_subscription: done.removed_subscription.is_some(),
            removed_subscription_id: done.removed_subscription.map(|s| s.0),
            cancelled_receipts: done.cancelled_receipts,
        })
    }
}
