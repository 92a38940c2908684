//! End-to-end: Money (payments, donations, expenses, receipts) and renewals.

use crate::harness::{choose, dialog_dir, wait_for_part, App};
use panier::books::ledger::{EntryKind, Method};
use panier::kernel::ids::{EntryId, MemberId, PlanId};
use panier::membership::plans::PlanPeriod;
use panier::people::members::MemberInput;
use panier::store::db::Database;
use std::path::Path;

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A small association: one member and a 20 € civil-year fee of which 15 € pays a service.
fn small_association(path: &Path) -> (MemberId, PlanId) {
    let mut db = Database::create(path, "Les Paniers d’Orléans").unwrap();
    let member = panier::people::members::add(
        &mut db,
        &MemberInput::from_name("Hélène Lefèvre", "helene@example.org", false),
    )
    .unwrap();
    let plan = panier::membership::plans::add(
        &mut db,
        &crate::plans::fee_with_counterpart("Adhésion", 2000, 1500, PlanPeriod::Civil),
    )
    .unwrap();
    (member, plan)
}

/// The period a payment of `plan` made today buys a member with no earlier period, as the
/// UI writes it ("01/12/2026", "31/12/2027").
fn period_bought_today(path: &Path, plan: PlanId) -> (String, String) {
    let db = Database::open(path).unwrap();
    let plan = panier::membership::plans::get(db.conn(), plan).unwrap();
    let p = panier::membership::subscriptions::period_after(None, &plan, today());
    let last = p.last_day();
    (
        p.start.format("%d/%m/%Y").to_string(),
        last.format("%d/%m/%Y").to_string(),
    )
}

fn line_count(path: &Path) -> i64 {
    panier::books::ledger::count_lines(Database::open(path).unwrap().conn()).unwrap()
}

/// In the open payment form, a malformed amount: the core's reason next to the field, and
/// nothing saved.
pub(crate) async fn a_malformed_amount_is_refused(app: &App, path: &Path) {
    let before = line_count(path);
    app.type_into("[data-testid=pay-amount]", "12,5O").await;
    app.click("[data-testid=pay-submit]").await;
    wait_for_part(app, "[data-testid=pay-error]", "« 12,5O » illisible").await;
    assert_eq!(line_count(path), before, "a refused amount saves nothing");
}

async fn open_entry(app: &App, entry: i64) {
    app.click(&format!(
        "[data-testid=money-entry-row][data-entry-id=\"{entry}\"] [data-testid=entry-open]"
    ))
    .await;
    app.element("[data-testid=entry-panel]").await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_fee_is_recorded_with_its_split_a_bad_amount_is_refused_and_an_expense_reversed() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let (member, plan) = small_association(&path);

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-money]").await;
    // The screen has read its year and choices: the form opens on them.
    app.element("[data-testid=money-income-total]").await;
    app.click("[data-testid=money-pay-open]").await;
    app.type_into("[data-testid=pay-member]", "lefev").await;
    app.click("[data-testid=pay-member-option]").await;
    choose(&app, "[data-testid=pay-plan]", &plan.0.to_string()).await;

    // A malformed amount: the core's reason next to the field, nothing saved.
    a_malformed_amount_is_refused(&app, &path).await;

    // 20 €: the gift part is computed from the plan (20 − 15) before saving.
    app.type_into("[data-testid=pay-amount]", "20").await;
    app.wait_for_value("[data-testid=pay-gift]", "5,00").await;
    wait_for_part(&app, "[data-testid=pay-split]", "compte 7561").await;
    app.click("[data-testid=pay-submit]").await;
    let notice = wait_for_part(&app, "[data-testid=money-notice]", "enregistré pour Hélène").await;
    let (start, end) = period_bought_today(&path, plan);
    assert!(notice.contains(&format!("du {start} au {end}")), "{notice}");
    app.screenshot("money-fee-recorded").await;

    let fee = {
        let db = Database::open(&path).unwrap();
        let entries = panier::books::ledger::for_member(db.conn(), member).unwrap();
        assert_eq!(entries.len(), 1);
        let fee = entries[0].clone();
        assert_eq!(fee.kind, EntryKind::Fee);
        assert_eq!(fee.amount_cents, 2000);
        let mut lines: Vec<(String, i64)> = fee
            .lines
            .iter()
            .map(|l| (l.account.clone(), l.amount_cents))
            .collect();
        lines.sort();
        assert_eq!(lines, vec![("7561".into(), 500), ("7562".into(), 1500)]);
        let sub = panier::membership::subscriptions::get(
            db.conn(),
            fee.subscription_id.unwrap(),
            today(),
        )
        .expect("the payment bought a subscription");
        assert_eq!(sub.plan_id, plan);
        fee
    };

    // The attestation of that fee, as a PDF in the folder the save dialog chose.
    open_entry(&app, fee.id.0).await;
    app.click("[data-testid=entry-print-attestation]").await;
    wait_for_part(&app, "[data-testid=money-notice]", "Reçu n° A").await;
    let pdf = dialog_dir(sandbox.path()).join(format!("attestation-ecriture-{}.pdf", fee.id.0));
    let bytes = std::fs::read(&pdf).expect("the attestation was written");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");
    // A second print is the same receipt again: a DUPLICATA.
    app.click("[data-testid=entry-print-attestation]").await;
    wait_for_part(&app, "[data-testid=money-notice]", "DUPLICATA").await;

    // An expense, then its reversal (a reason is required).
    app.click("[data-testid=money-expense-open]").await;
    app.type_into("[data-testid=expense-amount]", "42,50").await;
    app.type_into("[data-testid=expense-label]", "Location serveur mars")
        .await;
    app.type_into("[data-testid=expense-supplier]", "Hébergeur SAS")
        .await;
    app.click("[data-testid=expense-submit]").await;
    let notice = wait_for_part(&app, "[data-testid=money-notice]", "Dépense n°").await;
    let expense: i64 = notice
        .split_whitespace()
        .find_map(|w| w.parse().ok())
        .expect("the notice gives the entry's number");
    {
        let db = Database::open(&path).unwrap();
        let e = panier::books::ledger::get(db.conn(), EntryId(expense)).unwrap();
        assert_eq!(e.kind, EntryKind::Expense);
        assert_eq!(e.amount_cents, -4250);
        assert_eq!(e.lines[0].account, "6135");
        assert_eq!(e.method, Method::Transfer);
    }
    open_entry(&app, expense).await;
    app.click("[data-testid=reverse-submit]").await;
    app.wait_for_text(
        "[data-testid=reverse-error]",
        "Indiquez le motif de la correction.",
    )
    .await;
    app.type_into("[data-testid=reverse-reason]", "Facture en double")
        .await;
    app.click("[data-testid=reverse-submit]").await;
    wait_for_part(
        &app,
        "[data-testid=money-notice]",
        &format!("contre-passe l'écriture n° {expense}"),
    )
    .await;
    app.quit().await;

    let db = Database::open(&path).unwrap();
    let original = panier::books::ledger::get(db.conn(), EntryId(expense)).unwrap();
    let reversal =
        panier::books::ledger::get(db.conn(), original.reversed_by.expect("reversed")).unwrap();
    assert_eq!(reversal.kind, EntryKind::Reversal);
    assert_eq!(reversal.amount_cents, 4250);
    assert_eq!(reversal.reason, "Facture en double");
}

#[tokio::test(flavor = "multi_thread")]
async fn an_expired_member_is_renewed_in_two_steps() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let (member, plan) = small_association(&path);
    let long_ago = today() - chrono::Duration::days(800);
    {
        let mut db = Database::open(&path).unwrap();
        panier::books::payments::pay_plan(
            &mut db,
            &panier::books::payments::PlanPayment {
                member,
                plan,
                amount_cents: 2000,
                gift_cents: None,
                date: long_ago,
                method: Method::Cheque,
                external_ref: None,
            },
        )
        .unwrap();
    }

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-renewals]").await;
    app.click("[data-testid=renewals-filter-expired]").await;
    let row = format!("[data-testid=renewal-row][data-member-id=\"{}\"]", member.0);
    app.element(&row).await;
    assert_eq!(
        app.element(&row)
            .await
            .attr("data-state")
            .await
            .unwrap()
            .as_deref(),
        Some("expired")
    );
    app.click(&format!("{row} [data-testid=renewal-renew]"))
        .await;
    app.type_into("[data-testid=renew-amount]", "20").await;
    app.click("[data-testid=renew-next]").await;

    // Step 1 shows the period the payment would buy, and saves nothing yet.
    // (an expired member starts again on the payment day: no gap billed)
    let (start, end) = period_bought_today(&path, plan);
    wait_for_part(
        &app,
        "[data-testid=renew-period]",
        &format!("du {start} au {end}"),
    )
    .await;
    assert_eq!(
        panier::books::ledger::for_member(Database::open(&path).unwrap().conn(), member)
            .unwrap()
            .len(),
        1
    );
    app.screenshot("renewal-step-2").await;
    app.click("[data-testid=renew-confirm]").await;
    wait_for_part(&app, "[data-testid=renewals-notice]", "est à jour").await;
    app.wait_for_text("[data-testid=renewals-empty]", "Personne à relancer ici.")
        .await;
    app.quit().await;

    let db = Database::open(&path).unwrap();
    let entries = panier::books::ledger::for_member(db.conn(), member).unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0].date, today());
    assert!(panier::membership::renewals::list(db.conn(), today(), None)
        .unwrap()
        .iter()
        .all(|r| r.member_id != member));
}

#[tokio::test(flavor = "multi_thread")]
async fn money_and_renewals_screens_on_a_seeded_association() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("seeded.sqlite");
    drop(crate::harness::seeded_file(
        &path,
        "AMIPO — Orléans",
        2000,
        3,
        7,
    ));
    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-money]").await;
    app.element("[data-testid=money-entry-row]").await;
    app.element("[data-testid=money-income-total]").await;
    app.screenshot("screen-money").await;
    app.click("[data-testid=money-pay-open]").await;
    app.type_into("[data-testid=pay-member]", "ma").await;
    app.element("[data-testid=pay-member-option]").await;
    app.screenshot("screen-money-pay").await;

    app.click("[data-testid=nav-renewals]").await;
    app.element("[data-testid=renewal-row]").await;
    app.screenshot("screen-renewals").await;
    app.click("[data-testid=renewal-row] [data-testid=renewal-remind]")
        .await;
    app.element("[data-testid=reminder-body]").await;
    app.screenshot("screen-renewals-reminder").await;
    app.quit().await;
}
