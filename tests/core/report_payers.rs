//! The report's contributors per income source, kept on every ledger write (migration 0020),
//! equal a fresh count from the ledger's lines through every writer: seeding, gifts from
//! members, named and anonymous payers written out of order, reversals, a HelloAsso import,
//! lines and entries changed by hand, an erasure (which scrubs the payer's name), the closing
//! of a year and a new financial-year start, and the purge (which anonymises old entries, so
//! that each then counts once). `panier check` finds the kept rows drifting from the lines.

use crate::common::{day, fresh};
use panier::books::ledger::Method;
use panier::books::payments::{give, Gift};
use panier::books::years::FinancialYear;
use panier::kernel::dates::Period;
use panier::kernel::ids::{EntryId, MemberId};
use panier::public::report::{contributors, IncomeSource};
use rusqlite::params;
use std::collections::BTreeMap;

/// The count the report made before migration 0020, straight from the entries and lines.
fn recount(conn: &rusqlite::Connection, period: Period) -> BTreeMap<String, i64> {
    let sources = IncomeSource::ALL
        .iter()
        .map(|s| {
            let list: Vec<String> = s.accounts().iter().map(|a| format!("'{a}'")).collect();
            format!("WHEN l.account IN ({}) THEN '{}'", list.join(","), s.key())
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut stmt = conn
        .prepare(&format!(
            "SELECT source, count(DISTINCT who) FROM (
                 SELECT CASE {sources} END AS source,
                        CASE WHEN e.member_id IS NOT NULL THEN 'm' || e.member_id
                             WHEN e.counterparty <> '' THEN 'c' || lower(e.counterparty)
                             ELSE 'e' || e.id END AS who
                 FROM ledger_entries e JOIN ledger_lines l ON l.entry_id = e.id
                 WHERE e.entry_date >= ?1 AND e.entry_date < ?2
                   AND e.kind <> 'reversal'
                   AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id))
             WHERE source IS NOT NULL GROUP BY source"
        ))
        .unwrap();
    let rows = stmt
        .query_map(
            params![period.start.to_string(), period.end_exclusive.to_string()],
            |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)),
        )
        .unwrap();
    rows.collect::<Result<_, _>>().unwrap()
}

fn assert_kept_equal_recount(db: &panier::Database, when: &str) {
    let report = panier::store::check::run(db).unwrap();
    assert!(report.ok(), "after {when}: {:?}", report.problems);
    let conn = db.conn();
    let mut periods: Vec<Period> = (2013..=2027)
        .map(|y| FinancialYear::starting_in(conn, y).unwrap().period)
        .collect();
    for (start, end) in [
        ("2025-03-15", "2025-08-10"),
        ("2024-12-31", "2025-01-02"),
        ("2026-11-22", "2026-11-23"),
        ("2024-07-09", "2026-11-23"),
        ("2000-01-01", "2040-01-01"),
    ] {
        periods.push(Period {
            start: day(start),
            end_exclusive: day(end),
        });
    }
    let mut counted = 0;
    for period in periods {
        let kept: BTreeMap<String, i64> = contributors(conn, period)
            .unwrap()
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(k, n)| (k.to_string(), n))
            .collect();
        let fresh = recount(conn, period);
        assert_eq!(kept, fresh, "after {when}, {period:?}");
        counted += fresh.values().sum::<i64>();
    }
    assert!(counted > 0, "after {when}: nothing was counted");
}

fn gift(member: Option<MemberId>, counterparty: &str, date: &str, cents: i64) -> Gift {
    Gift {
        member,
        counterparty: counterparty.into(),
        amount_cents: cents,
        date: day(date),
        method: Method::Cash,
        subsidy: false,
        label: String::new(),
        external_ref: None,
    }
}

#[test]
fn the_kept_contributors_equal_a_recount_after_every_writer() {
    let mut f = crate::common::seeded(120, 3, 7);
    assert_kept_equal_recount(&f.db, "seeding");

    // a member giving on days out of order (each day lands before, between or after the
    // others), named payers written in two cases, anonymous gifts, a subsidy
    let member = MemberId(5);
    for date in [
        "2026-03-01",
        "2024-12-31",
        "2026-01-15",
        "2025-06-30",
        "2026-01-15",
    ] {
        give(&mut f.db, &gift(Some(member), "", date, 1500)).unwrap();
    }
    for (who, date) in [
        ("Jean Dupont", "2025-02-02"),
        ("JEAN DUPONT", "2025-03-03"),
        ("", "2025-03-03"),
        ("", "2025-03-03"),
    ] {
        give(&mut f.db, &gift(None, who, date, 2000)).unwrap();
    }
    let mut subsidy = gift(None, "Mairie", "2025-04-01", 50_000);
    subsidy.subsidy = true;
    give(&mut f.db, &subsidy).unwrap();
    assert_kept_equal_recount(&f.db, "gifts");

    // reversals: fees, and one of the member's two gifts of the same day
    let mut ids: Vec<EntryId> = {
        let mut stmt =
            f.db.conn()
                .prepare("SELECT id FROM ledger_entries WHERE kind = 'fee' ORDER BY id LIMIT 4")
                .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    ids.push(
        f.db.conn()
            .query_row(
                "SELECT max(id) FROM ledger_entries WHERE member_id = 5 AND entry_date = '2026-01-15'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
    );
    for id in ids {
        panier::books::reversal::reverse(&mut f.db, id, "erreur de saisie", day("2026-11-22"))
            .unwrap();
    }
    assert_kept_equal_recount(&f.db, "reversals");

    // a HelloAsso import (new members, existing ones, extra donations)
    let report = crate::common::import_sample_payments(&mut f.db);
    assert!(report.written && report.entries_created > 0);
    assert_kept_equal_recount(&f.db, "an import");

    // by hand: a line moved to another income account, an entry to another day and payer,
    // a reversal deleted (its entry counts again), a plain entry deleted with its lines
    f.db.conn()
        .execute_batch(
            "UPDATE ledger_lines SET account = '758'
                 WHERE id = (SELECT max(id) FROM ledger_lines WHERE account = '7541');
             UPDATE ledger_entries SET entry_date = '2025-05-05', member_id = 7
                 WHERE id = (SELECT max(id) FROM ledger_entries WHERE kind = 'donation'
                             AND id NOT IN (SELECT entry_id FROM receipt_entries));
             UPDATE ledger_entries SET counterparty = 'jean dupont', member_id = NULL
                 WHERE id = (SELECT min(id) FROM ledger_entries WHERE kind = 'income');
             CREATE TEMP TABLE gone AS SELECT max(id) AS id FROM ledger_entries
                 WHERE kind = 'reversal';
             DELETE FROM ledger_lines WHERE entry_id IN gone;
             DELETE FROM ledger_entries WHERE id IN gone;
             DELETE FROM temp.gone;
             INSERT INTO temp.gone SELECT min(id) FROM ledger_entries WHERE kind = 'donation'
                 AND reverses_id IS NULL
                 AND id NOT IN (SELECT reverses_id FROM ledger_entries WHERE reverses_id IS NOT NULL)
                 AND id NOT IN (SELECT entry_id FROM receipt_entries)
                 AND id NOT IN (SELECT entry_id FROM receipts WHERE entry_id IS NOT NULL);
             DELETE FROM ledger_lines WHERE entry_id IN gone;
             DELETE FROM ledger_entries WHERE id IN gone;
             DROP TABLE temp.gone;",
        )
        .unwrap();
    assert_kept_equal_recount(&f.db, "lines and entries changed by hand");

    // an erasure: the member's name, written as a payer's, is scrubbed to a pseudonym
    let erased = panier::people::members::get(f.db.conn(), MemberId(3)).unwrap();
    give(
        &mut f.db,
        &gift(None, &erased.display_name(), "2025-07-07", 900),
    )
    .unwrap();
    panier::rights::erasure::erase(&mut f.db, erased.id, day("2026-11-24")).unwrap();
    let named: i64 =
        f.db.conn()
            .query_row(
                "SELECT count(*) FROM ledger_entries WHERE counterparty = ?1",
                [erased.display_name()],
                |r| r.get(0),
            )
            .unwrap();
    assert_eq!(named, 0, "the erasure scrubs the payer's name");
    assert_kept_equal_recount(&f.db, "an erasure");

    // closing the years, then a new start of the financial year (a transitional year)
    for year in 2023..=2025 {
        panier::books::closing::close_year(&mut f.db, year, day("2026-11-24")).unwrap();
    }
    panier::store::settings::set(&mut f.db, "fiscal_year_start", "09-01").unwrap();
    assert_kept_equal_recount(&f.db, "closing the years");

    // the purge: old entries deleted, those of closed years anonymised
    let plan = panier::rights::erasure::purge(&mut f.db, day("2038-01-02")).unwrap();
    assert!(plan.entries.iter().any(|e| e.anonymised));
    assert!(plan.entries.iter().any(|e| !e.anonymised));
    assert_kept_equal_recount(&f.db, "the purge");
}

/// The accounts the kept rows sort into sources are the report's own.
#[test]
fn the_kept_sources_are_the_reports_accounts() {
    let f = fresh();
    let mut stmt =
        f.db.conn()
            .prepare("SELECT name, account FROM income_source_accounts ORDER BY name, account")
            .unwrap();
    let kept: Vec<(String, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut report: Vec<(String, String)> = IncomeSource::ALL
        .iter()
        .flat_map(|s| {
            s.accounts()
                .iter()
                .map(|a| (s.key().to_string(), a.to_string()))
        })
        .collect();
    report.sort();
    assert_eq!(kept, report);
}

#[test]
fn check_reports_kept_contributors_that_drift_from_the_lines() {
    let f = crate::common::seeded(20, 1, 3);
    assert!(panier::store::check::run(&f.db).unwrap().ok());
    let changed =
        f.db.conn()
            .execute(
                "UPDATE income_payer_days SET lines = lines + 1
                 WHERE (source, day_number, who) = (SELECT source, day_number, who FROM income_payer_days
                                             LIMIT 1)",
                [],
            )
            .unwrap();
    assert_eq!(changed, 1);
    crate::common::assert_check_finds(&f.db, "books", "report payers of income source");
}
