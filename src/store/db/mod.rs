//! The database file: opening it safely, migrating it, writing to it, copying it.

pub(in crate::store) mod migrations;

pub use migrations::{latest_version, migrate_to, MIGRATIONS};

use crate::kernel::error::{Error, Result};
use crate::kernel::files::{FileError, FileProblem};
use crate::store::audit::{self, Change};
use crate::store::integrity::{FullCheck, Gate, Verdict};
use crate::store::secrets::SecretStore;
pub use crate::store::sqlite::{apply_key, Passphrase, BUSY_TIMEOUT};
use chrono::NaiveDateTime;
use rusqlite::{Connection, Transaction, TransactionBehavior};
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

/// `PRAGMA application_id` of a Panier file ("PANI"), so Panier never migrates a stranger's
/// SQLite database.
pub const APPLICATION_ID: i32 = 0x5041_4E49;

/// An open Panier file and the name of the person operating it (written in the audit log).
pub struct Database {
    pub(in crate::store) conn: Connection,
    pub(in crate::store) path: PathBuf,
    pub(in crate::store) operator: String,
    pub(in crate::store) daily_backup: Option<std::result::Result<PathBuf, Error>>,
    /// The passphrase of an encrypted file (kept to encrypt its backups with it)
    pub(in crate::store) passphrase: Option<Passphrase>,
    /// Whether the file is sound: every write waits for it (see [`crate::store::integrity`])
    pub(in crate::store) integrity: Arc<Gate>,
    /// Where this file's secrets are kept (see [`crate::store::secrets`])
    pub(in crate::store) secrets: SecretStore,
    /// Inside [`Database::rehearse`]: every write is rolled back instead of committed
    pub(in crate::store) rehearsal: bool,
}

/// Whether the file at `path` is encrypted: it exists, and does not start as a plain SQLite
/// file does (an encrypted file starts with random bytes).
pub fn is_encrypted(path: &Path) -> bool {
    let mut header = [0u8; 16];
    match std::fs::File::open(path) {
        Ok(mut f) => f.read_exact(&mut header).is_ok() && &header != b"SQLite format 3\0",
        Err(_) => false,
    }
}

/// How to open a file; `Database::open(path)` uses the defaults.
#[derive(Debug, Clone)]
pub struct OpenOptions {
    /// The moment Panier takes as now (tests simulate days with it); `None`: the clock.
    pub now: Option<NaiveDateTime>,
    /// Take the day's backup if the backup folder has none from today (default: yes).
    pub daily_backup: bool,
    /// The passphrase, for an encrypted file (ignored for a plain one).
    pub passphrase: Option<Passphrase>,
    /// When to run the full integrity check (default: unless a recent sound verdict is kept).
    pub full_check: FullCheck,
    /// Where the file's secrets are kept (default: [`SecretStore::from_env`]); an older
    /// file's secrets move there when it is migrated.
    pub secrets: SecretStore,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            now: None,
            daily_backup: true,
            passphrase: None,
            full_check: FullCheck::IfStale,
            secrets: SecretStore::from_env(),
        }
    }
}

/// Refuses, without opening it, a file that does not start as an SQLite database does —
/// unless it may be an encrypted one and a passphrase is given. Returns whether to key it.
pub(in crate::store) fn check_header(path: &Path, passphrase: Option<&Passphrase>) -> Result<bool> {
    if !path.exists() {
        return Err(Error::NoSuchFile(path.to_path_buf()));
    }
    let mut header = [0u8; 16];
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if file.read_exact(&mut header).is_ok() && &header == b"SQLite format 3\0" {
        return Ok(false);
    }
    // SQLCipher files are whole pages of random-looking bytes
    if len >= 1024 && len % 512 == 0 {
        return match passphrase {
            Some(_) => Ok(true),
            None => Err(Error::Encrypted(path.to_path_buf())),
        };
    }
    Err(Error::NotPanierFile(path.to_path_buf()))
}

/// The file the CLI and the app use when none is named: `$PANIER_DB`, else the platform's
/// data folder (`~/.local/share/panier/panier.sqlite` on Linux).
pub fn default_path() -> PathBuf {
    if let Some(p) = std::env::var_os("PANIER_DB").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("panier")
        .join("panier.sqlite")
}

/// The operator's name when none is configured: `$PANIER_OPERATOR`, else the login name.
pub fn default_operator() -> String {
    ["PANIER_OPERATOR", "USER", "USERNAME"]
        .iter()
        .find_map(|k| std::env::var(k).ok().filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| "inconnu".to_string())
}

impl Database {
    /// The backup this open took (first open of the day), if any.
    pub fn daily_backup(&self) -> Option<&Path> {
        match &self.daily_backup {
            Some(Ok(p)) => Some(p),
            _ => None,
        }
    }

    /// Why the day's backup could not be taken, if it failed (the file opened all the same:
    /// tell the user).
    pub fn daily_backup_error(&self) -> Option<&Error> {
        match &self.daily_backup {
            Some(Err(e)) => Some(e),
            _ => None,
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Read access for queries. Writes go through [`Database::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Whether the file is encrypted (it was opened with its passphrase).
    pub fn encrypted(&self) -> bool {
        self.passphrase.is_some()
    }

    pub(crate) fn passphrase(&self) -> Option<&Passphrase> {
        self.passphrase.as_ref()
    }

    pub(crate) fn conn_mut(&mut self) -> &mut Connection {
        &mut self.conn
    }

    pub fn operator(&self) -> &str {
        &self.operator
    }

    /// Names the person making the next changes (for this session only; the stored default
    /// is the `operator` setting).
    pub fn set_operator(&mut self, name: &str) {
        if !name.trim().is_empty() {
            self.operator = name.trim().to_string();
        }
    }

    pub(in crate::store) fn load_operator(&mut self) -> Result<()> {
        if std::env::var("PANIER_OPERATOR").is_ok() {
            return Ok(());
        }
        let stored: Option<String> = self
            .conn
            .query_row(
                "SELECT value FROM settings WHERE key = 'operator'",
                [],
                |r| r.get(0),
            )
            .ok();
        if let Some(name) = stored.filter(|n| !n.trim().is_empty()) {
            self.operator = name;
        }
        Ok(())
    }

    /// A change made on a file known to be damaged: only `repair` does this.
    pub(in crate::store) fn write_despite_damage<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Change)>,
    ) -> Result<T> {
        self.write_in_transaction(f)
    }

    /// Runs one change: `f` does its work in a transaction and describes it; the description
    /// becomes the change's audit row, in the same transaction. Nothing is kept if `f` fails.
    pub fn write<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Change)>,
    ) -> Result<T> {
        self.integrity.refuse_if_damaged(&self.path)?;
        self.write_in_transaction(f)
    }

    fn write_in_transaction<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>) -> Result<(T, Change)>,
    ) -> Result<T> {
        let path = self.path.clone();
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .map_err(|e| busy_or(e, &path))?;
        let (value, change) = f(&tx)?;
        audit::record(&tx, &self.operator, &change)?;
        if self.rehearsal {
            tx.rollback().map_err(|e| busy_or(e, &path))?;
        } else {
            tx.commit().map_err(|e| busy_or(e, &path))?;
        }
        Ok(value)
    }

    /// Runs `f` as a rehearsal: every write in it goes through its rules and is then rolled
    /// back, so a transport learns what an operation would answer, or why it would be
    /// refused, before anything is recorded (the CLI checks a receipt's file names so).
    pub fn rehearse<T>(&mut self, f: impl FnOnce(&mut Database) -> Result<T>) -> Result<T> {
        let outer = std::mem::replace(&mut self.rehearsal, true);
        let result = f(self);
        self.rehearsal = outer;
        result
    }

    /// Copies the whole database, consistently even while others write, to `dest`
    /// (which must not exist), then checks the copy.
    pub fn backup_to(&self, dest: &Path) -> Result<()> {
        if dest.exists() {
            return Err(Error::AlreadyExists(dest.to_path_buf()));
        }
        if let Some(dir) = dest.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = dest.with_extension("partial");
        let _ = std::fs::remove_file(&tmp);
        let copied = self.copy_and_verify(&tmp);
        // Whatever went wrong, no half copy stays behind.
        if copied.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        copied?;
        std::fs::rename(&tmp, dest).map_err(|e| {
            let _ = std::fs::remove_file(&tmp);
            FileError::from_io(dest, &e)
        })?;
        Ok(())
    }

    fn copy_and_verify(&self, tmp: &Path) -> Result<()> {
        let mut out = Connection::open(tmp).map_err(|e| sqlite_file_error(tmp, e))?;
        // the backup of an encrypted file is encrypted with the same passphrase
        apply_key(&out, self.passphrase.as_ref())?;
        let backup = rusqlite::backup::Backup::new(&self.conn, &mut out)?;
        // Large steps, no pause: the source is ours and WAL readers do not block its writers,
        // so pausing 5 ms every 256 pages only added a second per 250 MB (issue 22).
        if let Err(e) = backup.run_to_completion(16_384, Duration::ZERO, None) {
            // A page SQLite cannot read is damage in the file, not in the copy.
            if let rusqlite::Error::SqliteFailure(f, _) = &e {
                if f.code == rusqlite::ErrorCode::DatabaseCorrupt {
                    self.settle_integrity(&Verdict::Damaged {
                        detail: e.to_string(),
                    });
                }
            }
            return Err(sqlite_file_error(tmp, e));
        }
        drop(backup);
        // a backup is a finished single file, not a live WAL database
        out.pragma_update(None, "journal_mode", "DELETE")
            .map_err(|e| sqlite_file_error(tmp, e))?;
        // The copy holds the same pages: its verdict is the file's. When this file's full
        // check said sound less than a day ago (kept beside it, and this process agrees), the
        // copy gets SQLite's quick check: every page and record read, without matching every
        // index entry against its row, the part that makes the full check slow (9 s on 50,000
        // members). A stale or missing verdict gets the full check, which renews it, so the
        // full check still runs at least once a day, even in a server that stays open.
        let recently_sound = self.integrity.peek() == Some(Verdict::Sound)
            && crate::store::integrity::kept_sound(&self.path);
        let verdict = if recently_sound {
            crate::store::integrity::quick_check(&out)?
        } else {
            crate::store::integrity::full_check(&out)?
        };
        if !(recently_sound && verdict == Verdict::Sound) {
            self.settle_integrity(&verdict);
        }
        if let Verdict::Damaged { detail } = verdict {
            return Err(Error::Corrupt {
                path: self.path.clone(),
                detail,
            });
        }
        Ok(())
    }

    /// Records what a full check of this file found: the gate of this process, and the
    /// verdict kept beside the file for the next ones.
    pub fn settle_integrity(&self, verdict: &Verdict) {
        self.integrity.settle(verdict.clone());
        crate::store::integrity::keep(&self.path, verdict);
    }

    /// Whether the file is sound, if known yet.
    pub fn integrity(&self) -> Option<Verdict> {
        self.integrity.peek()
    }
}

impl Database {
    /// Keeps this file's secrets in `store` from now on (tests point it at a temp folder).
    pub fn use_secrets(&mut self, store: SecretStore) {
        self.secrets = store;
    }

    /// This file's secret `name`, if kept (on this machine).
    pub fn secret(&self, name: &str) -> Result<Option<String>> {
        self.secrets
            .get(&crate::store::secrets::file_id(&self.conn)?, name)
    }

    /// Keeps `value` as this file's secret `name`, out of the file.
    pub fn keep_secret(&self, name: &str, value: &str) -> Result<()> {
        self.secrets
            .set(&crate::store::secrets::file_id(&self.conn)?, name, value)
    }

    /// Forgets this file's secret `name` (an SMTP password cleared in the settings).
    pub fn forget_secret(&self, name: &str) -> Result<()> {
        self.secrets
            .remove(&crate::store::secrets::file_id(&self.conn)?, name)
    }
}

/// The SQL functions Panier's migrations and queries call: migration 0008 fills
/// members.sort_key with the same function as members.rs.
pub(crate) fn register_functions(conn: &Connection) -> Result<()> {
    conn.create_scalar_function(
        "panier_sort_key",
        5,
        rusqlite::functions::FunctionFlags::SQLITE_UTF8
            | rusqlite::functions::FunctionFlags::SQLITE_DETERMINISTIC,
        |ctx| {
            let text = |i: usize| ctx.get::<String>(i);
            Ok(crate::kernel::search::sort_key(
                &text(0)? == "organisation",
                &text(1)?,
                &text(2)?,
                &text(3)?,
                &text(4)?,
            ))
        },
    )?;
    Ok(())
}

/// Gathers the query planner's statistics: sampled (`analysis_limit`), so it takes a moment
/// even on a large file, and without `sqlite_stat4`'s samples of values. With those, SQLite
/// plans a query again each time a bound value changes (an import row's member): a quarter
/// of an import's time went to preparing the same statements again.
pub fn analyze(conn: &Connection) -> Result<()> {
    conn.execute_batch("PRAGMA analysis_limit = 1000; ANALYZE;")?;
    let stat4: bool = conn.query_row(
        "SELECT count(*) > 0 FROM sqlite_schema WHERE name = 'sqlite_stat4'",
        [],
        |r| r.get(0),
    )?;
    if stat4 {
        conn.execute_batch("DELETE FROM sqlite_stat4; ANALYZE sqlite_schema;")?;
    }
    Ok(())
}

/// The pragmas and SQL functions every connection needs.
pub(in crate::store) fn configure(conn: &Connection) -> Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    register_functions(conn)?;
    // rusqlite keeps 16 prepared statements by default: an import row or a payment uses more,
    // and each one evicted is parsed again (with its triggers) on the next row
    conn.set_prepared_statement_cache_capacity(256);
    conn.pragma_update(None, "foreign_keys", "ON")?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.pragma_update(None, "synchronous", "NORMAL")?;
    // deleted values are overwritten, not left in free pages (members' erasure)
    conn.pragma_update(None, "secure_delete", "ON")?;
    // SQLite's default page cache is 2 MB: an import or a year's report touches more, and
    // each page evicted is read again (or, dirty, spilled to the WAL mid-transaction). 64 MB
    // holds a large association's working set; pages are only allocated as they are read.
    conn.pragma_update(None, "cache_size", -65_536)?;
    // a savepoint's journal (imports' careful pass) and sorts stay in memory, not temp files
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    Ok(())
}

pub(in crate::store) fn corrupt(path: &Path, e: rusqlite::Error) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::NotADatabase => {
            Error::NotPanierFile(path.to_path_buf())
        }
        other => Error::Corrupt {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    }
}

pub(in crate::store) fn busy_or(e: rusqlite::Error, path: &Path) -> Error {
    match e {
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            Error::Busy(path.to_path_buf())
        }
        other => Error::Sqlite(other),
    }
}

/// SQLite's failure to write a file, said as a file error when it is one (full disk,
/// read-only folder), naming the path.
fn sqlite_file_error(path: &Path, e: rusqlite::Error) -> Error {
    use rusqlite::ErrorCode;
    let problem = match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            ErrorCode::DiskFull => Some(FileProblem::DiskFull),
            ErrorCode::ReadOnly | ErrorCode::CannotOpen | ErrorCode::PermissionDenied => {
                Some(FileProblem::ReadOnly)
            }
            _ => None,
        },
        _ => None,
    };
    match problem {
        Some(problem) => FileError::new(path, problem).into(),
        None => e.into(),
    }
}
