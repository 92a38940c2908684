//! Encryption at rest: encrypt, open, wrong passphrase, encrypted backups, rekey, decrypt.

use crate::common::fresh;
use panier::store::db::{OpenOptions, Passphrase};
use panier::store::{backup, crypt};
use panier::{Database, Error};
use std::path::Path;

fn with(pass: &str) -> OpenOptions {
    OpenOptions {
        passphrase: Some(Passphrase::new(pass)),
        ..OpenOptions::default()
    }
}

fn contains(path: &Path, needle: &str) -> bool {
    let bytes = std::fs::read(path).unwrap();
    bytes.windows(needle.len()).any(|w| w == needle.as_bytes())
}

fn add(db: &mut Database, email: &str) {
    panier::people::members::add(
        db,
        &panier::people::members::MemberInput::from_name("Zoé Secret", email, false),
    )
    .unwrap();
}

#[test]
fn an_encrypted_file_needs_its_passphrase_and_a_wrong_one_changes_nothing() {
    let mut f = fresh();
    add(&mut f.db, "zoe@secret.example");
    let path = f.path();
    drop(f.db);
    assert!(contains(&path, "zoe@secret.example"), "plain by default");

    let pass = Passphrase::new_for_encryption("une phrase assez longue").unwrap();
    assert!(Passphrase::new_for_encryption("court").is_err());
    let done = crypt::encrypt(&path, &pass).unwrap();
    assert!(done.encrypted);
    assert!(panier::store::db::is_encrypted(&path));
    assert!(!contains(&path, "zoe@secret.example"), "no clear text left");
    assert!(!contains(&path, "SQLite format 3"));

    let before = std::fs::read(&path).unwrap();
    let err = Database::open(&path).err().expect("needs its passphrase");
    assert!(matches!(err, Error::Encrypted(_)), "{err}");
    assert!(err.to_string().contains("chiffré"));
    let err = Database::open_with(&path, &with("pas la bonne"))
        .err()
        .expect("wrong passphrase");
    assert!(matches!(err, Error::WrongPassphrase(_)), "{err}");
    assert!(err.to_string().contains("n'a pas été modifié"));
    assert!(crypt::decrypt(&path, &Passphrase::new("pas la bonne")).is_err());
    assert!(crypt::rekey(&path, &Passphrase::new("pas la bonne"), &pass).is_err());
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing overwritten");

    let mut db = Database::open_with(&path, &with("une phrase assez longue")).unwrap();
    assert!(db.encrypted());
    add(&mut db, "second@secret.example");
    assert_eq!(panier::people::members::count(&db).unwrap(), 2);
    assert!(panier::store::check::run(&db).unwrap().ok());
    let last = panier::store::audit::recent(db.conn(), 2).unwrap();
    assert_eq!(last[1].action, "encrypt");
    // a plain file opens whatever passphrase is given
    let other = fresh();
    let other_path = other.path();
    drop(other.db);
    assert!(Database::open_with(&other_path, &with("peu importe")).is_ok());
}

#[test]
fn backups_of_an_encrypted_file_are_encrypted_and_restore() {
    let mut f = fresh();
    add(&mut f.db, "zoe@secret.example");
    let path = f.path();
    backup::take(&f.db, backup::local_now()).unwrap();
    drop(f.db);
    let pass = Passphrase::new_for_encryption("une phrase assez longue").unwrap();
    let done = crypt::encrypt(&path, &pass).unwrap();
    assert!(
        !done.older_backups.is_empty(),
        "the plain backups are named"
    );
    let mut db = Database::open_with(&path, &with("une phrase assez longue")).unwrap();
    let now = chrono::NaiveDate::from_ymd_opt(2030, 1, 2)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap();
    let b = backup::take(&db, now).unwrap();
    assert!(panier::store::db::is_encrypted(&b.path));
    assert!(!contains(&b.path, "zoe@secret.example"));
    assert!(backup::verify(&b.path).is_err());
    assert!(matches!(
        backup::verify_with(&b.path, Some(&Passphrase::new("pas la bonne"))),
        Err(Error::WrongPassphrase(_))
    ));
    assert_eq!(
        backup::verify_with(&b.path, Some(&pass)).unwrap().members,
        1
    );
    add(&mut db, "later@secret.example");
    drop(db);
    // a plain backup is refused over an encrypted file
    let plain = done.older_backups[0].clone();
    assert!(backup::restore_with(&path, &plain, now, Some(&pass)).is_err());
    let restored = backup::restore_with(&path, &b.path, now, Some(&pass)).unwrap();
    assert_eq!(restored.restored_from.members, 1);
    assert!(panier::store::db::is_encrypted(&path));
    let db = Database::open_with(&path, &with("une phrase assez longue")).unwrap();
    assert_eq!(panier::people::members::count(&db).unwrap(), 1);
}

#[test]
fn rekey_then_decrypt() {
    let mut f = fresh();
    add(&mut f.db, "zoe@secret.example");
    let path = f.path();
    drop(f.db);
    let old = Passphrase::new_for_encryption("ancienne phrase longue").unwrap();
    let new = Passphrase::new_for_encryption("nouvelle phrase longue").unwrap();
    crypt::encrypt(&path, &old).unwrap();
    assert!(crypt::encrypt(&path, &old).is_err(), "already encrypted");
    crypt::rekey(&path, &old, &new).unwrap();
    assert!(matches!(
        Database::open_with(&path, &with("ancienne phrase longue")),
        Err(Error::WrongPassphrase(_))
    ));
    let db = Database::open_with(&path, &with("nouvelle phrase longue")).unwrap();
    assert_eq!(panier::people::members::count(&db).unwrap(), 1);
    drop(db);
    crypt::decrypt(&path, &new).unwrap();
    assert!(!panier::store::db::is_encrypted(&path));
    let db = Database::open(&path).unwrap();
    assert_eq!(panier::people::members::count(&db).unwrap(), 1);
    assert!(panier::store::check::run(&db).unwrap().ok());
    assert!(crypt::decrypt(&path, &new).is_err(), "already plain");
    let actions: Vec<String> = panier::store::audit::recent(db.conn(), 3)
        .unwrap()
        .into_iter()
        .map(|r| r.action)
        .collect();
    assert_eq!(actions, vec!["decrypt", "rekey", "encrypt"]);
    // the passphrase never shows in a debug print
    assert_eq!(format!("{new:?}"), "Passphrase(…)");
}
