//! Issue 16, receipts a treasurer can sign: the gift part never eats into the service, a tax
//! receipt carries every mandatory mention, numbers follow dates and are used only once the
//! PDF is written, a cancellation is dated the day it is made, and numbers are printed the
//! same everywhere.

use crate::common::{audit_rows, day, fresh, pdf_text, Fixture};
use crate::export::unzip;
use crate::money_flow::{allow_tax_receipts, donate, issue, member, pay, yearly_all};
use crate::plans::fee;
use panier::books::ledger::{self, Method};
use panier::books::payments::{self, PlanPayment};
use panier::books::receipts::{self, ReceiptKind};
use panier::books::reversal;
use panier::kernel::ids::{MemberId, PlanId};
use panier::membership::plans::{self, PlanKind, PlanPeriod};
use panier::people::members::{self, MemberInput};
use panier::store::output::Replace;
use panier::Lang;
use std::path::PathBuf;

fn payment(m: MemberId, plan: PlanId, amount: i64, gift: Option<i64>) -> PlanPayment {
    PlanPayment {
        member: m,
        plan,
        amount_cents: amount,
        gift_cents: gift,
        date: day("2026-03-01"),
        method: Method::Cheque,
        external_ref: None,
    }
}

fn out(f: &Fixture, name: &str) -> PathBuf {
    f.dir.path().join(name)
}

#[test]
fn a_gift_never_eats_into_what_the_member_receives() {
    let mut f = fresh();
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let mut adhesion = fee("Adhésion", 2000, PlanPeriod::Civil);
    adhesion.counterpart_cents = 500;
    let adhesion = plans::add(&mut f.db, &adhesion).unwrap();
    let mut tier = fee("10 Go", 1200, PlanPeriod::Months(12));
    tier.kind = PlanKind::Tier;
    tier.quota_bytes = Some(10 << 30);
    let tier = plans::add(&mut f.db, &tier).unwrap();

    // a fee of 20 € with a 5 € counterpart: at most 15 € of gift
    let err = payments::preview(f.db.conn(), &payment(m, adhesion, 2000, Some(1600))).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let fr = err.to_string();
    assert!(fr.contains("ne peut dépasser 15,00"), "{fr}");
    assert!(fr.contains("5,00") && fr.contains("Adhésion"), "{fr}");
    assert!(
        err.message(Lang::En).contains("cannot exceed €15.00"),
        "{err:?}"
    );
    let err = payments::pay_plan(&mut f.db, &payment(m, adhesion, 2000, Some(2000))).unwrap_err();
    assert!(err.to_string().contains("15,00"), "{err}");
    assert!(ledger::for_member(f.db.conn(), m).unwrap().is_empty());
    let ok = payments::pay_plan(&mut f.db, &payment(m, adhesion, 2000, Some(1500))).unwrap();
    assert_eq!((ok.service_cents, ok.gift_cents), (500, 1500));

    // a storage tier's price is a service: no gift out of it, only above it
    let err = payments::pay_plan(&mut f.db, &payment(m, tier, 1200, Some(100))).unwrap_err();
    assert!(err.to_string().contains("ne peut dépasser 0,00"), "{err}");
    let err = payments::preview(f.db.conn(), &payment(m, tier, 1500, Some(400))).unwrap_err();
    assert!(err.to_string().contains("ne peut dépasser 3,00"), "{err}");
    let above = payments::pay_plan(&mut f.db, &payment(m, tier, 1500, Some(300))).unwrap();
    assert_eq!((above.service_cents, above.gift_cents), (1200, 300));
    let lines = ledger::get(f.db.conn(), above.entry).unwrap().lines;
    let on = |acc: &str| {
        lines
            .iter()
            .find(|l| l.account == acc)
            .map(|l| l.amount_cents)
    };
    assert_eq!((on("706"), on("7541")), (Some(1200), Some(300)));

    // a negative gift is still refused
    let err = payments::preview(f.db.conn(), &payment(m, adhesion, 2000, Some(-1))).unwrap_err();
    assert!(err.to_string().contains("négative"), "{err}");
}

#[test]
fn a_tax_receipt_names_every_missing_mention_before_taking_a_number() {
    let mut f = fresh();
    for (k, v) in [
        ("tax_receipts", "yes"),
        ("signer_title", ""),
        ("receipt_body_kind", ""),
    ] {
        panier::store::settings::set(&mut f.db, k, v).unwrap();
    }
    let lea = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let mut input = MemberInput::from_name("Hugo Petit", "hugo@exemple.fr", false);
    input.street = "3 rue Haute".into();
    let hugo = members::add(&mut f.db, &input).unwrap();
    let gift = donate(&mut f, Some(hugo), 5000, "2026-03-01");
    donate(&mut f, Some(lea), 3000, "2026-03-02");

    let err = issue(&mut f, gift, ReceiptKind::Tax, day("2026-03-02"), "r.pdf").unwrap_err();
    assert_eq!(err.kind(), "refused");
    let fr = err.to_string();
    for named in [
        "« address »",
        "« purpose »",
        "« receipt_body_kind »",
        "« signer_name »",
        "« signer_title »",
        "Hugo Petit",
        "code postal, ville",
    ] {
        assert!(fr.contains(named), "{named} missing from: {fr}");
    }
    assert!(!fr.contains("« name »"), "the name is set: {fr}");
    let en = err.message(Lang::En);
    assert!(
        en.contains("“signer_title”") && en.contains("postal code"),
        "{en}"
    );
    // the yearly run names every donor still to summarise, in the same one message
    let err = yearly_all(&mut f, 2026, day("2026-12-31")).unwrap_err();
    let fr = err.to_string();
    assert!(
        fr.contains("« signer_name »") && fr.contains("Hugo Petit"),
        "{fr}"
    );
    assert!(!fr.contains("Léa Roux"), "Léa's address is complete: {fr}");
    assert!(receipts::list(f.db.conn(), 2026).unwrap().is_empty());
    assert!(!out(&f, "r.pdf").exists() && !out(&f, "recus").exists());

    // once everything is filled in, the first number is 1: no gap was left
    allow_tax_receipts(&mut f);
    panier::store::settings::set(&mut f.db, "signer_title", "Trésorière").unwrap();
    panier::store::settings::set(
        &mut f.db,
        "receipt_body_kind",
        "Association d'intérêt général",
    )
    .unwrap();
    let mut fixed = MemberInput::from_name("Hugo Petit", "hugo@exemple.fr", false);
    fixed.street = "3 rue Haute".into();
    fixed.postal_code = "45000".into();
    fixed.city = "Orléans".into();
    members::update(&mut f.db, hugo, &fixed).unwrap();
    let printed = issue(&mut f, gift, ReceiptKind::Tax, day("2026-03-02"), "r.pdf").unwrap();
    assert_eq!(printed.receipt.reference, "2026-0001");
    let text = pdf_text(&std::fs::read(out(&f, "r.pdf")).unwrap());
    for mention in [
        "Trésorière",
        "Association d'intérêt général",
        "45000 Orléans",
        "Hélène Lefèvre",
    ] {
        assert!(text.contains(mention), "{mention} not printed: {text}");
    }
}

#[test]
fn numbers_follow_dates_within_a_series() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let adhesion = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Civil)).unwrap();
    let fee_entry = pay(&mut f, m, adhesion, 2000, "2026-03-01");
    let g1 = donate(&mut f, Some(m), 1000, "2026-03-01");
    let g2 = donate(&mut f, Some(m), 2000, "2026-03-02");
    let print = |f: &mut Fixture, e, kind, date: &str| issue(f, e, kind, day(date), "r.pdf");
    print(&mut f, g1, ReceiptKind::Tax, "2026-05-10").unwrap();
    let err = print(&mut f, g2, ReceiptKind::Tax, "2026-05-09").unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let fr = err.to_string();
    assert!(
        fr.contains("n° 2026-0001") && fr.contains("10/05/2026"),
        "{fr}"
    );
    assert!(fr.contains("les numéros suivent les dates"), "{fr}");
    // the other series has its own order; the same day is fine
    print(&mut f, fee_entry, ReceiptKind::Attestation, "2026-03-02").unwrap();
    let second = print(&mut f, g2, ReceiptKind::Tax, "2026-05-10").unwrap();
    assert_eq!(second.receipt.reference, "2026-0002");
    // a reprint keeps its number and date: printing it today is no new issue
    let again = print(&mut f, g1, ReceiptKind::Tax, "2026-05-11").unwrap();
    assert!(again.duplicata);
    assert_eq!(again.receipt.issued_on, day("2026-05-10"));
}

#[test]
fn a_failed_write_uses_no_number_and_the_first_copy_is_no_duplicata() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let gift = donate(&mut f, Some(m), 7100, "2026-03-01");
    // a folder that cannot be written into (as root too): its parent is a file
    let nowhere = out(&f, "panier.sqlite").join("recu.pdf");
    let err = receipts::print_for_entry(
        &mut f.db,
        gift,
        ReceiptKind::Tax,
        day("2026-03-02"),
        &nowhere,
        Replace::Confirmed,
    )
    .unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert!(
        err.to_string().contains("aucun numéro n'a été pris"),
        "{err}"
    );
    assert!(receipts::list(f.db.conn(), 2026).unwrap().is_empty());
    let err = receipts::print_yearly_all(
        &mut f.db,
        2026,
        day("2026-12-31"),
        &nowhere,
        Replace::Confirmed,
    )
    .unwrap_err();
    assert!(err.to_string().contains("aucun numéro"), "{err}");
    assert!(receipts::list(f.db.conn(), 2026).unwrap().is_empty());

    let first = issue(
        &mut f,
        gift,
        ReceiptKind::Tax,
        day("2026-03-02"),
        "recu.pdf",
    )
    .unwrap();
    assert_eq!(first.receipt.reference, "2026-0001");
    assert!(!first.duplicata);
    assert_eq!(first.receipt.reprints, 0);
    assert_eq!(first.path, out(&f, "recu.pdf"));
    let on_disk = std::fs::read(&first.path).unwrap();
    assert_eq!(on_disk, first.pdf);
    assert!(!pdf_text(&on_disk).contains("DUPLICATA"));
    // no partial file is left beside it
    let names: Vec<String> = std::fs::read_dir(f.dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(!names.iter().any(|n| n.ends_with(".partial")), "{names:?}");
}

#[test]
fn a_cancellation_is_dated_the_day_it_is_made_never_before_the_issue() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let early = donate(&mut f, Some(m), 1000, "2026-03-01");
    let late = donate(&mut f, Some(m), 2000, "2026-03-02");
    let issue =
        |f: &mut Fixture, e, date: &str| issue(f, e, ReceiptKind::Tax, day(date), "r.pdf").unwrap();
    let r1 = issue(&mut f, early, "2026-04-01");
    // reversed with an entry dated before the receipt was issued
    reversal::reverse(&mut f.db, early, "chèque sans provision", day("2026-03-15")).unwrap();
    let cancelled = receipts::get(f.db.conn(), r1.receipt.id).unwrap();
    let today = panier::kernel::dates::today();
    assert_eq!(cancelled.cancelled_on, Some(today.max(day("2026-04-01"))));
    assert_ne!(cancelled.cancelled_on, Some(day("2026-03-15")));
    // a receipt dated ahead of today is never cancelled before its own date
    let ahead = issue(&mut f, late, "2099-01-10");
    reversal::reverse(&mut f.db, late, "erreur de saisie", day("2026-03-20")).unwrap();
    let cancelled = receipts::get(f.db.conn(), ahead.receipt.id).unwrap();
    assert_eq!(cancelled.cancelled_on, Some(day("2099-01-10")));
}

#[test]
fn receipt_numbers_are_printed_as_on_the_receipt_everywhere() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let adhesion = plans::add(&mut f.db, &fee("Adhésion", 2000, PlanPeriod::Civil)).unwrap();
    let fee_entry = pay(&mut f, m, adhesion, 2000, "2026-03-01");
    donate(&mut f, Some(m), 4000, "2026-03-02");
    issue(
        &mut f,
        fee_entry,
        ReceiptKind::Attestation,
        day("2026-03-03"),
        "a.pdf",
    )
    .unwrap();
    let summaries = yearly_all(&mut f, 2026, day("2026-12-31")).unwrap();
    assert_eq!(summaries.len(), 1);
    let summary = &summaries[0];
    assert_eq!(summary.receipt.reference, "2026-0001");
    assert!(summary.file_name.contains("2026-0001"));
    assert!(pdf_text(&summary.pdf).contains("N° 2026-0001"));
    let register: Vec<String> = receipts::list(f.db.conn(), 2026)
        .unwrap()
        .into_iter()
        .map(|r| r.reference)
        .collect();
    assert_eq!(register, vec!["A2026-0001", "2026-0001"]);
    // the member's data export: the same numbers, not `2026-1`
    let zip = panier::rights::export::zip_bytes(f.db.conn(), m, day("2027-01-05")).unwrap();
    let html = unzip(&zip)
        .into_iter()
        .find(|(n, _)| n == "summary.html")
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .unwrap();
    assert!(
        html.contains("A2026-0001") && html.contains(">2026-0001<"),
        "{html}"
    );
    assert!(!html.contains("2026-1<"), "{html}");
}

// moved from money_flow.rs, where they started (issue 4)

#[test]
fn tax_receipts_are_refused_while_the_setting_is_off() {
    let mut f = fresh();
    let m = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let gift = donate(&mut f, Some(m), 5000, "2026-03-01");
    let before = audit_rows(&f.db);
    let err = issue(&mut f, gift, ReceiptKind::Tax, day("2026-03-02"), "r.pdf").unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert!(err.to_string().contains("tax_receipts"), "{err}");
    let err = receipts::print_yearly(
        &mut f.db,
        m,
        2026,
        day("2027-01-02"),
        &f.dir.path().join("recus"),
        Replace::Confirmed,
    )
    .unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert!(receipts::list(f.db.conn(), 2026).unwrap().is_empty());
    assert!(receipts::list(f.db.conn(), 2027).unwrap().is_empty());
    assert_eq!(audit_rows(&f.db), before, "a refusal changes nothing");
}

#[test]
fn yearly_summary_covers_the_gifts_without_receipt() {
    let mut f = fresh();
    allow_tax_receipts(&mut f);
    let lea = member(&mut f, "Léa Roux", "lea@exemple.fr");
    let tom = member(&mut f, "Tom Petit", "tom@exemple.fr");
    let g1 = donate(&mut f, Some(lea), 123_456, "2026-02-01");
    donate(&mut f, Some(lea), 1500, "2026-10-01");
    donate(&mut f, Some(lea), 999, "2025-12-31");
    donate(&mut f, Some(tom), 7100, "2026-04-01");
    let single = issue(&mut f, g1, ReceiptKind::Tax, day("2026-02-02"), "r.pdf").unwrap();
    assert_eq!(single.receipt.reference, "2026-0001");

    let all = yearly_all(&mut f, 2026, day("2026-12-31")).unwrap();
    assert_eq!(all.len(), 2);
    let lea_summary = &all[0];
    assert_eq!(lea_summary.receipt.member_id, Some(lea));
    assert_eq!(
        lea_summary.receipt.amount_cents, 1500,
        "g1 has its own receipt"
    );
    assert_eq!(lea_summary.receipt.reference, "2026-0002");
    let tom_summary = &all[1];
    assert_eq!(tom_summary.receipt.reference, "2026-0003");
    let text = pdf_text(&tom_summary.pdf);
    assert!(text.contains("soixante et onze euros"), "{text}");
    assert!(text.contains("récapitulatif"), "{text}");
    assert!(text.contains("01/04/2026"), "{text}");
    // a second run reprints them
    let again = yearly_all(&mut f, 2026, day("2027-01-05")).unwrap();
    assert!(again.iter().all(|p| p.duplicata));
    assert_eq!(again[1].receipt.reference, "2026-0003");
    assert!(pdf_text(&again[1].pdf).contains("DUPLICATA"));
    // a gift after the summary gets a complementary summary of its own
    donate(&mut f, Some(tom), 2100, "2026-12-30");
    let third = yearly_all(&mut f, 2026, day("2027-01-06")).unwrap();
    assert!(third[0].duplicata);
    assert!(!third[1].duplicata);
    assert_eq!(
        third[1].receipt.reference, "2027-0001",
        "numbered in its year of issue"
    );
    assert_eq!(third[1].receipt.amount_cents, 2100);
    assert!(pdf_text(&third[1].pdf).contains("vingt et un euros"));
    assert!(panier::store::check::run(&f.db).unwrap().ok());
    // a receipt removed behind Panier's back leaves a gap that the check finds
    f.db.conn()
        .execute_batch(
            "DELETE FROM receipt_entries WHERE receipt_id = (SELECT id FROM receipts WHERE issue_year = 2026 AND number = 2);
             DELETE FROM receipts WHERE issue_year = 2026 AND number = 2;",
        )
        .unwrap();
    crate::common::assert_check_finds(&f.db, "receipts", "no gap");
}

#[test]
fn the_same_receipt_gives_the_same_bytes_and_travels_as_base64() {
    let print = || {
        let mut f = fresh();
        allow_tax_receipts(&mut f);
        let lea = member(&mut f, "Léa Roux", "lea@exemple.fr");
        let gift = donate(&mut f, Some(lea), 4200, "2026-03-01");
        issue(&mut f, gift, ReceiptKind::Tax, day("2026-03-02"), "r.pdf").unwrap()
    };
    let a = print();
    let b = print();
    assert_eq!(a.pdf, b.pdf, "byte-identical PDFs");
    assert_eq!(a.file_name, "recu-fiscal-2026-0001-lea-roux.pdf");
    let json = serde_json::to_string(&a).unwrap();
    assert!(json.contains("\"pdf\":\"JVBERi0")); // "%PDF-" in base64
    let back: receipts::PrintedReceipt = serde_json::from_str(&json).unwrap();
    assert_eq!(back.pdf, a.pdf);
    assert_eq!(back.receipt, a.receipt);
}

#[test]
fn a_members_receipts_are_listed_on_their_page_and_no_one_elses() {
    let mut f = fresh();
    let lea = member(&mut f, "Léa Martin", "lea@example.org");
    let paul = member(&mut f, "Paul Roux", "paul@example.org");
    let plan = plans::add(&mut f.db, &fee("Adhésion", 1500, PlanPeriod::Civil)).unwrap();
    let first = pay(&mut f, lea, plan, 1500, "2026-01-10");
    let other = pay(&mut f, paul, plan, 1500, "2026-01-11");
    let today = day("2026-02-01");
    issue(&mut f, first, ReceiptKind::Attestation, today, "r.pdf").unwrap();
    issue(&mut f, other, ReceiptKind::Attestation, today, "r.pdf").unwrap();

    let leas = receipts::for_member(f.db.conn(), lea).unwrap();
    assert_eq!(leas.len(), 1);
    assert_eq!(leas[0].member_id, Some(lea));
    assert_eq!(leas[0].entries, vec![(first, 1500)]);
    assert!(receipts::for_member(f.db.conn(), MemberId(999))
        .unwrap()
        .is_empty());
}
