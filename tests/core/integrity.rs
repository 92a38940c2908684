//! A damaged file takes no write: the full check's verdict gates every write, is kept beside
//! the file for the next command, and `repair` mends what can be mended without loss.

use crate::common::fresh;
use panier::people::members::{self, MemberInput};
use panier::store::integrity::{self, FullCheck, Verdict};
use panier::store::{check, repair};
use panier::{Database, Error};
use std::path::Path;

fn add(db: &mut Database, name: &str, email: &str) -> panier::Result<()> {
    members::add(db, &MemberInput::from_name(name, email, false)).map(|_| ())
}

/// A file whose `members_sort` index no longer matches its table: SQLite's cheap check
/// passes, the full one does not. The damage is one letter of a surname, in the index only.
fn damaged_index_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let mut f = fresh();
    add(&mut f.db, "Zoé Durandal", "zoe@example.org").unwrap();
    add(&mut f.db, "Marc Abel", "marc@example.org").unwrap();
    let path = f.path();
    let (root, page_size): (i64, i64) = {
        let conn = f.db.conn();
        (
            conn.query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'members_sort'",
                [],
                |r| r.get(0),
            )
            .unwrap(),
            conn.pragma_query_value(None, "page_size", |r| r.get(0))
                .unwrap(),
        )
    };
    let fixture_dir = f.dir;
    drop(f.db); // the last connection checkpoints the WAL into the file
    let mut bytes = std::fs::read(&path).unwrap();
    let page = (root - 1) as usize * page_size as usize..root as usize * page_size as usize;
    let at = bytes[page.clone()]
        .windows(8)
        .position(|w| w == b"durandal")
        .expect("the surname is in the index page")
        + page.start;
    bytes[at + 7] = b'm';
    std::fs::write(&path, &bytes).unwrap();
    let quick: String = rusqlite::Connection::open(&path)
        .unwrap()
        .pragma_query_value(None, "quick_check", |r| r.get(0))
        .unwrap();
    assert_eq!(quick, "ok", "the damage is one the cheap check misses");
    (fixture_dir, path)
}

fn open_without_backup(path: &Path) -> Database {
    Database::open_with(
        path,
        &panier::store::db::OpenOptions {
            daily_backup: false,
            ..Default::default()
        },
    )
    .unwrap()
}

#[test]
fn a_file_with_a_damaged_index_opens_but_takes_no_write() {
    let (_dir, path) = damaged_index_file();
    let before = std::fs::read(&path).unwrap();
    let mut db = open_without_backup(&path);
    let err = add(&mut db, "Léa Nouvelle", "lea@example.org").unwrap_err();
    assert!(matches!(err, Error::Damaged { .. }), "{err}");
    let message = err.to_string();
    assert!(
        message.contains("lecture seule") && message.contains("panier repair"),
        "{message}"
    );
    // Reading still works.
    assert_eq!(members::count(&db).unwrap(), 2);
    drop(db);
    assert_eq!(std::fs::read(&path).unwrap(), before, "nothing written");
    // The verdict is kept: the next command is refused at once, even asking for no check.
    let mut again = Database::open_with(
        &path,
        &panier::store::db::OpenOptions {
            daily_backup: false,
            full_check: FullCheck::IfStale,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(matches!(again.integrity(), Some(Verdict::Damaged { .. })));
    assert!(add(&mut again, "Léa Nouvelle", "lea@example.org").is_err());
}

#[test]
fn repair_rebuilds_the_index_and_the_file_takes_writes_again() {
    let (_dir, path) = damaged_index_file();
    let mut db = open_without_backup(&path);
    assert!(add(&mut db, "Léa Nouvelle", "lea@example.org").is_err());
    let done = repair::repair(&mut db).unwrap();
    assert!(matches!(done.before, Verdict::Damaged { .. }));
    assert!(done.reindexed && done.mended(), "{done:?}");
    add(&mut db, "Léa Nouvelle", "lea@example.org").unwrap();
    assert_eq!(members::count(&db).unwrap(), 3);
    assert!(check::run(&db).unwrap().ok());
    let audit: String = db
        .conn()
        .query_row(
            "SELECT action FROM audit_log WHERE action = 'repair'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(audit, "repair");
}

#[test]
fn panier_check_finds_the_damage_and_keeps_the_verdict() {
    let (_dir, path) = damaged_index_file();
    let db = Database::open_with(
        &path,
        &panier::store::db::OpenOptions {
            daily_backup: false,
            full_check: FullCheck::Never,
            ..Default::default()
        },
    )
    .unwrap();
    let report = check::run(&db).unwrap();
    assert!(report.problems.iter().any(|p| p.area == "integrity"));
    drop(db);
    let kept = std::fs::read_to_string(integrity::kept_path(&path)).unwrap();
    assert!(kept.contains("damaged"), "{kept}");
    let mut next = open_without_backup(&path);
    assert!(matches!(
        add(&mut next, "Léa Nouvelle", "lea@example.org"),
        Err(Error::Damaged { .. })
    ));
}

#[test]
fn a_sound_verdict_is_kept_and_spares_the_next_command_the_check() {
    let f = fresh();
    let path = f.path();
    drop(f.db);
    let mut db = open_without_backup(&path);
    assert_eq!(
        db.integrity(),
        None,
        "a command defers the check to its first write"
    );
    add(&mut db, "Zoé Durandal", "zoe@example.org").unwrap();
    assert_eq!(db.integrity(), Some(Verdict::Sound));
    drop(db);
    let next = open_without_backup(&path);
    assert_eq!(next.integrity(), Some(Verdict::Sound), "known at open");
}

#[test]
fn a_file_replaced_since_its_check_is_checked_again() {
    let f = fresh();
    let path = f.path();
    drop(f.db);
    let mut db = open_without_backup(&path);
    add(&mut db, "Zoé Durandal", "zoe@example.org").unwrap();
    drop(db);
    // Another file put in its place (a copy, then renamed over it: a new inode).
    let copy = path.with_extension("copy");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::rename(&copy, &path).unwrap();
    let db = open_without_backup(&path);
    assert_eq!(db.integrity(), None);
}

#[test]
fn the_window_checks_in_the_background_at_open() {
    let f = fresh();
    let path = f.path();
    drop(f.db);
    let mut db = Database::open_with(
        &path,
        &panier::store::db::OpenOptions {
            daily_backup: false,
            full_check: FullCheck::Always,
            ..Default::default()
        },
    )
    .unwrap();
    // The write waits for the background verdict, then goes through.
    add(&mut db, "Zoé Durandal", "zoe@example.org").unwrap();
    assert_eq!(db.integrity(), Some(Verdict::Sound));
}

/// A backup's copy gets the full check unless the file's was sound less than a day ago; then
/// the cheaper quick check, which leaves the kept verdict as it was. A stale verdict gets the
/// full check again, which renews it; a damaged file gives no backup.
#[test]
fn a_backup_checks_fully_unless_a_sound_check_is_recent() {
    let kept_at = |path: &Path| -> String {
        let text = std::fs::read_to_string(integrity::kept_path(path)).unwrap();
        let kept: serde_json::Value = serde_json::from_str(&text).unwrap();
        kept["checked_at"].as_str().unwrap().to_string()
    };
    let f = fresh();
    let path = f.path();
    drop(f.db);
    let mut db = open_without_backup(&path);
    add(&mut db, "Zoé Durandal", "zoe@example.org").unwrap(); // the first write checks
    assert_eq!(db.integrity(), Some(Verdict::Sound));
    let checked = kept_at(&path);

    // recent: quick check of the copy, the kept verdict untouched
    let now = panier::store::backup::local_now();
    let quick = panier::store::backup::take(&db, now).unwrap();
    assert_eq!(
        panier::store::backup::verify(&quick.path).unwrap().members,
        1
    );
    assert_eq!(kept_at(&path), checked);

    // stale (two days old): the full check runs and renews it
    let text = std::fs::read_to_string(integrity::kept_path(&path)).unwrap();
    let mut kept: serde_json::Value = serde_json::from_str(&text).unwrap();
    let old = chrono::Utc::now() - chrono::Duration::days(2);
    kept["checked_at"] = old.to_rfc3339().into();
    std::fs::write(integrity::kept_path(&path), kept.to_string()).unwrap();
    let stale_at = kept_at(&path);
    panier::store::backup::take(&db, now + chrono::Duration::seconds(1)).unwrap();
    assert_ne!(
        kept_at(&path),
        stale_at,
        "the full check renewed the verdict"
    );
    drop(db);

    // damaged, no recent sound verdict: refused, and the damage is kept
    let (_dir, damaged) = damaged_index_file();
    let _ = std::fs::remove_file(integrity::kept_path(&damaged));
    let db = open_without_backup(&damaged);
    let err = panier::store::backup::take(&db, now).unwrap_err();
    assert!(matches!(err, Error::Corrupt { .. }), "{err}");
    assert!(matches!(db.integrity(), Some(Verdict::Damaged { .. })));
}
