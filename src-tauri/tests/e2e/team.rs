//! The window joined to the association's server (`panier serve`, started here on a free
//! loopback port): the treasurer logs in from the first-run screen, sees who they are in the
//! header and only their role's screens, adds a member from the Members screen, sees a member
//! another volunteer added meanwhile appear by itself, and logs out; the next login form is
//! filled with the server and user (never the password).

use crate::harness::{text_content_when, App};
use crate::processes::{start_panier_serve, Running};
use panier::ops::{users, Role};
use panier::store::db::Database;
use std::path::Path;
use std::time::Duration;

const PATIENCE: Duration = Duration::from_secs(45);

/// A `panier-serve` on a file of its own; stopped when dropped.
struct TeamServer {
    url: String,
    _process: Running,
}

fn password(user: &str) -> String {
    format!("{user}-phrase-de-passe")
}

/// Starts `panier-serve` on `path`, a new file holding a treasurer and a secretary.
fn start_team_server(path: &Path) -> TeamServer {
    let mut db = Database::create(path, "AMIPO").unwrap();
    for (name, role) in [("tom", Role::Treasurer), ("sam", Role::Secretary)] {
        users::add(&mut db, name, role, &password(name)).unwrap();
    }
    drop(db);
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let (process, url) = start_panier_serve(&root, path, PATIENCE);
    TeamServer {
        url,
        _process: process,
    }
}

/// Another volunteer, in their browser: logs in as `user` and adds a member by the API.
fn another_volunteer_adds(server: &TeamServer, user: &str, first: &str, last: &str, email: &str) {
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .http_status_as_error(true)
        .build()
        .into();
    let mut login = agent
        .post(format!("{}/api/login", server.url))
        .header("Content-Type", "application/json")
        .send(serde_json::json!({"user": user, "password": password(user)}).to_string())
        .expect("the other volunteer logs in");
    let cookie = login
        .headers()
        .get("set-cookie")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .unwrap()
        .to_string();
    let answer: serde_json::Value =
        serde_json::from_str(&login.body_mut().read_to_string().unwrap()).unwrap();
    agent
        .post(format!("{}/api/members", server.url))
        .header("Content-Type", "application/json")
        .header("Cookie", &cookie)
        .header("X-CSRF-Token", answer["csrf"].as_str().unwrap())
        .send(
            serde_json::json!({"first_name": first, "last_name": last, "email": email}).to_string(),
        )
        .expect("the other volunteer adds a member");
}

#[tokio::test(flavor = "multi_thread")]
async fn the_treasurer_works_on_the_associations_server_from_the_window() {
    let sandbox = tempfile::tempdir().unwrap();
    let server = start_team_server(&sandbox.path().join("serveur.sqlite"));
    // no local file: the first-run screen, where one can join the server
    let app = App::launch(&sandbox.path().join("local.sqlite"), sandbox.path()).await;
    app.element("[data-testid=server-form]").await;
    app.type_into("#server-url", &server.url).await;
    app.type_into("#server-user", "tom").await;
    app.type_into("#server-password", &password("tom")).await;
    app.click("[data-testid=server-submit]").await;

    app.wait_for_text(
        "[data-testid=connected-as]",
        &format!("Connecté à {} en tant que tom (trésorier)", server.url),
    )
    .await;
    app.wait_for_text("[data-testid=association-name]", "AMIPO")
        .await;
    // the treasurer's screens only: no settings, no service accounts, no data requests
    let screens = app.texts("nav li button").await;
    assert!(screens.iter().any(|s| s == "Membres"), "{screens:?}");
    assert!(screens.iter().any(|s| s == "Argent"), "{screens:?}");
    for not_theirs in ["Réglages", "Comptes", "Demandes"] {
        assert!(
            !screens.iter().any(|s| s.starts_with(not_theirs)),
            "{not_theirs} offered: {screens:?}"
        );
    }

    // a member added from the Members screen, on the server
    app.click("[data-testid=nav-members]").await;
    app.click("[data-testid=member-add]").await;
    app.type_into("#member-first-name", "Léa").await;
    app.type_into("#member-last-name", "Martin").await;
    app.type_into("#member-email", "lea@example.org").await;
    app.click("[data-testid=member-save]").await;
    app.element("[data-testid=member-notice]").await;
    wait_for_member(&app, "Léa Martin").await;
    assert_eq!(app.texts("[data-testid=member-row]").await.len(), 1);

    // another volunteer adds one meanwhile: the list shows it without a click
    another_volunteer_adds(&server, "sam", "Zoé", "Bernard", "zoe@example.org");
    wait_for_member(&app, "Zoé Bernard").await;
    app.screenshot("team-window-connected").await;

    // logging out goes back to the first-run screen, its form filled for next time
    app.click("[data-testid=disconnect]").await;
    app.element("[data-testid=server-form]").await;
    app.wait_for_value("#server-url", &server.url).await;
    app.wait_for_value("#server-user", "tom").await;
    assert_eq!(app.value_of("#server-password").await, "");
    app.quit().await;

    let remembered = std::fs::read_to_string(
        sandbox
            .path()
            .join("config")
            .join("fr.chatons.panier")
            .join("last-server.json"),
    )
    .expect("the server joined is remembered");
    assert!(remembered.contains("\"tom\""), "{remembered}");
    assert!(!remembered.contains(&password("tom")), "{remembered}");
}

/// Waits until the Members screen (rows in the list's overscan included) holds `name`.
async fn wait_for_member(app: &App, name: &str) {
    text_content_when(app, "[data-testid=screen-members]", |seen| {
        seen.contains(name)
    })
    .await;
}
