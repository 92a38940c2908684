use crate::common::{day, fresh};
use panier::demo::seed::{seed, SeedOptions};

fn options(members: u32, seed_value: u64) -> SeedOptions {
    SeedOptions {
        members,
        years: 3,
        seed: seed_value,
        until: Some(day("2026-11-22")),
    }
}

fn fingerprint(db: &panier::Database) -> Vec<(String, i64)> {
    let conn = db.conn();
    let q = |sql: &str| -> i64 { conn.query_row(sql, [], |r| r.get(0)).unwrap() };
    vec![
        ("members".into(), q("SELECT count(*) FROM members")),
        ("entries".into(), q("SELECT count(*) FROM ledger_entries")),
        (
            "cents".into(),
            q("SELECT sum(amount_cents) FROM ledger_entries"),
        ),
        ("subs".into(), q("SELECT count(*) FROM subscriptions")),
        (
            "quota".into(),
            q("SELECT sum(quota_bytes) FROM service_accounts"),
        ),
        (
            "names".into(),
            q("SELECT sum(length(first_name) * id + length(last_name)) FROM members"),
        ),
    ]
}

#[test]
fn the_same_seed_gives_the_same_association() {
    let mut a = fresh();
    let mut b = fresh();
    let sa = seed(&mut a.db, &options(200, 42)).unwrap();
    let sb = seed(&mut b.db, &options(200, 42)).unwrap();
    assert_eq!(sa, sb);
    assert_eq!(fingerprint(&a.db), fingerprint(&b.db));
    let mut c = fresh();
    seed(&mut c.db, &options(200, 43)).unwrap();
    assert_ne!(fingerprint(&a.db), fingerprint(&c.db));
}

#[test]
fn a_seeded_association_is_sound_and_looks_french() {
    let mut f = fresh();
    let summary = seed(&mut f.db, &options(500, 1)).unwrap();
    assert_eq!(summary.members, 500);
    assert!(summary.ledger_entries > 500);
    let report = panier::store::check::run(&f.db).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
    let accented: i64 = crate::common::scalar(
        &f.db,
        "SELECT count(*) FROM members WHERE first_name || last_name GLOB '*[éèêëàâçîïôûüœ]*'",
    );
    assert!(accented > 50, "{accented} accented names");
    // one change, one audit row, besides the creation
    assert_eq!(panier::store::audit::count(f.db.conn()).unwrap(), 2);
    // seeding twice adds members, never a duplicate email
    seed(&mut f.db, &options(100, 1)).unwrap();
    assert_eq!(panier::people::members::count(&f.db).unwrap(), 600);
}

/// The demo association has no event after its last day (today by default): no payment, entry,
/// join, reminder or request in the future. Ends of periods and deadlines may well be later.
#[test]
fn the_demo_association_has_nothing_dated_after_its_last_day() {
    for until in [day("2026-11-22"), day("2026-01-03"), day("2027-12-31")] {
        let mut f = fresh();
        seed(
            &mut f.db,
            &SeedOptions {
                members: 300,
                years: 3,
                seed: 7,
                until: Some(until),
            },
        )
        .unwrap();
        let conn = f.db.conn();
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
            )
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let mut checked = 0;
        for table in &tables {
            let columns: Vec<String> = conn
                .prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))
                .unwrap()
                .query_map([], |r| r.get(0))
                .unwrap()
                .map(Result::unwrap)
                .collect();
            for column in columns {
                let is_event =
                    column.ends_with("_on") || column == "day" || column.ends_with("_date");
                // the bounds of periods, deadlines and limits may be ahead by nature (a tier
                // renewed a week early starts when the paid one ends)
                let is_limit = ["start", "end", "until", "due", "before", "expire"]
                    .iter()
                    .any(|w| column.contains(w));
                if !is_event || is_limit {
                    continue;
                }
                checked += 1;
                let later: Option<String> = conn
                    .query_row(
                        &format!(
                            "SELECT max(substr({column}, 1, 10)) FROM \"{table}\" WHERE substr({column}, 1, 10) > ?1"
                        ),
                        [until.to_string()],
                        |r| r.get(0),
                    )
                    .unwrap();
                assert_eq!(
                    later, None,
                    "{table}.{column} has a day after {until} (the demo's last day)"
                );
            }
        }
        assert!(checked >= 5, "only {checked} dated columns checked");
    }
}
