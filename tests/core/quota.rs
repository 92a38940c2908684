//! Quota: derived from tiers and bonuses; lists; grants recorded with who, when and why.

use crate::common::{day, fresh, Fixture};
use panier::hosting::quota::{self, DowngradeReason, GrantInput, QuotaFilter};
use panier::hosting::{accounts, nextcloud};
use panier::kernel::dates::Period;
use panier::kernel::ids::{MemberId, PlanId};
use panier::membership::plans::PlanKind;
use panier::membership::subscriptions;
use panier::people::members::MemberInput;
use panier::Error;

pub const GIB: i64 = 1024 * 1024 * 1024;
pub const TODAY: &str = "2026-11-22";

pub struct Plans {
    pub fee: PlanId,
    #[allow(dead_code)]
    pub free: PlanId,
    pub member: PlanId,
    pub comfort: PlanId,
}

fn plan(
    f: &mut Fixture,
    name: &str,
    kind: PlanKind,
    cents: i64,
    quota: Option<i64>,
    members_only: bool,
) -> PlanId {
    let input = crate::plans_input::yearly_plan(name, kind, cents, quota, members_only);
    panier::membership::plans::add(&mut f.db, &input).unwrap()
}

pub fn plans(f: &mut Fixture) -> Plans {
    Plans {
        fee: plan(f, "Adhésion", PlanKind::Fee, 2000, None, false),
        free: plan(f, "Découverte 1 Go", PlanKind::Tier, 0, Some(GIB), false),
        member: plan(f, "Membre 10 Go", PlanKind::Tier, 0, Some(10 * GIB), true),
        comfort: plan(
            f,
            "Confort 50 Go",
            PlanKind::Tier,
            2400,
            Some(50 * GIB),
            true,
        ),
    }
}

pub fn member(f: &mut Fixture, name: &str) -> MemberId {
    let email = format!("{}@exemple.org", name.to_lowercase().replace(' ', "."));
    panier::people::members::add(&mut f.db, &MemberInput::from_name(name, &email, false)).unwrap()
}

pub fn subscribe(f: &mut Fixture, m: MemberId, p: PlanId, start: &str, end: &str) {
    subscriptions::add(&mut f.db, m, p, Period::new(day(start), day(end)).unwrap()).unwrap();
}

fn row(f: &Fixture, login: &str) -> quota::AccountQuota {
    quota::overview(f.db.conn(), day(TODAY))
        .unwrap()
        .into_iter()
        .find(|q| q.login == login)
        .expect("account listed")
}

#[test]
fn quota_comes_from_tiers_and_bonuses() {
    let mut f = fresh();
    let p = plans(&mut f);
    let anne = member(&mut f, "Anne Martin");
    subscribe(&mut f, anne, p.fee, "2026-01-01", "2027-01-01");
    subscribe(&mut f, anne, p.member, "2026-01-01", "2027-01-01");
    subscribe(&mut f, anne, p.comfort, "2026-06-01", "2027-06-01");
    let today = day(TODAY);
    // a new account starts with its largest tier (tiers do not add up)
    let id = accounts::open(&mut f.db, anne, "nextcloud", "anne", today).unwrap();
    assert_eq!(
        accounts::get(f.db.conn(), id).unwrap().quota_bytes,
        50 * GIB
    );

    // somebody with no tier at all still has the free tier open to everyone
    let bob = member(&mut f, "Bob Durand");
    let id = accounts::open(&mut f.db, bob, "nextcloud", "bob", today).unwrap();
    assert_eq!(accounts::get(f.db.conn(), id).unwrap().quota_bytes, GIB);

    // a members-only tier does not count for a non-member
    subscribe(&mut f, bob, p.member, "2026-01-01", "2027-01-01");
    assert_eq!(row(&f, "bob").tier_bytes, GIB);
    // ...and counts once they are a member (and in grace)
    subscribe(&mut f, bob, p.fee, "2025-11-01", "2026-11-01");
    let q = row(&f, "bob");
    assert_eq!(
        q.membership,
        panier::people::members::MembershipStatus::Grace
    );
    assert_eq!(q.tier_bytes, 10 * GIB);
    assert_eq!(q.tier.as_ref().unwrap().name, "Membre 10 Go");

    // bonuses add up on top, until their last day included
    quota::grant(
        &mut f.db,
        &GrantInput {
            service: "nextcloud".into(),
            login: "bob".into(),
            bytes: 5 * GIB,
            reason: "projet photo".into(),
            until: Some(day(TODAY)),
        },
        today,
    )
    .unwrap();
    quota::grant(
        &mut f.db,
        &GrantInput {
            service: "nextcloud".into(),
            login: "bob".into(),
            bytes: GIB / 2,
            reason: "bénévole".into(),
            until: None,
        },
        today,
    )
    .unwrap();
    let q = row(&f, "bob");
    assert_eq!(q.bonus_bytes, 5 * GIB + GIB / 2);
    assert_eq!(q.target_bytes, 15 * GIB + GIB / 2);
    // the next day the temporary one has ended
    let tomorrow = quota::overview(f.db.conn(), day("2026-11-23")).unwrap();
    let q = tomorrow.iter().find(|q| q.login == "bob").unwrap();
    assert_eq!(q.bonus_bytes, GIB / 2);
}

#[test]
fn a_grant_keeps_who_when_why_and_bad_ones_change_nothing() {
    let mut f = fresh();
    plans(&mut f);
    let anne = member(&mut f, "Anne Martin");
    accounts::open(&mut f.db, anne, "nextcloud", "anne", day(TODAY)).unwrap();
    f.db.set_operator("Camille (admin)");
    let audit_before = crate::common::audit_rows(&f.db);
    let input = GrantInput {
        service: "nextcloud".into(),
        login: "anne".into(),
        bytes: 5 * GIB,
        reason: "  archives de l'association ".into(),
        until: Some(day("2026-12-31")),
    };
    let id = quota::grant(&mut f.db, &input, day(TODAY)).unwrap();
    let g = quota::get_grant(f.db.conn(), id).unwrap();
    assert_eq!(g.granted_by, "Camille (admin)");
    assert_eq!(g.reason, "archives de l'association");
    assert_eq!(g.until, Some(day("2026-12-31")));
    assert!(!g.granted_at.is_empty());
    assert_eq!(crate::common::audit_rows(&f.db), audit_before + 1);
    let audit = panier::store::audit::recent(f.db.conn(), 1).unwrap();
    assert_eq!(audit[0].action, "grant");
    assert_eq!(audit[0].operator, "Camille (admin)");
    assert_eq!(
        audit[0].after.as_ref().unwrap()["reason"],
        "archives de l'association"
    );

    for bad in [
        GrantInput {
            reason: " ".into(),
            ..input.clone()
        },
        GrantInput {
            bytes: 0,
            ..input.clone()
        },
        GrantInput {
            until: Some(day("2026-11-01")),
            ..input.clone()
        },
        GrantInput {
            login: "nobody".into(),
            ..input.clone()
        },
    ] {
        let err = quota::grant(&mut f.db, &bad, day(TODAY)).unwrap_err();
        assert!(
            matches!(err, Error::Invalid { .. } | Error::NotFound { .. }),
            "{err}"
        );
    }
    assert_eq!(crate::common::audit_rows(&f.db), audit_before + 1);
    assert_eq!(
        quota::grants_for(f.db.conn(), g.account_id).unwrap().len(),
        1
    );

    // ending it early: recorded with why; from today on it no longer counts
    assert!(quota::end_grant(&mut f.db, id, " ", day(TODAY)).is_err());
    let ended = quota::end_grant(&mut f.db, id, "projet abandonné", day(TODAY)).unwrap();
    assert_eq!(ended.until, Some(day("2026-11-21")));
    assert!(!ended.counts_on(day(TODAY)));
    assert_eq!(row(&f, "anne").bonus_bytes, 0);
    assert!(quota::end_grant(&mut f.db, id, "encore", day(TODAY)).is_err());
    let audit = panier::store::audit::recent(f.db.conn(), 1).unwrap();
    assert_eq!(audit[0].action, "end_grant");
    assert_eq!(
        audit[0].after.as_ref().unwrap()["reason"],
        "projet abandonné"
    );
}

#[test]
fn lists_over_near_lapsed_and_expired() {
    let mut f = fresh();
    let p = plans(&mut f);
    let today = day(TODAY);
    let set_usage = |f: &mut Fixture, login: &str, quota: i64, used: i64| {
        let a = accounts::find_by_login(f.db.conn(), "nextcloud", login).unwrap();
        f.db.write(|tx| {
            tx.execute(
                "UPDATE service_accounts SET quota_bytes = ?2, used_bytes = ?3 WHERE id = ?1",
                rusqlite::params![a.id, quota, used],
            )?;
            Ok((
                (),
                panier::store::audit::Change::new("test", "service_account", Some(a.id.0)),
            ))
        })
        .unwrap();
    };
    // over: uses more than its quota
    let over = member(&mut f, "Olive Over");
    accounts::open(&mut f.db, over, "nextcloud", "over", today).unwrap();
    set_usage(&mut f, "over", GIB, GIB + 1);
    // near: 95 %
    let near = member(&mut f, "Nina Near");
    accounts::open(&mut f.db, near, "nextcloud", "near", today).unwrap();
    set_usage(&mut f, "near", GIB, GIB / 100 * 95);
    // lapsed: had Confort 50 Go until October, still a member
    let lapsed = member(&mut f, "Léo Lapsed");
    subscribe(&mut f, lapsed, p.fee, "2026-01-01", "2027-01-01");
    subscribe(&mut f, lapsed, p.comfort, "2025-10-01", "2026-10-01");
    accounts::open(&mut f.db, lapsed, "nextcloud", "lapsed", today).unwrap();
    set_usage(&mut f, "lapsed", 50 * GIB, 3 * GIB);
    // expired member, with a members-only tier still running
    let gone = member(&mut f, "Gaston Gone");
    subscribe(&mut f, gone, p.fee, "2025-01-01", "2026-01-01");
    subscribe(&mut f, gone, p.member, "2026-03-01", "2027-03-01");
    accounts::open(&mut f.db, gone, "nextcloud", "gone", today).unwrap();
    set_usage(&mut f, "gone", 10 * GIB, GIB);

    let logins = |filter| -> Vec<String> {
        quota::list(f.db.conn(), filter, today)
            .unwrap()
            .into_iter()
            .map(|q| q.login)
            .collect()
    };
    assert_eq!(logins(QuotaFilter::Over), ["over"]);
    assert_eq!(logins(QuotaFilter::Near), ["near"]);
    assert_eq!(logins(QuotaFilter::Lapsed), ["lapsed"]);
    assert_eq!(logins(QuotaFilter::Expired), ["gone"]);
    assert_eq!(logins(QuotaFilter::Downgrades), ["gone", "lapsed"]);
    assert_eq!(logins(QuotaFilter::All).len(), 4);

    let l = row(&f, "lapsed");
    assert_eq!(l.target_bytes, GIB); // the free floor: Membre 10 Go was never subscribed
    assert_eq!(
        l.lapsed,
        Some(DowngradeReason::TierLapsed {
            plan: "Confort 50 Go".into(),
            ended_on: day("2026-10-01")
        })
    );
    assert_eq!(
        row(&f, "gone").downgrade,
        Some(DowngradeReason::MemberExpired)
    );
    assert_eq!(row(&f, "over").used_percent, Some(100));

    // a lapse is only proposed: the plan holds the quota until an admin accepts
    // (these accounts are new, so the plan creates them, with the quota held)
    let plan = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    let held = plan.items.iter().find(|i| i.login == "lapsed").unwrap();
    assert_eq!(
        held.actions,
        [nextcloud::Action::Create {
            email: "léo.lapsed@exemple.org".into(),
            quota_bytes: 50 * GIB
        }]
    );
    assert_eq!(plan.proposals.len(), 2);
    assert_eq!(plan.proposals[1].login, "lapsed");
    assert_eq!(plan.proposals[1].to_bytes, GIB);
    let accepted = nextcloud::plan(
        f.db.conn(),
        today,
        &nextcloud::PlanOptions {
            accept_downgrades: vec!["lapsed".into()],
            accept_all_downgrades: false,
        },
    )
    .unwrap();
    let item = accepted.items.iter().find(|i| i.login == "lapsed").unwrap();
    // a new account (never pushed) is created with the accepted quota
    assert_eq!(
        item.actions,
        [nextcloud::Action::Create {
            email: "léo.lapsed@exemple.org".into(),
            quota_bytes: GIB
        }]
    );
    assert_eq!(accepted.proposals.len(), 1);
}
