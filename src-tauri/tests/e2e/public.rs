//! End-to-end: The reports, the books, exports and imports.

#[path = "../../../tests/support/helloasso_mock.rs"]
mod helloasso_mock;

use crate::harness::{dialog_dir, french_integer, App, Patience};

use panier::store::db::Database;
use panier::Lang;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

const SIREN: &str = "732829320";

/// A seeded 2,000-member association with three years of history (as the screenshots want).
fn seeded(sandbox: &Path) -> PathBuf {
    let path = sandbox.join("asso.sqlite");
    drop(crate::harness::seeded_file(
        &path,
        "Les Paniers d’Orléans",
        2000,
        3,
        7,
    ));
    path
}

/// How the UI writes integer cents in French, as WebDriver reads it back: "1 234,56 €" (it
/// turns the no-break space before the sign into a plain one, and keeps the narrow one).
fn french_cents(cents: i64) -> String {
    let sign = if cents < 0 { "-" } else { "" };
    let cents = cents.abs();
    format!("{sign}{},{:02} €", french_integer(cents / 100), cents % 100)
}

fn ledger_entries(db_path: &Path) -> i64 {
    let db = Database::open(db_path).unwrap();
    db.conn()
        .query_row("SELECT count(*) FROM ledger_entries", [], |row| row.get(0))
        .unwrap()
}

/// Waits until the element's text contains `part`; returns the whole text.
async fn wait_for_text_containing(app: &App, css: &str, part: &str) -> String {
    let deadline = Instant::now() + Duration::from_secs(45);
    let mut seen = String::new();
    while Instant::now() < deadline {
        seen = app.element(css).await.text().await.unwrap_or_default();
        if seen.contains(part) {
            return seen;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    panic!("`{css}` should contain {part:?}, it showed {seen:?}");
}

#[tokio::test(flavor = "multi_thread")]
async fn books_show_the_cores_totals_and_the_fec_lands_in_the_chosen_folder() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = seeded(sandbox.path());
    let (year, income_cents, result_cents) = {
        let mut db = Database::open(&path).unwrap();
        panier::store::settings::set(&mut db, "siren", SIREN).unwrap();
        let year = panier::public::report::default_year(db.conn(), chrono_today()).unwrap();
        // Years close in order: the earlier ones are closed already, this one is the window's.
        let earlier: Vec<i32> = panier::books::years::financial_years(db.conn())
            .unwrap()
            .into_iter()
            .filter(|y| y.year < year && y.entries > 0 && !y.closed)
            .map(|y| y.year)
            .collect();
        for y in earlier {
            panier::books::closing::close_year(&mut db, y, chrono_today()).unwrap();
        }
        let statement = panier::books::statements::statement(db.conn(), year, Lang::Fr).unwrap();
        let cents = |d| panier::kernel::money::to_cents("test", d).unwrap();
        (year, cents(statement.income.total), cents(statement.result))
    };
    assert!(income_cents > 0, "the seeded year has income");

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-books]").await;
    app.wait_for_text(
        "[data-testid=books-income-total]",
        &french_cents(income_cents),
    )
    .await;
    app.wait_for_text("[data-testid=books-result]", &french_cents(result_cents))
        .await;
    app.wait_for_value("[data-testid=books-year]", &year.to_string())
        .await;
    app.screenshot("screen-books").await;

    app.click("[data-testid=export-fec]").await;
    let fec = dialog_dir(sandbox.path()).join(format!("{SIREN}FEC{year}1231.txt"));
    wait_for_text_containing(
        &app,
        "[data-testid=export-result]",
        &fec.display().to_string(),
    )
    .await;
    let text = std::fs::read_to_string(&fec).expect("the FEC was written in the chosen folder");
    assert!(
        text.starts_with("JournalCode\t"),
        "{}",
        &text[..80.min(text.len())]
    );

    // Closing says what it means before doing it.
    app.click("[data-testid=books-close]").await;
    wait_for_text_containing(
        &app,
        "[data-testid=books-close-explain]",
        &format!("31/12/{year}"),
    )
    .await;
    app.click("[data-testid=books-close-confirm]").await;
    wait_for_text_containing(&app, "[data-testid=books-close-result]", "clos").await;
    app.wait_for_text(
        "[data-testid=books-status]",
        "Exercice clos : rien de daté dans cet exercice ne peut plus être modifié.",
    )
    .await;
    app.quit().await;

    let db = Database::open(&path).unwrap();
    assert!(panier::books::years::closed_year(db.conn(), year)
        .unwrap()
        .is_some());
}

fn chrono_today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// A HelloAsso payments export with the sample's header and its donation row, once per
/// (payment reference, amount, date).
fn helloasso_donations(rows: &[(&str, &str, &str)]) -> String {
    let sample = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/helloasso/paiements.csv"),
    )
    .unwrap();
    let mut lines = sample.lines();
    let header = lines.next().unwrap();
    let donation = lines
        .find(|line| line.contains(";Don;") && line.contains(";Autorisé;"))
        .expect("the sample has an authorised donation");
    let cells: Vec<&str> = donation.split(';').collect();
    let mut out = format!("{header}\r\n");
    for (reference, amount, date) in rows {
        let mut row: Vec<String> = cells.iter().map(|c| c.to_string()).collect();
        row[0] = format!("9{reference}");
        row[1] = reference.to_string();
        row[2] = amount.to_string();
        row[3] = date.to_string();
        out.push_str(&row.join(";"));
        out.push_str("\r\n");
    }
    out
}

#[tokio::test(flavor = "multi_thread")]
async fn a_refused_row_blocks_the_import_until_the_file_is_fixed() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = seeded(sandbox.path());
    let before = ledger_entries(&path);
    let chosen = dialog_dir(sandbox.path()).join("helloasso.csv");
    std::fs::write(
        &chosen,
        helloasso_donations(&[
            ("70000001", "30,00", "20/02/2026 21:47:02"),
            ("70000002", "12,5O", "21/02/2026 10:00"),
            ("70000003", "15,00", "31/02/2026"),
        ]),
    )
    .unwrap();

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-imports]").await;
    app.click("[data-testid=import-choose]").await;
    let amount_row = "[data-testid=import-row][data-line='3']";
    app.element(&format!("{amount_row}[data-outcome=refused]"))
        .await;
    let amount_text = app.element(amount_row).await.text().await.unwrap();
    assert!(amount_text.contains("Montant total"), "{amount_text}");
    assert!(amount_text.contains("12,5O"), "{amount_text}");
    let date_text = app
        .element("[data-testid=import-row][data-line='4'][data-outcome=refused]")
        .await
        .text()
        .await
        .unwrap();
    assert!(date_text.contains("Date du paiement"), "{date_text}");
    app.wait_for_text(
        "[data-testid=import-counts]",
        "1 à créer · 0 déjà là · 0 ignorées · 2 refusées",
    )
    .await;
    app.screenshot("screen-imports").await;

    app.click("[data-testid=import-confirm]").await;
    app.element("[data-testid=import-summary][data-status=refused]")
        .await;
    assert_eq!(
        ledger_entries(&path),
        before,
        "a refused import writes nothing"
    );

    // The fixed file imports.
    std::fs::write(
        &chosen,
        helloasso_donations(&[
            ("70000001", "30,00", "20/02/2026 21:47:02"),
            ("70000002", "12,50", "21/02/2026 10:00"),
        ]),
    )
    .unwrap();
    app.click("[data-testid=import-choose]").await;
    app.wait_for_text(
        "[data-testid=import-counts]",
        "2 à créer · 0 déjà là · 0 ignorées · 0 refusées",
    )
    .await;
    assert_eq!(ledger_entries(&path), before, "a dry run writes nothing");
    app.click("[data-testid=import-confirm]").await;
    app.element("[data-testid=import-summary][data-status=imported]")
        .await;
    app.quit().await;
    assert_eq!(ledger_entries(&path), before + 2);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_report_preview_names_the_association_and_the_pdf_is_written() {
    let sandbox = tempfile::tempdir().unwrap();
    let path = seeded(sandbox.path());
    let year = {
        let db = Database::open(&path).unwrap();
        panier::public::report::default_year(db.conn(), chrono_today()).unwrap()
    };

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-reports]").await;
    app.wait_for_value("[data-testid=report-year]", &year.to_string())
        .await;
    let frame = app.element("[data-testid=report-preview]").await;
    let mut patience = Patience::new();
    let mut named = false;
    while !named && patience.again().await {
        let html = frame.attr("srcdoc").await.unwrap().unwrap_or_default();
        named = html.contains("Les Paniers d’Orléans");
    }
    assert!(named, "the preview never named the association");
    app.screenshot("screen-reports").await;

    app.click("[data-testid=report-write-pdf]").await;
    let pdf = dialog_dir(sandbox.path()).join(format!("rapport-{year}.pdf"));
    wait_for_text_containing(
        &app,
        "[data-testid=report-written]",
        &pdf.display().to_string(),
    )
    .await;
    let bytes = std::fs::read(&pdf).expect("the PDF was written where the dialog said");
    assert!(bytes.starts_with(b"%PDF"), "not a PDF");

    // The registers the report reads: an addition shows in the list.
    app.type_into("#signoff-admin", "Camille").await;
    app.type_into("#signoff-date", "10/01/2025").await;
    app.type_into("#signoff-document", "charte 2023").await;
    app.click("[data-testid=signoff-add]").await;
    wait_for_text_containing(&app, "[data-testid=signoffs]", "Camille").await;
    app.quit().await;

    let db = Database::open(&path).unwrap();
    let signoffs = panier::public::charter::signoffs(db.conn()).unwrap();
    assert_eq!(signoffs.len(), 1);
    assert_eq!(signoffs[0].admin_name, "Camille");
}

/// A new file, the Paheko association `fixture` (tests/data/paheko) where the file dialog
/// chooses, and the Imports screen showing its dry run: the window and the file's path.
async fn paheko_dry_run(sandbox: &tempfile::TempDir, fixture: &str) -> (App, PathBuf) {
    let path = sandbox.path().join("asso.sqlite");
    drop(Database::create(&path, "Les Chatons d’Émeraude").unwrap());
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/data/paheko");
    let chosen = dialog_dir(sandbox.path()).join("association.sqlite");
    std::fs::copy(data.join(fixture), chosen).unwrap();
    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-imports]").await;
    app.click("[data-testid=import-kind-paheko]").await;
    app.click("[data-testid=paheko-choose]").await;
    app.element("[data-testid=paheko-review][data-status=dry_run]")
        .await;
    (app, path)
}

/// From Paheko: the dry-run report comes first (nothing written), then the import and its
/// summary, on the association Paheko itself made (tests/data/paheko).
#[tokio::test(flavor = "multi_thread")]
async fn a_paheko_association_is_shown_before_it_is_imported() {
    let sandbox = tempfile::tempdir().unwrap();
    let (app, path) = paheko_dry_run(&sandbox, "association-1.3.sqlite").await;
    let organisation = app
        .element("[data-testid=paheko-item][data-kind=member]:nth-child(3)")
        .await
        .text()
        .await
        .unwrap();
    assert!(organisation.contains("Les Mûriers"), "{organisation}");
    app.element("[data-testid=paheko-account][data-fate=kept]")
        .await;
    assert_eq!(ledger_entries(&path), 0, "a dry run writes nothing");
    app.screenshot("screen-imports-paheko").await;

    app.click("[data-testid=paheko-confirm]").await;
    app.element("[data-testid=paheko-summary][data-status=imported]")
        .await;
    app.quit().await;
    assert!(ledger_entries(&path) > 0);
}

/// From Paheko 1.2: the same screen reads the older layout; its third-party accounts (a debt
/// and a credit paid off) show as taken at the pay-off, its unpaid subscription as owed.
#[tokio::test(flavor = "multi_thread")]
async fn a_paheko_12_association_is_shown_with_its_third_parties_and_dues() {
    let sandbox = tempfile::tempdir().unwrap();
    let (app, path) = paheko_dry_run(&sandbox, "association-1.2.sqlite").await;
    let settled = app
        .element("[data-testid=paheko-account][data-fate=settled]")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        settled.contains("401") || settled.contains("411"),
        "{settled}"
    );
    assert_eq!(ledger_entries(&path), 0, "a dry run writes nothing");
    app.screenshot("screen-imports-paheko12").await;

    app.click("[data-testid=paheko-confirm]").await;
    app.element("[data-testid=paheko-summary][data-status=imported]")
        .await;
    app.quit().await;
    assert!(ledger_entries(&path) > 0);
    let db = Database::open(&path).unwrap();
    assert_eq!(
        panier::membership::dues::outstanding(db.conn())
            .unwrap()
            .len(),
        1,
        "the unpaid subscription is owed"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn imports_helloasso_sync_shows_the_dry_run_then_imports_and_never_doubles() {
    use helloasso_mock::{
        payments_of_the_csv_fixture, MockHelloasso, CLIENT_ID, CLIENT_SECRET, ORG,
    };
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    server.set(|s| s.page_size = 4);
    let sandbox = tempfile::tempdir().unwrap();
    let path = sandbox.path().join("asso.sqlite");
    {
        let mut db = Database::create(&path, "Les Amis du Vélo").unwrap();
        for plan in crate::plans::helloasso_plans() {
            panier::membership::plans::add(&mut db, &plan).unwrap();
        }
    }

    let app = App::launch(&path, sandbox.path()).await;
    app.click("[data-testid=nav-imports]").await;
    app.type_into("[data-testid=helloasso-org]", ORG).await;
    app.type_into("[data-testid=helloasso-client-id]", CLIENT_ID)
        .await;
    app.type_into("[data-testid=helloasso-client-secret]", CLIENT_SECRET)
        .await;
    app.type_into("[data-testid=helloasso-api-url]", &server.url)
        .await;
    app.click("[data-testid=helloasso-save]").await;
    wait_for_text_containing(&app, "[data-testid=helloasso-status]", "Jamais synchronisé").await;

    app.click("[data-testid=helloasso-sync]").await;
    app.wait_for_text(
        "[data-testid=helloasso-counts]",
        "7 à créer · 0 déjà là · 3 ignorées · 0 refusées",
    )
    .await;
    let refunded = app
        .element("[data-testid=helloasso-row][data-reference='101203405']")
        .await
        .text()
        .await
        .unwrap();
    assert!(refunded.contains("remboursé"), "{refunded}");
    assert_eq!(ledger_entries(&path), 0, "a dry run writes nothing");
    app.screenshot("screen-helloasso-sync").await;

    app.click("[data-testid=helloasso-confirm]").await;
    app.element("[data-testid=helloasso-summary][data-status=imported]")
        .await;
    let written = ledger_entries(&path);
    assert!(written >= 7, "{written}");
    // again: everything is already there
    app.click("[data-testid=helloasso-sync]").await;
    wait_for_text_containing(&app, "[data-testid=helloasso-counts]", "0 à créer").await;
    let html = app.page_source().await;
    assert!(
        !html.contains(CLIENT_SECRET),
        "the secret came back to the window"
    );
    app.quit().await;
    assert_eq!(ledger_entries(&path), written);
}
