//! `panier import paheko FILE`: on the associations Paheko 1.3 and 1.2 made themselves
//! (tests/data/paheko).

use crate::support::{json, Cli};
use std::path::PathBuf;

fn paheko() -> String {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/paheko/association-1.3.sqlite")
        .display()
        .to_string()
}

#[test]
fn a_dry_run_tells_everything_and_writes_nothing() {
    let cli = Cli::with_association();
    let out = cli.ok(&[
        "import",
        "paheko",
        &paheko(),
        "--dry-run",
        "--format",
        "json",
    ]);
    let report = json(&out);
    assert_eq!(report["status"], "dry_run");
    assert_eq!(report["written"], false);
    assert!(report["members_created"].as_u64().unwrap() > 0);
    assert!(report["entries_created"].as_u64().unwrap() > 0);
    let members = json(&cli.ok(&["member", "list", "--format", "json"]));
    assert_eq!(members.as_array().map(Vec::len), Some(0), "{members}");
    // the table names every account Paheko used and what became of it
    let table = cli.ok(&["import", "paheko", &paheko(), "--dry-run"]);
    assert!(
        table.contains("compte Paheko") && table.contains("6238"),
        "{table}"
    );
}

#[test]
fn importing_twice_adds_nothing_and_the_books_follow() {
    let cli = Cli::with_association();
    let first = json(&cli.ok(&["import", "paheko", &paheko(), "--format", "json"]));
    assert_eq!(first["status"], "imported");
    assert_eq!(first["written"], true);
    let second = json(&cli.ok(&["import", "paheko", &paheko(), "--format", "json"]));
    assert_eq!(second["created"], 0);
    assert_eq!(second["matched"], first["created"]);
    assert_eq!(second["written"], false);
    let members = json(&cli.ok(&["member", "list", "--format", "json"]));
    assert_eq!(
        members.as_array().map(Vec::len),
        first["members_created"].as_u64().map(|n| n as usize)
    );
    // a closed Paheko year is closed in Panier, with books to read
    let closed = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["kind"] == "year" && i["outcome"] == "created")
        .expect("a closed year")["panier_id"]
        .as_i64()
        .unwrap()
        .to_string();
    let books = json(&cli.ok(&["books", "--year", &closed, "--format", "json"]));
    assert_eq!(books["closed"], true);
    assert!(
        books["labels"]["756"]
            .as_str()
            .is_some_and(|l| !l.is_empty()),
        "{books}"
    );
}

#[test]
fn a_bad_file_or_a_version_not_handled_is_refused_by_name() {
    let cli = Cli::with_association();
    let text = cli.path("export.sqlite");
    std::fs::write(&text, "nom;email\n").unwrap();
    let err = cli.fails(&["import", "paheko", text.to_str().unwrap()]);
    assert!(
        err.contains("export.sqlite") && err.contains("SQLite"),
        "{err}"
    );
    let err = cli.fails(&["import", "paheko", cli.db().to_str().unwrap()]);
    assert!(err.contains("pas une association Paheko"), "{err}");

    let old = cli.path("old.sqlite");
    std::fs::copy(paheko(), &old).unwrap();
    rusqlite::Connection::open(&old)
        .unwrap()
        .execute_batch("PRAGMA user_version = 1012000;")
        .unwrap();
    let err = cli.fails(&["import", "paheko", old.to_str().unwrap()]);
    assert!(
        err.contains("1.1.20") && err.contains("plus ancienne que 1.2"),
        "{err}"
    );
    let members = json(&cli.ok(&["member", "list", "--format", "json"]));
    assert_eq!(members.as_array().map(Vec::len), Some(0));
}

/// Paheko 1.2's association: after the import, `panier books --year Y` gives, per account,
/// the totals of Paheko's own income statement (written by Paheko 1.2.11's `Reports`).
#[test]
fn a_paheko_12_file_and_panier_books_give_pahekos_totals() {
    let cli = Cli::with_association();
    let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/paheko");
    let report = json(&cli.ok(&[
        "import",
        "paheko",
        file.join("association-1.2.sqlite").to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(report["status"], "imported");
    assert_eq!(report["paheko_version"], "1.2.11");
    assert_eq!(report["dues_created"], 1, "the unpaid subscription");
    let totals: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(file.join("association-1.2.totals.json")).unwrap(),
    )
    .unwrap();
    let cents = |v: &serde_json::Value| -> i64 {
        let d: rust_decimal::Decimal = match v {
            serde_json::Value::String(s) => s.parse().unwrap(),
            other => other.to_string().parse().unwrap(),
        };
        (d * rust_decimal::Decimal::from(100))
            .trunc()
            .try_into()
            .unwrap()
    };
    for y in totals["years"].as_array().unwrap() {
        let year = &y["start_date"].as_str().unwrap()[..4];
        let books = json(&cli.ok(&["books", "--year", year, "--format", "json"]));
        for (paheko_side, panier_side) in [("income", "income"), ("expenses", "expenses")] {
            let expected = y[paheko_side].as_object().unwrap();
            let got = books[panier_side]["by_account"].as_object().unwrap();
            assert_eq!(got.len(), expected.len(), "{year} {paheko_side}: {got:?}");
            for (account, a) in expected {
                assert_eq!(
                    cents(&got[account]),
                    a["balance_cents"].as_i64().unwrap(),
                    "{year} {paheko_side} {account}"
                );
            }
        }
        assert_eq!(
            cents(&books["result"]),
            y["result_cents"].as_i64().unwrap(),
            "result of {year}"
        );
    }
}
