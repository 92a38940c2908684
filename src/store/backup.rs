//! Backups: taken automatically (before a migration, at the first open of each day) and on
//! demand, each checked after writing, kept with rotation (7 daily, 5 weekly, 12 monthly) in a
//! folder named by the `backup_dir` setting; and restoring one.
//!
//! A backup is a finished single SQLite file (not a live WAL database), so a synced folder is a
//! fine place for them. Names: `<file>-YYYY-MM-DD-HHMMSS.sqlite` for the rotated ones;
//! `<file>-YYYY-MM-DD-HHMMSS-<why>.sqlite` (`avant-v2`, `avant-restauration`) for those taken
//! before a migration or a restore, which rotation never deletes.

use crate::kernel::error::{Error, Result};
use crate::store::audit::Change;
use crate::store::db::{Database, Passphrase, APPLICATION_ID};
use chrono::{Datelike, NaiveDateTime};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// How many backups rotation keeps: the newest of each of the last `daily` days that have a
/// backup, of the last `weekly` ISO weeks, and of the last `monthly` months (as restic's
/// `--keep-daily/--keep-weekly/--keep-monthly`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Policy {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
}

pub const POLICY: Policy = Policy {
    daily: 7,
    weekly: 5,
    monthly: 12,
};

const STAMP: &str = "%Y-%m-%d-%H%M%S";
const STAMP_LEN: usize = 17;

/// One backup file.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct BackupInfo {
    pub path: PathBuf,
    /// When it was taken (local time, from its name)
    pub taken_at: NaiveDateTime,
    pub bytes: u64,
    /// `""` for a daily or on-demand backup (rotated), else why it was taken (`avant-v2`,
    /// `avant-restauration`), and then rotation keeps it
    pub reason: String,
}

impl BackupInfo {
    pub fn rotated(&self) -> bool {
        self.reason.is_empty()
    }
}

/// The machine's local time: the default clock.
pub fn local_now() -> NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// The folder of the backups of the file at `path`: the `backup_dir` setting (relative to the
/// file's folder), else `backups` beside the file.
pub fn dir_of(conn: &Connection, path: &Path) -> PathBuf {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let setting: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'backup_dir'",
            [],
            |r| r.get(0),
        )
        .ok()
        .map(|v: String| v.trim().to_string())
        .filter(|v| !v.is_empty());
    match setting {
        Some(dir) => parent.join(dir),
        None => parent.join("backups"),
    }
}

pub fn dir(db: &Database) -> PathBuf {
    dir_of(db.conn(), db.path())
}

fn stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "panier".into())
}

/// Reads `<stem>-<stamp>[-N|-reason].sqlite`; `None` for any other file.
#[cfg(test)]
fn parse_name(stem: &str, name: &str) -> Option<(NaiveDateTime, String)> {
    parse_name_seq(stem, name).map(|(t, r, _)| (t, r))
}

/// The same, with the number of a second backup taken in the same second (`-2`, `-3`…).
fn parse_name_seq(stem: &str, name: &str) -> Option<(NaiveDateTime, String, u32)> {
    let rest = name.strip_prefix(stem)?.strip_prefix('-')?;
    let rest = rest.strip_suffix(".sqlite")?;
    let stamp = rest.get(..STAMP_LEN)?;
    let taken_at = NaiveDateTime::parse_from_str(stamp, STAMP).ok()?;
    let tail = &rest[STAMP_LEN..];
    let (reason, seq) = match tail.strip_prefix('-') {
        None if tail.is_empty() => (String::new(), 1),
        None => return None,
        Some(t) if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) => {
            (String::new(), t.parse().ok()?)
        }
        Some(t) if !t.is_empty() => (t.to_string(), 1),
        Some(_) => return None,
    };
    Some((taken_at, reason, seq))
}

/// Every backup of this file in its backup folder, newest first.
pub fn list(db: &Database) -> Result<Vec<BackupInfo>> {
    list_in(&dir(db), &stem(db.path()))
}

fn list_in(dir: &Path, stem: &str) -> Result<Vec<BackupInfo>> {
    let mut out = Vec::new();
    let entries = match std::fs::read_dir(dir) {
        Ok(e) => e,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(e.into()),
    };
    for entry in entries {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if let Some((taken_at, reason, seq)) = parse_name_seq(stem, &name) {
            out.push((
                seq,
                BackupInfo {
                    path: entry.path(),
                    taken_at,
                    bytes: entry.metadata().map(|m| m.len()).unwrap_or(0),
                    reason,
                },
            ));
        }
    }
    // newest first; in the same second, the later number is the newer
    out.sort_by(|(sa, a), (sb, b)| b.taken_at.cmp(&a.taken_at).then(sb.cmp(sa)));
    Ok(out.into_iter().map(|(_, b)| b).collect())
}

/// A free name in `dir` for a backup taken at `now`.
fn fresh_name(dir: &Path, stem: &str, now: NaiveDateTime, reason: Option<&str>) -> PathBuf {
    let base = format!("{stem}-{}", now.format(STAMP));
    let base = match reason {
        Some(r) => format!("{base}-{r}"),
        None => base,
    };
    let first = dir.join(format!("{base}.sqlite"));
    if !first.exists() && !first.with_extension("partial").exists() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{base}-{n}.sqlite")))
        .find(|p| !p.exists() && !p.with_extension("partial").exists())
        .expect("a free name")
}

/// An on-demand backup into the backup folder, then rotation. Returns the new file.
pub fn take(db: &Database, now: NaiveDateTime) -> Result<BackupInfo> {
    let dir = dir(db);
    let dest = fresh_name(&dir, &stem(db.path()), now, None);
    db.backup_to(&dest)?;
    rotate_except(db, &POLICY, Some(&dest))?;
    Ok(BackupInfo {
        bytes: std::fs::metadata(&dest)?.len(),
        path: dest,
        taken_at: now,
        reason: String::new(),
    })
}

/// The backup of the first open of the day: taken (then rotation) unless the folder already
/// holds one from `now`'s day. Returns the new file, if one was taken.
pub fn daily(db: &Database, now: NaiveDateTime) -> Result<Option<BackupInfo>> {
    if looks_like_backup(db.path()) {
        // opening a backup to look at it does not back the backup up
        return Ok(None);
    }
    let today = now.date();
    if list(db)?
        .iter()
        .any(|b| b.rotated() && b.taken_at.date() == today)
    {
        return Ok(None);
    }
    take(db, now).map(Some)
}

/// Whether the file's name is a backup's (`…-YYYY-MM-DD-HHMMSS…`).
pub fn looks_like_backup(path: &Path) -> bool {
    let name = stem(path);
    let bytes = name.as_bytes();
    (1..bytes.len().saturating_sub(STAMP_LEN - 1)).any(|i| {
        bytes[i - 1] == b'-'
            && name
                .get(i..i + STAMP_LEN)
                .is_some_and(|s| NaiveDateTime::parse_from_str(s, STAMP).is_ok())
    })
}

/// A backup kept out of rotation, taken before something that changes the whole file.
pub(crate) fn before(db: &Database, now: NaiveDateTime, reason: &str) -> Result<PathBuf> {
    let dest = fresh_name(&dir(db), &stem(db.path()), now, Some(reason));
    db.backup_to(&dest)?;
    Ok(dest)
}

/// Rotation that never deletes `just_taken` (even when the clock went back).
fn rotate_except(
    db: &Database,
    policy: &Policy,
    just_taken: Option<&Path>,
) -> Result<Vec<PathBuf>> {
    let rotated: Vec<BackupInfo> = list(db)?.into_iter().filter(|b| b.rotated()).collect();
    let stamps: Vec<NaiveDateTime> = rotated.iter().map(|b| b.taken_at).collect();
    let keep = to_keep(&stamps, policy);
    let mut deleted = Vec::new();
    for (i, b) in rotated.iter().enumerate() {
        if !keep.contains(&i) && Some(b.path.as_path()) != just_taken {
            std::fs::remove_file(&b.path)?;
            deleted.push(b.path.clone());
        }
    }
    Ok(deleted)
}

/// Which of `stamps` (any order) rotation keeps: their indexes.
pub fn to_keep(stamps: &[NaiveDateTime], policy: &Policy) -> BTreeSet<usize> {
    let mut order: Vec<usize> = (0..stamps.len()).collect();
    // newest first; equal stamps keep their given order (`list` gives newest first)
    order.sort_by(|&a, &b| stamps[b].cmp(&stamps[a]));
    let mut keep = BTreeSet::new();
    let mut bucket = |limit: usize, key: &dyn Fn(NaiveDateTime) -> (i32, u32, u32)| {
        let mut seen = BTreeSet::new();
        for &i in &order {
            if seen.len() >= limit {
                break;
            }
            if seen.insert(key(stamps[i])) {
                keep.insert(i);
            }
        }
    };
    bucket(policy.daily, &|t| (t.year(), t.month(), t.day()));
    bucket(policy.weekly, &|t| {
        let w = t.date().iso_week();
        (w.year(), w.week(), 0)
    });
    bucket(policy.monthly, &|t| (t.year(), t.month(), 0));
    keep
}

/// What a backup file holds, once checked.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Verified {
    pub path: PathBuf,
    pub schema_version: i64,
    pub members: i64,
    pub ledger_entries: i64,
}

/// Checks that `path` is a whole Panier file this version can open: SQLite, Panier's, SQLite's
/// full integrity check, a schema no newer than ours. Reads only.
pub fn verify(path: &Path) -> Result<Verified> {
    verify_with(path, None)
}

/// [`verify`] for a backup that may be encrypted (with `passphrase`).
pub fn verify_with(path: &Path, passphrase: Option<&Passphrase>) -> Result<Verified> {
    let keyed = crate::store::db::check_header(path, passphrase)?;
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    if keyed {
        crate::store::db::apply_key(&conn, passphrase)?;
    }
    let bad = |detail: String| Error::Corrupt {
        path: path.to_path_buf(),
        detail,
    };
    let app: i32 = conn
        .pragma_query_value(None, "application_id", |r| r.get(0))
        .map_err(|e| match e {
            rusqlite::Error::SqliteFailure(f, _)
                if keyed && f.code == rusqlite::ErrorCode::NotADatabase =>
            {
                Error::WrongPassphrase(path.to_path_buf())
            }
            e => bad(e.to_string()),
        })?;
    if app != APPLICATION_ID {
        return Err(Error::NotPanierFile(path.to_path_buf()));
    }
    let check: String = conn
        .pragma_query_value(None, "integrity_check", |r| r.get(0))
        .map_err(|e| bad(e.to_string()))?;
    if check != "ok" {
        return Err(bad(check));
    }
    let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if version > crate::store::db::latest_version() {
        return Err(Error::NewerVersion {
            path: path.to_path_buf(),
            found: version,
            supported: crate::store::db::latest_version(),
        });
    }
    let count = |table: &str| -> i64 {
        conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))
            .unwrap_or(0)
    };
    Ok(Verified {
        path: path.to_path_buf(),
        schema_version: version,
        members: count("members"),
        ledger_entries: count("ledger_entries"),
    })
}

/// What `restore` did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Restored {
    pub restored_from: Verified,
    /// Where the replaced file was kept (none when there was no file)
    pub kept: Option<PathBuf>,
}

/// Replaces the file at `live` by the backup `backup`, after checking the backup (a bad one
/// changes nothing). The replaced file is first kept in the backup folder
/// (`…-avant-restauration.sqlite`, never rotated away). The restore itself is one step that
/// other Panier programs see whole (SQLite's backup API into the live file); a live file too
/// damaged to open is moved aside instead.
pub fn restore(live: &Path, backup: &Path, now: NaiveDateTime) -> Result<Restored> {
    restore_with(live, backup, now, None)
}

/// [`restore`] for an encrypted file: `passphrase` opens the live file and the backup (a
/// backup of an encrypted file is encrypted with the passphrase the file had then).
pub fn restore_with(
    live: &Path,
    backup: &Path,
    now: NaiveDateTime,
    passphrase: Option<&Passphrase>,
) -> Result<Restored> {
    let restored_from = verify_with(backup, passphrase)?;
    let backup_encrypted = crate::store::db::is_encrypted(backup);
    if live.exists() && same_file(live, backup) {
        return Err(Error::refused(
            format!(
                "{} est le fichier en service : choisissez une sauvegarde",
                backup.display()
            ),
            format!("{} is the live file: choose a backup", backup.display()),
        ));
    }
    if !live.exists() {
        copy_file(backup, live)?;
        let mut db = Database::open_with(live, &no_daily(now, passphrase))?;
        record_restore(&mut db, backup)?;
        return Ok(Restored {
            restored_from,
            kept: None,
        });
    }
    match Database::open_with(live, &no_daily(now, passphrase)) {
        Ok(mut db) => {
            if db.encrypted() != backup_encrypted {
                return Err(Error::refused(
                    "la sauvegarde et le fichier ne sont pas chiffrés de la même façon : chiffrez ou déchiffrez d'abord le fichier (panier encrypt / panier decrypt)",
                    "the backup and the file are not encrypted alike: encrypt or decrypt the file first (panier encrypt / panier decrypt)",
                ));
            }
            let kept = before(&db, now, "avant-restauration")?;
            if let Err(e) = copy_into(&mut db, backup) {
                // nothing was restored: the copy of the untouched file is not needed
                let _ = std::fs::remove_file(&kept);
                return Err(e);
            }
            drop(db);
            // reopen: the restored file may be from an older schema (then it is migrated)
            let mut db = Database::open_with(live, &no_daily(now, passphrase))?;
            record_restore(&mut db, backup)?;
            Ok(Restored {
                restored_from,
                kept: Some(kept),
            })
        }
        Err(Error::Busy(p)) => Err(Error::Busy(p)),
        Err(Error::NewerVersion { .. })
        | Err(Error::Corrupt { .. })
        | Err(Error::NotPanierFile(_))
        | Err(Error::Sqlite(_)) => {
            // the live file cannot be opened: move it (and its journal) aside, whole
            let dir = live
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .unwrap_or(Path::new("."))
                .join("backups");
            std::fs::create_dir_all(&dir)?;
            let kept = fresh_name(&dir, &stem(live), now, Some("remplace"));
            std::fs::rename(live, &kept)?;
            for ext in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{ext}", live.display()));
                if side.exists() {
                    std::fs::rename(&side, PathBuf::from(format!("{}{ext}", kept.display())))?;
                }
            }
            copy_file(backup, live)?;
            let mut db = Database::open_with(live, &no_daily(now, passphrase))?;
            record_restore(&mut db, backup)?;
            Ok(Restored {
                restored_from,
                kept: Some(kept),
            })
        }
        Err(e) => Err(e),
    }
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// Copies the backup into the open live file in one step of SQLite's backup API: other
/// programs see the old file or the restored one, never a mix. Waits for a writer as long as
/// a write would, then gives up with `Error::Busy`.
fn copy_into(db: &mut Database, backup: &Path) -> Result<()> {
    let src = Connection::open_with_flags(
        backup,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    crate::store::db::apply_key(&src, db.passphrase())?;
    let path = db.path().to_path_buf();
    let dest = db.conn_mut();
    let copy = rusqlite::backup::Backup::new(&src, dest)?;
    let started = std::time::Instant::now();
    loop {
        // -1: every page in one step
        match copy.step(-1)? {
            rusqlite::backup::StepResult::Done => return Ok(()),
            rusqlite::backup::StepResult::More => continue,
            _ if started.elapsed() < crate::store::db::BUSY_TIMEOUT => {
                std::thread::sleep(std::time::Duration::from_millis(50))
            }
            _ => return Err(Error::Busy(path)),
        }
    }
}

fn no_daily(now: NaiveDateTime, passphrase: Option<&Passphrase>) -> crate::store::db::OpenOptions {
    crate::store::db::OpenOptions {
        now: Some(now),
        daily_backup: false,
        passphrase: passphrase.cloned(),
        ..Default::default()
    }
}

fn record_restore(db: &mut Database, backup: &Path) -> Result<()> {
    let from = backup.display().to_string();
    db.write(|_| {
        Ok((
            (),
            Change::new("restore", "database", None).after(&serde_json::json!({ "from": from })),
        ))
    })
}

/// Copies a file through a temporary name in the destination's folder, synced, then renamed:
/// the destination is never half written.
fn copy_file(from: &Path, to: &Path) -> Result<()> {
    if let Some(dir) = to.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = to.with_extension("restoring");
    std::fs::copy(from, &tmp)?;
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, to)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_backup_names() {
        let t = |s: &str| NaiveDateTime::parse_from_str(s, STAMP).unwrap();
        assert_eq!(
            parse_name("assoc", "assoc-2026-11-22-075500.sqlite"),
            Some((t("2026-11-22-075500"), String::new()))
        );
        assert_eq!(
            parse_name("assoc", "assoc-2026-11-22-075500-2.sqlite"),
            Some((t("2026-11-22-075500"), String::new()))
        );
        assert_eq!(
            parse_name("assoc", "assoc-2026-11-22-075500-avant-v2.sqlite"),
            Some((t("2026-11-22-075500"), "avant-v2".into()))
        );
        assert_eq!(
            parse_name(
                "assoc",
                "assoc-2026-11-22-075500-avant-restauration-2.sqlite"
            ),
            Some((t("2026-11-22-075500"), "avant-restauration-2".into()))
        );
        assert!(looks_like_backup(Path::new(
            "b/assoc-2026-11-22-075500-avant-restauration.sqlite"
        )));
        assert!(!looks_like_backup(Path::new("assoc.sqlite")));
        assert!(!looks_like_backup(Path::new("2026-11-22-075500.sqlite")));
        assert_eq!(
            parse_name("assoc", "assoc-x-2026-11-22-075500.sqlite"),
            None
        );
        assert_eq!(parse_name("assoc", "assoc-2026-11-22-075500.partial"), None);
        assert_eq!(parse_name("assoc", "assoc-2026-13-22-075500.sqlite"), None);
        assert_eq!(parse_name("assoc", "autre-2026-11-22-075500.sqlite"), None);
    }
}
