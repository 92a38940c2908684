//! The operation layer: who may perform what (every operation × every role), and the money
//! operations called as a transport calls them.

use crate::common::{audit_rows, fresh};
use crate::plans::fee;
use panier::kernel::field::Field;
use panier::membership::plans::{self, PlanPeriod};
use panier::ops::money::{
    DonationForm, MoneyOverview, Overview, OverviewQuery, PaymentForm, RecordDonation,
    RecordPayment,
};
use panier::ops::{perform, Role, CATALOGUE};
use panier::people::members::{self, MemberInput};
use panier::Error;
use std::collections::BTreeSet;

/// The roles allowed each operation, written out from the access rule (owner everything;
/// treasurer money, books, receipts, members, reports; secretary members, renewals, data
/// requests; admin accounts, quota, Nextcloud, charter, members' names; auditor reads).
fn expected_roles(operation: &str) -> &'static [Role] {
    use Role::*;
    match operation {
        "money_overview" | "money_choices" | "money_preview_payment" | "money_recurring_list" => {
            &[Owner, Treasurer, Auditor]
        }
        "money_record_payment"
        | "money_record_donation"
        | "money_record_expense"
        | "money_reverse_entry"
        | "money_add_recurring"
        | "money_generate_recurring" => &[Owner, Treasurer],
        "members_add" => &[Owner, Treasurer, Secretary],
        // HelloAsso: its settings are the owner's; reading them and syncing, the treasurer's
        "helloasso_configure" => &[Owner],
        "helloasso_status" => &[Owner, Treasurer, Auditor],
        "helloasso_sync" => &[Owner, Treasurer],
        "books_statement" => &[Owner, Treasurer, Auditor],
        // a member picker: names and emails, no amounts
        "money_find_members" | "members_search" | "list_members" => {
            &[Owner, Treasurer, Secretary, Admin, Auditor]
        }
        // the mail server's settings: the association's settings
        "mail_show" => &[Owner, Auditor],
        "mail_configure" | "mail_test" => &[Owner],
        // reminders by mail: renewals
        "reminders_plan" | "mail_log" => &[Owner, Secretary, Auditor],
        "reminders_send" => &[Owner, Secretary],
        other => panic!("{other}: say here which roles may perform it"),
    }
}

#[test]
fn every_operation_is_allowed_to_exactly_the_roles_the_rule_gives() {
    let mut wrong = Vec::new();
    for operation in CATALOGUE {
        let expected: BTreeSet<_> = expected_roles(operation.name)
            .iter()
            .map(|r| format!("{r:?}"))
            .collect();
        for role in Role::ALL {
            if role.may(operation.access) != expected.contains(&format!("{role:?}")) {
                wrong.push(format!("{} × {role:?}", operation.name));
            }
        }
    }
    assert!(wrong.is_empty(), "access rule broken for: {wrong:#?}");
}

#[test]
fn operation_names_are_unique() {
    let names: BTreeSet<_> = CATALOGUE.iter().map(|o| o.name).collect();
    assert_eq!(names.len(), CATALOGUE.len());
    assert!(names.contains("money_record_payment"));
}

#[test]
fn an_auditor_reads_the_books_and_owner_and_auditor_are_never_refused_a_read() {
    for operation in CATALOGUE {
        if let panier::ops::Access::Read(_) = operation.access {
            assert!(Role::Auditor.may(operation.access), "{}", operation.name);
        } else {
            assert!(!Role::Auditor.may(operation.access), "{}", operation.name);
        }
        assert!(Role::Owner.may(operation.access), "{}", operation.name);
    }
}

fn donation(amount: &str) -> DonationForm {
    DonationForm {
        member: None,
        from: String::new(),
        subsidy: false,
        amount: amount.into(),
        date: "2026-03-01".into(),
        method: "cash".into(),
        label: String::new(),
        reference: None,
    }
}

#[test]
fn a_role_refused_writes_nothing_and_one_allowed_writes_one_change() {
    let mut f = fresh();
    let before = audit_rows(&f.db);
    for role in [Role::Secretary, Role::Admin, Role::Auditor] {
        let refused = perform::<RecordDonation>(&mut f.db, role, donation("10"));
        assert!(
            matches!(&refused, Err(Error::Refused { fr, .. }) if fr.contains("money_record_donation")),
            "{role:?}: {refused:?}"
        );
    }
    assert_eq!(audit_rows(&f.db), before, "a refusal writes nothing");
    let overview: MoneyOverview =
        perform::<Overview>(&mut f.db, Role::Auditor, OverviewQuery::default()).unwrap();
    assert!(overview.entries.is_empty());

    let id = perform::<RecordDonation>(&mut f.db, Role::Treasurer, donation("10")).unwrap();
    assert_eq!(audit_rows(&f.db), before + 1);
    let overview = perform::<Overview>(&mut f.db, Role::Auditor, OverviewQuery::default());
    let entries = overview.unwrap().entries;
    assert_eq!(entries.len(), 1);
    assert_eq!(
        (entries[0].id, entries[0].counterparty.as_str()),
        (id, "Anonyme")
    );
}

#[test]
fn recording_a_payment_is_one_call_that_says_where_its_parts_went() {
    let mut f = fresh();
    let mut input = fee("Adhésion", 2000, PlanPeriod::Civil);
    input.counterpart_cents = 500;
    let plan = plans::add(&mut f.db, &input).unwrap();
    let member = members::add(
        &mut f.db,
        &MemberInput::from_name("Léa Roux", "lea@exemple.fr", false),
    )
    .unwrap();
    let form = PaymentForm {
        member: member.0,
        plan: plan.0,
        amount: "20,00".into(),
        gift: String::new(),
        date: "2026-03-01".into(),
        method: "cheque".into(),
        reference: None,
    };
    let before = audit_rows(&f.db);
    let split = perform::<RecordPayment>(&mut f.db, Role::Treasurer, form.clone()).unwrap();
    assert_eq!(audit_rows(&f.db), before + 1, "one change");
    assert!(split.entry.is_some() && split.subscription.is_some());
    assert_eq!((split.service_cents, split.gift_cents), (500, 1500));
    assert_eq!(
        (split.service_account.as_str(), split.gift_account.as_str()),
        ("7562", "7561")
    );
    assert_eq!(split.starts_on.to_string(), "2026-03-01");
    assert_eq!(split.last_day.to_string(), "2026-12-31");

    let unreadable = PaymentForm {
        amount: "12,5O".into(),
        ..form
    };
    let error = perform::<RecordPayment>(&mut f.db, Role::Owner, unreadable).unwrap_err();
    // keyed by the form's field, worded as the core always wrote it
    assert_eq!(error.field(), Some(Field::Amount));
    assert!(
        error
            .to_string()
            .starts_with("montant : montant « 12,5O » illisible"),
        "{error}"
    );
    assert_eq!(
        audit_rows(&f.db),
        before + 1,
        "a refused form writes nothing"
    );
}

#[test]
fn a_transport_may_name_a_field_its_own_way_and_keep_the_key() {
    let mut f = fresh();
    let form = DonationForm {
        date: "31/02/2026".into(),
        ..donation("10")
    };
    let error = perform::<RecordDonation>(&mut f.db, Role::Owner, form).unwrap_err();
    assert_eq!(error.field(), Some(Field::Date));
    let as_cli = error.with_field_label(|field| (field == Field::Date).then_some("--date"));
    assert_eq!(as_cli.field(), Some(Field::Date));
    assert!(as_cli.to_string().starts_with("--date : "), "{as_cli}");
    assert!(
        as_cli.message(panier::Lang::En).starts_with("--date: "),
        "{as_cli}"
    );
}

#[test]
fn the_books_of_a_year_no_calendar_holds_are_refused_not_computed() {
    let mut f = fresh();
    for year in [0, 999, 10_000, i32::MAX - 1, i32::MIN] {
        let asked = panier::ops::books::BooksQuery {
            year,
            lang: panier::Lang::Fr,
        };
        let refused = perform::<panier::ops::books::Statement>(&mut f.db, Role::Auditor, asked);
        assert!(matches!(refused, Err(Error::Invalid { .. })), "{year}");
    }
    let asked = panier::ops::books::BooksQuery {
        year: 2025,
        lang: panier::Lang::En,
    };
    assert!(perform::<panier::ops::books::Statement>(&mut f.db, Role::Auditor, asked).is_ok());
}
