//! The ledger's totals per day (migration 0007, kept by SQL triggers) stay equal to the lines
//! through every writer: seeding, payments, reversals, imports, erasure and purge, and even a
//! line or an entry changed by hand. `panier check` says so, and the books read them.

use crate::common::{day, fresh};
use panier::dates::Period;
use panier::ids::EntryId;
use panier::import::{import_helloasso, ImportOptions};
use panier::seed::{seed, SeedOptions};

fn assert_totals_equal_lines(db: &panier::Database, when: &str) {
    let report = panier::check::run(db).unwrap();
    assert!(report.ok(), "after {when}: {:?}", report.problems);
    let conn = db.conn();
    for year in 2013..=2040 {
        let period = Period {
            start: day(&format!("{year}-01-01")),
            end_exclusive: day(&format!("{}-01-01", year + 1)),
        };
        assert_eq!(
            panier::ledger::totals_by_account(conn, period).unwrap(),
            panier::ledger::totals_by_account_from_lines(conn, period).unwrap(),
            "after {when}, year {year}"
        );
    }
    let (kept, lines): (i64, i64) = conn
        .query_row(
            "SELECT (SELECT coalesce(sum(lines), 0) FROM ledger_day_totals),
                    (SELECT count(*) FROM ledger_lines)",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(kept, lines, "after {when}");
}

#[test]
fn the_day_totals_follow_every_writer() {
    let mut f = fresh();
    seed(
        &mut f.db,
        &SeedOptions {
            members: 120,
            years: 3,
            seed: 7,
            until: Some(day("2026-11-22")),
        },
    )
    .unwrap();
    assert_totals_equal_lines(&f.db, "seeding");

    // reversals, on the day of the entry and later
    let ids: Vec<EntryId> = {
        let mut stmt =
            f.db.conn()
                .prepare("SELECT id FROM ledger_entries WHERE kind = 'fee' ORDER BY id LIMIT 5")
                .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    for (i, id) in ids.iter().enumerate() {
        let date = day(if i % 2 == 0 {
            "2026-11-22"
        } else {
            "2026-11-23"
        });
        panier::payments::reverse(&mut f.db, *id, "erreur de saisie", date).unwrap();
    }
    assert_totals_equal_lines(&f.db, "reversals");

    // a HelloAsso import
    let bytes = std::fs::read("tests/data/helloasso/paiements.csv").unwrap();
    let report = import_helloasso(
        &mut f.db,
        &bytes,
        ImportOptions {
            dry_run: false,
            skip_invalid: true,
        },
    )
    .unwrap();
    assert!(report.written);
    assert_totals_equal_lines(&f.db, "an import");

    // a line changed, moved to another entry, deleted; an entry moved to another day and method
    {
        let conn = f.db.conn();
        // entries neither reversed nor reversals, without receipts, so the ledger rules hold
        let plain = "SELECT id FROM ledger_entries WHERE reverses_id IS NULL
             AND id NOT IN (SELECT reverses_id FROM ledger_entries WHERE reverses_id IS NOT NULL)
             AND id NOT IN (SELECT entry_id FROM receipt_entries)
             AND kind IN ('income', 'donation', 'subsidy')";
        conn.execute_batch(&format!(
            "CREATE TEMP TABLE plain AS {plain};
             UPDATE ledger_lines SET amount_cents = amount_cents + 100
                 WHERE id = (SELECT min(id) FROM ledger_lines WHERE entry_id IN plain);
             UPDATE ledger_entries SET amount_cents = amount_cents + 100
                 WHERE id = (SELECT entry_id FROM ledger_lines WHERE entry_id IN plain
                             ORDER BY id LIMIT 1);
             UPDATE ledger_lines SET account = '758'
                 WHERE id = (SELECT max(id) FROM ledger_lines WHERE entry_id IN plain);
             UPDATE ledger_entries SET entry_date = '2026-06-30', method = 'cash'
                 WHERE id = (SELECT max(id) FROM plain);
             DROP TABLE plain;"
        ))
        .unwrap();
    }
    assert_totals_equal_lines(&f.db, "lines and entries changed by hand");

    // erasure, then the purge ten years after the close of the financial years
    let member = panier::members::get(f.db.conn(), panier::ids::MemberId(3)).unwrap();
    panier::erasure::erase(&mut f.db, member.id, day("2026-11-24")).unwrap();
    assert_totals_equal_lines(&f.db, "an erasure");
    let plan = panier::erasure::purge(&mut f.db, day("2038-01-02")).unwrap();
    assert!(!plan.entries.is_empty(), "the purge removes something");
    assert_totals_equal_lines(&f.db, "the purge");
}

#[test]
fn check_reports_totals_that_drift_from_the_lines() {
    let mut f = fresh();
    seed(
        &mut f.db,
        &SeedOptions {
            members: 20,
            years: 1,
            seed: 3,
            until: Some(day("2026-11-22")),
        },
    )
    .unwrap();
    f.db.conn()
        .execute(
            "UPDATE ledger_day_totals SET amount_cents = amount_cents + 1
             WHERE day = (SELECT min(day) FROM ledger_day_totals)",
            [],
        )
        .unwrap();
    let report = panier::check::run(&f.db).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.area == "books" && p.detail.contains("ledger totals")),
        "{:?}",
        report.problems
    );
}
