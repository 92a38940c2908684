//! The team server's users: Argon2id hashes, one audit row per change (never the password),
//! and always one enabled owner.

use crate::common::{audit_rows, fresh};
use panier::ops::users;
use panier::ops::Role;
use panier::store::audit;

#[test]
fn a_user_logs_in_with_their_password_only_and_the_hash_is_argon2id() {
    let mut f = fresh();
    users::add(&mut f.db, "camille", Role::Treasurer, "tres-longue-phrase").unwrap();
    let hash: String =
        f.db.conn()
            .query_row("SELECT password_hash FROM users", [], |r| r.get(0))
            .unwrap();
    assert!(hash.starts_with("$argon2id$"), "{hash}");
    assert!(!hash.contains("tres-longue-phrase"));
    let user = users::verify(f.db.conn(), "Camille", "tres-longue-phrase").unwrap();
    assert_eq!(user.map(|u| u.role), Some(Role::Treasurer));
    assert!(users::verify(f.db.conn(), "camille", "mauvaise-phrase")
        .unwrap()
        .is_none());
    assert!(users::verify(f.db.conn(), "personne", "tres-longue-phrase")
        .unwrap()
        .is_none());
}

#[test]
fn each_change_is_one_audit_row_without_the_password() {
    let mut f = fresh();
    let before = audit_rows(&f.db);
    users::add(&mut f.db, "dominique", Role::Owner, "phrase-de-passe-1").unwrap();
    users::add(&mut f.db, "sam", Role::Secretary, "phrase-de-passe-2").unwrap();
    users::set_role(&mut f.db, "sam", Role::Admin).unwrap();
    users::set_password(&mut f.db, "sam", "phrase-de-passe-3").unwrap();
    users::disable(&mut f.db, "sam").unwrap();
    assert_eq!(audit_rows(&f.db), before + 5);
    let rows = audit::recent(f.db.conn(), 5).unwrap();
    let text = serde_json::to_string(&rows).unwrap();
    assert!(!text.contains("phrase-de-passe"), "{text}");
    assert!(!text.contains("argon2"), "{text}");
    assert!(users::verify(f.db.conn(), "sam", "phrase-de-passe-3")
        .unwrap()
        .is_none());
    let listed = users::list(f.db.conn()).unwrap();
    assert_eq!(listed.len(), 2);
    assert!(listed
        .iter()
        .any(|u| u.name == "sam" && u.disabled && u.role == Role::Admin));
}

#[test]
fn bad_names_short_passwords_duplicates_and_the_last_owner_are_refused() {
    let mut f = fresh();
    assert!(users::add(&mut f.db, "a b", Role::Owner, "phrase-de-passe").is_err());
    assert!(users::add(&mut f.db, "alex", Role::Owner, "court").is_err());
    users::add(&mut f.db, "alex", Role::Owner, "phrase-de-passe").unwrap();
    assert!(users::add(&mut f.db, "ALEX", Role::Auditor, "phrase-de-passe").is_err());
    let rows = audit_rows(&f.db);
    assert!(users::disable(&mut f.db, "alex").is_err());
    assert!(users::set_role(&mut f.db, "alex", Role::Auditor).is_err());
    assert_eq!(audit_rows(&f.db), rows, "a refusal writes nothing");
    users::add(&mut f.db, "lou", Role::Owner, "phrase-de-passe").unwrap();
    users::set_role(&mut f.db, "alex", Role::Auditor).unwrap();
    assert!(Role::parse("nobody").is_err());
    assert_eq!(Role::parse(" Treasurer ").unwrap(), Role::Treasurer);
}
