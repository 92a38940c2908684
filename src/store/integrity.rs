//! Whether the file is sound, known without slowing every open: the cheap facts (header,
//! application id, schema version) are checked at open; the full `integrity_check`, which
//! reads every page and index, runs in the background, and no write reaches the file before
//! its verdict says sound. The last verdict is kept beside the file (`<file>-integrity`), so a
//! command run within a day of a sound check need not wait; a check that finds damage (at
//! open, by `panier check`, or verifying the daily backup) is kept too, and the file then
//! opens read-only until `panier repair` mends it.

use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::store::sqlite::{apply_key, Passphrase, BUSY_TIMEOUT};
use chrono::{DateTime, Duration, Utc};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};

/// How long a sound verdict spares a new process the full check: the daily backup's
/// verification renews it.
pub const SOUND_FOR_HOURS: i64 = 24;

/// What the full check said.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "verdict", rename_all = "snake_case")]
pub enum Verdict {
    Sound,
    Damaged { detail: String },
}

/// When to run the full check at open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FullCheck {
    /// unless a sound verdict younger than [`SOUND_FOR_HOURS`] is kept (commands, scripts)
    IfStale,
    /// at every open (the window and the server, which stay open for hours)
    Always,
    /// never (a file being created or migrated under Panier's own hands)
    Never,
}

/// The verdict a process waits on before its first write.
#[derive(Debug, Default)]
pub struct Gate {
    verdict: Mutex<Option<Verdict>>,
    known: Condvar,
    /// the file to check at the first write, when no check was started at open
    deferred: Mutex<Option<(PathBuf, Option<Passphrase>)>>,
}

impl Gate {
    pub fn decided(verdict: Verdict) -> Arc<Self> {
        Arc::new(Gate {
            verdict: Mutex::new(Some(verdict)),
            ..Gate::default()
        })
    }

    fn pending() -> Arc<Self> {
        Arc::new(Gate::default())
    }

    fn deferred(path: &Path, passphrase: Option<&Passphrase>) -> Arc<Self> {
        Arc::new(Gate {
            deferred: Mutex::new(Some((path.to_path_buf(), passphrase.cloned()))),
            ..Gate::default()
        })
    }

    /// Decides the gate from a check made elsewhere (the daily backup, `panier check`).
    pub fn settle(&self, verdict: Verdict) {
        self.deferred
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        self.decide(verdict);
    }

    fn decide(&self, verdict: Verdict) {
        *self.verdict.lock().unwrap_or_else(|e| e.into_inner()) = Some(verdict);
        self.known.notify_all();
    }

    /// The verdict: the deferred check run now, or the background one waited for.
    pub fn wait(&self) -> Verdict {
        let deferred = self
            .deferred
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        if let Some((path, passphrase)) = deferred {
            self.decide(check_file(&path, passphrase.as_ref()));
        }
        let mut verdict = self.verdict.lock().unwrap_or_else(|e| e.into_inner());
        while verdict.is_none() {
            verdict = self.known.wait(verdict).unwrap_or_else(|e| e.into_inner());
        }
        verdict.clone().expect("decided")
    }

    /// The verdict if already known.
    pub fn peek(&self) -> Option<Verdict> {
        self.verdict
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Refuses a write on a damaged file.
    pub fn refuse_if_damaged(&self, path: &Path) -> Result<()> {
        match self.wait() {
            Verdict::Sound => Ok(()),
            Verdict::Damaged { detail } => Err(Error::Damaged {
                path: path.to_path_buf(),
                detail,
            }),
        }
    }
}

/// A verdict as kept beside the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
struct Kept {
    checked_at: String,
    #[serde(flatten)]
    verdict: Verdict,
    /// the file's identity when checked: a file restored or replaced since is another file
    device: u64,
    inode: u64,
}

/// `asso.sqlite` → `asso.sqlite-integrity`.
pub fn kept_path(database: &Path) -> PathBuf {
    let mut name = database.as_os_str().to_owned();
    name.push("-integrity");
    PathBuf::from(name)
}

fn identity(database: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(database).ok()?;
    Some((meta.dev(), meta.ino()))
}

/// The kept verdict that still holds for this file at `now`: a damaged one always, a sound
/// one for [`SOUND_FOR_HOURS`].
fn kept(database: &Path, now: DateTime<Utc>) -> Option<Verdict> {
    let text = std::fs::read_to_string(kept_path(database)).ok()?;
    let kept: Kept = serde_json::from_str(&text).ok()?;
    if identity(database)? != (kept.device, kept.inode) {
        return None;
    }
    match kept.verdict {
        Verdict::Damaged { .. } => Some(kept.verdict),
        Verdict::Sound => {
            let at = DateTime::parse_from_rfc3339(&kept.checked_at).ok()?;
            let age = now.signed_duration_since(at.with_timezone(&Utc));
            (age >= Duration::zero() && age < Duration::hours(SOUND_FOR_HOURS))
                .then_some(Verdict::Sound)
        }
    }
}

/// Whether a sound verdict younger than [`SOUND_FOR_HOURS`] is kept for this file.
pub fn kept_sound(database: &Path) -> bool {
    kept(database, Utc::now()) == Some(Verdict::Sound)
}

/// Keeps `verdict` beside the file. Best effort: a folder that cannot take it only means
/// the next command checks again.
pub fn keep(database: &Path, verdict: &Verdict) {
    let Some((device, inode)) = identity(database) else {
        return;
    };
    let kept = Kept {
        checked_at: now_text(),
        verdict: verdict.clone(),
        device,
        inode,
    };
    if let Ok(text) = serde_json::to_vec_pretty(&kept) {
        let _ = crate::kernel::files::write_whole(&kept_path(database), &text);
    }
}

/// Runs SQLite's full check on `conn`: every page, every index against its table.
pub fn full_check(conn: &Connection) -> Result<Verdict> {
    checked(conn, "PRAGMA integrity_check(20)")
}

/// SQLite's quick check on `conn`: every page and record, without matching each index entry
/// against its row (so about ten times faster on a large file). Used on a backup's copy when
/// the file's full check is recent; never to decide that a file is sound for a day.
pub fn quick_check(conn: &Connection) -> Result<Verdict> {
    checked(conn, "PRAGMA quick_check(20)")
}

fn checked(conn: &Connection, pragma: &str) -> Result<Verdict> {
    let mut stmt = conn.prepare(pragma)?;
    let lines: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<_>>()?;
    Ok(if lines.len() == 1 && lines[0] == "ok" {
        Verdict::Sound
    } else {
        Verdict::Damaged {
            detail: lines.join(" ; "),
        }
    })
}

/// Checks the file at `path` on a connection of its own, keeps and returns the verdict. A
/// file SQLite cannot even read through is damaged too.
pub fn check_file(path: &Path, passphrase: Option<&Passphrase>) -> Verdict {
    let verdict = (|| {
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&conn, passphrase)?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        full_check(&conn)
    })()
    .unwrap_or_else(|e| Verdict::Damaged {
        detail: e.to_string(),
    });
    keep(path, &verdict);
    verdict
}

/// The gate of a file just opened: decided by a kept verdict; else, for a command, a check
/// deferred to its first write (a command that only reads never pays for it); for the window
/// and the server, a check started now in the background.
pub fn gate_at_open(path: &Path, passphrase: Option<&Passphrase>, when: FullCheck) -> Arc<Gate> {
    match (when, kept(path, Utc::now())) {
        (FullCheck::Never, _) => return Gate::decided(Verdict::Sound),
        (_, Some(damaged @ Verdict::Damaged { .. })) => return Gate::decided(damaged),
        (FullCheck::IfStale, Some(Verdict::Sound)) => return Gate::decided(Verdict::Sound),
        (FullCheck::IfStale, None) => return Gate::deferred(path, passphrase),
        (FullCheck::Always, _) => {}
    }
    let gate = Gate::pending();
    let (path, passphrase, waiting) = (path.to_path_buf(), passphrase.cloned(), gate.clone());
    std::thread::spawn(move || waiting.decide(check_file(&path, passphrase.as_ref())));
    gate
}
