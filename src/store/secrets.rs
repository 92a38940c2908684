//! Secrets kept out of the Panier file: the Nextcloud app password today, an SMTP password or
//! a HelloAsso client secret tomorrow. Neither the file nor its backups hold them.
//!
//! A secret is found by the file's identity (the `file_id` setting, random, made by migration
//! 10) and its name ([`NEXTCLOUD_APP_PASSWORD`]…): a copy of the file restored on another
//! machine finds nothing there and asks for the password again.
//!
//! Where they live, chosen at run time ([`SecretStore::from_env`]):
//! - the system keyring (Secret Service on Linux, through the `keyring` crate), when a session
//!   bus is there to reach it. Each call has a few seconds: a keyring that does not answer
//!   (locked, no daemon) is left for the file below, never waited on;
//! - else a file in the user's config folder (`~/.config/panier/secrets/<file_id>.json`, mode
//!   0600), each value sealed with XChaCha20-Poly1305 under a key kept beside it
//!   (`~/.config/panier/secrets.key`, mode 0600, made on first use). The file id and the
//!   secret's name are bound to each sealed value, so values cannot be swapped between files.
//!
//! `PANIER_SECRETS_DIR` names another folder for that file and skips the keyring: for tests,
//! and for hosts where the keyring is not wanted.

use crate::kernel::error::{Error, Result};
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{Key, XChaCha20Poly1305, XNonce};
use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The Nextcloud admin's app password.
pub const NEXTCLOUD_APP_PASSWORD: &str = "nextcloud.app_password";
/// The SMTP server's password (mail that goes out: reminders, receipts).
pub const SMTP_PASSWORD: &str = "smtp.password";

/// The keyring's service name for Panier's entries.
const KEYRING_SERVICE: &str = "panier";
/// How long a keyring call may take before the file is used instead.
const KEYRING_PATIENCE: Duration = Duration::from_secs(4);
const FORMAT: &str = "panier-secrets/1";

/// Where secrets are kept (see the module's notes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SecretStore {
    /// The system keyring when it answers, else the sealed file in this folder.
    System { folder: PathBuf },
    /// Only the sealed file in this folder (no keyring).
    Folder(PathBuf),
}

impl SecretStore {
    /// `PANIER_SECRETS_DIR` if set (a folder, no keyring), else the keyring with the user's
    /// config folder (`…/panier`) as the fallback.
    pub fn from_env() -> Self {
        if let Some(dir) = std::env::var_os("PANIER_SECRETS_DIR").filter(|d| !d.is_empty()) {
            return SecretStore::Folder(PathBuf::from(dir));
        }
        let folder = dirs::config_dir()
            .unwrap_or_else(|| PathBuf::from("."))
            .join("panier");
        SecretStore::System { folder }
    }

    /// Only the sealed file in `folder`: what tests use.
    pub fn folder(folder: impl Into<PathBuf>) -> Self {
        SecretStore::Folder(folder.into())
    }

    fn sealed_folder(&self) -> &Path {
        match self {
            SecretStore::System { folder } | SecretStore::Folder(folder) => folder,
        }
    }

    fn keyring(&self) -> bool {
        matches!(self, SecretStore::System { .. }) && system_keyring::reachable()
    }

    /// The secret `name` of the file `file_id`, if one is kept.
    pub fn get(&self, file_id: &str, name: &str) -> Result<Option<String>> {
        check_id(file_id)?;
        if self.keyring() {
            if let Some(Some(value)) = system_keyring::get(file_id, name) {
                return Ok(Some(value));
            }
        }
        SealedFile::at(self.sealed_folder(), file_id).get(name)
    }

    /// Keeps `value` as the secret `name` of the file `file_id`, replacing any before.
    pub fn set(&self, file_id: &str, name: &str, value: &str) -> Result<()> {
        check_id(file_id)?;
        let sealed = SealedFile::at(self.sealed_folder(), file_id);
        if self.keyring() && system_keyring::set(file_id, name, value) {
            // an older copy in the file would shadow nothing, but must not linger
            return sealed.remove(name);
        }
        sealed.set(name, value)
    }

    /// Forgets the secret `name` of the file `file_id` (nothing kept: nothing to do).
    pub fn remove(&self, file_id: &str, name: &str) -> Result<()> {
        check_id(file_id)?;
        if self.keyring() {
            system_keyring::remove(file_id, name);
        }
        SealedFile::at(self.sealed_folder(), file_id).remove(name)
    }
}

/// The file's identity, the key of its secrets (made by migration 10; made here if missing).
pub fn file_id(conn: &Connection) -> Result<String> {
    let kept: Option<String> = conn
        .query_row(
            "SELECT value FROM settings WHERE key = 'file_id'",
            [],
            |r| r.get(0),
        )
        .optional()?;
    if let Some(id) = kept {
        return Ok(id);
    }
    conn.execute(
        "INSERT OR IGNORE INTO settings (key, value) VALUES ('file_id', lower(hex(randomblob(16))))",
        [],
    )?;
    Ok(conn.query_row(
        "SELECT value FROM settings WHERE key = 'file_id'",
        [],
        |r| r.get(0),
    )?)
}

/// A file id names a file on disk: only hex digits, so it never reaches outside the folder.
fn check_id(file_id: &str) -> Result<()> {
    if file_id.is_empty() || file_id.len() > 64 || !file_id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(Error::invalid(
            "file_id",
            file_id,
            "identifiant de fichier illisible",
            "unreadable file id",
        ));
    }
    Ok(())
}

fn trouble(path: &Path, what_fr: &str, what_en: &str) -> Error {
    Error::refused(
        format!(
            "coffre des secrets {} : {what_fr} (supprimez-le et redonnez les mots de passe)",
            path.display()
        ),
        format!(
            "secret store {}: {what_en} (delete it and give the passwords again)",
            path.display()
        ),
    )
}

/// One sealed value: the nonce and the ciphertext, in base64.
#[derive(Serialize, Deserialize)]
struct Sealed {
    nonce: String,
    sealed: String,
}

#[derive(Serialize, Deserialize)]
struct SealedEntries {
    format: String,
    file_id: String,
    entries: BTreeMap<String, Sealed>,
}

/// `<folder>/secrets/<file_id>.json`, sealed with `<folder>/secrets.key`.
struct SealedFile {
    key_path: PathBuf,
    path: PathBuf,
    file_id: String,
}

impl SealedFile {
    fn at(folder: &Path, file_id: &str) -> Self {
        SealedFile {
            key_path: folder.join("secrets.key"),
            path: folder.join("secrets").join(format!("{file_id}.json")),
            file_id: file_id.to_string(),
        }
    }

    fn read(&self) -> Result<Option<SealedEntries>> {
        match std::fs::read(&self.path) {
            Ok(bytes) => {
                let entries: SealedEntries = serde_json::from_slice(&bytes)
                    .map_err(|_| trouble(&self.path, "illisible", "unreadable"))?;
                if entries.format != FORMAT || entries.file_id != self.file_id {
                    return Err(trouble(&self.path, "format inconnu", "unknown format"));
                }
                Ok(Some(entries))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(crate::kernel::files::FileError::from_io(&self.path, &e).into()),
        }
    }

    /// The key, made (0600) when `make` and there is none yet.
    fn key(&self, make: bool) -> Result<Option<Key>> {
        match std::fs::read(&self.key_path) {
            Ok(bytes) if bytes.len() == 32 => Ok(Some(*Key::from_slice(&bytes))),
            Ok(_) => Err(trouble(&self.key_path, "clé abîmée", "damaged key")),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && make => {
                let key = XChaCha20Poly1305::generate_key(&mut OsRng);
                if let Some(dir) = self.key_path.parent() {
                    make_private_dir(dir)?;
                }
                write_private(&self.key_path, key.as_slice())?;
                Ok(Some(key))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(crate::kernel::files::FileError::from_io(&self.key_path, &e).into()),
        }
    }

    fn bound(&self, name: &str) -> String {
        format!("{FORMAT}/{}/{name}", self.file_id)
    }

    fn get(&self, name: &str) -> Result<Option<String>> {
        let Some(entries) = self.read()? else {
            return Ok(None);
        };
        let Some(sealed) = entries.entries.get(name) else {
            return Ok(None);
        };
        let Some(key) = self.key(false)? else {
            return Ok(None); // the key is gone: the secrets with it
        };
        let b64 = base64::engine::general_purpose::STANDARD;
        let nonce = b64.decode(&sealed.nonce).ok().filter(|n| n.len() == 24);
        let text = b64.decode(&sealed.sealed).ok();
        let (Some(nonce), Some(text)) = (nonce, text) else {
            return Err(trouble(&self.path, "illisible", "unreadable"));
        };
        let aad = self.bound(name);
        let opened = XChaCha20Poly1305::new(&key)
            .decrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: &text,
                    aad: aad.as_bytes(),
                },
            )
            // another key (the key file was replaced): as if nothing were kept
            .ok();
        Ok(opened.and_then(|bytes| String::from_utf8(bytes).ok()))
    }

    fn set(&self, name: &str, value: &str) -> Result<()> {
        let key = self.key(true)?.expect("made when missing");
        let mut entries = self.read()?.unwrap_or_else(|| SealedEntries {
            format: FORMAT.into(),
            file_id: self.file_id.clone(),
            entries: BTreeMap::new(),
        });
        let nonce = XChaCha20Poly1305::generate_nonce(&mut OsRng);
        let aad = self.bound(name);
        let text = XChaCha20Poly1305::new(&key)
            .encrypt(
                &nonce,
                Payload {
                    msg: value.as_bytes(),
                    aad: aad.as_bytes(),
                },
            )
            .map_err(|_| trouble(&self.path, "chiffrement impossible", "cannot encrypt"))?;
        let b64 = base64::engine::general_purpose::STANDARD;
        entries.entries.insert(
            name.to_string(),
            Sealed {
                nonce: b64.encode(nonce),
                sealed: b64.encode(text),
            },
        );
        self.write(&entries)
    }

    fn remove(&self, name: &str) -> Result<()> {
        let Some(mut entries) = self.read()? else {
            return Ok(());
        };
        if entries.entries.remove(name).is_none() {
            return Ok(());
        }
        if entries.entries.is_empty() {
            return std::fs::remove_file(&self.path)
                .map_err(|e| crate::kernel::files::FileError::from_io(&self.path, &e).into());
        }
        self.write(&entries)
    }

    fn write(&self, entries: &SealedEntries) -> Result<()> {
        if let Some(dir) = self.path.parent() {
            make_private_dir(dir)?;
        }
        write_private(&self.path, &serde_json::to_vec_pretty(entries)?)
    }
}

fn make_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder
        .create(dir)
        .map_err(|e| crate::kernel::files::FileError::from_io(dir, &e).into())
}

/// Written whole (a 0600 temporary file in the same folder, flushed, renamed): readable by its
/// owner only from the first byte on.
fn write_private(path: &Path, bytes: &[u8]) -> Result<()> {
    let folder = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temporary = folder.join(format!(".{name}.{}.partial", std::process::id()));
    let written = (|| {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options.open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    written.map_err(|e| {
        let _ = std::fs::remove_file(&temporary);
        crate::kernel::files::FileError::from_io(path, &e).into()
    })
}

/// The system keyring, reached only when a session bus is there, each call in a thread that
/// is given [`KEYRING_PATIENCE`]: `None` or `false` means "not answered, use the file".
mod system_keyring {
    use super::{KEYRING_PATIENCE, KEYRING_SERVICE};
    use std::sync::mpsc;

    /// A session bus to talk to (on Linux); elsewhere the platform's own keyring.
    pub(super) fn reachable() -> bool {
        if !cfg!(target_os = "linux") {
            return true;
        }
        // Without an address libdbus may try to launch a bus through X11: never do that.
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some_and(|a| !a.is_empty()) {
            return true;
        }
        // libdbus also finds the user's bus at $XDG_RUNTIME_DIR/bus
        std::env::var_os("XDG_RUNTIME_DIR")
            .filter(|d| !d.is_empty())
            .is_some_and(|d| std::path::Path::new(&d).join("bus").exists())
    }

    fn within<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
        within_for(KEYRING_PATIENCE, f)
    }

    /// `f`'s answer if it comes within `patience`; else `None` (its thread is left to end).
    pub(super) fn within_for<T: Send + 'static>(
        patience: std::time::Duration,
        f: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let (send, receive) = mpsc::channel();
        std::thread::spawn(move || {
            let _ = send.send(f());
        });
        receive.recv_timeout(patience).ok()
    }

    fn entry(file_id: &str, name: &str) -> ::keyring::Result<::keyring::Entry> {
        ::keyring::Entry::new(KEYRING_SERVICE, &format!("{file_id}/{name}"))
    }

    pub(super) fn get(file_id: &str, name: &str) -> Option<Option<String>> {
        let (file_id, name) = (file_id.to_string(), name.to_string());
        within(
            move || match entry(&file_id, &name).and_then(|e| e.get_password()) {
                Ok(value) => Some(Some(value)),
                Err(::keyring::Error::NoEntry) => Some(None),
                Err(_) => None,
            },
        )
        .flatten()
    }

    pub(super) fn set(file_id: &str, name: &str, value: &str) -> bool {
        let (file_id, name, value) = (file_id.to_string(), name.to_string(), value.to_string());
        within(move || {
            entry(&file_id, &name)
                .and_then(|e| e.set_password(&value))
                .is_ok()
        })
        .unwrap_or(false)
    }

    pub(super) fn remove(file_id: &str, name: &str) {
        let (file_id, name) = (file_id.to_string(), name.to_string());
        let _ = within(move || entry(&file_id, &name).and_then(|e| e.delete_credential()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_keyring_that_does_not_answer_is_not_waited_on() {
        let started = std::time::Instant::now();
        let answer = system_keyring::within_for(Duration::from_millis(50), || {
            std::thread::sleep(Duration::from_secs(5));
            1
        });
        assert_eq!(answer, None);
        assert!(started.elapsed() < Duration::from_secs(2));
        let quick = system_keyring::within_for(Duration::from_secs(2), || 7);
        assert_eq!(quick, Some(7));
    }

    #[test]
    fn the_environment_names_a_folder_and_skips_the_keyring() {
        // the only test that reads PANIER_SECRETS_DIR; it never sets it (tests share a process)
        let store = SecretStore::from_env();
        match std::env::var_os("PANIER_SECRETS_DIR").filter(|d| !d.is_empty()) {
            Some(dir) => assert_eq!(store, SecretStore::Folder(dir.into())),
            None => assert!(matches!(store, SecretStore::System { .. })),
        }
        assert!(!SecretStore::folder("/tmp/x").keyring());
    }
}
