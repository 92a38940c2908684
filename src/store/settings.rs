//! The association's identity and preferences, kept as validated key/value settings.

use crate::kernel::error::{Error, Result};
use crate::kernel::field::{Field, FieldName};
use crate::kernel::text::{check_email, check_text, check_web_url, TextKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// What a setting's value must look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    YesNo,
    /// `MM-DD`, the first day of the financial year
    MonthDay,
    /// a whole number of days ≥ 0
    Days,
    Lang,
    Siren,
    Rna,
    Currency,
    LegalForm,
    /// one of a fixed list of words (ChatonsInfos vocabularies), stored as listed
    OneOf(&'static [&'static str]),
    /// a two-letter ISO 3166 country code, or empty
    CountryCode,
    /// a day (`YYYY-MM-DD` or `JJ/MM/AAAA`), or empty
    Date,
    /// a whole number from 1 to 100
    Count,
    /// a web address, `http(s)://` only (it becomes a link in public pages), or empty
    Url,
    /// an email address, or empty
    Email,
    /// an amount of money (`12.50`), stored as written by `money::plain`
    Amount,
}

/// How the books count income: when it is received (`cash`), or in the year of the period
/// it pays for (`accrual`: a fee paid in December for next year is deferred, account 487).
pub const ACCOUNTING_BASES: &[&str] = &["cash", "accrual"];

/// ChatonsInfos `host.provider.type`: at home, in a rented bay, a rented server, or
/// outsourced entirely.
pub const HOST_PROVIDER_TYPES: &[&str] = &["HOME", "HOSTEDBAY", "HOSTEDSERVER", "OUTSOURCED"];
/// ChatonsInfos `host.server.type`.
pub const HOST_SERVER_TYPES: &[&str] = &["NANO", "PHYSICAL", "VIRTUAL", "SHARED", "CLOUD"];
/// ChatonsInfos `service.registration`: who may open an account.
pub const REGISTRATIONS: &[&str] = &["None", "Free", "Member", "Client"];
/// ChatonsInfos `organization.status.level` and `organization.memberof.chatons.status.level`:
/// active, paused, or gone.
pub const STATUS_LEVELS: &[&str] = &["ACTIVE", "IDLE", "AWAY"];
/// ChatonsInfos `service.status.level`: how the services are running.
pub const SERVICE_STATUS_LEVELS: &[&str] = &["OK", "WARNING", "ALERT", "ERROR", "OVER", "VOID"];
/// ChatonsInfos `service.registration.load`: whether new accounts are welcome.
pub const REGISTRATION_LOADS: &[&str] = &["OPEN", "FULL"];

/// One known setting: its key, what it holds, its default, and a short description.
pub struct Key {
    pub key: &'static str,
    pub kind: Kind,
    pub default: &'static str,
    pub fr: &'static str,
    pub en: &'static str,
}

const fn key(
    key: &'static str,
    kind: Kind,
    default: &'static str,
    fr: &'static str,
    en: &'static str,
) -> Key {
    Key {
        key,
        kind,
        default,
        fr,
        en,
    }
}

/// Every setting Panier knows. `settings set` refuses any other key.
pub const KEYS: &[Key] = &[
    key(
        "name",
        Kind::Text,
        "",
        "Nom de l'association",
        "Association's name",
    ),
    key(
        "legal_form",
        Kind::LegalForm,
        "association",
        "Forme juridique",
        "Legal form",
    ),
    key("siren", Kind::Siren, "", "Numéro SIREN", "SIREN number"),
    key("rna", Kind::Rna, "", "Numéro RNA (W…)", "RNA number (W…)"),
    key(
        "address",
        Kind::Text,
        "",
        "Adresse du siège",
        "Registered address",
    ),
    key(
        "purpose",
        Kind::Text,
        "",
        "Objet de l'association",
        "The association's purpose",
    ),
    key("website", Kind::Url, "", "Site web", "Website"),
    key(
        "contact_email",
        Kind::Email,
        "",
        "Courriel de contact",
        "Contact email",
    ),
    key(
        "tax_receipts",
        Kind::YesNo,
        "no",
        "Peut délivrer des reçus fiscaux (art. 200 CGI)",
        "May issue tax receipts (art. 200 CGI)",
    ),
    key(
        "fiscal_year_start",
        Kind::MonthDay,
        "01-01",
        "Premier jour de l'exercice (MM-JJ)",
        "First day of the financial year (MM-DD)",
    ),
    key("currency", Kind::Currency, "EUR", "Devise", "Currency"),
    key(
        "grace_days",
        Kind::Days,
        "30",
        "Délai de grâce après la fin d'une adhésion (en jours)",
        "Grace days after a membership ends",
    ),
    key(
        "operator",
        Kind::Text,
        "",
        "Nom de la personne qui opère (journal)",
        "Operator's name (audit log)",
    ),
    key("lang", Kind::Lang, "fr", "Langue", "Language"),
    // The dashboard's "Getting started" panel: shown on a new file until its three steps are
    // done or someone hides it ("no"); kept in the file so every window of it agrees.
    key(
        "getting_started",
        Kind::YesNo,
        "yes",
        "Afficher « Premiers pas » sur le tableau de bord",
        "Show “Getting started” on the dashboard",
    ),
    key(
        "signer_name",
        Kind::Text,
        "",
        "Signataire des reçus",
        "Receipt signer",
    ),
    key(
        "signer_title",
        Kind::Text,
        "responsable de la trésorerie",
        "Qualité du signataire",
        "Signer's title",
    ),
    key(
        "receipt_body_kind",
        Kind::Text,
        "Œuvre ou organisme d'intérêt général",
        "Qualité de l'organisme sur les reçus fiscaux",
        "Kind of body printed on tax receipts",
    ),
    key(
        "economic_model",
        Kind::Text,
        "",
        "Texte du modèle économique",
        "Economic-model text",
    ),
    key(
        "infrastructure",
        Kind::Text,
        "",
        "Où sont les serveurs, chez quel hébergeur",
        "Where the servers are, and which provider",
    ),
    key(
        "backups",
        Kind::Text,
        "",
        "Sauvegardes : où, à quelle fréquence",
        "Backups: where, how often",
    ),
    key(
        "backup_dir",
        Kind::Text,
        "",
        "Dossier des sauvegardes automatiques (vide : « backups » à côté du fichier ; un chemin relatif part du dossier du fichier)",
        "Folder of the automatic backups (empty: “backups” beside the file; a relative path starts from the file's folder)",
    ),
    key(
        "terms_url",
        Kind::Url,
        "",
        "Conditions générales d'utilisation (URL)",
        "Terms of use (URL)",
    ),
    key(
        "privacy_url",
        Kind::Url,
        "",
        "Politique de confidentialité (URL)",
        "Privacy policy (URL)",
    ),
    key(
        "log_retention",
        Kind::Text,
        "",
        "Durée de conservation des journaux",
        "Log retention period",
    ),
    key(
        "legal_url",
        Kind::Url,
        "",
        "Mentions légales (URL)",
        "Legal notice (URL)",
    ),
    key(
        "logo_url",
        Kind::Url,
        "",
        "Logo de l'association (URL, pour ChatonsInfos)",
        "The association's logo (URL, for ChatonsInfos)",
    ),
    key(
        "funding_url",
        Kind::Url,
        "",
        "Page de dons ou d'adhésion (URL)",
        "Donation or membership page (URL)",
    ),
    key(
        "founded_on",
        Kind::Date,
        "",
        "Date de création de l'association",
        "The association's founding date",
    ),
    key(
        "chatons_since",
        Kind::Date,
        "",
        "Membre du collectif CHATONS depuis",
        "Member of the CHATONS collective since",
    ),
    key(
        "country_code",
        Kind::CountryCode,
        "FR",
        "Pays de l'association (code ISO, ex. FR)",
        "The association's country (ISO code, e.g. FR)",
    ),
    key(
        "host_provider_name",
        Kind::Text,
        "",
        "Qui fournit les serveurs (hébergeur)",
        "Who provides the servers (hosting provider)",
    ),
    key(
        "host_provider_type",
        Kind::OneOf(HOST_PROVIDER_TYPES),
        "HOSTEDSERVER",
        "Type d'hébergement (HOME, HOSTEDBAY, HOSTEDSERVER, OUTSOURCED)",
        "Hosting type (HOME, HOSTEDBAY, HOSTEDSERVER, OUTSOURCED)",
    ),
    key(
        "host_server_type",
        Kind::OneOf(HOST_SERVER_TYPES),
        "PHYSICAL",
        "Type de serveur (NANO, PHYSICAL, VIRTUAL, SHARED, CLOUD)",
        "Server type (NANO, PHYSICAL, VIRTUAL, SHARED, CLOUD)",
    ),
    key(
        "host_country_code",
        Kind::CountryCode,
        "FR",
        "Pays des serveurs (code ISO, ex. FR)",
        "Country of the servers (ISO code, e.g. FR)",
    ),
    key(
        "registration",
        Kind::OneOf(REGISTRATIONS),
        "Member",
        "Qui peut ouvrir un compte (None, Free, Member, Client)",
        "Who may open an account (None, Free, Member, Client)",
    ),
    key(
        "report_threshold",
        Kind::Count,
        "3",
        "Seuil des rapports publics : un effectif plus petit s'affiche « moins de N »",
        "Public reports' threshold: a smaller count is shown as “fewer than N”",
    ),
    key(
        "status_level",
        Kind::OneOf(STATUS_LEVELS),
        "ACTIVE",
        "Activité de l'association (ChatonsInfos : ACTIVE, IDLE, AWAY)",
        "The association's activity (ChatonsInfos: ACTIVE, IDLE, AWAY)",
    ),
    key(
        "chatons_status",
        Kind::OneOf(STATUS_LEVELS),
        "ACTIVE",
        "Statut dans le collectif CHATONS (ACTIVE, IDLE, AWAY)",
        "Status in the CHATONS collective (ACTIVE, IDLE, AWAY)",
    ),
    key(
        "service_status",
        Kind::OneOf(SERVICE_STATUS_LEVELS),
        "OK",
        "État des services (ChatonsInfos : OK, WARNING, ALERT, ERROR, OVER, VOID)",
        "The services' state (ChatonsInfos: OK, WARNING, ALERT, ERROR, OVER, VOID)",
    ),
    key(
        "registration_load",
        Kind::OneOf(REGISTRATION_LOADS),
        "OPEN",
        "Nouveaux comptes acceptés (OPEN) ou service complet (FULL)",
        "New accounts welcome (OPEN) or the service is full (FULL)",
    ),
    key(
        "accounting_basis",
        Kind::OneOf(ACCOUNTING_BASES),
        "cash",
        "Comptabilité de trésorerie (cash) ou d'engagement (accrual)",
        "Cash or accrual basis of the books",
    ),
    key(
        "volunteer_hour_value",
        Kind::Amount,
        "0",
        "Valeur d'une heure de bénévolat (contributions volontaires, en euros)",
        "Value of one hour of volunteer time (voluntary contributions, in euros)",
    ),
];

pub fn find_key(name: &str) -> Option<&'static Key> {
    KEYS.iter().find(|k| k.key == name)
}

/// The form field a setting is, where a form other than Settings asks for it (the first-run
/// form asks for the association's details).
pub fn form_field(key: &str) -> Option<Field> {
    match key {
        "name" => Some(Field::Name),
        "address" => Some(Field::Address),
        "rna" => Some(Field::Rna),
        "siren" => Some(Field::Siren),
        "fiscal_year_start" => Some(Field::FiscalYearStart),
        "tax_receipts" => Some(Field::TaxReceipts),
        _ => None,
    }
}

/// How a setting's errors name it: by its key, as the CLI and the Settings screen know it,
/// keyed by its form field where it has one.
fn field_name(k: &Key) -> FieldName {
    match form_field(k.key) {
        Some(field) => FieldName::keyed(field, k.key),
        None => FieldName::from(k.key),
    }
}

/// The association as the rest of the core reads it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Organisation {
    pub name: String,
    pub legal_form: String,
    pub siren: String,
    pub rna: String,
    pub address: String,
    pub purpose: String,
    pub website: String,
    pub contact_email: String,
    pub tax_receipts: bool,
    /// (month, day) of the first day of the financial year
    pub fiscal_year_start: (u32, u32),
    pub currency: String,
    pub grace_days: i64,
    pub lang: crate::Lang,
}

/// Writes the defaults and the name of a new association (inside its creating transaction).
pub(crate) fn initialise(conn: &Connection, name: &str) -> Result<()> {
    let mut stmt = conn.prepare("INSERT INTO settings (key, value) VALUES (?1, ?2)")?;
    for k in KEYS {
        let value = if k.key == "name" { name } else { k.default };
        stmt.execute(params![k.key, value])?;
    }
    Ok(())
}

/// Every setting with its value (the default when it was never written).
pub fn all(conn: &Connection) -> Result<BTreeMap<String, String>> {
    let mut map: BTreeMap<String, String> = KEYS
        .iter()
        .map(|k| (k.key.to_string(), k.default.to_string()))
        .collect();
    let mut stmt = conn.prepare_cached("SELECT key, value FROM settings")?;
    let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)))?;
    for row in rows {
        let (k, v) = row?;
        map.insert(k, v);
    }
    Ok(map)
}

pub fn get(conn: &Connection, name: &str) -> Result<String> {
    let stored: Option<String> = conn
        .query_row("SELECT value FROM settings WHERE key = ?1", [name], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(stored.unwrap_or_else(|| find_key(name).map(|k| k.default).unwrap_or("").to_string()))
}

pub fn organisation(db: &Database) -> Result<Organisation> {
    organisation_of(db.conn())
}

pub fn organisation_of(conn: &Connection) -> Result<Organisation> {
    let s = all(conn)?;
    let get = |k: &str| s.get(k).cloned().unwrap_or_default();
    let (month, day) = parse_month_day(&get("fiscal_year_start")).unwrap_or((1, 1));
    Ok(Organisation {
        name: get("name"),
        legal_form: get("legal_form"),
        siren: get("siren"),
        rna: get("rna"),
        address: get("address"),
        purpose: get("purpose"),
        website: get("website"),
        contact_email: get("contact_email"),
        tax_receipts: get("tax_receipts") == "yes",
        fiscal_year_start: (month, day),
        currency: get("currency"),
        grace_days: get("grace_days").parse().unwrap_or(30),
        lang: get("lang").parse().unwrap_or_default(),
    })
}

/// Changes one setting after checking its value; returns the value as stored.
pub fn set(db: &mut Database, name: &str, value: &str) -> Result<String> {
    let Some(k) = find_key(name) else {
        let known: Vec<&str> = KEYS.iter().map(|k| k.key).collect();
        return Err(Error::invalid(
            "réglage",
            name,
            format!(
                "réglage inconnu « {name} » ; réglages possibles : {}",
                known.join(", ")
            ),
            format!(
                "unknown setting “{name}”; known settings: {}",
                known.join(", ")
            ),
        ));
    };
    let value = normalise(k, value)?;
    let before = get(db.conn(), name)?;
    let stored = value.clone();
    db.write(|tx| {
        tx.execute(
            "INSERT INTO settings (key, value) VALUES (?1, ?2)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            params![name, value],
        )?;
        let change = Change::new("set", "setting", None)
            .before(&serde_json::json!({ name: before }))
            .after(&serde_json::json!({ name: value }));
        Ok(((), change))
    })?;
    if name == "operator" {
        db.set_operator(&stored);
    }
    Ok(stored)
}

fn normalise(k: &Key, raw: &str) -> Result<String> {
    let value = raw.trim();
    let field = field_name(k);
    let bad = |fr: String, en: String| Err(Error::invalid(&field, raw, fr, en));
    match k.kind {
        Kind::Text => {
            if k.key == "name" && value.is_empty() {
                return bad(
                    "le nom de l'association est obligatoire".into(),
                    "the association's name is required".into(),
                );
            }
            let kind = if k.key == "name" {
                TextKind::Name
            } else {
                TextKind::Note
            };
            check_text(&field, value, kind)?;
            Ok(value.to_string())
        }
        Kind::Url if value.is_empty() => Ok(String::new()),
        Kind::Url => check_web_url(&field, value),
        Kind::Email if value.is_empty() => Ok(String::new()),
        Kind::Email => check_email(&field, value),
        Kind::YesNo => match value.to_ascii_lowercase().as_str() {
            "yes" | "oui" | "true" | "1" => Ok("yes".into()),
            "no" | "non" | "false" | "0" => Ok("no".into()),
            _ => bad(
                format!("« {raw} » : répondez yes ou no"),
                format!("“{raw}”: answer yes or no"),
            ),
        },
        Kind::MonthDay => match parse_month_day(value) {
            Some((m, d)) => Ok(format!("{m:02}-{d:02}")),
            None => bad(
                format!("« {raw} » n'est pas un jour de l'année au format MM-JJ (ex. 09-01)"),
                format!("“{raw}” is not a day of the year as MM-DD (e.g. 09-01)"),
            ),
        },
        Kind::Days => match value.parse::<u32>() {
            Ok(n) if n <= 366 => Ok(n.to_string()),
            _ => bad(
                format!("« {raw} » : un nombre de jours entre 0 et 366"),
                format!("“{raw}”: a number of days from 0 to 366"),
            ),
        },
        Kind::Lang => value
            .parse::<crate::Lang>()
            .map(|l| l.code().to_string())
            .or_else(|_| {
                bad(
                    format!("« {raw} » : fr ou en"),
                    format!("“{raw}”: fr or en"),
                )
            }),
        Kind::Siren => {
            let digits: String = value.chars().filter(|c| !c.is_whitespace()).collect();
            if digits.is_empty() || (digits.len() == 9 && luhn_ok(&digits)) {
                Ok(digits)
            } else {
                bad(
                    format!("« {raw} » n'est pas un numéro SIREN valide (9 chiffres, clé de Luhn)"),
                    format!("“{raw}” is not a valid SIREN (9 digits, Luhn key)"),
                )
            }
        }
        Kind::Rna => {
            let upper = value.to_ascii_uppercase();
            let ok = upper.is_empty()
                || (upper.len() == 10
                    && upper.starts_with('W')
                    && upper[1..].chars().all(|c| c.is_ascii_alphanumeric()));
            if ok {
                Ok(upper)
            } else {
                bad(
                    format!("« {raw} » n'est pas un numéro RNA (W suivi de 9 caractères)"),
                    format!("“{raw}” is not an RNA number (W and 9 characters)"),
                )
            }
        }
        Kind::Currency => {
            if value.eq_ignore_ascii_case("EUR") {
                Ok("EUR".into())
            } else {
                bad(
                    "seul l'euro (EUR) est géré pour l'instant".into(),
                    "only the euro (EUR) is supported for now".into(),
                )
            }
        }
        Kind::LegalForm => match value {
            "association" | "collectif" | "cooperative" | "entreprise" | "particulier" => {
                Ok(value.into())
            }
            _ => bad(
                format!(
                    "« {raw} » : association, collectif, cooperative, entreprise ou particulier"
                ),
                format!("“{raw}”: association, collectif, cooperative, entreprise or particulier"),
            ),
        },
        Kind::OneOf(words) => match words.iter().find(|w| w.eq_ignore_ascii_case(value)) {
            Some(w) => Ok(w.to_string()),
            None => bad(
                format!("« {raw} » : {}", words.join(", ")),
                format!("“{raw}”: {}", words.join(", ")),
            ),
        },
        Kind::CountryCode => {
            let upper = value.to_ascii_uppercase();
            if upper.is_empty()
                || (upper.len() == 2 && upper.chars().all(|c| c.is_ascii_uppercase()))
            {
                Ok(upper)
            } else {
                bad(
                    format!("« {raw} » n'est pas un code de pays à deux lettres (ex. FR)"),
                    format!("“{raw}” is not a two-letter country code (e.g. FR)"),
                )
            }
        }
        Kind::Date => {
            if value.is_empty() {
                Ok(String::new())
            } else {
                Ok(crate::kernel::dates::parse_date(&field, value)?.to_string())
            }
        }
        Kind::Count => match value.parse::<u32>() {
            Ok(n @ 1..=100) => Ok(n.to_string()),
            _ => bad(
                format!("« {raw} » : un nombre entier de 1 à 100"),
                format!("“{raw}”: a whole number from 1 to 100"),
            ),
        },
        Kind::Amount => {
            let amount = crate::kernel::money::parse_amount(&field, value)?;
            Ok(crate::kernel::money::plain(crate::kernel::money::to_cents(
                &field, amount,
            )?))
        }
    }
}

pub fn parse_month_day(text: &str) -> Option<(u32, u32)> {
    let (m, d) = text.trim().split_once('-')?;
    let (m, d): (u32, u32) = (m.parse().ok()?, d.parse().ok()?);
    // 2024 is a leap year, so 02-29 is a real (if unwise) start
    chrono::NaiveDate::from_ymd_opt(2024, m, d).map(|_| (m, d))
}

fn luhn_ok(digits: &str) -> bool {
    let sum: u32 = digits
        .chars()
        .rev()
        .enumerate()
        .map(|(i, c)| {
            let d = c.to_digit(10).unwrap_or(100);
            if i % 2 == 1 {
                let dd = d * 2;
                if dd > 9 {
                    dd - 9
                } else {
                    dd
                }
            } else {
                d
            }
        })
        .sum();
    digits.chars().all(|c| c.is_ascii_digit()) && sum.is_multiple_of(10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn siren_needs_its_luhn_key() {
        assert!(luhn_ok("732829320"));
        assert!(!luhn_ok("732829321"));
    }

    #[test]
    fn month_day_is_checked() {
        assert_eq!(parse_month_day("09-01"), Some((9, 1)));
        assert_eq!(parse_month_day("02-30"), None);
        assert_eq!(parse_month_day("13-01"), None);
    }
}
