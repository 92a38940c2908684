use crate::common::{audit_rows, day, fresh};
use panier::people::members::{self, MemberInput, MemberQuery, MembershipStatus};
use panier::Error;

fn person(name: &str, email: &str) -> MemberInput {
    MemberInput::from_name(name, email, false)
}

#[test]
fn add_get_and_find_by_email_in_any_case() {
    let mut f = fresh();
    let id = members::add(&mut f.db, &person("Hélène Lefèvre", " Helene@Exemple.FR ")).unwrap();
    let m = members::get(f.db.conn(), id).unwrap();
    assert_eq!(
        (m.first_name.as_str(), m.last_name.as_str()),
        ("Hélène", "Lefèvre")
    );
    assert_eq!(m.email, "helene@exemple.fr");
    assert_eq!(
        members::find(f.db.conn(), "HELENE@exemple.fr").unwrap().id,
        id
    );
    assert_eq!(members::find(f.db.conn(), &id.to_string()).unwrap().id, id);
    let history = panier::store::audit::for_member(f.db.conn(), id).unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(
        history[0].after.as_ref().unwrap()["email"],
        "helene@exemple.fr"
    );
}

#[test]
fn duplicate_emails_are_refused_whatever_the_case() {
    let mut f = fresh();
    members::add(&mut f.db, &person("Zoé Martin", "zoe@exemple.fr")).unwrap();
    let before = audit_rows(&f.db);
    let err = members::add(&mut f.db, &person("Zoé Autre", "ZOE@exemple.fr")).unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert!(err.to_string().contains("zoe@exemple.fr"));
    assert_eq!(members::count(&f.db).unwrap(), 1);
    assert_eq!(audit_rows(&f.db), before);
}

#[test]
fn bad_input_names_the_field() {
    let mut f = fresh();
    for (input, field) in [
        (person("", "a@b.fr"), "nom"),
        (person("Jean Dupont", "pas-une-adresse"), "email"),
        (person("Jean Dupont", "a b@c.fr"), "email"),
        (
            MemberInput {
                phone: "06 lol".into(),
                ..person("Jean Dupont", "jd@b.fr")
            },
            "téléphone",
        ),
        (MemberInput::from_name("", "org@b.fr", true), "nom"),
    ] {
        match members::add(&mut f.db, &input) {
            Err(Error::Invalid { field: got, .. }) => assert_eq!(got, field),
            other => panic!("expected an invalid {field}, got {other:?}"),
        }
    }
    assert_eq!(members::count(&f.db).unwrap(), 0);
}

#[test]
fn search_ignores_case_and_accents_and_matches_every_word() {
    let mut f = fresh();
    let helene = members::add(&mut f.db, &person("Hélène Lefèvre", "h@exemple.fr")).unwrap();
    members::add(&mut f.db, &person("Hervé Lefebvre", "hl@exemple.fr")).unwrap();
    let org = members::add(
        &mut f.db,
        &MemberInput::from_name("Café associatif Le Chêne", "cafe@exemple.fr", true),
    )
    .unwrap();
    let today = day("2026-11-22");
    let search = |q: &str| -> Vec<_> {
        let query = MemberQuery {
            search: Some(q.into()),
            ..Default::default()
        };
        members::list(f.db.conn(), &query, today)
            .unwrap()
            .into_iter()
            .map(|r| r.id)
            .collect()
    };
    assert_eq!(search("helene"), vec![helene]);
    assert_eq!(search("HÉLÈNE lefevre"), vec![helene]);
    assert_eq!(search("lefe").len(), 2);
    assert_eq!(search("chene"), vec![org]);
    assert_eq!(search("100%"), vec![]);
    assert_eq!(search("h_l").len(), 0, "LIKE wildcards are escaped");
}

#[test]
fn update_keeps_history_and_delete_is_refused_with_money() {
    let mut f = fresh();
    let id = members::add(&mut f.db, &person("Jean Dupont", "jean@exemple.fr")).unwrap();
    let mut input = person("Jean Dupont", "jean.dupont@exemple.fr");
    input.city = "Orléans".into();
    let updated = members::update(&mut f.db, id, &input).unwrap();
    assert_eq!(updated.city, "Orléans");
    let history = panier::store::audit::for_member(f.db.conn(), id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[1].before.as_ref().unwrap()["email"],
        "jean@exemple.fr"
    );
    assert_eq!(
        history[1].after.as_ref().unwrap()["email"],
        "jean.dupont@exemple.fr"
    );

    panier::books::ledger::record(
        &mut f.db,
        &panier::books::ledger::NewEntry {
            date: day("2026-03-01"),
            kind: panier::books::ledger::EntryKind::Donation,
            member: Some(id),
            counterparty: "Jean Dupont".into(),
            method: panier::books::ledger::Method::Cheque,
            label: "Don".into(),
            plan: None,
            subscription: None,
            external_ref: None,
            lines: vec![panier::books::ledger::Line {
                account: "7541".into(),
                amount_cents: 5000,
            }],
        },
    )
    .unwrap();
    let err = members::delete(&mut f.db, id).unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert_eq!(members::count(&f.db).unwrap(), 1);

    let other = members::add(&mut f.db, &person("Erreur Saisie", "oops@exemple.fr")).unwrap();
    members::delete(&mut f.db, other).unwrap();
    assert!(members::get(f.db.conn(), other).is_err());
}

#[test]
fn status_is_derived_from_fee_periods_and_grace_days() {
    let mut f = fresh();
    let fee = panier::membership::plans::add(&mut f.db, &crate::common::fee_plan("Adhésion", 1500))
        .unwrap();
    let id = members::add(&mut f.db, &person("Léa Roux", "lea@exemple.fr")).unwrap();
    let never = members::add(&mut f.db, &person("Noé Petit", "noe@exemple.fr")).unwrap();
    let period = panier::kernel::dates::Period::civil_year(2025);
    panier::membership::subscriptions::add(&mut f.db, id, fee, period).unwrap();
    let conn = f.db.conn();
    assert_eq!(
        members::status(conn, id, day("2025-12-31")).unwrap(),
        MembershipStatus::Active
    );
    assert_eq!(
        members::status(conn, id, day("2026-01-01")).unwrap(),
        MembershipStatus::Grace
    );
    assert_eq!(
        members::status(conn, id, day("2026-01-30")).unwrap(),
        MembershipStatus::Grace
    );
    assert_eq!(
        members::status(conn, id, day("2026-01-31")).unwrap(),
        MembershipStatus::Expired
    );
    assert_eq!(
        members::status(conn, never, day("2026-01-31")).unwrap(),
        MembershipStatus::None
    );

    let filter = |status| {
        let q = MemberQuery {
            status: Some(status),
            ..Default::default()
        };
        members::list(conn, &q, day("2026-01-15")).unwrap().len()
    };
    assert_eq!(filter(MembershipStatus::Grace), 1);
    assert_eq!(filter(MembershipStatus::Active), 0);
    assert_eq!(filter(MembershipStatus::None), 1);
}

/// The list sorts by surname (an organisation by its name), then first name, then email,
/// ignoring accents and case (« Élise » with « Elise », not after « Zoé »); a page of it is
/// the same rows as the whole list cut, both ways; the members CSV has the same order.
#[test]
fn list_sorts_by_name_ignoring_accents_and_pages_follow_that_order() {
    let mut f = fresh();
    for (name, email) in [
        ("Zoé Abel", "zoe@exemple.fr"),
        ("élise Dupont", "elise@exemple.fr"),
        ("Elise Dupont", "elise2@exemple.fr"),
        ("Bruno Duponteil", "bruno@exemple.fr"),
        ("Anne Éluard", "anne@exemple.fr"),
        ("Marc Eluard", "marc@exemple.fr"),
        ("Chloé zola", "chloe@exemple.fr"),
    ] {
        members::add(&mut f.db, &person(name, email)).unwrap();
    }
    members::add(
        &mut f.db,
        &MemberInput::from_name("Dunes et Forêts", "dunes@exemple.fr", true),
    )
    .unwrap();
    let today = day("2026-11-22");
    let names = |db: &panier::Database, q: MemberQuery| -> Vec<String> {
        members::list(db.conn(), &q, today)
            .unwrap()
            .into_iter()
            .map(|r| r.email)
            .collect()
    };
    let all = names(&f.db, MemberQuery::default());
    assert_eq!(
        all,
        [
            "zoe@exemple.fr",
            "dunes@exemple.fr",
            // same name: by email ('2' sorts before '@')
            "elise2@exemple.fr",
            "elise@exemple.fr",
            "bruno@exemple.fr",
            "anne@exemple.fr",
            "marc@exemple.fr",
            "chloe@exemple.fr",
        ]
    );
    let page = names(
        &f.db,
        MemberQuery {
            limit: Some(3),
            offset: 2,
            ..Default::default()
        },
    );
    assert_eq!(page, all[2..5]);
    let mut reversed = all.clone();
    reversed.reverse();
    assert_eq!(
        names(
            &f.db,
            MemberQuery {
                descending: true,
                ..Default::default()
            },
        ),
        reversed
    );
    let csv = panier::bridges::members_csv::export_members_csv(f.db.conn()).unwrap();
    let order: Vec<&str> = csv
        .lines()
        .skip(1)
        .map(|l| l.split(';').nth(4).unwrap())
        .collect();
    assert_eq!(order, all);
    // an edit moves the member to their new place
    let zoe = members::find(f.db.conn(), "zoe@exemple.fr").unwrap();
    members::update(&mut f.db, zoe.id, &person("Zoé Zyx", "zoe@exemple.fr")).unwrap();
    assert_eq!(
        names(&f.db, MemberQuery::default()).last().unwrap(),
        "zoe@exemple.fr"
    );
}

/// The Members screen asks one page at a time: a page is the whole list cut, and `matching`
/// is how many the filters match whatever the page (counted by `count_matching` when the page
/// is full, by the page itself when it is the last); a page that cannot be is refused by name.
#[test]
fn the_list_operation_gives_a_page_and_how_many_match() {
    use chrono::Datelike;
    use panier::ops::members::{List, MemberFilter};
    use panier::ops::{perform, Role};
    let mut f = fresh();
    let fee = panier::membership::plans::add(&mut f.db, &crate::common::fee_plan("Adhésion", 1500))
        .unwrap();
    let period = panier::kernel::dates::Period::civil_year(panier::kernel::dates::today().year());
    for i in 0..23 {
        let surname = if i % 3 == 0 { "Martin" } else { "Durand" };
        let id = members::add(
            &mut f.db,
            &person(&format!("Prénom{i} {surname}"), &format!("m{i}@exemple.fr")),
        )
        .unwrap();
        if i % 2 == 0 {
            panier::membership::subscriptions::add(&mut f.db, id, fee, period).unwrap();
        }
    }
    let filters = [
        MemberFilter::default(),
        MemberFilter {
            search: Some("martin".into()),
            ..Default::default()
        },
        MemberFilter {
            status: Some("active".into()),
            ..Default::default()
        },
        MemberFilter {
            search: Some("durand".into()),
            status: Some("none".into()),
            ..Default::default()
        },
    ];
    for filter in filters {
        let whole = perform::<List>(&mut f.db, Role::Owner, filter.clone()).unwrap();
        let ids = |list: &panier::ops::members::MemberList| -> Vec<i64> {
            list.rows.iter().map(|r| r.id).collect()
        };
        let all = ids(&whole);
        assert_eq!(whole.matching, all.len() as i64, "{filter:?}");
        assert_eq!(whole.total, 23);
        let core_query = members::MemberQuery {
            search: filter.search.clone(),
            status: filter
                .status
                .as_deref()
                .map(|s| MembershipStatus::parse(s).unwrap()),
            ..Default::default()
        };
        let today = panier::kernel::dates::today();
        assert_eq!(
            members::count_matching(f.db.conn(), &core_query, today).unwrap(),
            all.len() as i64,
            "{filter:?}"
        );
        // every page of 4, the last one short or empty: the whole list cut, the same count
        for offset in (0..=all.len() + 4).step_by(4) {
            let page = perform::<List>(
                &mut f.db,
                Role::Owner,
                MemberFilter {
                    offset: Some(offset as i64),
                    limit: Some(4),
                    ..filter.clone()
                },
            )
            .unwrap();
            let end = (offset + 4).min(all.len());
            let expected = if offset < all.len() {
                &all[offset..end]
            } else {
                &[][..]
            };
            assert_eq!(ids(&page), expected, "{filter:?} at {offset}");
            assert_eq!(page.matching, all.len() as i64, "{filter:?} at {offset}");
        }
    }
    for (limit, offset, field) in [(Some(0), None, "limit"), (Some(10), Some(-1), "offset")] {
        let refused = perform::<List>(
            &mut f.db,
            Role::Owner,
            MemberFilter {
                limit,
                offset,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(
            matches!(&refused, Error::Invalid { field: name, .. } if name.as_str() == field),
            "{refused:?}"
        );
    }
}
