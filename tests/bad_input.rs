//! Bad input never harms: property tests (proptest) of the parsers a user's typing or files
//! reach — amounts, dates, sizes, and the CSV imports. Whatever the input: no panic; a refusal
//! is an `invalid` error (or a refused row) that names its field (and, for a file, its line);
//! nothing is written unless the whole import is good.
//!
//! Interesting inputs found along the way are kept in `tests/corpus/` and replayed by
//! `corpus_replays_without_harm`; proptest keeps the failures it finds in
//! `tests/bad_input.proptest-regressions` (committed) and replays them first.
//! More cases: `PROPTEST_CASES=5000 cargo test --test bad_input`.

use panier::bridges::helloasso::import_helloasso;
use panier::bridges::members_csv::import_members;
use panier::bridges::report::{ImportOptions, ImportStatus, Outcome};
use panier::{Database, Error, Lang};
use proptest::prelude::*;
use std::path::{Path, PathBuf};
use std::sync::{Mutex, OnceLock};

fn names_field(err: &Error, field: &str) -> Result<(), TestCaseError> {
    prop_assert_eq!(err.kind(), "invalid", "{}", err);
    prop_assert!(
        err.to_string().starts_with(field),
        "French message names {}: {}",
        field,
        err
    );
    prop_assert!(
        err.message(Lang::En).starts_with(field),
        "English message names {}: {}",
        field,
        err.message(Lang::En)
    );
    Ok(())
}

fn check_amount(text: &str) -> Result<(), TestCaseError> {
    match panier::kernel::money::parse_amount("Montant", text) {
        Ok(amount) => {
            prop_assert!(amount >= rust_decimal::Decimal::ZERO);
            let cents = panier::kernel::money::to_cents("Montant", amount);
            prop_assert!(cents.is_ok(), "{} → {}", text, amount);
        }
        Err(e) => names_field(&e, "Montant")?,
    }
    Ok(())
}

fn check_date(text: &str) -> Result<(), TestCaseError> {
    if let Err(e) = panier::kernel::dates::parse_date("Date", text) {
        names_field(&e, "Date")?;
    }
    Ok(())
}

fn check_size(text: &str) -> Result<(), TestCaseError> {
    match panier::kernel::size::parse_size("Quota", text) {
        Ok(bytes) => prop_assert!(bytes >= 0, "{} → {}", text, bytes),
        Err(e) => names_field(&e, "Quota")?,
    }
    Ok(())
}

/// Strings near the valid ones, where the bugs live.
fn near(alphabet: &'static str, len: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(
        proptest::sample::select(alphabet.chars().collect::<Vec<_>>()),
        0..len,
    )
    .prop_map(|v| v.into_iter().collect())
}

proptest! {
    #[test]
    fn amounts_never_panic(text in any::<String>()) {
        check_amount(&text)?;
    }

    #[test]
    fn amounts_near_the_valid_forms_never_panic(text in near("0123456789.,,  -+€eE_", 40)) {
        check_amount(&text)?;
    }

    #[test]
    fn amounts_in_the_three_written_forms_read_back(
        whole in 0u64..1_000_000_000_000,
        cents in 0u64..100,
        form in 0usize..4,
    ) {
        let text = match form {
            0 => whole.to_string(),
            1 => format!("{whole}.{cents:02}"),
            2 => format!("{whole},{cents:02}"),
            _ => format!(" {whole},{} ", cents / 10),
        };
        let expected = match form {
            0 => whole * 100,
            3 => whole * 100 + cents / 10 * 10,
            _ => whole * 100 + cents,
        };
        let amount = panier::kernel::money::parse_amount("Montant", &text).unwrap();
        prop_assert_eq!(panier::kernel::money::to_cents("Montant", amount).unwrap(), expected as i64);
    }

    #[test]
    fn dates_never_panic(text in any::<String>()) {
        check_date(&text)?;
    }

    #[test]
    fn dates_near_the_valid_forms_never_panic(text in near("0123456789/-- +T:", 24)) {
        check_date(&text)?;
    }

    #[test]
    fn real_days_read_back_in_both_forms(y in 1000i32..9999, m in 1u32..=12, d in 1u32..=31) {
        let iso = format!("{y:04}-{m:02}-{d:02}");
        let fr = format!("{d:02}/{m:02}/{y:04}");
        match chrono::NaiveDate::from_ymd_opt(y, m, d) {
            Some(day) if !(panier::kernel::dates::EARLIEST..=panier::kernel::dates::LATEST).contains(&day) => {
                for text in [iso, fr] {
                    let e = panier::kernel::dates::parse_date("Date", &text).unwrap_err();
                    names_field(&e, "Date")?;
                    prop_assert!(e.to_string().contains("hors de la plage"), "{}", e);
                }
            }
            Some(day) => {
                prop_assert_eq!(panier::kernel::dates::parse_date("Date", &iso).unwrap(), day);
                prop_assert_eq!(panier::kernel::dates::parse_date("Date", &fr).unwrap(), day);
            }
            None => {
                for text in [iso, fr] {
                    let e = panier::kernel::dates::parse_date("Date", &text).unwrap_err();
                    names_field(&e, "Date")?;
                    prop_assert!(e.to_string().contains("n'existe pas"), "{}", e);
                }
            }
        }
    }

    #[test]
    fn sizes_never_panic(text in any::<String>()) {
        check_size(&text)?;
    }

    #[test]
    fn sizes_near_the_valid_forms_never_panic(
        number in prop_oneof![near("0123456789.,", 40), "[0-9]{1,32}([.,][0-9]{0,12})?"],
        space in proptest::sample::select(vec!["", " ", "  "]),
        unit in proptest::sample::select(vec!["", "B", "KB", "MB", "GB", "TB", "GiB", "Go", "ko", "tb", "x", "PB", "-"]),
    ) {
        check_size(&format!("{number}{space}{unit}"))?;
    }
}

// ---------------------------------------------------------------------------------------------
// CSV imports: one association file shared by all cases (creating one per case would be slow).

struct Shared {
    db: Database,
    _dir: tempfile::TempDir,
}

fn shared() -> &'static Mutex<Shared> {
    static DB: OnceLock<Mutex<Shared>> = OnceLock::new();
    DB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let mut db = Database::create(&dir.path().join("fuzz.sqlite"), "AMIPO").unwrap();
        panier::demo::seed::seed(
            &mut db,
            &panier::demo::seed::SeedOptions {
                members: 30,
                years: 2,
                seed: 5,
                until: Some(chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()),
            },
        )
        .unwrap();
        Mutex::new(Shared { db, _dir: dir })
    })
}

#[derive(Debug, PartialEq)]
struct Counts {
    audit: i64,
    members: i64,
    ledger: i64,
    subscriptions: i64,
}

fn counts(db: &Database) -> Counts {
    let n = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    Counts {
        audit: n("SELECT count(*) FROM audit_log"),
        members: n("SELECT count(*) FROM members"),
        ledger: n("SELECT count(*) FROM ledger_entries"),
        subscriptions: n("SELECT count(*) FROM subscriptions"),
    }
}

#[derive(Debug, Clone, Copy)]
enum Importer {
    Members,
    Helloasso,
}

/// Runs an import of `bytes` and checks that it did no harm.
fn check_import(which: Importer, bytes: &[u8]) -> Result<(), TestCaseError> {
    let mut guard = shared().lock().unwrap_or_else(|p| p.into_inner());
    let db = &mut guard.db;
    let before = counts(db);
    let result = match which {
        Importer::Members => import_members(db, bytes, &[], ImportOptions::default(), day()),
        Importer::Helloasso => import_helloasso(db, bytes, ImportOptions::default()),
    };
    let after = counts(db);
    match result {
        Err(e) => {
            // the file as a whole is unreadable: the error says where (`ligne N`) or what
            prop_assert_eq!(e.kind(), "invalid", "{}", e);
            prop_assert!(!e.message(Lang::En).is_empty());
            prop_assert_eq!(&after, &before, "nothing written");
        }
        Ok(report) => {
            for row in report.rows.iter().filter(|r| r.outcome == Outcome::Refused) {
                prop_assert!(row.line >= 1);
                let fr = row.message(Lang::Fr);
                prop_assert!(
                    fr.starts_with(&format!("Ligne {}", row.line)),
                    "names its line: {}",
                    fr
                );
                prop_assert!(row.field.is_some(), "names its field: {}", fr);
                prop_assert!(fr.contains(", colonne "), "{}", fr);
                prop_assert!(!row.reason_en.is_empty());
            }
            if report.status == ImportStatus::Imported && report.written {
                prop_assert_eq!(report.refused, 0);
                prop_assert_eq!(after.audit, before.audit + 1, "one change, one audit row");
                prop_assert!(check_ok(db));
            } else {
                prop_assert!(!report.written);
                prop_assert_eq!(&after, &before, "nothing written: {:?}", report.status);
            }
        }
    }
    Ok(())
}

fn check_ok(db: &Database) -> bool {
    panier::store::check::run(db)
        .map(|r| r.ok())
        .unwrap_or(false)
}

fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 22).unwrap()
}

/// Cell values that have broken importers before.
const NASTY: &[&str] = &[
    "",
    " ",
    "Hélène",
    "Lefèvre",
    "ÉCOLE D'ÂNES",
    "h@example.org",
    "  H@Example.ORG ",
    "pas-un-courriel",
    "@",
    "a@b",
    "31/02/2026",
    "29/02/2027",
    "2026-03-01",
    "14/01/2026 09:12:45",
    "01/01/0000",
    "99/99/9999",
    "12,5O",
    "-15,00",
    "15,00",
    "15.00",
    "1 000,00",
    "99999999999999999999",
    "0,001",
    "Autorisé",
    "Remboursé",
    "Adhésion",
    "Don",
    "Adhésion individuelle",
    "fr",
    "xx",
    "personne",
    "organisation",
    "=HYPERLINK(\"x\")",
    "\"\"",
    "\"a;b\"",
    "\"a\nb\"",
    "\"jamais fermé",
    "\u{feff}",
    "\u{0}",
    "\t",
    "🦀",
    "e\u{301}",
];

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => proptest::sample::select(NASTY).prop_map(str::to_string),
        1 => "[a-zA-Zéè0-9@.,;/ :-]{0,12}",
        1 => any::<String>().prop_map(|s| s.chars().take(20).collect()),
    ]
}

const MEMBER_COLUMNS: &[&str] = &[
    "Prénom",
    "Nom",
    "Email",
    "Ville",
    "Code postal",
    "Membre depuis",
    "Type",
    "Langue",
    "Téléphone",
    "Organisation",
    "Notes",
    "Inconnue",
];

/// A members CSV: some of the known columns (in any order), rows of nasty cells, any
/// separator, sometimes a BOM, sometimes Windows-1252, sometimes CRLF.
fn members_csv() -> impl Strategy<Value = Vec<u8>> {
    (
        proptest::sample::subsequence(MEMBER_COLUMNS, 0..MEMBER_COLUMNS.len()).prop_shuffle(),
        proptest::collection::vec(proptest::collection::vec(cell(), 0..8), 0..6),
        proptest::sample::select(vec![';', ',', '\t']),
        0u8..4,
    )
        .prop_map(|(header, rows, sep, dress)| {
            let sep = sep.to_string();
            let mut text = header.join(&sep) + "\n";
            for row in rows {
                text.push_str(&row.join(&sep));
                text.push('\n');
            }
            dress_up(text, dress)
        })
}

fn dress_up(text: String, dress: u8) -> Vec<u8> {
    match dress {
        0 => text.into_bytes(),
        1 => format!("\u{feff}{text}").into_bytes(),
        2 => encoding_rs::WINDOWS_1252.encode(&text).0.into_owned(),
        _ => text.replace('\n', "\r\n").into_bytes(),
    }
}

fn sample(name: &str) -> Vec<u8> {
    std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/helloasso")
            .join(name),
    )
    .unwrap()
}

/// A real HelloAsso export with some cells replaced by nasty ones, or some bytes damaged.
fn helloasso_csv() -> impl Strategy<Value = Vec<u8>> {
    let files = vec![
        "paiements.csv",
        "adhesions.csv",
        "paiements-erreurs-windows1252.csv",
    ];
    (
        proptest::sample::select(files),
        proptest::collection::vec(
            (
                any::<prop::sample::Index>(),
                any::<prop::sample::Index>(),
                cell(),
            ),
            0..4,
        ),
        proptest::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..3),
        proptest::option::of(any::<prop::sample::Index>()),
    )
        .prop_map(|(file, edits, flips, cut)| {
            let bytes = sample(file);
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let sep = if text.lines().next().unwrap_or("").contains(';') {
                ';'
            } else {
                ','
            };
            let mut lines: Vec<Vec<String>> = text
                .lines()
                .map(|l| l.split(sep).map(str::to_string).collect())
                .collect();
            for (line, col, value) in edits {
                let l = line.index(lines.len());
                if lines[l].is_empty() {
                    continue;
                }
                let c = col.index(lines[l].len());
                lines[l][c] = value;
            }
            let mut out: Vec<u8> = lines
                .iter()
                .map(|cells| cells.join(&sep.to_string()))
                .collect::<Vec<_>>()
                .join("\n")
                .into_bytes();
            for (at, byte) in flips {
                if !out.is_empty() {
                    let i = at.index(out.len());
                    out[i] = byte;
                }
            }
            if let Some(cut) = cut {
                let len = out.len();
                out.truncate(cut.index(len + 1));
            }
            out
        })
}

proptest! {
    // 128 cases by default (each writes to a file); PROPTEST_CASES overrides
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|c| c.parse().ok()).unwrap_or(128),
        ..ProptestConfig::default()
    })]

    #[test]
    fn members_import_of_any_bytes_never_harms(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_import(Importer::Members, &bytes)?;
    }

    #[test]
    fn members_import_of_bad_csv_never_harms(bytes in members_csv()) {
        check_import(Importer::Members, &bytes)?;
    }

    #[test]
    fn helloasso_import_of_any_bytes_never_harms(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
        check_import(Importer::Helloasso, &bytes)?;
    }

    #[test]
    fn helloasso_import_of_damaged_exports_never_harms(bytes in helloasso_csv()) {
        check_import(Importer::Helloasso, &bytes)?;
    }
}

// ---------------------------------------------------------------------------------------------
// The corpus: inputs worth keeping, replayed on every run.

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus")
}

fn lines_of(name: &str) -> Vec<String> {
    std::fs::read_to_string(corpus().join(name))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with("#!"))
        .map(|l| l.replace("\\t", "\t").replace("\\n", "\n"))
        .collect()
}

#[test]
fn corpus_replays_without_harm() {
    let run = |r: Result<(), TestCaseError>, what: &str| {
        if let Err(e) = r {
            panic!("{what}: {e}");
        }
    };
    for text in lines_of("amounts.txt") {
        run(check_amount(&text), &format!("amount {text:?}"));
    }
    for text in lines_of("dates.txt") {
        run(check_date(&text), &format!("date {text:?}"));
    }
    for text in lines_of("sizes.txt") {
        run(check_size(&text), &format!("size {text:?}"));
    }
    let mut files = 0;
    for (folder, which) in [
        ("members", Importer::Members),
        ("helloasso", Importer::Helloasso),
    ] {
        for entry in std::fs::read_dir(corpus().join(folder)).unwrap() {
            let path = entry.unwrap().path();
            let bytes = std::fs::read(&path).unwrap();
            run(check_import(which, &bytes), &path.display().to_string());
            files += 1;
        }
    }
    assert!(files >= 10, "the corpus holds {files} files");
}

proptest! {
    #[test]
    fn a_name_with_any_control_character_is_refused(
        before in "[a-zé]{0,8}",
        control in prop_oneof![0u32..0x20, 0x7fu32..0xa0].prop_filter("not a tab", |c| *c != 9),
        after in "[a-zé]{0,8}",
    ) {
        let c = char::from_u32(control).unwrap();
        let name = format!("{before}{c}{after}");
        let e = panier::kernel::text::check_text("nom", &name, panier::kernel::text::TextKind::Name).unwrap_err();
        names_field(&e, "nom")?;
        prop_assert!(e.to_string().contains(&format!("U+{control:04X}")), "{}", e);
    }
}
