//! Imports: HelloAsso exports (payments, membership form), members CSV, all or nothing.

use crate::common::{audit_rows, day, fresh, Fixture};
use crate::plans_input::helloasso_plans;
use panier::books::ledger::Method;
use panier::bridges::csv_file::{decode, detect_separator, parse_csv, parse_datetime};
use panier::bridges::helloasso::import_helloasso;
use panier::bridges::members_csv::{self, import_members};
use panier::bridges::report::{FileKind, ImportOptions, ImportReport, ImportStatus, Outcome};
use panier::membership::plans::PlanInput;
use std::path::PathBuf;

fn sample(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/helloasso")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn with_plans() -> Fixture {
    let mut f = fresh();
    for p in helloasso_plans() {
        panier::membership::plans::add(&mut f.db, &p).unwrap();
    }
    f
}

/// Everything an import could have written.
fn state(f: &Fixture) -> (i64, i64, i64, i64, i64) {
    let q = |sql: &str| -> i64 { f.db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    (
        q("SELECT count(*) FROM members"),
        q("SELECT count(*) FROM ledger_entries"),
        q("SELECT count(*) FROM ledger_lines"),
        q("SELECT count(*) FROM subscriptions"),
        audit_rows(&f.db),
    )
}

fn run(f: &mut Fixture, file: &str, options: ImportOptions) -> ImportReport {
    import_helloasso(&mut f.db, &sample(file), options).unwrap()
}

const WRITE: ImportOptions = ImportOptions {
    dry_run: false,
    skip_invalid: false,
};
const DRY: ImportOptions = ImportOptions {
    dry_run: true,
    skip_invalid: false,
};

fn outcomes(r: &ImportReport) -> Vec<(usize, Outcome)> {
    r.rows.iter().map(|row| (row.line, row.outcome)).collect()
}

#[test]
fn payments_export_imported_twice_adds_nothing_the_second_time() {
    let mut f = with_plans();
    let empty = state(&f);
    let dry = run(&mut f, "paiements.csv", DRY);
    assert_eq!(dry.status, ImportStatus::DryRun);
    assert!(!dry.written);
    assert_eq!(state(&f), empty, "a dry run writes nothing");
    assert_eq!(dry.kind, Some(FileKind::HelloassoPayments));
    assert!(dry.bom);
    assert_eq!(dry.separator, ";");
    assert_eq!(dry.rows.len(), 10, "every row is listed");

    let first = run(&mut f, "paiements.csv", WRITE);
    assert_eq!(first.status, ImportStatus::Imported);
    assert!(first.written);
    assert_eq!(
        outcomes(&first),
        outcomes(&dry),
        "the dry run told the truth"
    );
    assert_eq!(
        (first.created, first.matched, first.skipped, first.refused),
        (7, 0, 3, 0)
    );
    assert_eq!(first.members_created, 5);
    assert_eq!(first.entries_created, 9);
    let after_first = state(&f);
    assert_eq!(after_first.0, empty.0 + 5);
    assert_eq!(after_first.1, empty.1 + 9);
    assert_eq!(after_first.4, empty.4 + 1, "one import, one audit row");

    // refunded and cancelled payments are skipped and say why, on the status column
    let refunded = first.rows.iter().find(|r| r.line == 6).unwrap();
    assert_eq!(refunded.outcome, Outcome::Skipped);
    assert_eq!(refunded.field.as_deref(), Some("Statut du paiement"));
    assert!(refunded.reason.contains("remboursé"));
    assert_eq!(
        first.rows.iter().find(|r| r.line == 7).unwrap().outcome,
        Outcome::Skipped
    );

    let second = run(&mut f, "paiements.csv", WRITE);
    assert_eq!(state(&f), after_first, "the same file twice adds nothing");
    assert_eq!((second.created, second.matched, second.skipped), (0, 7, 3));
    assert!(!second.written);

    // what was written
    let conn = f.db.conn();
    let helene = panier::people::members::find(conn, "helene.lefevre@laposte.net").unwrap();
    assert_eq!(helene.first_name, "Hélène");
    assert_eq!(helene.city, "Lyon");
    let entries = panier::books::ledger::for_member(conn, helene.id).unwrap();
    let mut amounts: Vec<i64> = entries.iter().map(|e| e.amount_cents).collect();
    amounts.sort();
    assert_eq!(
        amounts,
        vec![1000, 1500, 3000],
        "fee, extra donation, donation"
    );
    assert!(entries.iter().all(|e| e.method == Method::Helloasso));
    let donation = entries.iter().find(|e| e.amount_cents == 1000).unwrap();
    assert_eq!(donation.lines[0].account, "7541");
    // the email is matched trimmed and lower-cased: Jérôme is one member
    let jerome = panier::people::members::find(conn, "jerome.dubois@free.fr").unwrap();
    let jerome_entries = panier::books::ledger::for_member(conn, jerome.id).unwrap();
    assert_eq!(jerome_entries.len(), 2);
    assert!(jerome_entries
        .iter()
        .any(|e| e.lines.iter().any(|l| l.account == "706")));
    // an organisation from « Raison sociale »
    let velo = panier::people::members::find(conn, "tresorerie@amisduvelo.org").unwrap();
    assert_eq!(velo.org_name, "Les Amis du Vélo");
    assert_eq!(velo.street, "8, chemin de Halage");
    // « Hors ligne » payments keep their method
    let elodie = panier::people::members::find(conn, "elodie.mercier@riseup.net").unwrap();
    assert_eq!(
        panier::books::ledger::for_member(conn, elodie.id).unwrap()[0].method,
        Method::Cheque
    );
    let theo = panier::people::members::find(conn, "theo.faure@tutanota.com").unwrap();
    let theo_entries = panier::books::ledger::for_member(conn, theo.id).unwrap();
    assert!(theo_entries.iter().all(|e| e.method == Method::Cash));
    assert_eq!(
        theo_entries.iter().map(|e| e.amount_cents).sum::<i64>(),
        2000
    );
    // the membership counts in the books, and the file stays whole
    let s = panier::books::statements::statement(conn, 2026, panier::Lang::Fr).unwrap();
    assert_eq!(s.result.to_string(), "179.00");
    assert!(panier::store::check::run(&f.db).unwrap().ok());
}

#[test]
fn membership_form_export_is_recognised_and_knows_imported_orders() {
    let mut f = with_plans();
    run(&mut f, "paiements.csv", WRITE);
    let before = state(&f);
    let r = run(&mut f, "adhesions.csv", WRITE);
    assert_eq!(r.kind, Some(FileKind::HelloassoMemberships));
    assert_eq!(r.separator, ",");
    assert!(!r.bom);
    assert_eq!(
        outcomes(&r),
        vec![
            (2, Outcome::Matched),
            (3, Outcome::Created),
            (4, Outcome::Created),
            (5, Outcome::Skipped),
            (6, Outcome::Created)
        ]
    );
    assert_eq!(state(&f).0, before.0 + 3);
    assert_eq!(state(&f).1, before.1 + 3);
    let anne = panier::people::members::find(f.db.conn(), "as.dupont-menard@laposte.net").unwrap();
    assert_eq!(anne.last_name, "Dupont-Ménard");
    assert_eq!(anne.city, "Villeurbanne, Rhône");
    let again = run(&mut f, "adhesions.csv", WRITE);
    assert_eq!(again.created, 0);
    assert_eq!(state(&f).1, before.1 + 3);
}

#[test]
fn bad_rows_are_each_reported_and_nothing_is_written() {
    let mut f = with_plans();
    let before = state(&f);
    let r = run(&mut f, "paiements-erreurs-windows1252.csv", WRITE);
    assert_eq!(r.encoding, "windows-1252", "a Windows-1252 file is decoded");
    assert_eq!(r.status, ImportStatus::Refused);
    assert!(!r.written);
    assert_eq!(state(&f), before, "nothing written");
    let refused: Vec<(usize, &str)> = r
        .rows
        .iter()
        .filter(|row| row.outcome == Outcome::Refused)
        .map(|row| (row.line, row.field.as_deref().unwrap()))
        .collect();
    assert_eq!(
        refused,
        vec![
            (3, "Montant total"),
            (4, "Date du paiement"),
            (5, "Email payeur"),
            (6, "Montant total"),
        ]
    );
    let messages = r.refusals(panier::Lang::Fr);
    assert!(
        messages[0].starts_with("Ligne 3, colonne Montant total :"),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("« 12,5O »"), "{}", messages[0]);
    assert!(messages[1].contains("31/02/2026"), "{}", messages[1]);
    assert!(messages[1].contains("n'existe pas"), "{}", messages[1]);
    assert!(messages[2].contains("email absent"), "{}", messages[2]);
    assert!(messages[3].contains("négatif"), "{}", messages[3]);
    assert!(r.refusals(panier::Lang::En)[0].starts_with("Line 3, column Montant total:"));
    // the accented row is fine: decoded, not refused
    let ok = &r.rows[0];
    assert_eq!((ok.line, ok.outcome), (2, Outcome::Created));

    // a dry run says the same and writes nothing either
    let dry = run(&mut f, "paiements-erreurs-windows1252.csv", DRY);
    assert_eq!(dry.status, ImportStatus::DryRun);
    assert_eq!(dry.refused, 4);
    assert_eq!(state(&f), before);

    // --skip-invalid keeps the good row, with its accents
    let partial = run(
        &mut f,
        "paiements-erreurs-windows1252.csv",
        ImportOptions {
            dry_run: false,
            skip_invalid: true,
        },
    );
    assert_eq!(partial.status, ImportStatus::Imported);
    assert_eq!(state(&f).0, before.0 + 1);
    assert_eq!(state(&f).1, before.1 + 1);
    let francoise =
        panier::people::members::find(f.db.conn(), "francoise.herve@wanadoo.fr").unwrap();
    assert_eq!(francoise.first_name, "Françoise");
    assert_eq!(francoise.last_name, "Hervé");
    assert_eq!(francoise.city, "Saint-Étienne");
}

#[test]
fn a_missing_column_is_reported_on_the_header() {
    let mut f = with_plans();
    let before = state(&f);
    let r = run(&mut f, "paiements-colonne-manquante.csv", WRITE);
    assert_eq!(r.status, ImportStatus::Refused);
    assert_eq!(r.rows.len(), 1);
    assert_eq!(r.rows[0].line, 1);
    assert_eq!(r.rows[0].field.as_deref(), Some("Montant total"));
    assert!(r.rows[0].reason.contains("absente"));
    assert_eq!(state(&f), before);
    // a file that is not a HelloAsso export at all
    let err = import_helloasso(&mut f.db, b"a;b\n1;2\n", WRITE).unwrap_err();
    assert!(err.to_string().contains("non reconnu"), "{err}");
}

#[test]
fn an_import_into_a_closed_year_is_refused() {
    let mut f = with_plans();
    panier::books::closing::close_year(&mut f.db, 2026, day("2027-01-10")).unwrap();
    let before = state(&f);
    let r = run(&mut f, "paiements.csv", WRITE);
    assert_eq!(r.status, ImportStatus::Refused);
    assert_eq!(r.refused, 7);
    let first = r
        .rows
        .iter()
        .find(|r| r.outcome == Outcome::Refused)
        .unwrap();
    assert_eq!(first.field.as_deref(), Some("Date du paiement"));
    assert!(first.reason.contains("2026 est clos"), "{}", first.reason);
    assert_eq!(state(&f), before);
}

#[test]
fn members_export_imports_back_unchanged() {
    let mut f = with_plans();
    run(&mut f, "paiements.csv", WRITE);
    run(&mut f, "adhesions.csv", WRITE);
    let mut input =
        panier::people::members::MemberInput::from_name("Zoé Lambert", "zoe@example.org", false);
    input.notes = "Ligne 1; « guillemets \"doubles\" »\nligne 2".into();
    input.phone = "+33 6 12 34 56 78".into();
    input.lang = panier::Lang::En;
    panier::people::members::add(&mut f.db, &input).unwrap();
    // Issue #17: cells a spreadsheet would run as formulas
    let mut input =
        panier::people::members::MemberInput::from_name("Max Formule", "max@example.org", false);
    input.last_name = "=HYPERLINK(\"http://evil.example\";\"clic\")".into();
    input.phone = "+33 6 98 76 54 32".into();
    input.notes = "@home".into();
    input.city = "'-déjà gardé".into();
    panier::people::members::add(&mut f.db, &input).unwrap();
    let exported = members_csv::export_members_csv(f.db.conn()).unwrap();
    assert!(exported.starts_with('\u{feff}'));
    let max = exported
        .lines()
        .find(|l| l.contains("max@example.org"))
        .unwrap();
    assert!(
        max.contains(";\"'=HYPERLINK(\"\"http://evil.example\"\";\"\"clic\"\")\";"),
        "{max}"
    );
    assert!(max.contains(";'+33 6 98 76 54 32;"), "{max}");
    assert!(max.contains(";''-déjà gardé;"), "{max}");
    assert!(max.ends_with(";'@home"), "{max}");
    assert!(
        !exported.contains(";=") && !exported.contains(";+"),
        "{exported}"
    );

    // into a new file: everyone created, and the export is identical
    let mut other = fresh();
    let r = import_members(
        &mut other.db,
        exported.as_bytes(),
        &[],
        WRITE,
        day("2026-11-22"),
    )
    .unwrap();
    assert_eq!(r.refused, 0, "{:?}", r.refusals(panier::Lang::Fr));
    assert_eq!(r.created, 10);
    let back = panier::people::members::find(other.db.conn(), "max@example.org").unwrap();
    assert_eq!(
        back.last_name,
        "=HYPERLINK(\"http://evil.example\";\"clic\")"
    );
    assert_eq!(back.phone, "+33 6 98 76 54 32");
    assert_eq!(back.notes, "@home");
    assert_eq!(back.city, "'-déjà gardé");
    assert_eq!(
        members_csv::export_members_csv(other.db.conn()).unwrap(),
        exported
    );

    // into the same file: all matched, nothing written
    let before = state(&f);
    let again = import_members(
        &mut f.db,
        exported.as_bytes(),
        &[],
        WRITE,
        day("2026-11-22"),
    )
    .unwrap();
    assert_eq!((again.created, again.matched), (0, 10));
    assert_eq!(state(&f), before);

    // and through a file on disk, with an explicit mapping
    let path = other.dir.path().join("membres.csv");
    members_csv::export_members_file(
        other.db.conn(),
        &path,
        panier::store::output::Replace::Refuse,
    )
    .unwrap();
    let mapping =
        members_csv::parse_mapping("Nom=last_name,Prénom=first_name,Email=email").unwrap();
    let mut third = fresh();
    import_members(
        &mut third.db,
        &std::fs::read(&path).unwrap(),
        &mapping,
        WRITE,
        day("2026-11-22"),
    )
    .unwrap();
    assert_eq!(
        members_csv::export_members_csv(third.db.conn()).unwrap(),
        exported
    );
}

#[test]
fn members_import_with_a_mapping_reports_bad_rows() {
    let mut f = fresh();
    let csv = "Nom,Prénom,Courriel,Arrivée\nZola,Émile,Emile@Zola.fr ,01/03/2026\nHugo,Victor,,02/03/2026\nSand,George,george@sand.fr,30/02/2026\n";
    let mapping = members_csv::parse_mapping(
        "Nom=last_name, Prénom=first_name, Courriel=email, Arrivée=joined_on",
    )
    .unwrap();
    let before = state(&f);
    let r = import_members(
        &mut f.db,
        csv.as_bytes(),
        &mapping,
        WRITE,
        day("2026-11-22"),
    )
    .unwrap();
    assert_eq!(r.status, ImportStatus::Refused);
    assert_eq!(
        r.rows
            .iter()
            .filter(|r| r.outcome == Outcome::Refused)
            .map(|r| (r.line, r.field.clone().unwrap()))
            .collect::<Vec<_>>(),
        vec![(3, "Courriel".to_string()), (4, "Arrivée".to_string())]
    );
    assert_eq!(state(&f), before);
    let ok = import_members(
        &mut f.db,
        csv.as_bytes(),
        &mapping,
        ImportOptions {
            dry_run: false,
            skip_invalid: true,
        },
        day("2026-11-22"),
    )
    .unwrap();
    assert_eq!(ok.created, 1);
    let zola = panier::people::members::find(f.db.conn(), "emile@zola.fr").unwrap();
    assert_eq!(zola.joined_on, day("2026-03-01"));
    let moved = "Nom;Prénom;Email;Ville\nZola;Émile;emile@zola.fr;Médan\n";
    let r = import_members(&mut f.db, moved.as_bytes(), &[], WRITE, day("2026-11-22")).unwrap();
    assert_eq!(r.matched, 1);
    assert!(
        r.rows[0].reason.contains("diffère pour : Ville"),
        "{}",
        r.rows[0].reason
    );
    assert!(members_csv::parse_mapping("Nom=surname").is_err());
    assert!(members_csv::parse_mapping("Nom").is_err());
}

#[test]
fn reading_helpers() {
    assert_eq!(
        parse_datetime("d", "14/01/2026 09:12:45").unwrap(),
        day("2026-01-14")
    );
    assert_eq!(
        parse_datetime("d", "14/01/2026 09:12").unwrap(),
        day("2026-01-14")
    );
    assert_eq!(
        parse_datetime("d", "14/01/2026").unwrap(),
        day("2026-01-14")
    );
    assert!(parse_datetime("d", "31/02/2026 10:00").is_err());
    assert!(parse_datetime("d", "14/01/2026 25:00").is_err());
    assert!(parse_datetime("d", "14/01/2026 9h").is_err());
    assert_eq!(
        panier::bridges::csv_file::parse_export_amount("m", "1 234,50 €").unwrap(),
        123450
    );
    assert!(panier::bridges::csv_file::parse_export_amount("m", "12,5O").is_err());
    assert_eq!(detect_separator("a;b;c"), ';');
    assert_eq!(detect_separator("a,b,c"), ',');
    assert_eq!(detect_separator("\"a;b\",c,d"), ',');
    let d = decode(b"\xef\xbb\xbfNom;Pr\xc3\xa9nom\n").unwrap();
    assert!(d.bom);
    assert_eq!(d.text, "Nom;Prénom\n");
    let d = decode(b"Nom;Pr\xe9nom\n").unwrap();
    assert_eq!(d.encoding, "windows-1252");
    assert_eq!(d.text, "Nom;Prénom\n");
    let t = parse_csv("a;b\r\n\"x;1\";\"multi\nligne \"\"q\"\"\"\r\n\r\nz;w\r\n").unwrap();
    assert_eq!(t.header, vec!["a", "b"]);
    assert_eq!(t.records.len(), 2);
    assert_eq!(t.records[0].cells, vec!["x;1", "multi\nligne \"q\""]);
    assert_eq!(t.records[1].line, 5);
    assert!(parse_csv("a;b\n\"open;x\n").is_err());
}

/// The `csv` crate reads the records; the lines they start on, blank lines, CRLF, quoted line
/// breaks, `""`, an open quote and the separator are as before.
#[test]
fn csv_records_keep_their_lines_and_an_open_quote_names_its_line() {
    let t = parse_csv("\n\na,b\r\n\r\n  \r\n1,\"x\r\ny\"\r\n,\r\n\"q\"\"\"\r\n3,\"\"").unwrap();
    assert_eq!(t.separator, ',');
    assert_eq!(t.header, vec!["a", "b"]);
    let lines: Vec<(usize, Vec<&str>)> = t
        .records
        .iter()
        .map(|r| (r.line, r.cells.iter().map(String::as_str).collect()))
        .collect();
    assert_eq!(
        lines,
        vec![
            (6, vec!["1", "x\r\ny"]),
            (8, vec!["", ""]),
            (9, vec!["q\""]),
            (10, vec!["3", ""]),
        ]
    );
    let tabs = parse_csv("a\tb\tc;d\n1\t2;3\t4\n").unwrap();
    assert_eq!(tabs.separator, '\t');
    assert_eq!(tabs.records[0].cells, vec!["1", "2;3", "4"]);
    let err = parse_csv("a;b\n1;2\n\"open;x\nmore\n").unwrap_err();
    assert!(err.to_string().contains("ligne 3"), "{err}");
    assert!(err
        .message(panier::Lang::En)
        .contains("line 3: a quote is never closed"));
    assert!(parse_csv("").is_err());
    assert!(parse_csv("\n \n").is_err());
    // a file that ends without a line break keeps its last row
    assert_eq!(
        parse_csv("a;b\n1;2").unwrap().records[0].cells,
        vec!["1", "2"]
    );
}

#[test]
fn a_payment_is_known_by_its_reference_even_without_the_order_column() {
    let mut f = with_plans();
    run(&mut f, "paiements.csv", WRITE);
    let before = state(&f);
    let text = String::from_utf8(sample("paiements.csv")).unwrap();
    let without_order: Vec<&str> = text.lines().map(|l| l.split_once(';').unwrap().1).collect();
    let r = import_helloasso(&mut f.db, without_order.join("\n").as_bytes(), WRITE).unwrap();
    assert_eq!((r.created, r.matched, r.refused), (0, 7, 0));
    assert_eq!(state(&f), before);
}

#[test]
fn member_columns_name_the_field_each_column_fills_by_default() {
    let csv =
        "Prénom;Nom;Courriel;email;Ville\r\nAda;Lovelace;ada@example.org;x@example.org;Orléans\r\n";
    let guesses = members_csv::member_columns(csv.as_bytes()).unwrap();
    let pairs: Vec<(&str, Option<&str>)> = guesses
        .iter()
        .map(|g| (g.column.as_str(), g.field.as_deref()))
        .collect();
    assert_eq!(
        pairs,
        vec![
            ("Prénom", Some("first_name")),
            ("Nom", Some("last_name")),
            ("Courriel", None),
            ("email", Some("email")),
            ("Ville", Some("city")),
        ]
    );
    // The export's own file is recognised column by column.
    let export = "\u{feff}Type;Prénom;Nom;Organisation;Email;Adresse;Code postal;Ville;Pays;Téléphone;Langue;Membre depuis;Notes\r\n";
    let all = members_csv::member_columns(export.as_bytes()).unwrap();
    assert!(all.iter().all(|g| g.field.is_some()), "{all:?}");
}

/// A row refused after it had already written something (its payer created, then its
/// amounts found inconsistent) leaves nothing behind, even when the other rows are kept: the
/// import's fast pass is undone and the rows done again, each in its savepoint.
#[test]
fn a_row_refused_half_way_leaves_nothing_behind() {
    let mut f = fresh();
    panier::membership::plans::add(
        &mut f.db,
        &PlanInput {
            name: "Adhésion".into(),
            ..helloasso_plans().remove(0)
        },
    )
    .unwrap();
    let today = day("2026-11-20");
    let text = String::from_utf8(panier::demo::bench::helloasso_file(6, 0, &[], today)).unwrap();
    // row 4 (line 5): a 15 € fee plus a 5 € gift, but a total of 21 €
    let lines: Vec<String> = text
        .split("\r\n")
        .enumerate()
        .map(|(i, l)| {
            if i == 4 {
                l.replacen(";20,00;", ";21,00;", 1)
            } else {
                l.to_string()
            }
        })
        .collect();
    assert_ne!(
        lines[4],
        text.split("\r\n").nth(4).unwrap(),
        "the row was changed"
    );
    let bytes = lines.join("\r\n").into_bytes();
    let before = state(&f);
    let keep_valid = ImportOptions {
        dry_run: false,
        skip_invalid: true,
    };
    let r = import_helloasso(&mut f.db, &bytes, keep_valid).unwrap();
    assert_eq!(r.status, ImportStatus::Imported);
    let refused: Vec<(usize, Option<&str>)> = r
        .rows
        .iter()
        .filter(|row| row.outcome == Outcome::Refused)
        .map(|row| (row.line, row.field.as_deref()))
        .collect();
    assert_eq!(refused, vec![(5, Some("Montant total"))]);
    assert_eq!(r.created, 5);
    assert!(!r.rows[3].member_created && r.rows[3].entries.is_empty());
    // five payers, not six: the refused row's payer was created, then taken back
    assert_eq!(state(&f).0, before.0 + 5);
    assert!(panier::people::members::find(f.db.conn(), "bench0-3@exemple.org").is_err());
    assert!(panier::people::members::find(f.db.conn(), "bench0-4@exemple.org").is_ok());
    assert_eq!(state(&f).1, before.1 + r.entries_created as i64);
    let check = panier::store::check::run(&f.db).unwrap();
    assert!(check.ok(), "{:?}", check.problems);
}
