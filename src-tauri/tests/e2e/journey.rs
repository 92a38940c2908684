//! End-to-end: a treasurer's first hour, across screens — first run, an association, its
//! plans, a member, a refused amount, a fee and a storage tier paid, the search with and
//! without accents, and the dashboard that counts it all.

use crate::harness::{choose, wait_for_part, App};
use panier::kernel::ids::MemberId;
use panier::people::members::MembershipStatus;
use panier::store::db::Database;
use std::path::Path;

fn open(path: &Path) -> Database {
    Database::open(path).expect("the app's file opens")
}

fn plan_id(path: &Path, name: &str) -> String {
    panier::membership::plans::find(open(path).conn(), name)
        .unwrap_or_else(|e| panic!("plan {name}: {e}"))
        .id
        .0
        .to_string()
}

async fn add_plan(app: &App, name: &str, kind: &str, amount: &str, quota: Option<&str>) {
    app.click("[data-testid=plan-add]").await;
    app.type_into("#plan-name", name).await;
    choose(app, "#plan-kind", kind).await;
    app.type_into("#plan-amount", amount).await;
    if let Some(quota) = quota {
        app.type_into("#plan-quota", quota).await;
    }
    app.click("[data-testid=plan-submit]").await;
    wait_for_part(app, "[data-testid=plans-notice]", name).await;
}

/// Opens the payment form for Hélène with `plan` chosen.
async fn start_payment(app: &App, plan: &str) {
    app.click("[data-testid=nav-money]").await;
    app.click("[data-testid=money-pay-open]").await;
    app.type_into("[data-testid=pay-member]", "lefev").await;
    app.click("[data-testid=pay-member-option]").await;
    choose(app, "[data-testid=pay-plan]", plan).await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_to_a_paying_member_found_with_or_without_accents() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("amipo.sqlite");

    // First run: the association is created where PANIER_DB points.
    let app = App::launch(&path, sandbox.path()).await;
    app.element("[data-testid=first-run]").await;
    app.type_into("#create-name", "AMIPO").await;
    app.click("[data-testid=first-run] button.primary").await;
    app.wait_for_text("[data-testid=association-name]", "AMIPO")
        .await;
    app.wait_for_text("[data-testid=member-count]", "0 membre")
        .await;
    let active_before = wait_for_part(&app, "[data-testid=dashboard-active]", "à jour").await;
    assert!(active_before.starts_with('0'), "{active_before}");

    // Its plans: a yearly fee and a paid storage tier.
    app.click("[data-testid=nav-plans]").await;
    add_plan(&app, "Adhésion", "fee", "20", None).await;
    add_plan(&app, "Stockage 50 Go", "tier", "24", Some("50 GB")).await;
    let (fee, tier) = (plan_id(&path, "Adhésion"), plan_id(&path, "Stockage 50 Go"));

    // A member.
    app.click("[data-testid=nav-members]").await;
    app.click("[data-testid=member-add]").await;
    app.type_into("#member-first-name", "Hélène").await;
    app.type_into("#member-last-name", "Lefèvre").await;
    app.type_into("#member-email", "helene@example.org").await;
    app.click("[data-testid=member-save]").await;
    wait_for_part(&app, "[data-testid=member-notice]", "Hélène Lefèvre").await;
    let helene: MemberId = panier::people::members::find(open(&path).conn(), "helene@example.org")
        .expect("the form saved Hélène")
        .id;

    // A malformed amount is refused with the reason, and nothing is saved.
    start_payment(&app, &fee).await;
    crate::money::a_malformed_amount_is_refused(&app, &path).await;

    // The fee, then the storage tier.
    app.type_into("[data-testid=pay-amount]", "20").await;
    app.click("[data-testid=pay-submit]").await;
    wait_for_part(&app, "[data-testid=money-notice]", "enregistré pour Hélène").await;
    start_payment(&app, &tier).await;
    app.type_into("[data-testid=pay-amount]", "24").await;
    app.click("[data-testid=pay-submit]").await;
    wait_for_part(&app, "[data-testid=money-notice]", "enregistré pour Hélène").await;
    {
        let db = open(&path);
        let today = panier::kernel::dates::today();
        assert_eq!(
            panier::people::members::status(db.conn(), helene, today).unwrap(),
            MembershipStatus::Active
        );
        let subscriptions =
            panier::membership::subscriptions::for_member(db.conn(), helene, today).unwrap();
        let plans: Vec<String> = subscriptions
            .iter()
            .map(|s| s.plan_id.0.to_string())
            .collect();
        assert!(plans.contains(&fee) && plans.contains(&tier), "{plans:?}");
        let income: i64 = panier::books::ledger::for_member(db.conn(), helene)
            .unwrap()
            .iter()
            .map(|entry| entry.amount_cents)
            .sum();
        assert_eq!(income, 4400, "20 € of fee and 24 € of tier");
    }

    // The search finds her typed with or without accents, in any case.
    app.click("[data-testid=nav-members]").await;
    let her_row = format!("[data-testid=member-row][data-member='{}']", helene.0);
    for typed in ["helene", "HÉLÈNE", "lefevre", "Lefèvre"] {
        app.type_into("[data-testid=member-search]", "zzzz").await;
        wait_for_part(&app, "[data-testid=member-shown]", "0").await;
        assert!(app.texts("[data-testid=member-row]").await.is_empty());
        app.type_into("[data-testid=member-search]", typed).await;
        app.element(&her_row).await;
        assert_eq!(
            app.texts("[data-testid=member-row]").await.len(),
            1,
            "{typed}: only Hélène"
        );
    }

    // The dashboard counts her as up to date, with the year's income.
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_for_text("[data-testid=member-count]", "1 membre")
        .await;
    let active_after = wait_for_part(&app, "[data-testid=dashboard-active]", "à jour").await;
    assert!(active_after.starts_with('1'), "{active_after}");
    wait_for_part(&app, "[data-testid=dashboard-income]", "44,00").await;
    app.screenshot("journey-dashboard").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_encrypted_file_opens_with_its_passphrase_only() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("chiffre.sqlite");
    let secret = "pommes de terre 2026";
    drop(Database::create(&path, "AMIPO chiffrée").unwrap());
    panier::store::crypt::encrypt(
        &path,
        &panier::store::db::Passphrase::new_for_encryption(secret).unwrap(),
    )
    .unwrap();
    let encrypted_bytes = std::fs::read(&path).unwrap();

    let app = App::launch(&path, sandbox.path()).await;
    wait_for_part(&app, "[data-testid=startup-problem]", "chiffré").await;

    // A wrong passphrase is refused and the file is left as it was.
    app.type_into("#open-passphrase", "navets").await;
    app.click("[data-testid=open-submit]").await;
    wait_for_part(
        &app,
        "[data-testid=open-error]",
        "phrase de passe incorrecte",
    )
    .await;
    assert_eq!(app.value_of("#open-passphrase").await, "", "never kept");
    assert_eq!(std::fs::read(&path).unwrap(), encrypted_bytes);

    app.type_into("#open-passphrase", secret).await;
    app.click("[data-testid=open-submit]").await;
    app.wait_for_text("[data-testid=association-name]", "AMIPO chiffrée")
        .await;
    assert!(
        !app.page_source().await.contains(secret),
        "the passphrase never stays in the window"
    );
    app.quit().await;
}
