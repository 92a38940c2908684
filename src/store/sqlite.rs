//! How Panier speaks to SQLite below everything else: the key of an encrypted file
//! (SQLCipher) and how long to wait for another program holding the file.

use crate::kernel::error::{Error, Result};
use rusqlite::Connection;
use std::time::Duration;

/// How long a writer waits for another program holding the file before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The least strength `zxcvbn` must give a new passphrase: 2 of 4, "somewhat guessable"
/// (about 10⁸ guesses): modest, since the file also sits behind the computer's own login,
/// yet enough to refuse eight spaces or one repeated character.
pub const MIN_STRENGTH: zxcvbn::Score = zxcvbn::Score::Two;

/// A file's passphrase. Its `Debug` shows nothing of it, so it never lands in a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl Passphrase {
    /// A passphrase to open a file with (any non-empty text).
    pub fn new(text: impl Into<String>) -> Self {
        Passphrase(text.into())
    }

    /// A passphrase to encrypt a file with: at least 8 characters, and not easy to guess
    /// (eight spaces, one repeated character, `password1`…): `zxcvbn`, the estimate password
    /// managers use, must rate it at least [`MIN_STRENGTH`].
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
        let strength = zxcvbn::zxcvbn(&text, &["panier", "chatons"]).score();
        if strength < MIN_STRENGTH {
            return Err(Error::invalid(
                "phrase de passe",
                "",
                "phrase de passe trop facile à deviner (caractères répétés, mot courant, suite de touches…) : choisissez quatre ou cinq mots sans rapport entre eux, par exemple « girafe lundi cerceau orage »",
                "passphrase too easy to guess (repeated characters, a common word, a keyboard run…): choose four or five unrelated words, e.g. “giraffe monday hoop storm”",
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
