//! Erasure and purge: the member gone from the file's bytes, the books kept, then purged on
//! time.

use crate::common::{day, fresh};
use crate::export::{seeded_with_helene, EMAIL};
use panier::books::ledger;
use panier::people::members;
use panier::rights::erasure::{self, pseudonym};
use panier::store::{audit, check};
use panier::Lang;

fn find(haystack: &[u8], needle: &str) -> bool {
    let needle = needle.as_bytes();
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn treasury(conn: &rusqlite::Connection) -> (i64, i64) {
    conn.query_row(
        "SELECT count(*), coalesce(sum(amount_cents), 0) FROM ledger_entries",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .unwrap()
}

#[test]
fn after_erasure_the_member_is_nowhere_in_the_file_its_wal_or_a_new_backup() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    let path = f.path();
    // before: the strings are there (the search works)
    f.db.conn()
        .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))
        .unwrap();
    let before = std::fs::read(&path).unwrap();
    for s in &h.personal {
        assert!(find(&before, s), "{s} should be in the file before erasure");
    }
    let books_before = treasury(f.db.conn());

    let report = erasure::erase(&mut f.db, h.id, day("2026-11-22")).unwrap();
    assert_eq!(report.pseudonym, pseudonym(h.id));
    let logins: Vec<&str> = report
        .accounts_to_delete
        .iter()
        .map(|a| a.login.as_str())
        .collect();
    assert_eq!(logins, ["helene.quintard", "hquintard"]);
    assert_eq!(report.consents_deleted, 1);
    assert_eq!(report.entries_kept, 5);
    assert_eq!(report.kept_until, Some(day("2037-01-01")));
    assert!(report.problems_after_commit.is_empty());
    // the accounts to delete are kept with her open erasure request, shown again on demand,
    // until an admin records them deleted: then the logins go too
    assert!(!report.request_answered);
    let kept =
        panier::rights::requests::accounts_to_delete(f.db.conn(), report.request_id).unwrap();
    assert_eq!(kept, report.accounts_to_delete);
    let (forgotten, problems) = erasure::accounts_deleted(&mut f.db, report.request_id).unwrap();
    assert_eq!(forgotten, report.accounts_to_delete);
    assert!(problems.is_empty());
    assert!(
        panier::rights::requests::accounts_to_delete(f.db.conn(), report.request_id)
            .unwrap()
            .is_empty()
    );
    let err = erasure::accounts_deleted(&mut f.db, report.request_id).unwrap_err();
    assert!(err.to_string().contains("aucun compte"), "{err}");

    let after = std::fs::read(&path).unwrap();
    let wal = std::fs::read(path.with_file_name("panier.sqlite-wal")).unwrap_or_default();
    let backup = f.dir.path().join("after.sqlite");
    f.db.backup_to(&backup).unwrap();
    let copy = std::fs::read(&backup).unwrap();
    for s in &h.personal {
        assert!(!find(&after, s), "{s} is still in the database file");
        assert!(!find(&wal, s), "{s} is still in the WAL");
        assert!(!find(&copy, s), "{s} is in a backup taken after erasure");
    }

    // the books are whole, under the pseudonym
    assert_eq!(treasury(f.db.conn()), books_before);
    let entries = ledger::for_member(f.db.conn(), h.id).unwrap();
    assert_eq!(entries.len(), 5);
    assert!(entries.iter().all(|e| e.counterparty == pseudonym(h.id)));
    assert!(entries
        .iter()
        .any(|e| e.label == format!("Don de fin d'année membre-effacé-{} (tél. [effacé])", h.id)));
    let m = members::get(f.db.conn(), h.id).unwrap();
    assert_eq!(m.last_name, pseudonym(h.id));
    assert_eq!(m.email, erasure::placeholder_email(h.id));
    assert!(m.street.is_empty() && m.phone.is_empty() && m.notes.is_empty());
    assert!(panier::hosting::accounts::for_member(f.db.conn(), h.id)
        .unwrap()
        .is_empty());
    // the register keeps her requests
    assert_eq!(
        panier::rights::requests::for_member(f.db.conn(), h.id)
            .unwrap()
            .len(),
        2
    );
    // the erasure is recorded, without the personal data
    // (the row before the one recording the accounts deleted)
    let mut last_two = audit::recent(f.db.conn(), 2).unwrap();
    let accounts_row = last_two.remove(0);
    assert_eq!(accounts_row.action, "accounts_deleted");
    assert!(!accounts_row.after.unwrap().to_string().contains("quintard"));
    let last = last_two.remove(0);
    assert_eq!(
        (last.action.as_str(), last.entity.as_str()),
        ("erase", "member")
    );
    let text = last.after.unwrap().to_string();
    assert!(
        !text.contains("hquintard") && !text.contains(EMAIL),
        "{text}"
    );
    assert!(check::run(&f.db).unwrap().ok());

    // a second erasure is refused
    assert!(erasure::erase(&mut f.db, h.id, day("2026-11-23")).is_err());
    // check knows what an erased profile may hold
    f.db.conn()
        .execute(
            "UPDATE members SET phone = '02 38 00 00 00' WHERE id = ?1",
            [h.id],
        )
        .unwrap();
    let report = check::run(&f.db).unwrap();
    assert!(
        report.problems.iter().any(|p| p.detail.contains("erased")),
        "{:?}",
        report.problems
    );
    f.db.conn()
        .execute("UPDATE members SET phone = '' WHERE id = ?1", [h.id])
        .unwrap();
    // and the pseudonymised profile cannot be filled in again
    let err = members::update(
        &mut f.db,
        h.id,
        &members::MemberInput::from_name("Hélène Quintard", EMAIL, false),
    )
    .unwrap_err();
    assert!(err.to_string().contains("effacé"), "{err}");
}

#[test]
fn an_organisation_is_erased_under_the_pseudonym_too() {
    let mut f = fresh();
    let id = members::add(
        &mut f.db,
        &members::MemberInput::from_name("Ciné-club Zébulon", "contact@zebulon.example", true),
    )
    .unwrap();
    panier::hosting::accounts::add(&mut f.db, id, "nextcloud", "cineclub-zebulon", 0).unwrap();
    let report = erasure::erase(&mut f.db, id, day("2026-11-22")).unwrap();
    assert_eq!(report.accounts_to_delete.len(), 1);
    // no request in the register: the erasure records one, answered, with the account
    assert!(report.request_answered);
    let request = panier::rights::requests::get(f.db.conn(), report.request_id).unwrap();
    assert_eq!(request.kind, panier::rights::requests::RequestKind::Erasure);
    assert_eq!(request.answered_on, Some(day("2026-11-22")));
    assert_eq!(
        panier::rights::requests::accounts_to_delete(f.db.conn(), report.request_id).unwrap(),
        report.accounts_to_delete
    );
    erasure::accounts_deleted(&mut f.db, report.request_id).unwrap();
    let m = members::get(f.db.conn(), id).unwrap();
    assert_eq!(m.org_name, pseudonym(id));
    assert_eq!(m.display_name(), pseudonym(id));
    let bytes = std::fs::read(f.path()).unwrap();
    for s in ["Zébulon", "zebulon", "contact@zebulon.example"] {
        assert!(!find(&bytes, s), "{s} is still in the file");
    }
}

#[test]
fn purge_removes_what_is_past_retention_and_keeps_the_rest() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    erasure::erase(&mut f.db, h.id, day("2026-11-22")).unwrap();
    // 2013 and 2014 are closed in the books: their entries cannot be deleted
    panier::books::closing::close_year(&mut f.db, 2013, day("2026-11-22")).unwrap();
    panier::books::closing::close_year(&mut f.db, 2014, day("2026-11-22")).unwrap();
    let today = day("2026-11-22");
    // financial years are civil here: entries of 2015 and before closed by 1 January 2016,
    // ten years are up on 1 January 2026; 2016's on 1 January 2027
    let count = |db: &panier::Database, sql: &str| -> i64 {
        db.conn().query_row(sql, [], |r| r.get(0)).unwrap()
    };
    const PERSONAL: &str = "(member_id IS NOT NULL OR (names_person = 1 AND counterparty <> ''))";
    let personal_old = count(
        &f.db,
        &format!(
            "SELECT count(*) FROM ledger_entries WHERE entry_date < '2016-01-01' AND {PERSONAL}"
        ),
    );
    let closed = |db: &panier::Database| -> (i64, i64) {
        db.conn()
            .query_row(
                "SELECT count(*), sum(amount_cents) FROM ledger_entries WHERE entry_date < '2015-01-01'",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap()
    };
    let closed_before = closed(&f.db);
    let open_old = count(
        &f.db,
        &format!("SELECT count(*) FROM ledger_entries WHERE entry_date >= '2015-01-01' AND entry_date < '2016-01-01' AND {PERSONAL}"),
    );
    let all_old = count(
        &f.db,
        "SELECT count(*) FROM ledger_entries WHERE entry_date < '2016-01-01'",
    );
    let recent = count(
        &f.db,
        "SELECT count(*) FROM ledger_entries WHERE entry_date >= '2016-01-01'",
    );
    assert!(personal_old > 0 && open_old > 0 && closed_before.0 > 0 && recent > 0);

    let plan = erasure::purge_plan(f.db.conn(), today).unwrap();
    assert_eq!(plan.entries.len() as i64, personal_old);
    assert!(plan.entries.iter().all(|e| e.date < day("2016-01-01")));
    let with_receipt = |e: &erasure::PurgedEntry| {
        !panier::books::receipts::for_entry(f.db.conn(), e.id)
            .unwrap()
            .is_empty()
    };
    assert!(plan
        .entries
        .iter()
        .all(|e| e.anonymised == (e.date < day("2015-01-01") || with_receipt(e))));
    // Hélène has recent payments: her pseudonymised profile stays
    assert!(!plan.members_removed.contains(&h.id));
    // a dry run changes nothing
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM ledger_entries WHERE entry_date < '2016-01-01'"
        ),
        all_old
    );

    let done = erasure::purge(&mut f.db, today).unwrap();
    assert_eq!(done, plan);
    // past retention: nothing names a person any more; the open year's entries are gone,
    // the closed years' are kept whole, detached from the person
    assert_eq!(
        count(
            &f.db,
            &format!("SELECT count(*) FROM ledger_entries WHERE entry_date < '2016-01-01' AND {PERSONAL}")
        ),
        0
    );
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM ledger_entries WHERE entry_date < '2016-01-01'"
        ),
        all_old - open_old
    );
    assert_eq!(closed(&f.db), closed_before);
    // within retention: untouched
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM ledger_entries WHERE entry_date >= '2016-01-01'"
        ),
        recent
    );
    assert_eq!(
        count(
            &f.db,
            "SELECT count(*) FROM ledger_lines WHERE entry_id NOT IN (SELECT id FROM ledger_entries)"
        ),
        0
    );
    assert_eq!(ledger::for_member(f.db.conn(), h.id).unwrap().len(), 3);
    assert!(check::run(&f.db).unwrap().ok());
    // nothing more to purge the same day
    assert!(erasure::purge_plan(f.db.conn(), today).unwrap().is_empty());

    // ten years after her last payment's year, she goes entirely; the register keeps
    // her requests without her
    let later = day("2037-01-01");
    let plan = erasure::purge_plan(f.db.conn(), later).unwrap();
    assert!(plan.members_removed.contains(&h.id));
    assert!(!erasure::purge_plan(f.db.conn(), day("2036-12-31"))
        .unwrap()
        .members_removed
        .contains(&h.id));
    erasure::purge(&mut f.db, later).unwrap();
    assert!(members::get(f.db.conn(), h.id).is_err());
    let requests = panier::rights::requests::list(f.db.conn(), false).unwrap();
    assert_eq!(requests.len(), 2);
    assert!(requests.iter().all(|r| r.member_id.is_none()));
    assert!(check::run(&f.db).unwrap().ok());
}

#[test]
fn free_text_naming_the_member_anywhere_is_scrubbed_too() {
    use panier::books::ledger::{ExpenseCategory, Method};
    use panier::books::payments::{self, Expense};
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    // an expense that names her (her costs reimbursed), a friend's notes, a quota grant's
    // reason on someone else's account: none of them her rows
    let expense = payments::spend(
        &mut f.db,
        &Expense {
            amount_cents: 4200,
            category: ExpenseCategory::Purchases,
            label: "Frais de déplacement Hélène Quintard (06 98 76 54 32)".into(),
            supplier: "Hélène Quintard".into(),
            date: day("2026-10-02"),
            method: Method::Transfer,
            names_person: true,
        },
    )
    .unwrap();
    let mut friend = members::MemberInput::from_name("Paul Zénith", "paul@zenith.example", false);
    friend.notes = format!("Parrainé par Hélène Quintard ({EMAIL})");
    let paul = members::add(&mut f.db, &friend).unwrap();
    panier::hosting::accounts::add(&mut f.db, paul, "nextcloud", "pzenith", 0).unwrap();
    panier::hosting::quota::grant(
        &mut f.db,
        &panier::hosting::quota::GrantInput {
            service: "nextcloud".into(),
            login: "pzenith".into(),
            bytes: 1 << 30,
            reason: "comme convenu avec Hélène Quintard".into(),
            until: None,
        },
        day("2026-10-03"),
    )
    .unwrap();

    let report = erasure::erase(&mut f.db, h.id, day("2026-11-22")).unwrap();
    erasure::accounts_deleted(&mut f.db, report.request_id).unwrap();

    let bytes = std::fs::read(f.path()).unwrap();
    for s in h.personal.iter().chain(&["Hélène Quintard"]) {
        assert!(!find(&bytes, s), "{s} is still in the file");
    }
    // the books keep the expense, under the pseudonym; the others keep their text
    let entry = ledger::get(f.db.conn(), expense).unwrap();
    assert_eq!(entry.counterparty, pseudonym(h.id));
    assert_eq!(entry.amount_cents, -4200);
    assert!(
        entry
            .label
            .starts_with("Frais de déplacement membre-effacé-"),
        "{}",
        entry.label
    );
    let paul = members::get(f.db.conn(), paul).unwrap();
    assert_eq!(
        paul.notes,
        format!("Parrainé par {} ([effacé])", pseudonym(h.id))
    );
    assert_eq!(paul.email, "paul@zenith.example");
    assert!(check::run(&f.db).unwrap().ok());
}

#[test]
fn a_committed_erasure_is_reported_as_done_even_when_the_compaction_after_fails() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    // another program holds a read transaction: the WAL cannot be truncated after the commit
    let reader = rusqlite::Connection::open(f.path()).unwrap();
    reader
        .execute_batch("BEGIN; SELECT count(*) FROM members;")
        .unwrap();
    let _: i64 = reader
        .query_row("SELECT count(*) FROM members", [], |r| r.get(0))
        .unwrap();

    let report = erasure::erase(&mut f.db, h.id, day("2026-11-22")).unwrap();
    assert_eq!(report.problems_after_commit.len(), 1, "{report:?}");
    let told = report.problems_after_commit[0].message(Lang::Fr);
    assert!(told.contains("l'effacement est enregistré"), "{told}");
    assert!(told.contains("panier compact"), "{told}");
    assert!(report.problems_after_commit[0]
        .message(Lang::En)
        .contains("the erasure is committed"));
    // and it is: the profile is pseudonymised, the accounts kept with the request
    assert_eq!(
        members::get(f.db.conn(), h.id).unwrap().last_name,
        pseudonym(h.id)
    );
    assert_eq!(
        panier::rights::requests::accounts_to_delete(f.db.conn(), report.request_id)
            .unwrap()
            .len(),
        2
    );
    // once the reader is gone, compacting again leaves nothing of her in the file or its WAL
    reader.execute_batch("COMMIT").unwrap();
    drop(reader);
    erasure::accounts_deleted(&mut f.db, report.request_id).unwrap();
    let bytes = std::fs::read(f.path()).unwrap();
    let wal = std::fs::read(f.path().with_file_name("panier.sqlite-wal")).unwrap_or_default();
    for s in &h.personal {
        assert!(
            !find(&bytes, s) && !find(&wal, s),
            "{s} is still in the file"
        );
    }
}
