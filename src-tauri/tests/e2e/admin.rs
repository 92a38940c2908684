//! End-to-end: Plans and tiers, accounts and quota, the Nextcloud connector, settings.

// The core's fake Nextcloud (OCS API over a std TcpListener on 127.0.0.1), shared as is.
#[path = "../../../tests/support/ocs_mock.rs"]
mod ocs_mock;

use crate::harness::{App, Patience};
use panier::kernel::ids::MemberId;
use panier::membership::plans::{PlanInput, PlanKind, PlanPeriod};
use panier::people::members::MemberInput;
use panier::store::db::Database;
use std::path::Path;
use std::time::{Duration, Instant};

const GIB: i64 = 1024 * 1024 * 1024;

fn member(db: &mut Database, name: &str, email: &str) -> MemberId {
    panier::people::members::add(db, &MemberInput::from_name(name, email, false)).unwrap()
}

/// Waits until `css` shows `count` elements.
async fn wait_for_count(app: &App, css: &str, count: usize) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let texts = app.texts(css).await;
        if texts.len() == count {
            return texts;
        }
        assert!(
            Instant::now() < deadline,
            "`{css}` should show {count} elements, it shows {texts:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

/// Waits until the element matching `css` shows a text containing `part`.
async fn wait_for_part(app: &App, css: &str, part: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(45);
    loop {
        let texts = app.texts(css).await;
        if let Some(found) = texts.iter().find(|t| t.contains(part)) {
            return found.clone();
        }
        assert!(
            Instant::now() < deadline,
            "`{css}` should contain {part:?}, it shows {texts:?}"
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

fn open(path: &Path) -> Database {
    Database::open(path).unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_tier_added_in_the_plans_screen_is_in_the_core() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    Database::create(&path, "AMIPO").unwrap();

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-plans]").await;
    app.click("[data-testid=plan-add]").await;
    app.type_into("#plan-name", "Stockage 50 Go").await;
    app.click("#plan-kind option[value=tier]").await;
    app.type_into("#plan-amount", "24").await;
    app.type_into("#plan-quota", "50 XB").await;
    app.click("#plan-period option[value=months]").await;
    app.type_into("#plan-months", "12").await;
    app.click("#plan-members-only").await;
    app.click("[data-testid=plan-submit]").await;
    // the core's own sentence, next to the quota field; nothing saved
    let refused = wait_for_part(&app, "[data-testid=plan-error]", "50 XB").await;
    assert!(refused.contains("illisible"), "{refused}");
    assert!(panier::membership::plans::list(open(&path).conn())
        .unwrap()
        .is_empty());

    app.type_into("#plan-quota", "50 GB").await;
    app.click("[data-testid=plan-submit]").await;
    app.wait_for_text(
        "[data-testid=plans-notice]",
        "Formule « Stockage 50 Go » ajoutée.",
    )
    .await;
    let row = wait_for_part(&app, "[data-testid=plan-row]", "Stockage 50 Go").await;
    // the name says « 50 Go », and so does the quota column, in French units
    assert!(row.matches("50 Go").count() >= 2, "{row}");
    assert!(row.contains("12 mois glissants"), "{row}");
    assert!(row.contains("Membres seulement"), "{row}");
    app.quit().await;

    let db = open(&path);
    let plan = panier::membership::plans::find(db.conn(), "Stockage 50 Go").unwrap();
    assert_eq!(plan.kind, PlanKind::Tier);
    assert_eq!(plan.quota_bytes, Some(50 * GIB));
    assert_eq!(plan.amount_cents, 2400);
    assert_eq!(plan.period, PlanPeriod::Months(12));
    assert!(plan.members_only);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_grant_dialog_gives_a_bonus_and_refuses_a_bad_size() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let account = {
        let mut db = Database::create(&path, "AMIPO").unwrap();
        let alix = member(&mut db, "Alix Martin", "alix@example.org");
        panier::hosting::accounts::add(&mut db, alix, "nextcloud", "alix", GIB).unwrap()
    };

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-accounts]").await;
    let row = wait_for_part(&app, "[data-testid=account-row]", "alix").await;
    assert!(row.contains("1 Go"), "{row}");
    app.click("[data-testid=account-actions]").await;
    app.click("[data-testid=quota-grant-open]").await;
    app.type_into("[data-testid=grant-size]", "5 XB").await;
    app.type_into("[data-testid=grant-reason]", "Projet photo")
        .await;
    app.click("[data-testid=grant-submit]").await;
    let refused = wait_for_part(&app, "[data-testid=grant-error]", "5 XB").await;
    assert!(refused.contains("5 GB"), "says what to write: {refused}");
    assert!(
        panier::hosting::quota::grants_for(open(&path).conn(), account)
            .unwrap()
            .is_empty(),
        "a refused grant saves nothing"
    );

    app.type_into("[data-testid=grant-size]", "5 GB").await;
    app.type_into("[data-testid=grant-until]", "2099-12-31")
        .await;
    app.click("[data-testid=grant-submit]").await;
    let notice = wait_for_part(&app, "[data-testid=accounts-notice]", "Bonus de 5").await;
    assert!(notice.contains("alix"), "{notice}");
    // the row now shows the bonus and the new target
    wait_for_part(&app, "[data-testid=account-row]", "+ 5 Go de bonus").await;

    // the account's grants: who, when, why
    app.click("[data-testid=account-actions]").await;
    app.click("[data-testid=grants-open]").await;
    let grant = wait_for_part(&app, "[data-testid=grant-row]", "Projet photo").await;
    assert!(grant.contains("31/12/2099"), "{grant}");
    app.quit().await;

    let db = open(&path);
    let grants = panier::hosting::quota::grants_for(db.conn(), account).unwrap();
    assert_eq!(grants.len(), 1);
    assert_eq!(grants[0].bytes, 5 * GIB);
    assert_eq!(grants[0].reason, "Projet photo");
    assert_eq!(grants[0].granted_by, db.operator());
    assert!(grant.contains(&grants[0].granted_by), "{grant}");
    let today = panier::store::backup::local_now().date();
    let quota = panier::hosting::quota::for_account(db.conn(), account, today).unwrap();
    assert_eq!(quota.bonus_bytes, 5 * GIB);
    // no tier: the target is the bonus alone (the 1 GB set by hand stays in force)
    assert_eq!(quota.target_bytes, 5 * GIB);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_nextcloud_connector_plans_applies_and_shows_each_result() {
    const PASSWORD: &str = "app-pass-Zx81-never-shown";
    let server = ocs_mock::MockServer::start(1, "admin", PASSWORD);
    server.add_user("admin", ocs_mock::User::new("none", 0));
    server.add_user("bob", ocs_mock::User::new(&GIB.to_string(), GIB / 2));
    // the server refuses quotas above 50 GB: bob's 101 GB fails
    server.set(|s| s.max_quota = Some(50 * GIB));

    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let (alix_account, bob_account) = {
        let mut db = Database::create(&path, "AMIPO").unwrap();
        let free = PlanInput {
            name: "Découverte".into(),
            kind: PlanKind::Tier,
            amount_cents: 0,
            min_cents: None,
            counterpart_cents: 0,
            quota_bytes: Some(GIB),
            period: PlanPeriod::Months(12),
            members_only: false,
            covers_gap: false,
            description: String::new(),
        };
        panier::membership::plans::add(&mut db, &free).unwrap();
        let today = panier::store::backup::local_now().date();
        let alix = member(&mut db, "Alix Martin", "alix@example.org");
        let alix_account =
            panier::hosting::accounts::open(&mut db, alix, "nextcloud", "alix", today).unwrap();
        let bob = member(&mut db, "Bob Durand", "bob@example.org");
        let bob_account =
            panier::hosting::accounts::add(&mut db, bob, "nextcloud", "bob", GIB).unwrap();
        let grant = panier::hosting::quota::GrantInput {
            service: "nextcloud".into(),
            login: "bob".into(),
            bytes: 100 * GIB,
            reason: "archives".into(),
            until: None,
        };
        panier::hosting::quota::grant(&mut db, &grant, today).unwrap();
        (alix_account, bob_account)
    };

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-accounts]").await;
    app.click("[data-testid=accounts-tab-nextcloud]").await;
    app.wait_for_text(
        "[data-testid=nextcloud-password-state]",
        "aucun mot de passe enregistré",
    )
    .await;
    app.type_into("[data-testid=nextcloud-url]", &server.url)
        .await;
    app.type_into("[data-testid=nextcloud-user]", "admin").await;
    app.type_into("[data-testid=nextcloud-password]", PASSWORD)
        .await;
    app.click("[data-testid=nextcloud-save]").await;
    app.wait_for_text(
        "[data-testid=nextcloud-password-state]",
        "mot de passe enregistré",
    )
    .await;
    assert_eq!(app.value_of("[data-testid=nextcloud-password]").await, "");

    app.click("[data-testid=nextcloud-test]").await;
    app.wait_for_text(
        "[data-testid=nextcloud-test-result]",
        "Connexion réussie : le serveur accepte l'identifiant et le mot de passe.",
    )
    .await;

    app.click("[data-testid=nextcloud-plan]").await;
    let rows = wait_for_count(&app, "[data-testid=nextcloud-plan-row]", 2).await;
    assert!(
        rows.iter()
            .any(|r| r.contains("alix") && r.contains("créer, quota 1 Go")),
        "{rows:?}"
    );
    assert!(
        rows.iter()
            .any(|r| r.contains("bob") && r.contains("quota 1 Go → 101 Go")),
        "{rows:?}"
    );
    let occ = app.value_of("[data-testid=nextcloud-occ]").await;
    assert!(occ.contains("occ user:add"), "{occ}");

    app.click("[data-testid=nextcloud-apply]").await;
    let results = wait_for_count(&app, "[data-testid=nextcloud-result-row]", 2).await;
    let alix = results.iter().find(|r| r.contains("alix")).unwrap();
    let bob = results.iter().find(|r| r.contains("bob")).unwrap();
    assert!(
        alix.contains("synchronisé") && !alix.contains("non synchronisé"),
        "{alix}"
    );
    assert!(bob.contains("non synchronisé"), "{bob}");
    app.screenshot("nextcloud-apply").await;

    let html = app.page_source().await;
    assert!(
        !html.contains(PASSWORD),
        "the app password must never reach the page"
    );
    app.quit().await;

    assert!(
        server.user("alix").is_some(),
        "alix was created on the server"
    );
    let db = open(&path);
    let states = panier::hosting::nextcloud::sync_states(db.conn()).unwrap();
    let state = |id| states.iter().find(|s| s.account_id == id).unwrap();
    assert_eq!(
        state(alix_account).status,
        panier::hosting::nextcloud::SyncStatus::InSync
    );
    assert_eq!(
        state(bob_account).status,
        panier::hosting::nextcloud::SyncStatus::NotInSync
    );
    assert_eq!(
        panier::hosting::accounts::get(db.conn(), bob_account)
            .unwrap()
            .quota_bytes,
        GIB,
        "a failed call leaves the quota as it was"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_are_saved_through_the_core_with_errors_beside_the_field() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    Database::create(&path, "AMIPO").unwrap();

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-settings]").await;
    app.type_into("#setting-operator", "Camille Trésorière")
        .await;
    app.type_into("#setting-siren", "12").await;
    app.type_into("#setting-website", "https://amipo.example.org")
        .await;
    app.click("[data-testid=settings-save]").await;
    wait_for_part(
        &app,
        "[data-testid=settings-notice]",
        "2 réglages enregistrés.",
    )
    .await;
    let refused = wait_for_part(&app, "[data-testid=setting-error-siren]", "12").await;
    assert!(!refused.is_empty());

    app.click("[data-testid=backup-now]").await;
    let done = wait_for_part(&app, "[data-testid=backup-notice]", "Sauvegarde faite").await;
    let taken = done.rsplit(" : ").next().unwrap().trim().to_string();
    wait_for_part(&app, "[data-testid=backup-row]", &taken).await;
    app.quit().await;

    let db = open(&path);
    assert_eq!(
        panier::store::settings::get(db.conn(), "operator").unwrap(),
        "Camille Trésorière"
    );
    assert_eq!(
        panier::store::settings::get(db.conn(), "website").unwrap(),
        "https://amipo.example.org"
    );
    assert_eq!(
        panier::store::settings::get(db.conn(), "siren").unwrap(),
        ""
    );
    assert!(
        panier::store::backup::list(&db)
            .unwrap()
            .iter()
            .any(|b| b.path.display().to_string() == taken),
        "the backup the app took is in the backup folder"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn screenshots_of_the_admin_screens_on_a_seeded_association() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("amipo.sqlite");
    drop(crate::harness::seeded_file(
        &path,
        "AMIPO — Orléans",
        2000,
        3,
        7,
    ));

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-plans]").await;
    app.element("[data-testid=plan-row]").await;
    app.screenshot("screen-plans").await;

    app.click("[data-testid=nav-accounts]").await;
    app.element("[data-testid=account-row]").await;
    app.screenshot("screen-accounts").await;
    // the lists the admins work from: nearly full accounts only
    app.click("[data-testid=accounts-filter-near]").await;
    let mut patience = Patience::new();
    let mut only_near = false;
    while !only_near && patience.again().await {
        let rows = app.texts("[data-testid=account-row]").await;
        only_near = !rows.is_empty() && rows.iter().all(|r| r.contains("presque plein"));
    }
    assert!(
        only_near,
        "the near list should show only nearly full accounts"
    );
    app.screenshot("screen-accounts-near").await;

    app.click("[data-testid=nav-settings]").await;
    app.element("#setting-name").await;
    app.screenshot("screen-settings").await;
    app.quit().await;
}
