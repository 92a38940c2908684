//! End-to-end: the dashboard's "Getting started" on a new file — what to set first, each a
//! link to its screen, in both languages — and its "Hide" button.

use crate::harness::App;
use panier::membership::plans::PlanPeriod;
use panier::store::db::Database;
use std::time::{Duration, Instant};

/// Waits until nothing matches `css` (a panel that goes away); panics if it stays.
async fn wait_until_gone(app: &App, css: &str) {
    let deadline = Instant::now() + Duration::from_secs(20);
    while !app.texts(css).await.is_empty() {
        assert!(Instant::now() < deadline, "`{css}` is still shown");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

fn a_fee_plan(db: &mut Database) {
    panier::membership::plans::add(
        db,
        &crate::plans::fee_with_counterpart("Adhésion", 1500, 0, PlanPeriod::Civil),
    )
    .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_of_a_new_file_says_what_to_set_first_and_links_to_it() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("nouvelle.sqlite");
    drop(Database::create(&path, "Les Paniers d’Orléans").unwrap());

    let app = App::launch(&path, sandbox.path()).await;
    app.element("[data-testid=getting-started]").await;
    app.wait_for_text(
        "[data-testid=getting-started-go-details]",
        "Les coordonnées de l'association",
    )
    .await;
    app.wait_for_text(
        "[data-testid=getting-started-go-plans]",
        "Les formules d'adhésion",
    )
    .await;
    app.wait_for_text("[data-testid=getting-started-go-members]", "Les membres")
        .await;
    for step in ["details", "plans", "members"] {
        app.wait_for_text(
            &format!("[data-testid=getting-started-status-{step}]"),
            "(à faire)",
        )
        .await;
    }
    app.screenshot("getting-started").await;

    // In English too.
    app.click("[data-testid=language-en]").await;
    app.wait_for_text("#getting-started-title", "Getting started")
        .await;
    app.wait_for_text(
        "[data-testid=getting-started-go-plans]",
        "The membership plans",
    )
    .await;
    app.click("[data-testid=language-fr]").await;
    app.wait_for_text("#getting-started-title", "Premiers pas")
        .await;

    // Each link opens its screen, ready for the step: the plan form, the member form, the
    // address among the settings.
    app.click("[data-testid=getting-started-go-plans]").await;
    app.wait_for_text("[data-testid=screen-plans] h2", "Formules")
        .await;
    app.element("[data-testid=plan-form]").await;
    app.click("[data-testid=nav-dashboard]").await;
    app.click("[data-testid=getting-started-go-members]").await;
    app.wait_for_text("[data-testid=screen-members] h2", "Membres")
        .await;
    app.element("[data-testid=member-form]").await;
    app.click("[data-testid=nav-dashboard]").await;
    app.click("[data-testid=getting-started-go-details]").await;
    app.wait_for_text("[data-testid=screen-settings] h2", "Réglages")
        .await;
    app.element("#setting-address").await;

    // Steps done elsewhere show as done at the next visit; the file is still new (no member).
    {
        let mut db = Database::open(&path).unwrap();
        panier::store::settings::set(&mut db, "address", "2 rue du Panier, 45000 Orléans").unwrap();
        a_fee_plan(&mut db);
    }
    app.click("[data-testid=nav-dashboard]").await;
    app.wait_for_text("[data-testid=getting-started-status-details]", "(fait)")
        .await;
    app.wait_for_text("[data-testid=getting-started-status-plans]", "(fait)")
        .await;
    app.wait_for_text("[data-testid=getting-started-status-members]", "(à faire)")
        .await;

    // Hidden with its button: gone, kept in the file, still gone at the next visit.
    app.click("[data-testid=getting-started-hide]").await;
    wait_until_gone(&app, "[data-testid=getting-started]").await;
    app.element("[data-testid=getting-started-hidden]").await;
    let setting =
        panier::store::settings::get(Database::open(&path).unwrap().conn(), "getting_started")
            .unwrap();
    assert_eq!(setting, "no", "the Hide button is kept in the file");
    app.click("[data-testid=nav-members]").await;
    app.click("[data-testid=nav-dashboard]").await;
    app.element("[data-testid=member-count]").await;
    wait_until_gone(&app, "[data-testid=getting-started-hidden]").await;
    assert!(
        app.texts("[data-testid=getting-started]").await.is_empty(),
        "a hidden panel stays hidden"
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_of_a_file_in_use_has_no_getting_started() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("en-route.sqlite");
    {
        let mut db = Database::create(&path, "AMIPO").unwrap();
        a_fee_plan(&mut db);
        panier::people::members::add(
            &mut db,
            &panier::people::members::MemberInput::from_name(
                "Hélène Lefèvre",
                "helene@example.org",
                false,
            ),
        )
        .unwrap();
    }

    let app = App::launch(&path, sandbox.path()).await;
    app.wait_for_text("[data-testid=member-count]", "1 membre")
        .await;
    // The figures are drawn once the dashboard has read the file; the panel, had it been
    // due, reads at the same time.
    app.element("[data-testid=dashboard-active]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        app.texts("[data-testid=getting-started]").await.is_empty(),
        "a file with plans and members opens on its figures alone"
    );
    app.quit().await;
}
