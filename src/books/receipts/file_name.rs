//! The name a receipt's PDF is suggested or written under.

use super::{Receipt, ReceiptKind};

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
