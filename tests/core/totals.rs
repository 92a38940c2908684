//! The ledger's totals per day and per month (migrations 0007 and 0009, kept by SQL triggers)
//! stay equal to the lines through every writer: seeding, payments, reversals, imports,
//! erasure and purge, and even a line or an entry changed by hand. So does each member's
//! paid-until day (migration 0009). `panier check` says so, and the books and the dashboard
//! read them.

use crate::common::day;
use panier::kernel::dates::Period;
use panier::kernel::ids::EntryId;
use panier::people::members::MembershipStatus;

fn assert_totals_equal_lines(db: &panier::Database, when: &str) {
    let report = panier::store::check::run(db).unwrap();
    assert!(report.ok(), "after {when}: {:?}", report.problems);
    let conn = db.conn();
    for year in 2013..=2040 {
        let period = Period {
            start: day(&format!("{year}-01-01")),
            end_exclusive: day(&format!("{}-01-01", year + 1)),
        };
        assert_eq!(
            panier::books::statements::account_totals(conn, period).unwrap(),
            panier::books::ledger::totals_by_account_from_lines(conn, period).unwrap(),
            "after {when}, year {year}"
        );
    }
    // periods cut inside months: whole months from the month totals, the rest from the days
    for (start, end) in [
        ("2025-03-15", "2025-08-10"),
        ("2024-12-31", "2025-01-02"),
        ("2025-06-01", "2025-06-20"),
        ("2024-07-09", "2026-11-23"),
    ] {
        let period = Period {
            start: day(start),
            end_exclusive: day(end),
        };
        assert_eq!(
            panier::books::statements::account_totals(conn, period).unwrap(),
            panier::books::ledger::totals_by_account_from_lines(conn, period).unwrap(),
            "after {when}, {start} to {end}"
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
    let mut f = crate::common::seeded(120, 3, 7);
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
        panier::books::reversal::reverse(&mut f.db, *id, "erreur de saisie", date).unwrap();
    }
    assert_totals_equal_lines(&f.db, "reversals");

    // a HelloAsso import
    let report = crate::common::import_sample_payments(&mut f.db);
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
    let member =
        panier::people::members::get(f.db.conn(), panier::kernel::ids::MemberId(3)).unwrap();
    panier::rights::erasure::erase(&mut f.db, member.id, day("2026-11-24")).unwrap();
    assert_totals_equal_lines(&f.db, "an erasure");
    let plan = panier::rights::erasure::purge(&mut f.db, day("2038-01-02")).unwrap();
    assert!(!plan.entries.is_empty(), "the purge removes something");
    assert_totals_equal_lines(&f.db, "the purge");
}

#[test]
fn check_reports_totals_that_drift_from_the_lines() {
    let f = crate::common::seeded(20, 1, 3);
    f.db.conn()
        .execute(
            "UPDATE ledger_day_totals SET amount_cents = amount_cents + 1
             WHERE day = (SELECT min(day) FROM ledger_day_totals)",
            [],
        )
        .unwrap();
    crate::common::assert_check_finds(&f.db, "books", "ledger totals");
}

/// Statuses as the members list computes them, member by member from their periods: the
/// dashboard's counts from the kept paid-until day must give the same, early renewals (a
/// period not started yet) included.
#[test]
fn dashboard_counts_equal_each_members_status() {
    let mut f = crate::common::seeded(150, 3, 11);
    let today = day("2026-12-10");
    // early renewals: members active today pay again; their new period starts later
    let active: Vec<(panier::kernel::ids::MemberId, panier::kernel::ids::PlanId)> = {
        let mut stmt =
            f.db.conn()
                .prepare(
                    "SELECT s.member_id, max(s.plan_id) FROM subscriptions s
                 JOIN plans p ON p.id = s.plan_id AND p.kind = 'fee'
                 WHERE s.starts_on <= ?1 AND s.ends_before > ?1
                 GROUP BY s.member_id ORDER BY s.member_id LIMIT 6",
                )
                .unwrap();
        let rows = stmt
            .query_map([today.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    assert!(active.len() >= 3, "the seed has active members");
    for (member, plan) in &active {
        let amount = panier::membership::plans::get(f.db.conn(), *plan)
            .unwrap()
            .amount_cents;
        let paid = panier::books::payments::pay_plan(
            &mut f.db,
            &panier::books::payments::PlanPayment {
                member: *member,
                plan: *plan,
                amount_cents: amount.max(100),
                gift_cents: None,
                date: today,
                method: panier::books::ledger::Method::Cheque,
                external_ref: None,
            },
        )
        .unwrap();
        assert!(paid.period.start > today, "an early renewal starts later");
    }
    assert_totals_equal_lines(&f.db, "early renewals");

    for on in [
        today,
        day("2026-11-01"),
        day("2027-01-05"),
        day("2027-03-01"),
    ] {
        let list = panier::people::members::list(
            f.db.conn(),
            &panier::people::members::MemberQuery::default(),
            on,
        )
        .unwrap();
        let n = |s: MembershipStatus| list.iter().filter(|m| m.status == s).count() as i64;
        let d = panier::dashboard::compute(f.db.conn(), on).unwrap();
        assert_eq!(d.members_total, list.len() as i64, "{on}");
        assert_eq!(d.members_active, n(MembershipStatus::Active), "{on}");
        assert_eq!(d.members_grace, n(MembershipStatus::Grace), "{on}");
        assert_eq!(d.members_expired, n(MembershipStatus::Expired), "{on}");
        assert_eq!(d.members_never_paid, n(MembershipStatus::None), "{on}");
        // due: the members the renewals list says are due (who renewed early are not)
        let due = panier::membership::renewals::list(
            f.db.conn(),
            on,
            Some(panier::membership::renewals::RenewalState::Due),
        )
        .unwrap();
        assert_eq!(d.renewals_due, due.len() as i64, "{on}");
        for (member, _) in &active {
            assert!(
                on != today || due.iter().all(|r| r.member_id != *member),
                "member {member} renewed early: not due"
            );
        }
    }
}
