//! Recording money as a treasurer does: a plan paid (which renews its subscription), a
//! donation, a subsidy, an expense. Each is one change; the `insert_*` forms run inside a
//! caller's transaction so an import can record many as one change.

use crate::books::chart::Account;
use crate::books::ledger::{self, EntryKind, ExpenseCategory, Line, Method, NewEntry};
use crate::kernel::dates::{check_not_far_ahead, today, Period};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::ids::{EntryId, MemberId, PlanId, SubscriptionId};
use crate::kernel::money::{display, plain, Cents};
use crate::kernel::text::{check_text, TextKind};
use crate::membership::plans::PlanKind;
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// A payment for a plan (a membership fee or a storage tier).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct PlanPayment {
    pub member: MemberId,
    pub plan: PlanId,
    pub amount_cents: Cents,
    /// the part of the amount that is a gift (no counterpart); computed from the plan when
    /// not given
    pub gift_cents: Option<Cents>,
    pub date: NaiveDate,
    pub method: Method,
    /// e.g. a HelloAsso payment reference
    pub external_ref: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecordedPayment {
    pub entry: EntryId,
    pub subscription: SubscriptionId,
    pub period: Period,
    pub service_cents: Cents,
    pub gift_cents: Cents,
}

fn positive(field: Field, cents: Cents) -> Result<()> {
    if cents <= 0 {
        return Err(Error::invalid(
            field,
            plain(cents),
            "le montant doit être positif",
            "the amount must be positive",
        ));
    }
    Ok(())
}

/// What a plan payment would record, computed without writing anything: the period it
/// buys and its split into service and gift parts (for the payment form to show and edit).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PaymentPreview {
    pub period: Period,
    pub service_cents: Cents,
    pub gift_cents: Cents,
    /// the accounts the parts go to: (service, gift) — 7562/7561 for a fee, 706/7541 a tier
    pub service_account: String,
    pub gift_account: String,
}

/// Checks a plan payment and computes what it would record; writes nothing.
pub fn preview(conn: &Connection, p: &PlanPayment) -> Result<PaymentPreview> {
    crate::people::members::get(conn, p.member)?;
    let plan = crate::membership::plans::get(conn, p.plan)?;
    let (service, gift) = split(&plan, p)?;
    let period = crate::membership::subscriptions::next_period(conn, p.member, &plan, p.date)?;
    let (service_account, gift_account) = accounts_of(&plan);
    Ok(PaymentPreview {
        period,
        service_cents: service,
        gift_cents: gift,
        service_account: service_account.into(),
        gift_account: gift_account.into(),
    })
}

/// The accounts a plan's payment goes to: (service, gift).
pub fn accounts_of(plan: &crate::membership::plans::Plan) -> (&'static str, &'static str) {
    match plan.kind {
        PlanKind::Fee => (
            Account::FEES_WITH_COUNTERPART.number,
            Account::FEES_WITHOUT_COUNTERPART.number,
        ),
        PlanKind::Tier => (Account::SERVICES.number, Account::DONATIONS.number),
    }
}

/// (service, gift) parts of a payment, after checking the amount against the plan.
fn split(plan: &crate::membership::plans::Plan, p: &PlanPayment) -> Result<(Cents, Cents)> {
    positive(Field::Amount, p.amount_cents)?;
    let floor = if plan.pay_what_you_want {
        plan.min_cents.unwrap_or(0)
    } else {
        plan.amount_cents
    };
    if p.amount_cents < floor {
        return Err(Error::invalid(
            Field::Amount,
            plain(p.amount_cents),
            format!(
                "« {} » coûte au moins {} €",
                plan.name,
                plain(floor).replace('.', ",")
            ),
            format!("“{}” costs at least €{}", plan.name, plain(floor)),
        ));
    }
    // the gift may never eat into what the member receives in return
    let max_gift = p.amount_cents - plan.service_floor(p.amount_cents);
    let default_gift = match plan.kind {
        PlanKind::Fee => max_gift,
        PlanKind::Tier => 0,
    };
    let gift = p.gift_cents.unwrap_or(default_gift);
    if gift < 0 {
        return Err(Error::invalid(
            Field::Gift,
            plain(gift),
            "la part « don » ne peut pas être négative",
            "the gift part cannot be negative",
        ));
    }
    if gift > max_gift {
        let service = p.amount_cents - max_gift;
        return Err(Error::invalid(
            "don",
            plain(gift),
            format!(
                "la part « don » ne peut dépasser {} : les {} restants paient ce que le membre reçoit de « {} » (service, pas un don)",
                display(max_gift, Lang::Fr),
                display(service, Lang::Fr),
                plan.name
            ),
            format!(
                "the gift part cannot exceed {}: the other {} pay for what the member receives from “{}” (a service, not a gift)",
                display(max_gift, Lang::En),
                display(service, Lang::En),
                plan.name
            ),
        ));
    }
    Ok((p.amount_cents - gift, gift))
}

/// Records a plan payment and the subscription period it buys, inside a transaction.
pub fn insert_plan_payment(conn: &Connection, p: &PlanPayment) -> Result<RecordedPayment> {
    check_not_far_ahead("date", p.date, today())?;
    let member = crate::people::members::get(conn, p.member)?;
    let plan = crate::membership::plans::get(conn, p.plan)?;
    let (service, gift) = split(&plan, p)?;
    let period = crate::membership::subscriptions::next_period(conn, p.member, &plan, p.date)?;
    let subscription = crate::membership::subscriptions::insert(conn, p.member, plan.id, period)?;
    let (service_account, gift_account) = accounts_of(&plan);
    let lines: Vec<Line> = [(service_account, service), (gift_account, gift)]
        .into_iter()
        .filter(|(_, cents)| *cents > 0)
        .map(|(account, cents)| Line {
            account: account.into(),
            amount_cents: cents,
        })
        .collect();
    let entry = ledger::insert(
        conn,
        &NewEntry {
            date: p.date,
            kind: match plan.kind {
                PlanKind::Fee => EntryKind::Fee,
                PlanKind::Tier => EntryKind::Tier,
            },
            member: Some(p.member),
            counterparty: member.display_name(),
            method: p.method,
            label: payment_label(&plan, period),
            plan: Some(plan.id),
            subscription: Some(subscription),
            external_ref: p.external_ref.clone(),
            lines,
        },
    )?;
    Ok(RecordedPayment {
        entry,
        subscription,
        period,
        service_cents: service,
        gift_cents: gift,
    })
}

pub fn pay_plan(db: &mut Database, p: &PlanPayment) -> Result<RecordedPayment> {
    db.write(|tx| {
        let recorded = insert_plan_payment(tx, p)?;
        let change = Change::new("pay", "ledger_entry", Some(recorded.entry.0))
            .member(p.member)
            .after(&serde_json::json!({ "payment": p, "recorded": recorded }));
        Ok((recorded, change))
    })
}

/// A gift or a subsidy: money in with no counterpart.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Gift {
    /// `None` for an anonymous gift or a subsidy from outside the members
    pub member: Option<MemberId>,
    /// who gave, when not a member (a town hall for a subsidy)
    pub counterparty: String,
    pub amount_cents: Cents,
    pub date: NaiveDate,
    pub method: Method,
    pub subsidy: bool,
    pub label: String,
    pub external_ref: Option<String>,
}

pub fn insert_gift(conn: &Connection, g: &Gift) -> Result<EntryId> {
    positive(Field::Amount, g.amount_cents)?;
    check_not_far_ahead("date", g.date, today())?;
    check_text("donateur", g.counterparty.trim(), TextKind::Name)?;
    check_text("libellé", g.label.trim(), TextKind::Line)?;
    let counterparty = match g.member {
        Some(m) => crate::people::members::get(conn, m)?.display_name(),
        None => g.counterparty.trim().to_string(),
    };
    let (kind, account, default_label) = if g.subsidy {
        (EntryKind::Subsidy, Account::SUBSIDIES, "Subvention")
    } else {
        (EntryKind::Donation, Account::DONATIONS, "Don")
    };
    ledger::insert(
        conn,
        &NewEntry {
            date: g.date,
            kind,
            member: g.member,
            counterparty,
            method: g.method,
            label: if g.label.trim().is_empty() {
                default_label.into()
            } else {
                g.label.clone()
            },
            plan: None,
            subscription: None,
            external_ref: g.external_ref.clone(),
            lines: vec![Line {
                account: account.into(),
                amount_cents: g.amount_cents,
            }],
        },
    )
}

pub fn give(db: &mut Database, g: &Gift) -> Result<EntryId> {
    db.write(|tx| {
        let id = insert_gift(tx, g)?;
        let mut change =
            Change::new("give", "ledger_entry", Some(id.0)).after(&ledger::get(tx, id)?);
        if let Some(m) = g.member {
            change = change.member(m);
        }
        Ok((id, change))
    })
}

/// Money out.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Expense {
    pub amount_cents: Cents,
    pub category: ExpenseCategory,
    pub label: String,
    /// who was paid
    pub supplier: String,
    pub date: NaiveDate,
    pub method: Method,
    /// the expense names a person (a volunteer's reimbursed costs): the public report shows
    /// it only inside its category's total
    pub names_person: bool,
}

pub fn insert_expense(conn: &Connection, e: &Expense) -> Result<EntryId> {
    positive(Field::Amount, e.amount_cents)?;
    if e.label.trim().is_empty() {
        return Err(Error::invalid(
            Field::Label,
            "",
            "une dépense a besoin d'un libellé",
            "an expense needs a label",
        ));
    }
    check_text("libellé", e.label.trim(), TextKind::Line)?;
    check_text("fournisseur", e.supplier.trim(), TextKind::Name)?;
    check_not_far_ahead("date", e.date, today())?;
    let id = ledger::insert(
        conn,
        &NewEntry {
            date: e.date,
            kind: EntryKind::Expense,
            member: None,
            counterparty: e.supplier.clone(),
            method: e.method,
            label: e.label.clone(),
            plan: None,
            subscription: None,
            external_ref: None,
            lines: vec![Line {
                account: e.category.account().into(),
                amount_cents: -e.amount_cents,
            }],
        },
    )?;
    if e.names_person {
        conn.execute(
            "UPDATE ledger_entries SET names_person = 1 WHERE id = ?1",
            [id],
        )?;
    }
    Ok(id)
}

pub fn spend(db: &mut Database, e: &Expense) -> Result<EntryId> {
    db.write(|tx| {
        let id = insert_expense(tx, e)?;
        Ok((
            id,
            Change::new("spend", "ledger_entry", Some(id.0)).after(&ledger::get(tx, id)?),
        ))
    })
}

/// "Adhésion 2027" for a civil-year plan (the year the period is mostly in: a fee paid in
/// December is for next year), "Adhésion 2026-2027" for a rolling one across two years.
fn payment_label(plan: &crate::membership::plans::Plan, period: Period) -> String {
    let last_day = period.last_day();
    match plan.period {
        crate::membership::plans::PlanPeriod::Civil => format!("{} {}", plan.name, last_day.year()),
        crate::membership::plans::PlanPeriod::Months(_)
            if last_day.year() != period.start.year() =>
        {
            format!("{} {}-{}", plan.name, period.start.year(), last_day.year())
        }
        crate::membership::plans::PlanPeriod::Months(_) => {
            format!("{} {}", plan.name, period.start.year())
        }
    }
}

/// The part of an entry that is a gift (no counterpart): lines on 7561 (the gift part of a
/// fee) and 7541 (donations). This is what a tax receipt may be given for.
pub fn gift_cents(entry: &ledger::Entry) -> Cents {
    entry
        .lines
        .iter()
        .filter(|l| {
            Account::FEES_WITHOUT_COUNTERPART.is(&l.account) || Account::DONATIONS.is(&l.account)
        })
        .map(|l| l.amount_cents)
        .sum()
}
