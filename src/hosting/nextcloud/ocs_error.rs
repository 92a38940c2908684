//! Why an OCS call failed, in the operator's words (French and English). The codes are
//! read per call in [`super::ocs`]: the same number means different things on different
//! endpoints and versions.

use crate::kernel::lang::Lang;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OcsError {
    /// the server could not be reached
    Network { detail: String },
    /// no answer in time
    Timeout,
    /// 997: the admin login or app password was refused
    Unauthorised,
    /// 101, 998 or 404 on a read (997 on an edit, once the login is known good): no such
    /// user on the server
    UnknownUser,
    /// 102 on a create: the user is already there
    UserExists,
    /// 429: the server throttles the admin's edits; try again after `retry_after_secs`
    Throttled { retry_after_secs: Option<u64> },
    /// 102: invalid quota, above the server's maximum, or unlimited refused
    InvalidQuota { message: String },
    /// 113: the admin may not do this
    NotAllowed { message: String },
    /// another OCS status code
    Failure { code: i64, message: String },
    /// an HTTP error without an OCS answer
    Http { status: u16 },
    /// an answer Panier cannot read
    BadAnswer { detail: String },
}

impl OcsError {
    /// The OCS status code, when there is one.
    pub fn code(&self) -> Option<i64> {
        match self {
            OcsError::Unauthorised => Some(997),
            OcsError::UnknownUser => Some(101),
            OcsError::UserExists => Some(102),
            OcsError::Throttled { .. } => Some(429),
            OcsError::InvalidQuota { .. } => Some(102),
            OcsError::NotAllowed { .. } => Some(113),
            OcsError::Failure { code, .. } => Some(*code),
            _ => None,
        }
    }

    pub fn message(&self, lang: Lang) -> String {
        let extra = |m: &str| {
            if m.trim().is_empty() {
                String::new()
            } else {
                format!(" : {}", m.trim())
            }
        };
        match (self, lang) {
            (OcsError::Network { detail }, Lang::Fr) => format!("serveur injoignable ({detail})"),
            (OcsError::Network { detail }, Lang::En) => format!("server unreachable ({detail})"),
            (OcsError::Timeout, Lang::Fr) => "pas de réponse du serveur à temps (délai dépassé)".into(),
            (OcsError::Timeout, Lang::En) => "no answer from the server in time (timed out)".into(),
            (OcsError::Unauthorised, Lang::Fr) => {
                "accès refusé (997) : vérifiez l'identifiant administrateur et le mot de passe d'application".into()
            }
            (OcsError::Unauthorised, Lang::En) => {
                "access refused (997): check the admin login and the app password".into()
            }
            (OcsError::UnknownUser, Lang::Fr) => "utilisateur inconnu de Nextcloud (101)".into(),
            (OcsError::UnknownUser, Lang::En) => "user unknown to Nextcloud (101)".into(),
            (OcsError::UserExists, Lang::Fr) => {
                "l'utilisateur existe déjà sur Nextcloud (102)".into()
            }
            (OcsError::UserExists, Lang::En) => "the user already exists on Nextcloud (102)".into(),
            (OcsError::Throttled { retry_after_secs }, Lang::Fr) => format!(
                "en attente : le serveur limite le rythme des modifications (429){} ; relancez panier nextcloud apply plus tard, il reprendra là où il s'est arrêté",
                retry_after_secs.map(|s| format!(", réessayer dans {s} s")).unwrap_or_default()
            ),
            (OcsError::Throttled { retry_after_secs }, Lang::En) => format!(
                "waiting: the server limits the pace of changes (429){}; run panier nextcloud apply again later, it resumes where it stopped",
                retry_after_secs.map(|s| format!(", retry in {s} s")).unwrap_or_default()
            ),
            (OcsError::InvalidQuota { message }, Lang::Fr) => format!(
                "quota refusé (102 : invalide, au-delà du maximum du serveur ou illimité interdit){}",
                extra(message)
            ),
            (OcsError::InvalidQuota { message }, Lang::En) => format!(
                "quota refused (102: invalid, above the server's maximum, or unlimited forbidden){}",
                extra(message)
            ),
            (OcsError::NotAllowed { message }, Lang::Fr) => {
                format!("opération non autorisée (113){}", extra(message))
            }
            (OcsError::NotAllowed { message }, Lang::En) => {
                format!("operation not allowed (113){}", extra(message))
            }
            (OcsError::Failure { code, message }, Lang::Fr) => {
                format!("erreur OCS {code}{}", extra(message))
            }
            (OcsError::Failure { code, message }, Lang::En) => {
                format!("OCS error {code}{}", extra(message))
            }
            (OcsError::Http { status }, Lang::Fr) => format!("erreur HTTP {status}"),
            (OcsError::Http { status }, Lang::En) => format!("HTTP error {status}"),
            (OcsError::BadAnswer { detail }, Lang::Fr) => format!("réponse illisible ({detail})"),
            (OcsError::BadAnswer { detail }, Lang::En) => format!("unreadable answer ({detail})"),
        }
    }
}

impl fmt::Display for OcsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message(Lang::Fr))
    }
}
