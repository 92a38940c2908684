use crate::common::{audit_rows, day, fresh};
use panier::books::ledger::{self, Method, NewEntry};

fn donation(amount: i64) -> NewEntry {
    crate::common::donation_on("2026-05-04", amount, Method::Cash, "", "Don anonyme")
}

#[test]
fn reversal_cancels_without_deleting() {
    let mut f = fresh();
    let id = ledger::record(&mut f.db, &donation(2500)).unwrap();
    let before = audit_rows(&f.db);
    let rev = ledger::reverse(&mut f.db, id, "saisi deux fois", day("2026-05-05")).unwrap();
    assert_eq!(audit_rows(&f.db), before + 1);
    let original = ledger::get(f.db.conn(), id).unwrap();
    let reversal = ledger::get(f.db.conn(), rev).unwrap();
    assert_eq!(original.reversed_by, Some(rev));
    assert_eq!(reversal.amount_cents, -2500);
    assert_eq!(reversal.reverses_id, Some(id));
    let year = panier::kernel::dates::Period::civil_year(2026);
    let totals = panier::books::statements::account_totals(f.db.conn(), year).unwrap();
    assert_eq!(totals, vec![("7541".to_string(), 0)]);
    // never twice, never a reversal of a reversal, never without a reason
    assert_eq!(
        ledger::reverse(&mut f.db, id, "encore", day("2026-05-06"))
            .unwrap_err()
            .kind(),
        "refused"
    );
    assert_eq!(
        ledger::reverse(&mut f.db, rev, "encore", day("2026-05-06"))
            .unwrap_err()
            .kind(),
        "refused"
    );
    let other = ledger::record(&mut f.db, &donation(100)).unwrap();
    assert_eq!(
        ledger::reverse(&mut f.db, other, " ", day("2026-05-06"))
            .unwrap_err()
            .kind(),
        "invalid"
    );
    assert!(panier::store::check::run(&f.db).unwrap().ok());
}

#[test]
fn entries_need_known_accounts_and_non_zero_lines() {
    let mut f = fresh();
    let mut bad = donation(100);
    bad.lines[0].account = "9999".into();
    assert_eq!(
        ledger::record(&mut f.db, &bad).unwrap_err().kind(),
        "invalid"
    );
    assert_eq!(
        ledger::record(&mut f.db, &donation(0)).unwrap_err().kind(),
        "invalid"
    );
    let count: i64 =
        f.db.conn()
            .query_row("SELECT count(*) FROM ledger_entries", [], |r| r.get(0))
            .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn check_finds_a_tampered_ledger() {
    let mut f = fresh();
    let id = ledger::record(&mut f.db, &donation(2500)).unwrap();
    f.db.conn()
        .execute(
            "UPDATE ledger_lines SET amount_cents = 2400 WHERE entry_id = ?1",
            [id],
        )
        .unwrap();
    let report = panier::store::check::run(&f.db).unwrap();
    assert!(!report.ok());
    assert_eq!(report.problems[0].area, "ledger");
}
