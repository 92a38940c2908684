//! What a tax receipt must show before it may be issued (Cerfa n° 11580*04): the
//! beneficiary's name, address, purpose and quality, the signer's name and title, the
//! donor's name and full address. Checked before a number is taken, so a refused receipt
//! leaves no gap; every missing mention is named in one message, so the treasurer fixes them
//! all at once rather than one refusal at a time.

use crate::kernel::error::{Error, Result};
use crate::people::members::Member;
use crate::store::settings::Organisation;
use rusqlite::Connection;

/// Refused while the association may not issue tax receipts at all.
pub(super) fn check_tax_allowed(org: &Organisation) -> Result<()> {
    if !org.tax_receipts {
        return Err(Error::refused(
            "l'association n'est pas habilitée à délivrer des reçus fiscaux (réglage « tax_receipts » à « no ») : aucun reçu fiscal n'est émis",
            "the association may not issue tax receipts (setting “tax_receipts” is “no”): no tax receipt issued",
        ));
    }
    Ok(())
}

/// One mention that cannot be printed: (French, English).
type Missing = (String, String);

/// The association's mentions still empty, each with the setting to fill in.
fn missing_settings(conn: &Connection, org: &Organisation) -> Result<Vec<Missing>> {
    let setting = |key: &str| crate::store::settings::get(conn, key);
    let values = [
        (
            "name",
            org.name.clone(),
            "le nom de l'association",
            "the association's name",
        ),
        (
            "address",
            org.address.clone(),
            "l'adresse de l'association",
            "the association's address",
        ),
        (
            "purpose",
            org.purpose.clone(),
            "l'objet de l'association",
            "the association's purpose",
        ),
        (
            "receipt_body_kind",
            setting("receipt_body_kind")?,
            "la qualité de l'organisme",
            "the kind of body",
        ),
        (
            "signer_name",
            setting("signer_name")?,
            "le nom du signataire",
            "the signer's name",
        ),
        (
            "signer_title",
            setting("signer_title")?,
            "la qualité du signataire",
            "the signer's title",
        ),
    ];
    Ok(values
        .into_iter()
        .filter(|(_, value, _, _)| value.trim().is_empty())
        .map(|(key, _, fr, en)| {
            (
                format!("{fr} (réglage « {key} »)"),
                format!("{en} (setting “{key}”)"),
            )
        })
        .collect())
}

/// The donor's name and the parts of their postal address still empty.
fn missing_of_donor(m: &Member) -> Option<Missing> {
    let parts: Vec<(&str, &str)> = [
        (m.display_name(), "nom", "name"),
        (m.street.clone(), "rue", "street"),
        (m.postal_code.clone(), "code postal", "postal code"),
        (m.city.clone(), "ville", "city"),
    ]
    .iter()
    .filter(|(value, _, _)| value.trim().is_empty())
    .map(|(_, fr, en)| (*fr, *en))
    .collect();
    if parts.is_empty() {
        return None;
    }
    let fr: Vec<&str> = parts.iter().map(|(fr, _)| *fr).collect();
    let en: Vec<&str> = parts.iter().map(|(_, en)| *en).collect();
    let name = m.display_name();
    let (who_fr, who_en) = match name.trim() {
        "" => (format!("membre {}", m.id), format!("member {}", m.id)),
        name => (
            format!("{name} (membre {})", m.id),
            format!("{name} (member {})", m.id),
        ),
    };
    Some((
        format!(
            "le nom et l'adresse complète du donateur {who_fr} : {}",
            fr.join(", ")
        ),
        format!(
            "the donor's name and full address, {who_en}: {}",
            en.join(", ")
        ),
    ))
}

/// Refuses, naming every missing mention at once, unless a tax receipt to each of `donors`
/// can show everything the Cerfa asks for. With no donor, checks the association's side only
/// (a reprint shows the donor as first printed).
pub(super) fn check_mentions(
    conn: &Connection,
    org: &Organisation,
    donors: &[&Member],
) -> Result<()> {
    let mut missing = missing_settings(conn, org)?;
    missing.extend(donors.iter().filter_map(|m| missing_of_donor(m)));
    if missing.is_empty() {
        return Ok(());
    }
    let fr: Vec<&str> = missing.iter().map(|(fr, _)| fr.as_str()).collect();
    let en: Vec<&str> = missing.iter().map(|(_, en)| en.as_str()).collect();
    Err(Error::refused(
        format!(
            "un reçu fiscal porte toutes les mentions obligatoires ; il manque : {} — aucun reçu n'a été émis",
            fr.join(" ; ")
        ),
        format!(
            "a tax receipt shows every mandatory mention; missing: {} — no receipt issued",
            en.join("; ")
        ),
    ))
}
