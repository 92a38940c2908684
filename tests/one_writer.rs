//! One writer at a time: a second program on the same file waits (up to 5 s) or says clearly
//! that the file is in use; it never corrupts it. Every test here uses two or more processes:
//! this test process holding SQLite's write lock, and `panier` CLIs.

#[path = "support/sample.rs"]
mod sample;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

fn panier(db: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_panier"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PANIER_DB")
        .env("PANIER_OPERATOR", "test")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

fn ok(db: &Path, args: &[&str]) -> String {
    let out = panier(db, args).output().unwrap();
    assert!(
        out.status.success(),
        "panier {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assoc.sqlite");
    ok(&db, &["init", "--name", "AMIPO"]);
    ok(&db, &sample::ADD_ALIX);
    (dir, db)
}

/// Another program in the middle of a write: SQLite's write lock, held by a connection of
/// this process (as the desktop app would while it writes).
fn hold_write_lock(db: &Path) -> rusqlite::Connection {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.execute_batch(
        "BEGIN IMMEDIATE; UPDATE settings SET value = 'pending' WHERE key = 'website';",
    )
    .unwrap();
    conn
}

fn count(db: &Path, sql: &str) -> i64 {
    let conn = rusqlite::Connection::open(db).unwrap();
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn wait(child: Child) -> Output {
    child.wait_with_output().unwrap()
}

#[test]
fn a_second_writer_waits_for_the_first() {
    let (_dir, db) = setup();
    let holder = hold_write_lock(&db);
    let writer = panier(&db, &sample::ADD_BEA).spawn().unwrap();
    std::thread::sleep(Duration::from_millis(800));
    holder.execute_batch("COMMIT").unwrap();
    drop(holder);
    let out = wait(writer);
    assert!(
        out.status.success(),
        "the second writer waited: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(count(&db, "SELECT count(*) FROM members"), 2);
    assert!(ok(&db, &["check"]).contains("Fichier sain"));
}

#[test]
fn a_writer_that_cannot_get_the_file_says_it_is_in_use_and_changes_nothing() {
    let (dir, db) = setup();
    let backup = PathBuf::from(ok(&db, &["backup"]).trim());
    let audit_before = count(&db, "SELECT count(*) FROM audit_log");
    let holder = hold_write_lock(&db);
    // three programs at once while the file is held longer than they wait (5 s)
    let add = panier(&db, &sample::ADD_BEA).spawn().unwrap();
    let csv = dir.path().join("members.csv");
    std::fs::write(&csv, "Prénom;Nom;Email\nLou;Import;lou@example.org\n").unwrap();
    let import = panier(&db, &["import", "members", csv.to_str().unwrap()])
        .spawn()
        .unwrap();
    let restore = panier(&db, &["restore", backup.to_str().unwrap()])
        .spawn()
        .unwrap();
    // French by default, English on request
    let add_en = panier(
        &db,
        &[
            "--lang",
            "en",
            "member",
            "add",
            "--name",
            "Cy Rey",
            "--email",
            "cy@example.org",
        ],
    )
    .spawn()
    .unwrap();
    let outs = [wait(add), wait(import), wait(restore)];
    let out_en = wait(add_en);
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    for out in &outs {
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("est utilisé par un autre programme Panier"),
            "a clear message: {err}"
        );
    }
    assert!(String::from_utf8_lossy(&out_en.stderr).contains("is in use by another Panier program"));
    // nothing was written, nothing is damaged
    assert_eq!(count(&db, "SELECT count(*) FROM members"), 1);
    assert_eq!(count(&db, "SELECT count(*) FROM audit_log"), audit_before);
    assert!(ok(&db, &["check"]).contains("Fichier sain"));
    let kept_by_failed_restore = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("avant-restauration")
        })
        .count();
    assert_eq!(kept_by_failed_restore, 0);
}

#[test]
fn many_writers_at_once_never_corrupt() {
    let (dir, db) = setup();
    let mut children = Vec::new();
    for round in 0..4 {
        for w in 0..5 {
            let email = format!("w{w}-r{round}@example.org");
            let child = panier(
                &db,
                &["member", "add", "--name", "Dom Para", "--email", &email],
            )
            .spawn()
            .unwrap();
            children.push((email, child));
        }
        let csv = dir.path().join(format!("batch-{round}.csv"));
        let mut text = String::from("Prénom;Nom;Email\n");
        for k in 0..20 {
            text.push_str(&format!("Lou;Lot;batch{round}-{k}@example.org\n"));
        }
        std::fs::write(&csv, text).unwrap();
        let child = panier(&db, &["import", "members", csv.to_str().unwrap()])
            .spawn()
            .unwrap();
        children.push((format!("batch{round}-"), child));
        let child = panier(
            &db,
            &[
                "settings",
                "set",
                "website",
                &format!("https://r{round}.example.org"),
            ],
        )
        .spawn()
        .unwrap();
        children.push((String::new(), child));
    }
    let mut committed = Vec::new();
    for (what, child) in children {
        let out = wait(child);
        if out.status.success() {
            if !what.is_empty() {
                committed.push(what);
            }
        } else {
            let err = String::from_utf8_lossy(&out.stderr);
            assert!(err.contains("utilisé par un autre programme"), "{err}");
        }
    }
    assert!(ok(&db, &["check"]).contains("Fichier sain"));
    let conn = rusqlite::Connection::open(&db).unwrap();
    for what in &committed {
        let n: i64 = conn
            .query_row(
                "SELECT count(*) FROM members WHERE email LIKE ?1 || '%'",
                [what],
                |r| r.get(0),
            )
            .unwrap();
        let expected = if what.ends_with('-') { 20 } else { 1 };
        assert_eq!(n, expected, "{what}");
    }
    // each change is one audit row, whoever won the race
    let members: i64 = count(&db, "SELECT count(*) FROM members");
    assert_eq!(
        members,
        1 + committed
            .iter()
            .map(|w| if w.ends_with('-') { 20 } else { 1 })
            .sum::<i64>()
    );
}
