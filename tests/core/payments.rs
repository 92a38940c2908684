use crate::common::{day, fresh};
use crate::plans::fee;
use panier::books::ledger::{self, ExpenseCategory, Method};
use panier::books::payments::{self, Expense, Gift, PlanPayment};
use panier::membership::plans::{self, PlanPeriod};
use panier::people::members::{self, MemberInput};

#[test]
fn a_fee_is_split_into_service_and_gift_and_renews_the_membership() {
    let mut f = fresh();
    let mut input = fee("Adhésion", 2000, PlanPeriod::Civil);
    input.counterpart_cents = 500;
    let plan = plans::add(&mut f.db, &input).unwrap();
    let m = members::add(
        &mut f.db,
        &MemberInput::from_name("Léa Roux", "lea@exemple.fr", false),
    )
    .unwrap();
    let pay = |db: &mut panier::Database, date: &str, gift: Option<i64>| {
        payments::pay_plan(
            db,
            &PlanPayment {
                member: m,
                plan,
                amount_cents: 2000,
                gift_cents: gift,
                date: day(date),
                method: Method::Cheque,
                external_ref: None,
            },
        )
    };
    let first = pay(&mut f.db, "2026-03-01", None).unwrap();
    assert_eq!((first.service_cents, first.gift_cents), (500, 1500));
    let entry = ledger::get(f.db.conn(), first.entry).unwrap();
    assert_eq!(entry.lines.len(), 2);
    assert_eq!(entry.lines[0].account, "7562");
    assert_eq!(entry.lines[1].account, "7561");
    // early renewal in December chains on to next year, with an edited gift part
    let second = pay(&mut f.db, "2026-12-15", Some(0)).unwrap();
    assert_eq!(second.period.start, day("2027-01-01"));
    assert_eq!(second.period.end_exclusive, day("2028-01-01"));
    assert_eq!(
        ledger::get(f.db.conn(), second.entry).unwrap().lines.len(),
        1
    );
    // too little, or a gift larger than the payment
    assert_eq!(
        pay(&mut f.db, "2027-01-02", Some(2500)).unwrap_err().kind(),
        "invalid"
    );
    let short = payments::pay_plan(
        &mut f.db,
        &PlanPayment {
            member: m,
            plan,
            amount_cents: 1000,
            gift_cents: None,
            date: day("2027-01-02"),
            method: Method::Cash,
            external_ref: None,
        },
    );
    assert_eq!(short.unwrap_err().kind(), "invalid");
    assert_eq!(ledger::for_member(f.db.conn(), m).unwrap().len(), 2);
    assert!(panier::store::check::run(&f.db).unwrap().ok());
}

#[test]
fn gifts_and_expenses_land_on_their_accounts() {
    let mut f = fresh();
    payments::give(
        &mut f.db,
        &Gift {
            member: None,
            counterparty: "Mairie d'Orléans".into(),
            amount_cents: 50_000,
            date: day("2026-03-15"),
            method: Method::Transfer,
            subsidy: true,
            label: String::new(),
            external_ref: None,
        },
    )
    .unwrap();
    payments::spend(
        &mut f.db,
        &Expense {
            amount_cents: 8900,
            category: ExpenseCategory::ServerRent,
            label: "Serveur".into(),
            supplier: "Hetzner".into(),
            date: day("2026-04-05"),
            method: Method::Transfer,
            names_person: false,
        },
    )
    .unwrap();
    let totals = panier::books::statements::account_totals(
        f.db.conn(),
        panier::kernel::dates::Period::civil_year(2026),
    )
    .unwrap();
    assert_eq!(
        totals,
        vec![("6135".to_string(), -8900), ("740".to_string(), 50_000)]
    );
}
