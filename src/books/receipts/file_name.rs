//! The name a receipt's PDF is suggested or written under, and the checks of where it goes.

use super::{Receipt, ReceiptKind};
use crate::kernel::error::{Error, Result};
use crate::store::output::{self, Replace};
use crate::Lang;
use rusqlite::Connection;
use std::path::{Path, PathBuf};

/// The file name a receipt is written under in a folder: `recu-fiscal-2026-0007-dupont.pdf`.
pub fn file_name(r: &Receipt) -> String {
    let who: String = crate::kernel::search::fold(&r.member_name)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let what = match (r.kind, r.summary) {
        (ReceiptKind::Attestation, _) => "attestation",
        (ReceiptKind::Tax, false) => "recu-fiscal",
        (ReceiptKind::Tax, true) => "recu-fiscal-annuel",
    };
    format!("{what}-{}-{who}.pdf", r.reference)
}

/// Writes the PDF next to its final place and renames it there, so a failed write leaves
/// neither a half file nor (the caller's transaction rolling back) a used number.
pub(super) fn save_pdf(conn: &Connection, path: &Path, pdf: &[u8], replace: Replace) -> Result<()> {
    output::write(Some(conn), path, pdf, replace)
        .map(|_| ())
        .map_err(as_unwritable)
}

/// Whether a receipt may be written at `path` (not onto the open file, its backups, another
/// database, a folder or a file the user did not agree to replace): what a transport asks
/// before printing one, so that a refused path uses no number.
pub fn check_destination(conn: &Connection, path: &Path, replace: Replace) -> Result<PathBuf> {
    output::check_destination(Some(conn), path, replace).map_err(as_unwritable)
}

fn as_unwritable(error: Error) -> Error {
    match error {
        Error::File(file) => {
            unwritable(&file.path, &file.message(Lang::Fr), &file.message(Lang::En))
        }
        other => other,
    }
}

/// A receipt that could not be written to `path` (why, in French and English): nothing is
/// numbered.
pub fn unwritable(path: &Path, why_fr: &str, why_en: &str) -> Error {
    Error::refused(
        format!(
            "le reçu n'a pas pu être écrit dans {} ({why_fr}) : aucun numéro n'a été pris",
            path.display()
        ),
        format!(
            "the receipt could not be written to {} ({why_en}): no number was used",
            path.display()
        ),
    )
}
