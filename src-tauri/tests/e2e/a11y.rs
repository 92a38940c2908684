//! Accessibility end to end (issue #21, WCAG 2.1 AA): axe-core on every screen of a seeded
//! file and on the forms and dialogs they open, then a keyboard-only journey (Tab,
//! Shift+Tab, Enter, Space, Escape; no click) from the first-run screen to a recorded fee.

use crate::harness::{App, Focused, Press};
use panier::people::members::MemberInput;
use panier::store::db::Database;
use std::path::Path;
use std::time::{Duration, Instant};

const GIB: i64 = 1 << 30;

/// Waits until `css` contains `part`.
async fn wait_for_part(app: &App, css: &str, part: &str) {
    let deadline = Instant::now() + Duration::from_secs(45);
    let mut seen = String::new();
    while Instant::now() < deadline {
        if app.texts(css).await.iter().any(|text| text.contains(part)) {
            return;
        }
        seen = app.texts(css).await.join(" | ");
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("`{css}` should contain {part:?}, it showed {seen:?}");
}

fn seeded(path: &Path) {
    let mut db = crate::harness::seeded_file(path, "AMIPO — Orléans", 60, 1, 21);
    // The seed opens no hosting account: one, so the accounts screen has a row and dialogs.
    let alix = panier::people::members::add(
        &mut db,
        &MemberInput::from_name("Alix Martin", "alix@example.org", false),
    )
    .unwrap();
    panier::hosting::accounts::add(&mut db, alix, "nextcloud", "alix", GIB).unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_and_dialog_has_no_serious_axe_violation() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("amipo.sqlite");
    seeded(&path);

    let app = App::launch(&path, sandbox.path()).await;
    app.wait_for_text("[data-testid=association-name]", "AMIPO — Orléans")
        .await;
    app.assert_accessible("dashboard").await;

    for screen in [
        "members", "renewals", "money", "books", "imports", "plans", "accounts", "requests",
        "reports", "settings",
    ] {
        app.click(&format!("[data-testid=nav-{screen}]")).await;
        app.element(&format!("[data-testid=screen-{screen}] h2"))
            .await;
        // Let the screen's data arrive: axe must see the rows, not a loading line.
        tokio::time::sleep(Duration::from_millis(700)).await;
        app.assert_accessible(screen).await;
    }

    // Forms and dialogs the other tests open.
    app.click("[data-testid=nav-members]").await;
    app.click("[data-testid=member-add]").await;
    app.element("#member-first-name").await;
    app.assert_accessible("members: new member form").await;
    app.click("[data-testid=member-save]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.assert_accessible("members: new member form, refused")
        .await;

    app.click("[data-testid=nav-members]").await;
    app.click("[data-testid=member-row] button.open").await;
    app.element("[data-testid=member-edit]").await;
    app.assert_accessible("member page").await;
    app.click("[data-testid=member-edit]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.assert_accessible("member page: editing").await;

    app.click("[data-testid=nav-plans]").await;
    app.click("[data-testid=plan-add]").await;
    app.element("#plan-name").await;
    app.assert_accessible("plans: new plan form").await;

    // The money forms: the payment one is checked on the keyboard journey below, where it is
    // filled in; the donation, expense and recurring ones here, empty then refused.
    for (opener, first_field, submit, place) in [
        (
            "money-donate-open",
            "#donate-date",
            "form[aria-labelledby=donate-title] button[type=submit]",
            "money: donation form",
        ),
        (
            "money-expense-open",
            "#expense-date",
            "form[aria-labelledby=expense-title] button[type=submit]",
            "money: expense form",
        ),
        (
            "money-recurring-open",
            "#rec-from",
            "",
            "money: recurring expenses",
        ),
    ] {
        app.click("[data-testid=nav-money]").await;
        // The year's figures arrive above the buttons and push them down: click once they
        // are there, or the click lands where the button was.
        app.element("[data-testid=money-year]").await;
        tokio::time::sleep(Duration::from_millis(500)).await;
        app.click(&format!("[data-testid={opener}]")).await;
        app.element(first_field).await;
        tokio::time::sleep(Duration::from_millis(300)).await;
        app.assert_accessible(place).await;
        if !submit.is_empty() {
            app.click(submit).await;
            tokio::time::sleep(Duration::from_millis(500)).await;
            app.assert_accessible(&format!("{place}, refused")).await;
        }
    }

    // The renewal dialog, both steps' first.
    app.click("[data-testid=nav-renewals]").await;
    app.element("[data-testid=renewal-renew]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.click("[data-testid=renewal-renew]").await;
    app.element("[data-testid=renew-panel]").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    app.assert_accessible("renewals: renewal dialog").await;

    app.click("[data-testid=nav-books]").await;
    app.click("[data-testid=books-close]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.assert_accessible("books: closing the year").await;
    // Escape closes the confirmation (its backdrop would hide the navigation).
    app.press(Press::Escape).await;

    app.click("[data-testid=nav-requests]").await;
    app.click("[data-testid=request-add]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.assert_accessible("requests: new request form").await;

    app.click("[data-testid=nav-accounts]").await;
    wait_for_part(&app, "[data-testid=account-row]", "alix").await;
    app.click("[data-testid=account-actions]").await;
    app.click("[data-testid=quota-grant-open]").await;
    app.element("[data-testid=grant-size]").await;
    app.assert_accessible("accounts: grant dialog").await;
    app.press(Press::Escape).await;
    app.click("[data-testid=account-actions]").await;
    app.element("[role=menu]").await;
    app.assert_accessible("accounts: a row's menu, open").await;
    app.click("[data-testid=grants-open]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.assert_accessible("accounts: grants dialog").await;
    app.press(Press::Escape).await;
    app.click("[data-testid=accounts-tab-nextcloud]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    app.assert_accessible("accounts: Nextcloud panel").await;

    // English too.
    app.click("[data-testid=language-en]").await;
    app.click("[data-testid=nav-dashboard]").await;
    app.assert_accessible("dashboard (English)").await;
    app.quit().await;
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_run_and_refused_file_screens_have_no_serious_axe_violation() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("nouvelle.sqlite");
    let app = App::launch(&path, sandbox.path()).await;
    app.element("[data-testid=first-run]").await;
    app.assert_accessible("first run").await;
    app.click("[data-testid=first-run] button.primary").await;
    app.element("[data-testid=create-error]").await;
    app.assert_accessible("first run, refused").await;
    app.quit().await;

    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("compta.sqlite");
    std::fs::write(&path, "pas une base Panier\n").unwrap();
    let app = App::launch(&path, sandbox.path()).await;
    app.element("[data-testid=startup-problem]").await;
    app.assert_accessible("a file that is not Panier").await;
    app.quit().await;
}

fn is(id: &'static str) -> impl Fn(&Focused) -> bool {
    move |f: &Focused| f.id == id || f.testid == id
}

#[tokio::test(flavor = "multi_thread")]
async fn keyboard_only_from_first_run_to_a_recorded_fee() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("clavier.sqlite");
    let app = App::launch_alone(&path, sandbox.path()).await;
    app.element("[data-testid=first-run]").await;

    // First run: to the name field, type, Enter submits the form.
    app.tab_to(is("create-name"), 15, Press::Tab).await;
    app.type_keys("Clavier libre").await;
    app.press(Press::Enter).await;
    app.wait_for_text("[data-testid=association-name]", "Clavier libre")
        .await;

    // The first Tab on the workspace reaches the skip link, which jumps to the content.
    let skip = app.tab_to(is("skip-link"), 3, Press::Tab).await;
    assert!(skip.visible, "the skip link shows when focused");
    assert_eq!(skip.text, "Aller au contenu");
    app.press(Press::Enter).await;
    let main = app.focused().await;
    assert_eq!(
        main.tag, "main",
        "the skip link moves the focus to the content"
    );

    // A plan: from the content back up to the navigation (Shift+Tab), Enter on Plans.
    app.tab_to(is("nav-plans"), 30, Press::ShiftTab).await;
    app.press(Press::Enter).await;
    app.element("[data-testid=screen-plans]").await;
    app.tab_to(is("plan-add"), 30, Press::Tab).await;
    app.press(Press::Space).await;
    app.element("#plan-name").await;
    // Escape closes the form and the focus goes back to where it was.
    app.press(Press::Escape).await;
    let back = app.focused().await;
    assert!(
        back.testid == "plan-add",
        "after Escape the focus returns to the opener, not {back:?}"
    );
    app.press(Press::Enter).await;
    app.tab_to(is("plan-name"), 5, Press::Tab).await;
    app.type_keys("Adhésion").await;
    app.tab_to(is("plan-amount"), 10, Press::Tab).await;
    app.type_keys("20").await;
    app.assert_accessible("plans: new plan form").await;
    app.tab_to(is("plan-submit"), 20, Press::Tab).await;
    app.press(Press::Enter).await;
    wait_for_part(&app, "[data-testid=plans-notice]", "Adhésion").await;

    // A member.
    app.tab_to(is("nav-members"), 40, Press::ShiftTab).await;
    app.press(Press::Enter).await;
    app.tab_to(is("member-add"), 30, Press::Tab).await;
    app.press(Press::Enter).await;
    // The form puts the focus on its first field itself.
    app.element("#member-first-name").await;
    let first = app.focused().await;
    assert!(
        first.id == "member-first-name" && first.visible,
        "the new member form focuses its first field, visibly: {first:?}"
    );
    app.type_keys("Hélène").await;
    app.tab_to(is("member-last-name"), 3, Press::Tab).await;
    app.type_keys("Lefèvre").await;
    app.tab_to(is("member-email"), 5, Press::Tab).await;
    app.type_keys("helene@example.org").await;
    app.assert_accessible("members: new member form, filled in")
        .await;
    app.tab_to(is("member-save"), 40, Press::Tab).await;
    app.press(Press::Enter).await;
    wait_for_part(&app, "[data-testid=member-notice]", "Hélène Lefèvre").await;

    // The fee: the payment form, the member picked from the list with the keyboard.
    app.tab_to(is("nav-money"), 40, Press::ShiftTab).await;
    app.press(Press::Enter).await;
    app.tab_to(is("money-pay-open"), 30, Press::Tab).await;
    app.press(Press::Enter).await;
    app.tab_to(is("pay-member"), 10, Press::Tab).await;
    app.type_keys("lefev").await;
    app.element("[data-testid=pay-member-option]").await;
    app.press(Press::Enter).await;
    // A closed list takes the first letters of its choice, as everywhere.
    app.tab_to(is("pay-plan"), 10, Press::Tab).await;
    app.type_keys("Adh").await;
    app.tab_to(is("pay-amount"), 15, Press::Tab).await;
    app.type_keys("20").await;
    app.tab_to(is("pay-submit"), 20, Press::Tab).await;
    app.screenshot("keyboard-pay-submit").await;
    app.assert_accessible("money: payment form").await;
    app.press(Press::Enter).await;
    wait_for_part(&app, "[data-testid=money-notice]", "enregistré pour Hélène").await;
    app.quit().await;

    let db = Database::open(&path).unwrap();
    let helene = panier::people::members::find(db.conn(), "helene@example.org")
        .unwrap()
        .id;
    let income: i64 = panier::books::ledger::for_member(db.conn(), helene)
        .unwrap()
        .iter()
        .map(|entry| entry.amount_cents)
        .sum();
    assert_eq!(income, 2000, "the fee recorded with the keyboard alone");
}

#[tokio::test(flavor = "multi_thread")]
async fn a_rows_menu_works_from_the_keyboard_and_gives_the_focus_back() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("menus.sqlite");
    seeded(&path);
    let app = App::launch_alone(&path, sandbox.path()).await;
    app.wait_for_text("[data-testid=association-name]", "AMIPO — Orléans")
        .await;
    app.click("[data-testid=nav-accounts]").await;
    wait_for_part(&app, "[data-testid=account-row]", "alix").await;

    let opener = app.tab_to(is("account-actions"), 60, Press::Tab).await;
    assert!(opener.text.starts_with("Actions"), "{opener:?}");
    let expanded = || async {
        app.element("[data-testid=account-actions]")
            .await
            .attr("aria-expanded")
            .await
            .unwrap()
    };
    assert_eq!(expanded().await.as_deref(), Some("false"));
    assert_eq!(
        app.element("[data-testid=account-actions]")
            .await
            .attr("aria-haspopup")
            .await
            .unwrap()
            .as_deref(),
        Some("menu")
    );

    // Enter opens the menu on its first item; Escape closes it, the focus back on the button.
    app.press(Press::Enter).await;
    let first = app.focused().await;
    assert_eq!(first.testid, "quota-grant-open", "{first:?}");
    assert_eq!(expanded().await.as_deref(), Some("true"));
    app.press(Press::Escape).await;
    let back = app.focused().await;
    assert_eq!(back.testid, "account-actions", "{back:?}");
    assert_eq!(expanded().await.as_deref(), Some("false"));
    assert!(app.texts("[role=menu]").await.is_empty(), "the menu closed");

    // An item chosen with the keyboard opens its dialog; closing it returns to the button.
    app.press(Press::Enter).await;
    app.press(Press::Enter).await;
    app.element("[data-testid=grant-size]").await;
    app.press(Press::Escape).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let after = app.focused().await;
    assert_eq!(after.testid, "account-actions", "{after:?}");
    app.quit().await;
}
