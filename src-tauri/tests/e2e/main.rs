//! End-to-end tests of the desktop app: the real binary in a real window, driven through
//! WebDriver. Run them under an X server: `xvfb-run -a cargo test -p panier-desktop`
//! (`make e2e` does that, after building the UI). Screenshots land in target/screenshots/.

mod harness;
// The loopback HTTP server the core's fake HelloAsso and fake Nextcloud stand on.
#[path = "../../../tests/support/loopback_http.rs"]
mod loopback_http;
#[path = "../../../tests/support/plans.rs"]
mod plans;
// Free ports, panier-serve and the SMTP server's Python, shared with the other crates' tests.
#[path = "../../../tests/support/processes.rs"]
mod processes;
// One module per area of the app, each with its own end-to-end tests.
mod a11y;
mod admin;
mod getting_started;
mod journey;
mod layout;
mod mail;
mod money;
mod people;
mod public;
mod team;

use harness::{french_integer, App};
use panier::store::db::Database;

#[tokio::test(flavor = "multi_thread")]
async fn opens_the_association_named_by_panier_db_and_shows_its_members() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("amipo.sqlite");
    let name = "AMIPO — Orléans";
    let member_count = {
        let db = crate::harness::seeded_file(&path, name, 1234, 1, 7);
        panier::people::members::count(&db).unwrap()
    };
    assert!(
        member_count >= 1000,
        "the seed should give thousands to group"
    );

    let app = App::launch(&path, sandbox.path()).await;
    app.wait_for_text("[data-testid=association-name]", name)
        .await;
    app.wait_for_text(
        "[data-testid=member-count]",
        &format!("{} membres", french_integer(member_count)),
    )
    .await;
    app.wait_for_text("[data-testid=nav-renewals]", "Renouvellements")
        .await;
    app.wait_for_text("[data-testid=database-path]", &path.display().to_string())
        .await;
    app.screenshot("dashboard").await;

    // The Content-Security-Policy of tauri.conf.json is in force (it has no 'unsafe-eval').
    assert!(
        !app.page_may_eval().await,
        "eval must be refused by the CSP"
    );

    // English is one click away, and numbers follow the language.
    app.click("[data-testid=language-en]").await;
    app.wait_for_text("[data-testid=nav-dashboard]", "Dashboard")
        .await;
    app.wait_for_text(
        "[data-testid=member-count]",
        &format!("{} members", format_english(member_count)),
    )
    .await;

    // Every entry of the navigation leads to its screen.
    app.click("[data-testid=nav-members]").await;
    app.wait_for_text("[data-testid=screen-members] h2", "Members")
        .await;
    app.click("[data-testid=language-fr]").await;
    app.wait_for_text("[data-testid=screen-members] h2", "Membres")
        .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn first_run_creates_the_association_where_panier_db_points() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("nouvelle-asso.sqlite");

    let app = App::launch(&path, sandbox.path()).await;
    app.element("[data-testid=first-run]").await;
    // The first-run screen offers to create the file PANIER_DB names.
    app.wait_for_value("#create-path", &path.display().to_string())
        .await;

    // Without a name, nothing is created and the form says what is missing.
    app.click("[data-testid=first-run] button.primary").await;
    app.wait_for_text(
        "[data-testid=create-error]",
        "Indiquez le nom de l'association.",
    )
    .await;
    assert!(!path.exists(), "a refused form must not create the file");
    app.screenshot("first-run").await;

    app.type_into("#create-name", "Les Paniers d’Orléans").await;
    app.click("[data-testid=first-run] button.primary").await;
    app.wait_for_text("[data-testid=association-name]", "Les Paniers d’Orléans")
        .await;
    app.wait_for_text("[data-testid=member-count]", "0 membre")
        .await;
    app.quit().await;

    let db = Database::open(&path).expect("the app created a Panier file");
    assert_eq!(
        panier::store::settings::organisation(&db).unwrap().name,
        "Les Paniers d’Orléans"
    );
    let remembered = sandbox
        .path()
        .join("config")
        .join("fr.chatons.panier")
        .join("last-database.txt");
    assert_eq!(
        std::fs::read_to_string(remembered).unwrap().trim(),
        path.display().to_string(),
        "the app remembers the file it opened"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn a_file_that_is_not_panier_is_refused_with_the_reason() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("compta.sqlite");
    std::fs::write(&path, "Ceci est un tableur, pas une base Panier.\n").unwrap();

    let app = App::launch(&path, sandbox.path()).await;
    let problem = app.element("[data-testid=startup-problem]").await;
    let text = problem.text().await.unwrap();
    assert!(
        text.starts_with(&format!("Impossible d'ouvrir {}", path.display())),
        "{text}"
    );
    assert!(text.contains("pas une base Panier"), "{text}");
    app.wait_for_value("#open-path", &path.display().to_string())
        .await;

    // In English, the core's reasons come in English too, including for later attempts.
    app.click("[data-testid=language-en]").await;
    app.wait_for_text(
        "[data-testid=startup-problem]",
        &format!(
            "Cannot open {0}: the file {0} is not a Panier database",
            path.display()
        ),
    )
    .await;
    let missing = sandbox.path().join("ailleurs.sqlite");
    app.type_into("#open-path", &missing.display().to_string())
        .await;
    app.click("[data-testid=open-submit]").await;
    app.wait_for_text(
        "[data-testid=open-error]",
        &format!(
            "the file {} does not exist (create it with “panier init”)",
            missing.display()
        ),
    )
    .await;
    app.quit().await;

    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        "Ceci est un tableur, pas une base Panier.\n",
        "the refused file is left untouched"
    );
}

/// How the UI writes a whole number in English: thousands grouped by commas.
fn format_english(value: i64) -> String {
    french_integer(value).replace('\u{202f}', ",")
}
