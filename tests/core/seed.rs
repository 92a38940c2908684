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
