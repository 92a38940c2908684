//! The register of data requests: deadlines, extensions, answers, the dashboard's warning.

use crate::common::{day, fresh};
use panier::people::members::{self, MemberInput};
use panier::rights::requests::{self, NewRequest, RequestKind, RequestStatus};

fn with_member() -> (crate::common::Fixture, panier::kernel::ids::MemberId) {
    let mut f = fresh();
    let m = members::add(
        &mut f.db,
        &MemberInput::from_name("Léa Roux", "lea@exemple.fr", false),
    )
    .unwrap();
    (f, m)
}

fn request(kind: RequestKind, received: &str, m: panier::kernel::ids::MemberId) -> NewRequest {
    NewRequest {
        member: m,
        kind,
        received_on: day(received),
        identity_check: "courriel depuis son adresse".into(),
        notes: String::new(),
    }
}

#[test]
fn a_request_is_due_one_month_after_receipt_and_may_be_extended_within_that_month() {
    let (mut f, m) = with_member();
    let today = day("2026-11-22");
    let id = requests::add(
        &mut f.db,
        &request(RequestKind::Access, "2026-01-31", m),
        today,
    )
    .unwrap();
    let r = requests::get(f.db.conn(), id).unwrap();
    assert_eq!(r.deadline, day("2026-02-28"));
    assert_eq!(r.status, RequestStatus::Open);
    assert!(r.is_late(today));
    assert_eq!(r.days_left(day("2026-02-20")), Some(8));

    // told after the first month: refused, nothing changes
    let err = requests::extend(&mut f.db, id, 2, "complexe", day("2026-03-01")).unwrap_err();
    assert!(err.to_string().contains("premier mois"), "{err}");
    assert_eq!(requests::get(f.db.conn(), id).unwrap().extension_months, 0);
    assert!(requests::extend(&mut f.db, id, 3, "complexe", day("2026-02-10")).is_err());
    assert!(requests::extend(&mut f.db, id, 2, " ", day("2026-02-10")).is_err());

    let r = requests::extend(
        &mut f.db,
        id,
        2,
        "archives papier à dépouiller",
        day("2026-02-27"),
    )
    .unwrap();
    assert_eq!(r.deadline, day("2026-04-30"));
    assert_eq!(r.member_told_on, Some(day("2026-02-27")));
    // only once
    assert!(requests::extend(&mut f.db, id, 1, "encore", day("2026-02-28")).is_err());

    // an answer cannot precede the request, and is given once
    assert!(requests::answer(&mut f.db, id, day("2026-01-30"), false, "").is_err());
    let r = requests::answer(&mut f.db, id, day("2026-04-02"), false, "export envoyé").unwrap();
    assert_eq!(r.status, RequestStatus::Answered);
    assert_eq!(r.answered_on, Some(day("2026-04-02")));
    assert!(!r.is_late(today));
    assert!(requests::answer(&mut f.db, id, day("2026-04-03"), false, "").is_err());
    assert_eq!(
        panier::store::audit::for_member(f.db.conn(), m)
            .unwrap()
            .len(),
        4
    );
}

#[test]
fn a_request_needs_an_identity_check_and_a_past_date() {
    let (mut f, m) = with_member();
    let today = day("2026-11-22");
    let mut r = request(RequestKind::Erasure, "2026-11-01", m);
    r.identity_check = "  ".into();
    assert!(requests::add(&mut f.db, &r, today).is_err());
    assert!(requests::add(
        &mut f.db,
        &request(RequestKind::Erasure, "2026-11-23", m),
        today
    )
    .is_err());
    assert!(requests::list(f.db.conn(), false).unwrap().is_empty());
    assert!(RequestKind::parse("portabilité").unwrap() == RequestKind::Portability);
    assert!(RequestKind::parse("oubli").is_err());
}

#[test]
fn the_dashboard_warns_of_requests_near_or_past_their_deadline() {
    let (mut f, m) = with_member();
    let today = day("2026-11-22");
    let late = requests::add(
        &mut f.db,
        &request(RequestKind::Access, "2026-10-01", m),
        today,
    )
    .unwrap();
    let near = requests::add(
        &mut f.db,
        &request(RequestKind::Rectification, "2026-10-28", m),
        today,
    )
    .unwrap();
    let far = requests::add(
        &mut f.db,
        &request(RequestKind::Portability, "2026-11-20", m),
        today,
    )
    .unwrap();
    let answered = requests::add(
        &mut f.db,
        &request(RequestKind::Other, "2026-10-01", m),
        today,
    )
    .unwrap();
    requests::answer(
        &mut f.db,
        answered,
        day("2026-10-15"),
        true,
        "identité non établie",
    )
    .unwrap();
    let due: Vec<_> = requests::near_deadline(f.db.conn(), today, 7)
        .unwrap()
        .into_iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(due, [late, near]);
    assert!(!due.contains(&far));
    let d = panier::dashboard::compute(f.db.conn(), today).unwrap();
    assert_eq!((d.data_requests_late, d.data_requests_due), (1, 1));
    assert_eq!(requests::list(f.db.conn(), true).unwrap().len(), 3);
    assert_eq!(requests::list(f.db.conn(), false).unwrap().len(), 4);
}
