//! Encryption at rest (optional): the whole file encrypted by SQLCipher with a passphrase.
//! A plain file stays the default. Encrypting, decrypting and changing the passphrase each
//! write a complete new file beside the old one, check it, then put it in the old one's place
//! in one rename: a wrong passphrase, a full disk or a crash leaves the file as it was.

use crate::kernel::error::{Error, Result};
use crate::store::audit::Change;
use crate::store::db::{self, Database, OpenOptions, Passphrase, APPLICATION_ID};
use rusqlite::{Connection, OpenFlags};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// What a conversion did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Converted {
    pub path: PathBuf,
    pub encrypted: bool,
    /// Backups in the backup folder written before the change: still readable as before
    /// (in clear, or with the old passphrase). Delete them if that matters.
    pub older_backups: Vec<PathBuf>,
}

/// Encrypts a plain file with `new`.
pub fn encrypt(path: &Path, new: &Passphrase) -> Result<Converted> {
    if db::is_encrypted(path) {
        return Err(Error::refused(
            "le fichier est déjà chiffré (pour changer de phrase de passe : panier rekey)",
            "the file is already encrypted (to change its passphrase: panier rekey)",
        ));
    }
    convert(path, None, Some(new), "encrypt")
}

/// Decrypts an encrypted file (its passphrase: `current`) into a plain one.
pub fn decrypt(path: &Path, current: &Passphrase) -> Result<Converted> {
    not_plain(path)?;
    convert(path, Some(current), None, "decrypt")
}

/// Changes the passphrase of an encrypted file.
pub fn rekey(path: &Path, current: &Passphrase, new: &Passphrase) -> Result<Converted> {
    not_plain(path)?;
    convert(path, Some(current), Some(new), "rekey")
}

fn not_plain(path: &Path) -> Result<()> {
    if path.exists() && !db::is_encrypted(path) {
        return Err(Error::refused(
            "le fichier n'est pas chiffré (pour le chiffrer : panier encrypt)",
            "the file is not encrypted (to encrypt it: panier encrypt)",
        ));
    }
    Ok(())
}

fn convert(
    path: &Path,
    current: Option<&Passphrase>,
    new: Option<&Passphrase>,
    action: &'static str,
) -> Result<Converted> {
    let options = OpenOptions {
        daily_backup: false,
        passphrase: current.cloned(),
        ..OpenOptions::default()
    };
    // opening checks the current passphrase: a wrong one stops here, nothing written
    let db = Database::open_with(path, &options)?;
    let older_backups: Vec<PathBuf> = crate::store::backup::list(&db)?
        .into_iter()
        .map(|b| b.path)
        .collect();
    let version: i64 = db
        .conn()
        .pragma_query_value(None, "user_version", |r| r.get(0))?;
    // everything in the main file, and nobody reading: otherwise the file is in use
    let (busy, _, _): (i64, i64, i64) =
        db.conn()
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get(2)?))
            })?;
    if busy != 0 {
        return Err(Error::Busy(path.to_path_buf()));
    }
    let tmp = path.with_extension("conversion");
    let _ = std::fs::remove_file(&tmp);
    // an empty file is an empty database: ATTACH may not create files (the file was opened
    // without SQLITE_OPEN_CREATE)
    std::fs::File::create(&tmp)?;
    let export = || -> Result<()> {
        db.conn().execute(
            "ATTACH DATABASE ?1 AS target KEY ?2",
            rusqlite::params![tmp.to_string_lossy(), new.map(|p| p.expose()).unwrap_or("")],
        )?;
        db.conn()
            .query_row("SELECT sqlcipher_export('target')", [], |_| Ok(()))?;
        db.conn().pragma_update(
            Some(rusqlite::DatabaseName::Attached("target")),
            "user_version",
            version,
        )?;
        db.conn().pragma_update(
            Some(rusqlite::DatabaseName::Attached("target")),
            "application_id",
            APPLICATION_ID,
        )?;
        db.conn().execute_batch("DETACH DATABASE target")?;
        Ok(())
    };
    if let Err(e) = export() {
        let _ = db.conn().execute_batch("DETACH DATABASE target");
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // the new file must open with the new passphrase and hold the same rows
    if let Err(e) = same_content(&db, &tmp, new) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    drop(db);
    std::fs::File::open(&tmp)?.sync_all()?;
    for side in ["-wal", "-shm"] {
        let p = PathBuf::from(format!("{}{side}", path.display()));
        let _ = std::fs::remove_file(p);
    }
    std::fs::rename(&tmp, path)?;
    let mut db = Database::open_with(
        path,
        &OpenOptions {
            daily_backup: false,
            passphrase: new.cloned(),
            ..OpenOptions::default()
        },
    )?;
    db.write(|_| Ok(((), Change::new(action, "database", None))))?;
    Ok(Converted {
        path: path.to_path_buf(),
        encrypted: new.is_some(),
        older_backups,
    })
}

const TABLES_COUNTED: &[&str] = &["members", "ledger_entries", "audit_log", "settings"];

fn same_content(db: &Database, tmp: &Path, key: Option<&Passphrase>) -> Result<()> {
    let conn = Connection::open_with_flags(
        tmp,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    db::apply_key(&conn, key)?;
    let check: String = conn.pragma_query_value(None, "integrity_check", |r| r.get(0))?;
    let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
    if check != "ok" || app != APPLICATION_ID {
        return Err(Error::Corrupt {
            path: tmp.to_path_buf(),
            detail: check,
        });
    }
    for table in TABLES_COUNTED {
        let sql = format!("SELECT count(*) FROM {table}");
        let a: i64 = db.conn().query_row(&sql, [], |r| r.get(0))?;
        let b: i64 = conn.query_row(&sql, [], |r| r.get(0))?;
        if a != b {
            return Err(Error::Corrupt {
                path: tmp.to_path_buf(),
                detail: format!("{table}: {a} ≠ {b}"),
            });
        }
    }
    Ok(())
}
