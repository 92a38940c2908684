//! How Panier speaks to SQLite below everything else: the key of an encrypted file
//! (SQLCipher) and how long to wait for another program holding the file.

use crate::kernel::error::{Error, Result};
use rusqlite::Connection;
use std::time::Duration;

/// How long a writer waits for another program holding the file before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// A file's passphrase. Its `Debug` shows nothing of it, so it never lands in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// A passphrase to open a file with (any non-empty text).
    pub fn new(text: impl Into<String>) -> Self {
        Passphrase(text.into())
    }

    /// A passphrase to encrypt a file with: at least 8 characters.
    pub fn new_for_encryption(text: impl Into<String>) -> Result<Self> {
        let text = text.into();
        if text.chars().count() < 8 {
            return Err(Error::invalid(
                "phrase de passe",
                "",
                "au moins 8 caractères (une phrase de quelques mots est plus sûre et plus facile à retenir)",
                "at least 8 characters (a sentence of a few words is safer and easier to remember)",
            ));
        }
        Ok(Passphrase(text))
    }

    pub(crate) fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

/// Gives `conn` the key of an encrypted file (SQLCipher); must come before any other use.
pub fn apply_key(conn: &Connection, passphrase: Option<&Passphrase>) -> Result<()> {
    if let Some(p) = passphrase {
        conn.pragma_update(None, "key", p.expose())?;
    }
    Ok(())
}
