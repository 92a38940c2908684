//! End-to-end: The dashboard, members, a member's page and the data requests register.

use crate::harness::{dialog_dir, french_integer, text_content_when, App};
use panier::kernel::ids::MemberId;
use panier::people::members::{self, MemberInput, MemberQuery, MembershipStatus};
use panier::rights::requests::{self, NewRequest, RequestKind};
use panier::store::db::Database;
use std::path::Path;
use std::time::{Duration, Instant};

const PATIENCE: Duration = Duration::from_secs(20);

/// The text of the element matching `css`, once `accept` takes it; panics with the last seen.
async fn text_when(app: &App, css: &str, accept: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + PATIENCE;
    let mut seen = String::new();
    while Instant::now() < deadline {
        seen = app.element(css).await.text().await.unwrap_or_default();
        if accept(seen.trim()) {
            return seen.trim().to_string();
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("`{css}` never showed what was expected; it showed {seen:?}");
}

/// How the UI writes cents in French, as WebDriver reads it: "1 234,56 €" (its no-break space
/// before the sign reads as a plain space).
fn french_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let abs = cents.unsigned_abs() as i64;
    format!("{sign}{},{:02} €", french_integer(abs / 100), abs % 100)
}

fn seeded(path: &Path, members: u32, years: u32) -> Database {
    crate::harness::seeded_file(path, "AMIPO — Orléans", members, years, 7)
}

fn add_member(db: &mut Database, name: &str, email: &str) -> MemberId {
    members::add(db, &MemberInput::from_name(name, email, false)).unwrap()
}

fn count_matching(db: &Database, query: MemberQuery) -> usize {
    members::list(db.conn(), &query, panier::kernel::dates::today())
        .unwrap()
        .len()
}

/// "2 membres sur 2 001", as the list's count line says it.
fn shown_of(shown: usize, total: i64) -> String {
    let noun = if shown <= 1 { "membre" } else { "membres" };
    format!(
        "{} {noun} sur {}",
        french_integer(shown as i64),
        french_integer(total)
    )
}

#[tokio::test(flavor = "multi_thread")]
async fn dashboard_figures_open_their_lists_and_search_ignores_accents() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("amipo.sqlite");
    let mut db = seeded(&path, 2000, 3);
    let helene = add_member(&mut db, "Hélène Quintard", "helene.quintard@example.org");
    let today = panier::kernel::dates::today();
    // A member with money and accounts, for a full page, and requests near and past deadline.
    let rich = members::list(db.conn(), &MemberQuery::default(), today)
        .unwrap()
        .into_iter()
        .find(|m| {
            !panier::hosting::accounts::for_member(db.conn(), m.id)
                .unwrap()
                .is_empty()
                && panier::books::ledger::for_member(db.conn(), m.id)
                    .unwrap()
                    .len()
                    >= 2
        })
        .expect("the seed has members with accounts and payments");
    let days_before = |n: u32| {
        let mut day = today;
        for _ in 0..n {
            day = day.pred_opt().unwrap();
        }
        day
    };
    for days_ago in [40, 26] {
        requests::add(
            &mut db,
            &NewRequest {
                member: rich.id,
                kind: RequestKind::Access,
                received_on: days_before(days_ago),
                identity_check: "écrit depuis l'adresse du membre".into(),
                notes: String::new(),
            },
            today,
        )
        .unwrap();
    }
    let expected = panier::dashboard::compute(db.conn(), today).unwrap();
    let total = members::count(&db).unwrap();
    let grace_count = count_matching(
        &db,
        MemberQuery {
            status: Some(MembershipStatus::Grace),
            ..Default::default()
        },
    );
    let helenes = members::list(
        db.conn(),
        &MemberQuery {
            search: Some("helene".into()),
            ..Default::default()
        },
        today,
    )
    .unwrap();
    let helene_count = helenes.len();
    assert!(helenes.iter().any(|m| m.id == helene));
    // The list is sorted by name: its first row is the core's first match.
    let first_helene = helenes[0].name.clone();
    assert!(first_helene.contains("Hélène"), "{first_helene}");
    assert_eq!(grace_count as i64, expected.members_grace);

    let app = App::launch(&path, sandbox.path()).await;
    app.wait_for_text(
        "[data-testid=member-count]",
        &format!("{} membres", french_integer(total)),
    )
    .await;
    app.wait_for_text(
        "[data-testid=dashboard-active]",
        &format!("{} à jour", french_integer(expected.members_active)),
    )
    .await;
    app.wait_for_text(
        "[data-testid=dashboard-grace]",
        &format!(
            "{} en délai de grâce",
            french_integer(expected.members_grace)
        ),
    )
    .await;
    let expired_noun = if expected.members_expired <= 1 {
        "adhésion expirée"
    } else {
        "adhésions expirées"
    };
    app.wait_for_text(
        "[data-testid=dashboard-expired]",
        &format!(
            "{} {expired_noun}",
            french_integer(expected.members_expired)
        ),
    )
    .await;
    for (id, value) in [
        ("dashboard-renewals-due", expected.renewals_due),
        ("dashboard-over-quota", expected.accounts_over_quota),
        ("dashboard-near-quota", expected.accounts_near_quota),
        (
            "dashboard-requests-due",
            expected.data_requests_due + expected.data_requests_late,
        ),
    ] {
        app.wait_for_text(&format!("[data-testid={id}]"), &french_integer(value))
            .await;
    }
    assert_eq!(expected.data_requests_late, 1);
    assert_eq!(expected.data_requests_due, 1);
    app.wait_for_text(
        "[data-testid=dashboard-income]",
        &french_cents(expected.income_cents),
    )
    .await;
    app.wait_for_text(
        "[data-testid=dashboard-expenses]",
        &french_cents(expected.expenses_cents),
    )
    .await;
    app.screenshot("screen-dashboard").await;

    // The grace figure opens the members list filtered to grace.
    app.click("[data-testid=dashboard-grace]").await;
    app.wait_for_text("[data-testid=screen-members] h2", "Membres")
        .await;
    app.wait_for_value("#member-status", "grace").await;
    app.wait_for_text("[data-testid=member-shown]", &shown_of(grace_count, total))
        .await;
    if grace_count > 0 {
        let first = app.element("[data-testid=member-row]").await;
        let text = first.text().await.unwrap();
        assert!(text.contains("en délai de grâce"), "{text}");
    }

    // Search ignores accents and case, with the core's own search.
    app.click("[data-testid=nav-members]").await;
    assert_eq!(app.value_of("#member-status").await, "");
    app.wait_for_text(
        "[data-testid=member-shown]",
        &format!("{} membres", french_integer(total)),
    )
    .await;
    app.screenshot("screen-members").await;
    for typed in ["helene", "zzzzqx", "HÉLÈNE"] {
        app.type_into("[data-testid=member-search]", typed).await;
        let shown = if typed == "zzzzqx" { 0 } else { helene_count };
        app.wait_for_text("[data-testid=member-shown]", &shown_of(shown, total))
            .await;
        if shown > 0 {
            text_content_when(&app, "[data-testid=member-row] button.open", |t| {
                t == first_helene
            })
            .await;
        }
    }

    // A member's page, read from the core.
    app.type_into("[data-testid=member-search]", &rich.email)
        .await;
    app.wait_for_text("[data-testid=member-shown]", &shown_of(1, total))
        .await;
    app.click(&format!(
        "[data-testid=member-row][data-member='{}'] button.open",
        rich.id
    ))
    .await;
    app.wait_for_text("[data-testid=member-name]", &rich.name)
        .await;
    app.wait_for_text("[data-testid=member-email-shown]", &rich.email)
        .await;
    app.screenshot("screen-member").await;

    // The register shows both requests, the late one first in the open list's order.
    app.click("[data-testid=nav-requests]").await;
    app.element("[data-testid=request-row]").await;
    app.element("[data-testid=request-row].late").await;
    app.element("[data-testid=request-row].near").await;
    app.screenshot("screen-requests").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_member_is_added_refused_as_a_duplicate_edited_and_deleted() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let mut db = Database::create(&path, "Les Paniers").unwrap();
    add_member(&mut db, "Paul Roux", "paul@example.org");

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-members]").await;
    app.click("[data-testid=member-add]").await;
    app.type_into("#member-first-name", "Léa").await;
    app.type_into("#member-last-name", "Martin").await;
    app.type_into("#member-email", "Lea@Example.org").await;
    app.click("[data-testid=member-save]").await;
    let notice = text_when(&app, "[data-testid=member-notice]", |t| {
        t.starts_with("Membre n°")
    })
    .await;
    let lea = members::find(db.conn(), "lea@example.org").expect("the form saved Léa");
    assert_eq!(
        (lea.first_name.as_str(), lea.last_name.as_str()),
        ("Léa", "Martin")
    );
    assert_eq!(notice, format!("Membre n° {} ajouté : Léa Martin.", lea.id));
    app.element(&format!(
        "[data-testid=member-row][data-member='{}']",
        lea.id
    ))
    .await;

    // A second member with Paul's address (in other letters) is refused, and nothing saved.
    app.click("[data-testid=member-add]").await;
    app.type_into("#member-first-name", "Paul").await;
    app.type_into("#member-last-name", "Bis").await;
    app.type_into("#member-email", "PAUL@example.org").await;
    app.click("[data-testid=member-save]").await;
    app.wait_for_text(
        "[data-testid=member-form-error]",
        "un membre a déjà l'adresse « paul@example.org »",
    )
    .await;
    assert_eq!(members::count(&db).unwrap(), 2);

    // An email the core cannot read is shown next to its field.
    app.type_into("#member-email", "paul-at-example").await;
    app.click("[data-testid=member-save]").await;
    app.wait_for_text(
        "[data-testid=member-email-error]",
        "« paul-at-example » n'est pas une adresse électronique",
    )
    .await;
    assert_eq!(members::count(&db).unwrap(), 2);

    // Edit from the member's page.
    app.click(&format!(
        "[data-testid=member-row][data-member='{}'] button.open",
        lea.id
    ))
    .await;
    app.wait_for_text("[data-testid=member-name]", "Léa Martin")
        .await;
    app.click("[data-testid=member-edit]").await;
    app.type_into("#member-city", "Orléans").await;
    app.click("[data-testid=member-save]").await;
    app.wait_for_text(
        "[data-testid=member-notice]",
        &format!("Fiche du membre n° {} enregistrée : Léa Martin.", lea.id),
    )
    .await;
    assert_eq!(members::get(db.conn(), lea.id).unwrap().city, "Orléans");

    // Delete, after a confirmation.
    app.click("[data-testid=member-delete]").await;
    app.click("[data-testid=member-delete-confirm]").await;
    app.wait_for_text(
        "[data-testid=member-notice]",
        "Membre supprimé : Léa Martin.",
    )
    .await;
    assert!(members::get(db.conn(), lea.id).is_err());
    assert_eq!(members::count(&db).unwrap(), 1);
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn an_edit_on_a_member_someone_changed_meanwhile_is_refused_then_redone() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let mut db = Database::create(&path, "Les Paniers").unwrap();
    let lea = add_member(&mut db, "Léa Martin", "lea@example.org");

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-members]").await;
    app.click(&format!(
        "[data-testid=member-row][data-member='{}'] button.open",
        lea
    ))
    .await;
    app.wait_for_text("[data-testid=member-name]", "Léa Martin")
        .await;
    app.click("[data-testid=member-edit]").await;
    app.type_into("#member-city", "Orléans").await;

    // Someone else (the team server, the CLI) saves Léa while the form is open.
    let read = members::get(db.conn(), lea).unwrap();
    let elsewhere = MemberInput {
        phone: "06 12 34 56 78".into(),
        ..MemberInput::from_name("Léa Martin", "lea@example.org", false)
    };
    members::update(&mut db, lea, &elsewhere).unwrap();

    app.click("[data-testid=member-save]").await;
    text_when(&app, "[data-testid=member-form-error]", |t| {
        t.starts_with("Ce membre a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert")
    })
    .await;
    app.screenshot("member-edit-conflict").await;
    let now = members::get(db.conn(), lea).unwrap();
    assert_eq!(
        (now.city.as_str(), now.phone.as_str()),
        ("", "06 12 34 56 78"),
        "the other save stands, the stale form wrote nothing"
    );
    assert!(now.revision > read.revision);

    // Closed and reopened, the form shows the new values and saves.
    app.click("[data-testid=member-form] .actions button[type=button]")
        .await;
    text_when(&app, "section.identity", |t| t.contains("06 12 34 56 78")).await;
    app.click("[data-testid=member-edit]").await;
    app.wait_for_value("#member-phone", "06 12 34 56 78").await;
    app.type_into("#member-city", "Orléans").await;
    app.click("[data-testid=member-save]").await;
    app.wait_for_text(
        "[data-testid=member-notice]",
        &format!("Fiche du membre n° {} enregistrée : Léa Martin.", lea),
    )
    .await;
    let saved = members::get(db.conn(), lea).unwrap();
    assert_eq!(
        (saved.city.as_str(), saved.phone.as_str()),
        ("Orléans", "06 12 34 56 78")
    );
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_data_request_is_due_one_month_after_it_was_received() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let mut db = Database::create(&path, "Les Paniers").unwrap();
    let lea = add_member(&mut db, "Léa Martin", "lea@example.org");

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-requests]").await;
    app.click("[data-testid=request-add]").await;
    app.type_into("#request-member", "lea@example.org").await;
    app.type_into("#request-received", "2025-01-31").await;
    // Without saying how the identity was checked, the core refuses, next to that field.
    app.click("[data-testid=request-save]").await;
    let refusal = text_when(&app, "[data-testid=request-identity-error]", |t| {
        !t.is_empty()
    })
    .await;
    assert!(refusal.starts_with("dites comment l'identité"), "{refusal}");
    assert!(requests::list(db.conn(), false).unwrap().is_empty());

    app.type_into("#request-identity", "écrit depuis l'adresse du membre")
        .await;
    app.click("[data-testid=request-save]").await;
    let notice = text_when(&app, "[data-testid=request-notice]", |t| !t.is_empty()).await;
    let recorded = requests::list(db.conn(), false).unwrap();
    assert_eq!(recorded.len(), 1);
    let request = &recorded[0];
    assert_eq!(request.member_id, Some(lea));
    assert_eq!(request.received_on.to_string(), "2025-01-31");
    assert_eq!(
        request.deadline.to_string(),
        "2025-02-28",
        "one month later"
    );
    assert_eq!(
        notice,
        format!(
            "Demande n° {} de Léa Martin enregistrée : réponse due le 28/02/2025.",
            request.id
        )
    );
    app.element(
        "[data-testid=request-row] [data-testid=request-deadline][data-deadline='2025-02-28']",
    )
    .await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn a_members_data_export_is_written_where_the_dialog_says() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    let mut db = seeded(&path, 20, 1);
    let helene = add_member(&mut db, "Hélène Lefèvre", "helene@example.org");
    let expected_name = panier::rights::export::file_name(
        &members::get(db.conn(), helene).unwrap(),
        panier::kernel::dates::today(),
    );

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-members]").await;
    app.type_into("[data-testid=member-search]", "lefevre")
        .await;
    app.click(&format!(
        "[data-testid=member-row][data-member='{helene}'] button.open"
    ))
    .await;
    app.wait_for_text("[data-testid=member-name]", "Hélène Lefèvre")
        .await;
    app.click("[data-testid=member-export]").await;
    let written = dialog_dir(sandbox.path()).join(&expected_name);
    let notice = text_when(&app, "[data-testid=member-notice]", |t| {
        t.starts_with("Données exportées")
    })
    .await;
    assert!(notice.contains(&written.display().to_string()), "{notice}");
    let bytes = std::fs::read(&written).expect("the export is in the dialog's folder");
    assert!(bytes.starts_with(b"PK"), "a ZIP archive");
    app.quit().await;
}
