use crate::common::{day, fresh};
use panier::membership::plans::{self, PlanInput, PlanKind, PlanPeriod};
use panier::membership::subscriptions::{next_period, period_after};

pub fn fee(name: &str, amount: i64, period: PlanPeriod) -> PlanInput {
    PlanInput {
        name: name.into(),
        kind: PlanKind::Fee,
        amount_cents: amount,
        min_cents: None,
        counterpart_cents: 0,
        quota_bytes: None,
        period,
        members_only: false,
        covers_gap: false,
        description: String::new(),
    }
}

#[test]
fn plans_are_checked_before_they_are_stored() {
    let mut f = fresh();
    plans::add(&mut f.db, &fee("Adhésion", 1500, PlanPeriod::Civil)).unwrap();
    for same in ["adhésion", "ADHÉSION", " Adhesion "] {
        let dup = plans::add(&mut f.db, &fee(same, 1500, PlanPeriod::Civil)).unwrap_err();
        assert_eq!(dup.kind(), "refused", "{same}");
    }

    let tier_without_quota = PlanInput {
        kind: PlanKind::Tier,
        ..fee("50 Go", 2400, PlanPeriod::Months(12))
    };
    assert_eq!(
        plans::add(&mut f.db, &tier_without_quota)
            .unwrap_err()
            .kind(),
        "invalid"
    );

    let min_above = PlanInput {
        min_cents: Some(5000),
        ..fee("Prix libre", 3000, PlanPeriod::Civil)
    };
    assert_eq!(
        plans::add(&mut f.db, &min_above).unwrap_err().kind(),
        "invalid"
    );

    assert!(PlanPeriod::parse("months:0").is_err());
    assert_eq!(
        PlanPeriod::parse("months:6").unwrap(),
        PlanPeriod::Months(6)
    );
}

#[test]
fn a_payment_buys_the_right_period() {
    let mut f = fresh();
    let civil_id = plans::add(&mut f.db, &fee("Adhésion", 1500, PlanPeriod::Civil)).unwrap();
    let civil = plans::get(f.db.conn(), civil_id).unwrap();
    let rolling = plans::Plan {
        period: PlanPeriod::Months(12),
        ..civil.clone()
    };
    // first payment of a civil year: to 1 January
    let p = period_after(None, &civil, day("2026-03-10"));
    assert_eq!(
        (p.start, p.end_exclusive),
        (day("2026-03-10"), day("2027-01-01"))
    );
    // paid in December: covers next year too
    let p = period_after(None, &civil, day("2026-12-10"));
    assert_eq!(p.end_exclusive, day("2028-01-01"));
    // early renewal chains on
    let p = period_after(Some(day("2027-01-01")), &civil, day("2026-12-15"));
    assert_eq!(
        (p.start, p.end_exclusive),
        (day("2027-01-01"), day("2028-01-01"))
    );
    // late renewal does not cover the gap…
    let p = period_after(Some(day("2026-01-01")), &rolling, day("2026-04-01"));
    assert_eq!(p.start, day("2026-04-01"));
    // …unless the plan says so
    let gap = plans::Plan {
        covers_gap: true,
        ..rolling.clone()
    };
    let p = period_after(Some(day("2026-01-01")), &gap, day("2026-04-01"));
    assert_eq!(
        (p.start, p.end_exclusive),
        (day("2026-01-01"), day("2027-01-01"))
    );
    // 29 February + 12 months
    let p = period_after(None, &rolling, day("2028-02-29"));
    assert_eq!(p.end_exclusive, day("2029-02-28"));
    // with no subscription yet, the database agrees with the pure rule
    let m = panier::people::members::add(
        &mut f.db,
        &panier::people::members::MemberInput::from_name("Léa Roux", "lea@exemple.fr", false),
    )
    .unwrap();
    assert_eq!(
        next_period(f.db.conn(), m, &civil, day("2026-03-10")).unwrap(),
        period_after(None, &civil, day("2026-03-10"))
    );
}

#[test]
fn plans_count_their_current_subscribers_and_can_be_retired() {
    use panier::kernel::dates::Period;
    use panier::people::members::{self, MemberInput};
    let mut f = fresh();
    let fee_id = plans::add(&mut f.db, &fee("Adhésion", 1500, PlanPeriod::Civil)).unwrap();
    let other = plans::add(&mut f.db, &fee("Soutien", 3000, PlanPeriod::Civil)).unwrap();
    let this_year = Period {
        start: day("2025-01-01"),
        end_exclusive: day("2026-01-01"),
    };
    let last_year = Period {
        start: day("2024-01-01"),
        end_exclusive: day("2025-01-01"),
    };
    for (i, period) in [this_year, this_year, last_year].into_iter().enumerate() {
        let email = format!("m{i}@example.org");
        let m = members::add(
            &mut f.db,
            &MemberInput::from_name(&format!("Membre {i}"), &email, false),
        )
        .unwrap();
        panier::membership::subscriptions::add(&mut f.db, m, fee_id, period).unwrap();
    }
    let counts = plans::subscriber_counts(f.db.conn(), day("2025-06-01")).unwrap();
    assert_eq!(
        counts.get(&fee_id),
        Some(&2),
        "the expired period does not count"
    );
    assert_eq!(counts.get(&other), None);

    let retired = plans::set_archived(&mut f.db, other, true).unwrap();
    assert!(retired.archived);
    assert!(plans::get(f.db.conn(), other).unwrap().archived);
    let back = plans::set_archived(&mut f.db, other, false).unwrap();
    assert!(!back.archived);
}
