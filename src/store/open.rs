//! Creating and opening a Panier file: the header checked, an older file backed up then
//! migrated, the day's backup taken, a new file given its first settings. Apart from
//! [`crate::store::db`] so that the database itself depends on neither backups nor settings.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::store::audit::Change;
use crate::store::db::{
    apply_key, check_header, configure, corrupt, default_operator, latest_version, migrations,
    Database, OpenOptions, APPLICATION_ID, BUSY_TIMEOUT,
};
use crate::store::integrity::{gate_at_open, Gate, Verdict};
use crate::store::secrets::SecretStore;
use crate::store::{backup, settings};
use rusqlite::{Connection, OpenFlags};
use std::path::Path;

impl Database {
    /// Creates a new Panier file for the association `name`; refuses to overwrite anything.
    pub fn create(path: &Path, name: &str) -> Result<Self> {
        let name = name.trim();
        if name.is_empty() {
            return Err(Error::invalid(
                Field::Name,
                name,
                "le nom de l'association est obligatoire",
                "the association's name is required",
            ));
        }
        if path.exists() {
            return Err(Error::AlreadyExists(path.to_path_buf()));
        }
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir)?;
        }
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE
                | OpenFlags::SQLITE_OPEN_CREATE
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        configure(&conn)?;
        conn.pragma_update(None, "application_id", APPLICATION_ID)?;
        let mut db = Database {
            conn,
            path: path.to_path_buf(),
            operator: default_operator(),
            daily_backup: None,
            passphrase: None,
            // Made by this process a moment ago: nothing to doubt.
            integrity: Gate::decided(Verdict::Sound),
            secrets: SecretStore::from_env(),
            rehearsal: false,
        };
        migrations::migrate(&mut db.conn, 0, &db.secrets)?;
        db.write(|tx| {
            settings::initialise(tx, name)?;
            Ok(((), Change::new("create", "organisation", None).after(&name)))
        })?;
        db.load_operator()?;
        Ok(db)
    }

    /// Opens an existing Panier file. A file that is not SQLite, not Panier's, damaged, or
    /// written by a newer Panier is refused without being touched; an older one is backed up
    /// (into the backup folder, `…-avant-vN.sqlite`), then migrated. The first open of a day
    /// also takes the day's backup (see [`crate::store::backup`]); if that fails the file still
    /// opens, and [`Database::daily_backup_error`] says why.
    pub fn open(path: &Path) -> Result<Self> {
        Self::open_with(path, &OpenOptions::default())
    }

    pub fn open_with(path: &Path, options: &OpenOptions) -> Result<Self> {
        let keyed = check_header(path, options.passphrase.as_ref())?;
        let passphrase = if keyed {
            options.passphrase.clone()
        } else {
            None
        };
        let conn = Connection::open_with_flags(
            path,
            OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        apply_key(&conn, passphrase.as_ref())?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let application_id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .map_err(|e| match corrupt(path, e) {
                // with a key, "not a database" means the key is wrong (nothing was written)
                Error::NotPanierFile(p) if keyed => Error::WrongPassphrase(p),
                other => other,
            })?;
        if application_id != APPLICATION_ID {
            return Err(Error::NotPanierFile(path.to_path_buf()));
        }
        // The cheap facts now; the full check in the background or before the first write.
        let version: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| corrupt(path, e))?;
        if version > latest_version() {
            return Err(Error::NewerVersion {
                path: path.to_path_buf(),
                found: version,
                supported: latest_version(),
            });
        }
        configure(&conn)?;
        let mut db = Database {
            conn,
            path: path.to_path_buf(),
            operator: default_operator(),
            daily_backup: None,
            integrity: gate_at_open(path, passphrase.as_ref(), options.full_check),
            passphrase,
            secrets: options.secrets.clone(),
            rehearsal: false,
        };
        let now = options.now.unwrap_or_else(backup::local_now);
        if version < latest_version() {
            db.integrity.refuse_if_damaged(path)?;
            backup::before(&db, now, &format!("avant-v{}", latest_version()))?;
            migrations::migrate(&mut db.conn, version, &db.secrets)?;
        }
        db.load_operator()?;
        if options.daily_backup {
            db.daily_backup = match backup::daily(&db, now) {
                Ok(Some(b)) => Some(Ok(b.path)),
                Ok(None) => None,
                Err(e) => Some(Err(e)),
            };
        }
        Ok(db)
    }
}
