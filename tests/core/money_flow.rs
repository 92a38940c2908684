//! Issue 4: periods, fee split, reversals, receipt numbering, renewals, recurring expenses,
//! ledger CSV (the other receipt tests are in `receipts.rs`).

use crate::common::{audit_rows, day, fresh, pdf_text, Fixture};
use crate::plans::fee;
use panier::books::ledger::{self, ExpenseCategory, Method};
use panier::books::payments::{self, Gift, PlanPayment};
use panier::books::receipts::{self, ReceiptKind};
use panier::books::recurring::{self, RecurringInput};
use panier::books::reversal;
use panier::kernel::ids::{EntryId, MemberId, PlanId};
use panier::membership::plans::{self, PlanKind, PlanPeriod};
use panier::membership::renewals::{self, Channel, RenewalState, Template};
use panier::membership::subscriptions::period_after;
use panier::people::members::{self, MemberInput};
use panier::store::output::Replace;
use panier::Lang;

pub fn member(f: &mut Fixture, name: &str, email: &str) -> MemberId {
    let mut input = MemberInput::from_name(name, email, false);
    input.street = "5 place de l'Église".into();
    input.postal_code = "69001".into();
    input.city = "Lyon".into();
    members::add(&mut f.db, &input).unwrap()
}

pub fn pay(f: &mut Fixture, m: MemberId, plan: PlanId, cents: i64, date: &str) -> EntryId {
    payments::pay_plan(
        &mut f.db,
        &PlanPayment {
            member: m,
            plan,
            amount_cents: cents,
            gift_cents: None,
            date: day(date),
            method: Method::Cheque,
            external_ref: None,
        },
    )
    .unwrap()
    .entry
}

pub fn donate(f: &mut Fixture, m: Option<MemberId>, cents: i64, date: &str) -> EntryId {
    payments::give(
        &mut f.db,
        &Gift {
            member: m,
            counterparty: if m.is_none() {
                "Anonyme".into()
            } else {
                String::new()
            },
            amount_cents: cents,
            date: day(date),
            method: Method::Transfer,
            subsidy: false,
            label: String::new(),
            external_ref: None,
        },
    )
    .unwrap()
}

pub fn allow_tax_receipts(f: &mut Fixture) {
    for (k, v) in [
        ("tax_receipts", "yes"),
        ("address", "12 rue des Lilas\n69003 Lyon"),
        ("purpose", "Héberger des services libres"),
        ("signer_name", "Hélène Lefèvre"),
    ] {
        panier::store::settings::set(&mut f.db, k, v).unwrap();
    }
}

/// Issues (or reprints) the receipt of `entry` on `date` into the test's folder as `file`.
pub fn issue(
    f: &mut Fixture,
    entry: EntryId,
    kind: ReceiptKind,
    date: chrono::NaiveDate,
    file: &str,
) -> panier::Result<receipts::PrintedReceipt> {
    let to = f.dir.path().join(file);
    receipts::print_for_entry(&mut f.db, entry, kind, date, &to, Replace::Confirmed)
}

/// Issues (or reprints) every donor's yearly summary of `year` on `date` into `recus/`.
pub fn yearly_all(
    f: &mut Fixture,
    year: i32,
    date: chrono::NaiveDate,
) -> panier::Result<Vec<receipts::PrintedReceipt>> {
    let to = f.dir.path().join("recus");
    receipts::print_yearly_all(&mut f.db, year, date, &to, Replace::Confirmed)
}

fn plan_of(f: &mut Fixture, input: plans::PlanInput) -> plans::Plan {
    let id = plans::add(&mut f.db, &input).unwrap();
    plans::get(f.db.conn(), id).unwrap()
}

#[test]
fn periods_early_late_gap_december_and_29_february() {
    let mut f = fresh();
    let civil = plan_of(&mut f, fee("Civile", 2000, PlanPeriod::Civil));
    let mut gap = fee("Couvre", 2000, PlanPeriod::Civil);
    gap.covers_gap = true;
    let covers = plan_of(&mut f, gap);
    let yearly = plan_of(&mut f, fee("Annuelle", 2000, PlanPeriod::Months(12)));
    let monthly = plan_of(&mut f, fee("Mensuelle", 300, PlanPeriod::Months(1)));
    let p = |last: Option<&str>, plan: &plans::Plan, paid: &str| {
        let p = period_after(last.map(day), plan, day(paid));
        (p.start.to_string(), p.end_exclusive.to_string())
    };
    // (paid up to, plan, day paid) → (start, end exclusive)
    #[rustfmt::skip]
    let cases = [
        // first payment: from the day paid to 1 January
        (None, &civil, "2026-03-10", ("2026-03-10", "2027-01-01")),
        // paid in December: the rest of this year and all of next
        (None, &civil, "2026-12-05", ("2026-12-05", "2028-01-01")),
        // early renewal chains on
        (Some("2027-01-01"), &civil, "2026-11-20", ("2027-01-01", "2028-01-01")),
        (Some("2027-01-01"), &civil, "2026-12-20", ("2027-01-01", "2028-01-01")),
        // late renewal: the gap is not covered silently…
        (Some("2026-01-01"), &civil, "2026-03-15", ("2026-03-15", "2027-01-01")),
        // …unless the plan says so
        (Some("2026-01-01"), &covers, "2026-03-15", ("2026-01-01", "2027-01-01")),
        // but a member back after years is not billed for the years away
        (Some("2023-01-01"), &covers, "2026-03-15", ("2026-03-15", "2027-01-01")),
        // rolling: 29 February + 12 months, 31 January + 1 month
        (None, &yearly, "2024-02-29", ("2024-02-29", "2025-02-28")),
        (None, &monthly, "2026-01-31", ("2026-01-31", "2026-02-28")),
        (Some("2025-02-28"), &yearly, "2025-02-01", ("2025-02-28", "2026-02-28")),
        // paid exactly on the end day: continuous
        (Some("2026-03-01"), &monthly, "2026-03-01", ("2026-03-01", "2026-04-01")),
    ];
    for (last, plan, paid, (start, end)) in cases {
        let expected = (start.to_string(), end.to_string());
        assert_eq!(
            p(last, plan, paid),
            expected,
            "{} paid {paid} after {last:?}",
            plan.name
        );
    }
}

#[test]
fn fee_split_tier_and_pay_what_you_want() {
    let mut f = fresh();
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let mut pwyw = fee("Prix libre", 3000, PlanPeriod::Civil);
    pwyw.min_cents = Some(1500);
    pwyw.counterpart_cents = 1500;
    let pwyw = plans::add(&mut f.db, &pwyw).unwrap();
    let mut tier = fee("10 Go", 1200, PlanPeriod::Months(12));
    tier.kind = PlanKind::Tier;
    tier.quota_bytes = Some(10 << 30);
    let tier = plans::add(&mut f.db, &tier).unwrap();

    let asked = PlanPayment {
        member: m,
        plan: pwyw,
        amount_cents: 3500,
        gift_cents: None,
        date: day("2026-02-01"),
        method: Method::Cheque,
        external_ref: None,
    };
    let audit_before = audit_rows(&f.db);
    let preview = payments::preview(f.db.conn(), &asked).unwrap();
    assert_eq!((preview.service_cents, preview.gift_cents), (1500, 2000));
    assert_eq!(preview.period.end_exclusive, day("2027-01-01"));
    assert_eq!(audit_rows(&f.db), audit_before, "a preview writes nothing");
    let mut too_little = asked.clone();
    too_little.amount_cents = 1000;
    assert_eq!(
        payments::preview(f.db.conn(), &too_little)
            .unwrap_err()
            .kind(),
        "invalid"
    );
    let e = pay(&mut f, m, pwyw, 3500, "2026-02-01");
    let lines = ledger::get(f.db.conn(), e).unwrap().lines;
    let on = |acc: &str| -> i64 {
        lines
            .iter()
            .filter(|l| l.account == acc)
            .map(|l| l.amount_cents)
            .sum()
    };
    assert_eq!((on("7562"), on("7561")), (1500, 2000));
    let entry = ledger::get(f.db.conn(), e).unwrap();
    assert_eq!(payments::gift_cents(&entry), 2000);
    assert_eq!(entry.label, "Prix libre 2026");

    let t = pay(&mut f, m, tier, 1200, "2026-02-01");
    let entry = ledger::get(f.db.conn(), t).unwrap();
    assert_eq!(entry.lines.len(), 1);
    assert_eq!(entry.lines[0].account, "706");
    assert_eq!(payments::gift_cents(&entry), 0);
    // a fee paid in December is labelled with the year it is for
    let e2 = pay(&mut f, m, pwyw, 1500, "2026-12-20");
    assert_eq!(
        ledger::get(f.db.conn(), e2).unwrap().label,
        "Prix libre 2027"
    );
}

#[test]
fn bad_amounts_are_refused_with_a_clear_message() {
    for bad in ["12,5O", "-5", "1.234,56", "20.001", "", "20 €", "1 000"] {
        let err = panier::kernel::money::parse_amount("montant", bad).unwrap_err();
        assert_eq!(err.kind(), "invalid", "{bad}");
        let fr = err.to_string();
        assert!(fr.contains("montant") && fr.contains(bad), "{bad}: {fr}");
        assert!(err.message(Lang::En).contains("amount"), "{bad}");
    }
}

#[test]
fn receipt_numbers_have_no_gap_and_reprints_say_duplicata() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let lea = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let mut input = fee("Adhésion", 2000, PlanPeriod::Civil);
    input.counterpart_cents = 500;
    let plan = plans::add(&mut f.db, &input).unwrap();
    let fee_entry = pay(&mut f, lea, plan, 2500, "2026-03-12");
    let gift = donate(&mut f, Some(lea), 8000, "2026-05-02");
    let today = day("2026-06-01");

    let too_early = issue(
        &mut f,
        fee_entry,
        ReceiptKind::Tax,
        day("2026-03-11"),
        "r.pdf",
    );
    assert_eq!(too_early.unwrap_err().kind(), "invalid");
    let t1 = issue(&mut f, fee_entry, ReceiptKind::Tax, today, "r.pdf").unwrap();
    assert_eq!(t1.receipt.reference, "2026-0001");
    assert_eq!(t1.receipt.amount_cents, 2000, "the gift part only");
    assert!(!t1.duplicata);
    let text = pdf_text(&t1.pdf);
    for mention in [
        "Reçu fiscal",
        "11580*04",
        "N° 2026-0001",
        "Bénéficiaire des versements",
        "12 rue des Lilas",
        "Héberger des services libres",
        "Œuvre ou organisme d'intérêt général",
        "Léa Roux",
        "5 place de l'Église",
        "69001 Lyon",
        "***20,00",
        "vingt euros",
        "12/03/2026",
        "Déclaration de don manuel",
        "Numéraire",
        "Chèque",
        "réduction d'impôt prévue à l'article 200 du CGI",
        "Hélène Lefèvre",
    ] {
        assert!(text.contains(mention), "{mention:?} missing from:\n{text}");
    }
    assert!(!text.contains("DUPLICATA"));

    let a1 = issue(&mut f, fee_entry, ReceiptKind::Attestation, today, "r.pdf").unwrap();
    assert_eq!(a1.receipt.reference, "A2026-0001", "its own series");
    let text = pdf_text(&a1.pdf);
    for mention in [
        "Attestation de cotisation",
        "à jour de cotisation",
        "du 12/03/2026 au 31/12/2026",
        "25,00",
        "chèque",
    ] {
        assert!(text.contains(mention), "{mention:?} missing from:\n{text}");
    }

    // a reprint is the same receipt, marked DUPLICATA, and takes no number
    let again = issue(
        &mut f,
        fee_entry,
        ReceiptKind::Tax,
        day("2026-07-01"),
        "r.pdf",
    )
    .unwrap();
    assert!(again.duplicata);
    assert_eq!(again.receipt.reference, "2026-0001");
    assert_eq!(again.receipt.reprints, 1);
    let text = pdf_text(&again.pdf);
    assert!(
        text.contains("DUPLICATA") && text.contains("N° 2026-0001"),
        "{text}"
    );
    let third = issue(
        &mut f,
        fee_entry,
        ReceiptKind::Tax,
        day("2026-07-02"),
        "r.pdf",
    )
    .unwrap();
    assert_eq!(third.receipt.reprints, 2);

    let t2 = issue(&mut f, gift, ReceiptKind::Tax, today, "r.pdf").unwrap();
    assert_eq!(t2.receipt.reference, "2026-0002", "no gap after reprints");
    assert!(pdf_text(&t2.pdf).contains("quatre-vingts euros"));
    let numbers: Vec<i64> = receipts::list(f.db.conn(), 2026)
        .unwrap()
        .iter()
        .filter(|r| r.kind == ReceiptKind::Tax)
        .map(|r| r.number)
        .collect();
    assert_eq!(numbers, vec![1, 2]);

    // a tax receipt needs the donor's full address
    let nowhere = members::add(
        &mut f.db,
        &MemberInput::from_name("Sans Adresse", "sans@exemple.fr", false),
    )
    .unwrap();
    let g = donate(&mut f, Some(nowhere), 1000, "2026-05-05");
    let err = issue(&mut f, g, ReceiptKind::Tax, today, "r.pdf").unwrap_err();
    assert!(err.to_string().contains("adresse complète"), "{err}");
    let err = yearly_all(&mut f, 2026, today).unwrap_err();
    assert!(err.to_string().contains("Sans Adresse"), "{err}");
    // an attestation is for a fee; a tax receipt needs a gift part and a named donor
    let anon = donate(&mut f, None, 1000, "2026-05-03");
    assert_eq!(
        issue(&mut f, anon, ReceiptKind::Tax, today, "r.pdf")
            .unwrap_err()
            .kind(),
        "refused"
    );
    assert_eq!(
        issue(&mut f, gift, ReceiptKind::Attestation, today, "r.pdf")
            .unwrap_err()
            .kind(),
        "refused"
    );
    let all_service = plans::add(&mut f.db, &{
        let mut p = fee("Hébergement", 1500, PlanPeriod::Civil);
        p.counterpart_cents = 1500;
        p
    })
    .unwrap();
    let no_gift = pay(&mut f, lea, all_service, 1500, "2026-04-01");
    let err = issue(&mut f, no_gift, ReceiptKind::Tax, today, "r.pdf").unwrap_err();
    assert!(err.to_string().contains("pas de part de don"), "{err}");
    // the refusals took no number
    let t3 = issue(&mut f, no_gift, ReceiptKind::Attestation, today, "r.pdf").unwrap();
    assert_eq!(t3.receipt.reference, "A2026-0002");
}

#[test]
fn a_reversal_keeps_sums_right_cancels_receipts_and_the_period() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let lea = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let plan = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Civil)).unwrap();
    let fee_entry = pay(&mut f, lea, plan, 2000, "2026-03-12");
    let gift = donate(&mut f, Some(lea), 8000, "2026-05-02");
    let kept = donate(&mut f, Some(lea), 1500, "2026-05-03");
    let printed = issue(&mut f, gift, ReceiptKind::Tax, day("2026-05-04"), "r.pdf").unwrap();

    let done =
        reversal::reverse(&mut f.db, gift, "chèque sans provision", day("2026-06-01")).unwrap();
    assert_eq!(
        done.cancelled_receipts,
        vec![printed.receipt.reference.clone()]
    );
    let year = panier::kernel::dates::Period::civil_year(2026);
    let totals = panier::books::statements::account_totals(f.db.conn(), year).unwrap();
    let on = |acc: &str| {
        totals
            .iter()
            .find(|(a, _)| a == acc)
            .map(|(_, c)| *c)
            .unwrap_or(0)
    };
    assert_eq!(on("7541"), 1500);
    assert_eq!(on("7561"), 2000);
    // the cancelled receipt is never printed again, and the entry gets no new one
    let err = issue(&mut f, gift, ReceiptKind::Tax, day("2026-06-02"), "r.pdf").unwrap_err();
    assert!(err.to_string().contains("annulé"), "{err}");
    // reversing twice is refused
    assert_eq!(
        reversal::reverse(&mut f.db, gift, "encore", day("2026-06-02"))
            .unwrap_err()
            .kind(),
        "refused"
    );
    // a reversed fee no longer makes the member a member
    let done =
        reversal::reverse(&mut f.db, fee_entry, "erreur de saisie", day("2026-06-01")).unwrap();
    assert!(done.removed_subscription.is_some());
    assert!(renewals::list(f.db.conn(), day("2026-12-15"), None)
        .unwrap()
        .is_empty());
    let totals = panier::books::statements::account_totals(f.db.conn(), year).unwrap();
    assert!(totals.iter().all(|(a, c)| a != "7561" || *c == 0));
    // the next receipt number follows the cancelled one: no gap
    let next = issue(&mut f, kept, ReceiptKind::Tax, day("2026-06-03"), "r.pdf").unwrap();
    assert_eq!(next.receipt.reference, "2026-0002");
    assert!(panier::store::check::run(&f.db).unwrap().ok());
}

#[test]
fn renewals_lists_reminders_and_their_log() {
    let mut f = fresh();
    let plan = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Months(12))).unwrap();
    let due = member(&mut f, "Ana Due", "ana@exemple.fr");
    let renewed = member(&mut f, "Ben Renouvelé", "ben@exemple.fr");
    let grace = member(&mut f, "Cléo Grâce", "cleo@exemple.fr");
    let expired = member(&mut f, "Dan Expiré", "dan@exemple.fr");
    let fine = member(&mut f, "Eve Tranquille", "eve@exemple.fr");
    let mut en = MemberInput::from_name("Fay English", "fay@exemple.fr", false);
    en.lang = Lang::En;
    let english = members::add(&mut f.db, &en).unwrap();
    pay(&mut f, due, plan, 2000, "2025-06-20"); // ends 2026-06-20
    pay(&mut f, renewed, plan, 2000, "2025-06-10");
    pay(&mut f, renewed, plan, 2000, "2026-05-30"); // early: ends 2027-06-10
    pay(&mut f, grace, plan, 2000, "2025-05-20"); // ended 2026-05-20
    pay(&mut f, expired, plan, 2000, "2024-01-10"); // ended 2025-01-10
    pay(&mut f, fine, plan, 2000, "2026-01-10");
    pay(&mut f, english, plan, 2000, "2025-06-25");
    let today = day("2026-06-01");

    let all = renewals::list(f.db.conn(), today, None).unwrap();
    let state_of = |m: MemberId| all.iter().find(|r| r.member_id == m).map(|r| r.state);
    assert_eq!(state_of(due), Some(RenewalState::Due));
    assert_eq!(state_of(renewed), None, "renewed early: not due");
    assert_eq!(state_of(grace), Some(RenewalState::Grace));
    assert_eq!(state_of(expired), Some(RenewalState::Expired));
    assert_eq!(state_of(fine), None);
    assert_eq!(
        renewals::list(f.db.conn(), today, Some(RenewalState::Due))
            .unwrap()
            .len(),
        2
    );

    let r = renewals::reminder(f.db.conn(), due, today).unwrap();
    assert_eq!(r.kind, RenewalState::Due);
    assert!(r.subject.contains("19/06/2026"), "{}", r.subject);
    assert!(r.body.starts_with("Bonjour Ana Due,"), "{}", r.body);
    assert!(r.body.contains("20,00"), "{}", r.body);
    assert!(r.mailto.starts_with("mailto:ana@exemple.fr?subject="));
    assert!(r.mailto.contains("%0D%0A") && !r.mailto.contains(' '));
    assert!(r.copy_text.contains("Objet : "));
    let r_en = renewals::reminder(f.db.conn(), english, today).unwrap();
    assert!(r_en.body.starts_with("Hello Fay English,"), "{}", r_en.body);

    // sent once, never twice for the same period
    renewals::mark_sent(&mut f.db, due, Channel::Mailto, today).unwrap();
    let err = renewals::mark_sent(&mut f.db, due, Channel::Copy, day("2026-06-05")).unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert_eq!(
        renewals::reminder(f.db.conn(), due, day("2026-06-05"))
            .unwrap()
            .already_sent_on,
        Some(today)
    );
    // the grace reminder is another reminder
    renewals::mark_sent(&mut f.db, due, Channel::Mailto, day("2026-06-25")).unwrap();
    let sent: i64 =
        f.db.conn()
            .query_row(
                "SELECT COUNT(*) FROM reminders_sent WHERE member_id = ?1",
                [due],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(sent, 2);
    // a member with nothing to renew gets no reminder
    assert_eq!(
        renewals::reminder(f.db.conn(), fine, today)
            .unwrap_err()
            .kind(),
        "refused"
    );

    // editable templates, checked
    renewals::set_template(
        &mut f.db,
        &Template {
            kind: RenewalState::Grace,
            lang: Lang::Fr,
            subject: "Relance {association}".into(),
            body: "Coucou {name}, fin le {end}.".into(),
        },
    )
    .unwrap();
    let r = renewals::reminder(f.db.conn(), grace, today).unwrap();
    assert_eq!(r.subject, "Relance AMIPO");
    assert_eq!(r.body, "Coucou Cléo Grâce, fin le 19/05/2026.");
    let bad = renewals::set_template(
        &mut f.db,
        &Template {
            kind: RenewalState::Grace,
            lang: Lang::Fr,
            subject: "x".into(),
            body: "Bonjour {prenom}".into(),
        },
    )
    .unwrap_err();
    assert_eq!(bad.kind(), "invalid");
    assert_eq!(renewals::templates(f.db.conn()).unwrap().len(), 6);
}

/// A page of the renewals list is that slice of the whole list, and its total is the whole
/// list's length, for each state and for all three.
#[test]
fn renewals_pages_are_slices_of_the_list_with_its_total() {
    let mut f = fresh();
    let plan = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Months(12))).unwrap();
    // due, in grace, expired, and not to renew yet (ends after the due window)
    let paid_on = [
        "2025-06-05",
        "2025-06-12",
        "2025-06-20",
        "2025-05-25",
        "2025-05-10",
        "2024-03-01",
        "2023-09-15",
        "2026-01-10",
    ];
    for (i, date) in paid_on.iter().enumerate() {
        let m = member(&mut f, &format!("Membre {i}"), &format!("m{i}@exemple.fr"));
        pay(&mut f, m, plan, 2000, date);
    }
    let today = day("2026-06-01");
    let states = [
        None,
        Some(RenewalState::Due),
        Some(RenewalState::Grace),
        Some(RenewalState::Expired),
    ];
    for state in states {
        let all = renewals::list(f.db.conn(), today, state).unwrap();
        assert!(!all.is_empty(), "{state:?}: the fixture has some of each");
        let mut paged = Vec::new();
        for offset in (0..all.len() as i64 + 2).step_by(2) {
            let page = renewals::page(f.db.conn(), today, state, offset, Some(2)).unwrap();
            assert_eq!(page.total, all.len() as i64, "{state:?} at {offset}");
            assert!(page.rows.len() <= 2);
            paged.extend(page.rows);
        }
        assert_eq!(paged, all, "{state:?}: the pages, end to end, are the list");
        let whole = renewals::page(f.db.conn(), today, state, 0, None).unwrap();
        assert_eq!(whole.rows, all);
    }
    // the member paid on 2026-01-10 ends after the due window: in no state, in no page
    let all = renewals::page(f.db.conn(), today, None, 0, None).unwrap();
    assert_eq!(all.total, paid_on.len() as i64 - 1);

    // the filters' figures: each state's count is the length of that state's list
    let counts = renewals::counts(f.db.conn(), today).unwrap();
    let listed = |state| {
        renewals::list(f.db.conn(), today, Some(state))
            .unwrap()
            .len() as i64
    };
    assert_eq!(counts.due, listed(RenewalState::Due));
    assert_eq!(counts.grace, listed(RenewalState::Grace));
    assert_eq!(counts.expired, listed(RenewalState::Expired));
    assert_eq!(counts.due + counts.grace + counts.expired, all.total);

    // one member's row, wherever it falls in the list; none in another state's list
    for row in &all.rows {
        let own =
            renewals::page_for(f.db.conn(), today, None, Some(row.member_id), 0, Some(2)).unwrap();
        assert_eq!((own.total, &own.rows[..]), (1, std::slice::from_ref(row)));
        let same_state = renewals::page_for(
            f.db.conn(),
            today,
            Some(row.state),
            Some(row.member_id),
            0,
            Some(2),
        )
        .unwrap();
        assert_eq!(same_state.rows, own.rows);
        let other = [
            RenewalState::Due,
            RenewalState::Grace,
            RenewalState::Expired,
        ]
        .into_iter()
        .find(|s| *s != row.state)
        .unwrap();
        let elsewhere = renewals::page_for(
            f.db.conn(),
            today,
            Some(other),
            Some(row.member_id),
            0,
            None,
        )
        .unwrap();
        assert_eq!((elsewhere.total, elsewhere.rows.len()), (0, 0));
    }
}

#[test]
fn recurring_expenses_are_generated_once() {
    let mut f = fresh();
    let id = recurring::add(
        &mut f.db,
        &RecurringInput {
            label: "Serveur dédié".into(),
            category: ExpenseCategory::ServerRent,
            supplier: "Hébergeur SA".into(),
            amount_cents: 2999,
            method: Method::DirectDebit,
            every_months: 1,
            starts_on: day("2026-01-31"),
            ends_on: None,
        },
    )
    .unwrap();
    let first = recurring::generate(&mut f.db, day("2026-04-15")).unwrap();
    let dates: Vec<String> = first.iter().map(|g| g.due_on.to_string()).collect();
    assert_eq!(dates, vec!["2026-01-31", "2026-02-28", "2026-03-31"]);
    assert!(recurring::generate(&mut f.db, day("2026-04-15"))
        .unwrap()
        .is_empty());
    // a reversed occurrence is not regenerated either
    reversal::reverse(&mut f.db, first[0].entry, "doublon", day("2026-04-16")).unwrap();
    let more = recurring::generate(&mut f.db, day("2026-05-31")).unwrap();
    assert_eq!(more.len(), 2);
    recurring::stop(&mut f.db, id, day("2026-06-15")).unwrap();
    assert!(recurring::generate(&mut f.db, day("2026-12-31"))
        .unwrap()
        .is_empty());
    let rent: i64 = panier::books::statements::account_totals(
        f.db.conn(),
        panier::kernel::dates::Period::civil_year(2026),
    )
    .unwrap()
    .into_iter()
    .filter(|(a, _)| a == "6135")
    .map(|(_, c)| c)
    .sum();
    assert_eq!(rent, -4 * 2999);
    assert_eq!(recurring::get(f.db.conn(), id).unwrap().generated, 5);
}

#[test]
fn ledger_csv_has_one_row_per_line() {
    let mut f = fresh();
    let lea = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let mut input = fee("Adhésion", 2000, PlanPeriod::Civil);
    input.counterpart_cents = 500;
    let plan = plans::add(&mut f.db, &input).unwrap();
    let e = pay(&mut f, lea, plan, 2000, "2026-03-12");
    donate(&mut f, None, 1000, "2025-12-31");
    let csv = panier::books::ledger_export::ledger_csv(f.db.conn(), 2026).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 3, "{csv}");
    assert!(lines[0].starts_with("entry_id;date;member_id;member;kind;account"));
    assert_eq!(
        lines[1],
        format!("{e};2026-03-12;{lea};Léa Roux;fee;7562;Cotisations avec contrepartie;5.00;cheque;Adhésion 2026;")
    );
    assert!(lines[2].contains(";7561;") && lines[2].contains(";15.00;"));
}

/// Issue #17: a label or a supplier that a spreadsheet would run as a formula is written with
/// a leading `'`; an expense's negative amount stays a number.
#[test]
fn ledger_csv_guards_formula_text_but_not_amounts() {
    let mut f = fresh();
    payments::spend(
        &mut f.db,
        &payments::Expense {
            amount_cents: 1250,
            category: ExpenseCategory::Other,
            label: "=HYPERLINK(\"http://evil.example\";\"clic\")".into(),
            supplier: "@fournisseur".into(),
            date: day("2026-04-02"),
            method: Method::Transfer,
            names_person: false,
        },
    )
    .unwrap();
    let csv = panier::books::ledger_export::ledger_csv(f.db.conn(), 2026).unwrap();
    let row = csv.lines().nth(1).unwrap();
    assert!(row.contains(";'@fournisseur;expense;"), "{row}");
    assert!(row.contains(";-12.50;"), "the amount stays a number: {row}");
    assert!(
        row.contains(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\";"),
        "the label is guarded, then quoted: {row}"
    );
    assert!(!row.contains(";=") && !row.contains(";@"), "{row}");
}
