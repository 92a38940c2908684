use crate::common::{day, fresh};
use panier::people::members::{self, MemberQuery, MembershipStatus};

/// The dashboard's figures agree with the member list and with sums over the ledger.
#[test]
fn dashboard_figures_match_the_lists_behind_them() {
    let mut f = fresh();
    let today = day("2026-11-22");
    panier::demo::seed::seed(
        &mut f.db,
        &panier::demo::seed::SeedOptions {
            members: 400,
            years: 3,
            seed: 5,
            until: Some(today),
        },
    )
    .unwrap();
    let conn = f.db.conn();
    let d = panier::dashboard::compute(conn, today).unwrap();
    assert_eq!(d.members_total, 400);
    for status in [
        MembershipStatus::Active,
        MembershipStatus::Grace,
        MembershipStatus::Expired,
        MembershipStatus::None,
    ] {
        let listed = members::list(
            conn,
            &MemberQuery {
                status: Some(status),
                ..Default::default()
            },
            today,
        )
        .unwrap()
        .len() as i64;
        assert_eq!(panier::dashboard::count(&d, status), listed, "{status:?}");
    }
    assert_eq!(
        d.members_active + d.members_grace + d.members_expired + d.members_never_paid,
        400
    );
    let (income, expenses): (i64, i64) = conn
        .query_row(
            "SELECT coalesce(sum(amount_cents) FILTER (WHERE amount_cents > 0), 0),
                    coalesce(-sum(amount_cents) FILTER (WHERE amount_cents < 0), 0)
             FROM ledger_entries WHERE entry_date >= '2026-01-01' AND entry_date <= '2026-11-22'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((d.income_cents, d.expenses_cents), (income, expenses));
    assert!(d.income_cents > 0 && d.expenses_cents > 0);
    assert!(
        d.accounts_over_quota > 0,
        "the seed puts some accounts over quota"
    );
}
