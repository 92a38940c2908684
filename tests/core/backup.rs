//! Backups: daily at first open, on demand, rotation over simulated days, restore.

use crate::common::fresh;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use panier::store::backup::{self, to_keep, Policy, POLICY};
use panier::store::db::OpenOptions;
use panier::{Database, Error};
use std::path::Path;

fn at(day: NaiveDate, hour: u32) -> NaiveDateTime {
    day.and_hms_opt(hour, 0, 0).unwrap()
}

fn open_on(path: &Path, now: NaiveDateTime) -> Database {
    Database::open_with(
        path,
        &OpenOptions {
            now: Some(now),
            daily_backup: true,
            ..OpenOptions::default()
        },
    )
    .unwrap()
}

fn add_member(db: &mut Database, email: &str) {
    panier::people::members::add(
        db,
        &panier::people::members::MemberInput::from_name("Alix Martin", email, false),
    )
    .unwrap();
}

fn emails(db: &Database) -> Vec<String> {
    let mut stmt = db
        .conn()
        .prepare("SELECT email FROM members ORDER BY email")
        .unwrap();
    let rows = stmt.query_map([], |r| r.get(0)).unwrap();
    rows.map(|r| r.unwrap()).collect()
}

/// 400 days with a backup each morning and a second one some evenings: rotation keeps the last
/// 7 days, the last of each of the last 5 weeks and of the last 12 months, nothing else.
#[test]
fn rotation_keeps_7_daily_5_weekly_12_monthly() {
    let first = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    let mut stamps = Vec::new();
    for d in 0..400 {
        let day = first + Duration::days(d);
        stamps.push(at(day, 9));
        if d % 3 == 0 {
            stamps.push(at(day, 18));
        }
    }
    let keep = to_keep(&stamps, &POLICY);
    let kept: Vec<NaiveDateTime> = keep.iter().map(|&i| stamps[i]).collect();
    let last_day = first + Duration::days(399);
    // the last 7 days, each by its newest backup
    for back in 0..7 {
        let day = last_day - Duration::days(back);
        let newest = stamps.iter().filter(|t| t.date() == day).max().unwrap();
        assert!(kept.contains(newest), "daily {day}");
        assert_eq!(kept.iter().filter(|t| t.date() == day).count(), 1);
    }
    // the newest of each of the last 5 ISO weeks
    let mut weeks: Vec<(i32, u32)> = stamps
        .iter()
        .map(|t| (t.date().iso_week().year(), t.date().iso_week().week()))
        .collect();
    weeks.dedup();
    for w in weeks.iter().rev().take(5) {
        let newest = stamps
            .iter()
            .filter(|t| (t.date().iso_week().year(), t.date().iso_week().week()) == *w)
            .max()
            .unwrap();
        assert!(kept.contains(newest), "weekly {w:?}");
    }
    // the newest of each of the last 12 months
    let mut months: Vec<(i32, u32)> = stamps.iter().map(|t| (t.year(), t.month())).collect();
    months.dedup();
    for m in months.iter().rev().take(12) {
        let newest = stamps
            .iter()
            .filter(|t| (t.year(), t.month()) == *m)
            .max()
            .unwrap();
        assert!(kept.contains(newest), "monthly {m:?}");
    }
    // and nothing else: 7 days + weeks and months not already covered
    assert!(kept.len() <= 7 + 5 + 12, "{}", kept.len());
    assert!(kept.len() >= 12, "{}", kept.len());
    assert!(!kept.contains(&at(first, 9)), "the oldest is gone");
    // a laptop used twice a month keeps its last 7 days of use, not 7 calendar days
    let sparse: Vec<NaiveDateTime> = (0..30)
        .map(|n| at(first + Duration::days(n * 15), 10))
        .collect();
    let keep = to_keep(
        &sparse,
        &Policy {
            daily: 7,
            weekly: 0,
            monthly: 0,
        },
    );
    assert_eq!(keep, (23..30).collect());
}

/// The app opened every day for 60 simulated days: one backup on the first open of each day
/// (none on the second), rotated on the way; the files left are the ones the policy keeps.
#[test]
fn first_open_of_each_day_backs_up_and_rotates() {
    let f = fresh();
    let path = f.path();
    drop(f.db);
    let first = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut taken = Vec::new();
    for d in 0..60 {
        let day = first + Duration::days(d);
        let mut db = open_on(&path, at(day, 8));
        let b = db.daily_backup().expect("first open of the day backs up");
        assert!(
            b.starts_with(f.dir.path().join("backups")),
            "{}",
            b.display()
        );
        taken.push(at(day, 8));
        add_member(&mut db, &format!("m{d}@example.org"));
        drop(db);
        let again = open_on(&path, at(day, 17));
        assert!(again.daily_backup().is_none(), "second open of {day}");
    }
    let db = open_on(&path, at(first + Duration::days(59), 20));
    let left: Vec<NaiveDateTime> = backup::list(&db)
        .unwrap()
        .iter()
        .map(|b| b.taken_at)
        .collect();
    let mut expected: Vec<NaiveDateTime> = to_keep(&taken, &POLICY)
        .into_iter()
        .map(|i| taken[i])
        .collect();
    expected.sort();
    expected.reverse();
    assert_eq!(left, expected);
    assert!(left.len() < 60 && left.len() >= 7, "{}", left.len());
    // each backup is a whole, checked Panier file holding what was there that morning
    for b in backup::list(&db).unwrap() {
        let v = backup::verify(&b.path).unwrap();
        let days = (b.taken_at.date() - first).num_days();
        assert_eq!(v.members, days, "{}", b.path.display());
    }
}

#[test]
fn backup_folder_is_a_setting() {
    let mut f = fresh();
    let elsewhere = tempfile::tempdir().unwrap();
    let target = elsewhere.path().join("Nextcloud").join("panier");
    panier::store::settings::set(&mut f.db, "backup_dir", target.to_str().unwrap()).unwrap();
    let b = backup::take(&f.db, at(NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(), 9)).unwrap();
    assert_eq!(b.path.parent().unwrap(), target);
    assert!(backup::verify(&b.path).is_ok());
    // a relative folder starts from the file's folder
    panier::store::settings::set(&mut f.db, "backup_dir", "copies").unwrap();
    assert_eq!(backup::dir(&f.db), f.dir.path().join("copies"));
}

#[test]
fn a_failed_daily_backup_does_not_stop_the_work() {
    let mut f = fresh();
    let blocker = f.dir.path().join("not-a-folder");
    std::fs::write(&blocker, "a file where the folder should be").unwrap();
    panier::store::settings::set(&mut f.db, "backup_dir", blocker.to_str().unwrap()).unwrap();
    let path = f.path();
    drop(f.db);
    let db = Database::open(&path).unwrap();
    assert!(db.daily_backup().is_none());
    assert!(db.daily_backup_error().is_some());
}

#[test]
fn restore_replaces_the_file_and_keeps_the_replaced_one() {
    let mut f = fresh();
    add_member(&mut f.db, "before@example.org");
    let now = at(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(), 10);
    let b = backup::take(&f.db, now).unwrap();
    add_member(&mut f.db, "after@example.org");
    let path = f.path();
    drop(f.db);

    let restored = backup::restore(&path, &b.path, now + Duration::hours(1)).unwrap();
    assert_eq!(restored.restored_from.members, 1);
    let db = Database::open(&path).unwrap();
    assert_eq!(emails(&db), vec!["before@example.org"]);
    assert!(panier::store::check::run(&db).unwrap().ok());
    let last = panier::store::audit::recent(db.conn(), 1).unwrap();
    assert_eq!(last[0].action, "restore");
    // the replaced file is kept, whole, and rotation will not delete it
    let kept = restored.kept.expect("the replaced file is kept");
    assert!(kept
        .file_name()
        .unwrap()
        .to_string_lossy()
        .ends_with("-avant-restauration.sqlite"));
    let old = Database::open_with(
        &kept,
        &OpenOptions {
            now: None,
            daily_backup: false,
            ..OpenOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        emails(&old),
        vec!["after@example.org", "before@example.org"]
    );
    let listed = backup::list(&db).unwrap();
    let k = listed.iter().find(|b| b.path == kept).unwrap();
    assert!(!k.rotated());
}

#[test]
fn restore_refuses_a_bad_backup_and_changes_nothing() {
    let mut f = fresh();
    add_member(&mut f.db, "kept@example.org");
    let now = at(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(), 10);
    let good = backup::take(&f.db, now).unwrap();
    let path = f.path();
    drop(f.db);
    let dir = tempfile::tempdir().unwrap();

    // damaged: a page in the middle overwritten
    let damaged = dir.path().join("damaged.sqlite");
    let mut bytes = std::fs::read(&good.path).unwrap();
    let len = bytes.len();
    for b in &mut bytes[len / 2..len / 2 + 4096.min(len / 2)] {
        *b = 0x5A;
    }
    std::fs::write(&damaged, &bytes).unwrap();
    // cut short
    let short = dir.path().join("short.sqlite");
    std::fs::write(&short, &std::fs::read(&good.path).unwrap()[..len / 3]).unwrap();
    // not Panier's
    let stranger = dir.path().join("stranger.sqlite");
    stranger_db(&stranger);
    let text = dir.path().join("members.csv");
    std::fs::write(&text, "nom;courriel\n").unwrap();

    let live_before = std::fs::read(&path).unwrap();
    let backups_before = backup::list(&Database::open(&path).unwrap()).unwrap().len();
    for bad in [
        &damaged,
        &short,
        &stranger,
        &text,
        &dir.path().join("missing.sqlite"),
    ] {
        let err = backup::restore(&path, bad, now).expect_err("refused");
        assert!(
            matches!(
                err,
                Error::Corrupt { .. } | Error::NotPanierFile(_) | Error::NoSuchFile(_)
            ) || err.kind() == "database",
            "{}: {err}",
            bad.display()
        );
    }
    assert_eq!(
        std::fs::read(&path).unwrap(),
        live_before,
        "live file untouched"
    );
    let db = Database::open(&path).unwrap();
    assert_eq!(emails(&db), vec!["kept@example.org"]);
    assert_eq!(backup::list(&db).unwrap().len(), backups_before);
}

/// An SQLite file that is not Panier's (no application id).
fn stranger_db(path: &Path) {
    let conn = rusqlite::Connection::open(path).unwrap();
    conn.execute_batch(
        "CREATE TABLE members (id INTEGER PRIMARY KEY); INSERT INTO members DEFAULT VALUES;",
    )
    .unwrap();
}

#[test]
fn restore_over_a_damaged_live_file_moves_it_aside() {
    let mut f = fresh();
    add_member(&mut f.db, "saved@example.org");
    let now = at(NaiveDate::from_ymd_opt(2026, 5, 4).unwrap(), 10);
    let good = backup::take(&f.db, now).unwrap();
    let path = f.path();
    drop(f.db);
    std::fs::write(&path, b"SQLite format 3\0 and then garbage").unwrap();
    assert!(Database::open(&path).is_err());
    let restored = backup::restore(&path, &good.path, now).unwrap();
    let kept = restored.kept.unwrap();
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        b"SQLite format 3\0 and then garbage"
    );
    let db = Database::open(&path).unwrap();
    assert_eq!(emails(&db), vec!["saved@example.org"]);
}
