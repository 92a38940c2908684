//! The error a caller of the core sees. Messages are written for a treasurer, in French by
//! default (`Display`) and in English on request (`Error::message`).

use crate::kernel::field::{Field, FieldName};
use crate::kernel::lang::Lang;
use std::path::PathBuf;

pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A value typed by a user or read from a file is not acceptable. `field` says which, by
    /// its key (a form's field) and the word the message shows.
    #[error("{field} : {fr}")]
    Invalid {
        field: FieldName,
        value: String,
        fr: String,
        en: String,
    },
    /// The thing asked for does not exist.
    #[error("{what_fr} introuvable : « {key} »")]
    NotFound {
        what_fr: &'static str,
        what_en: &'static str,
        key: String,
    },
    /// The change would break a rule of the data (duplicate, still referenced, closed period…);
    /// `field`: the form's field the refusal is about, if one is.
    #[error("{fr}")]
    Refused {
        fr: String,
        en: String,
        field: Option<Field>,
    },
    /// What the user edited changed since they read it (someone else saved it meanwhile):
    /// nothing was written; they reload and redo their change. A transport answers it as
    /// HTTP 409 with kind `conflict`.
    #[error("{fr}")]
    Conflict { fr: String, en: String },
    #[error("le fichier {0} n'existe pas (créez-le avec « panier init »)")]
    NoSuchFile(PathBuf),
    #[error("le fichier {0} existe déjà : Panier ne l'écrase pas")]
    AlreadyExists(PathBuf),
    #[error("le fichier {0} n'est pas une base Panier")]
    NotPanierFile(PathBuf),
    #[error("le fichier {path} est endommagé ({detail}) : il n'a pas été modifié")]
    Corrupt { path: PathBuf, detail: String },
    /// The full check found damage: the file takes no write until repaired.
    #[error("le fichier {path} est endommagé ({detail}) : il est ouvert en lecture seule, rien n'y a été écrit ; lancez « panier repair » pour le réparer, ou restaurez une sauvegarde vérifiée")]
    Damaged { path: PathBuf, detail: String },
    #[error("le fichier {path} a été écrit par une version plus récente de Panier (schéma {found}, cette version connaît jusqu'au {supported}) : mettez Panier à jour")]
    NewerVersion {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error(
        "le fichier {0} est utilisé par un autre programme Panier : réessayez quand il aura fini"
    )]
    Busy(PathBuf),
    #[error("le fichier {0} est chiffré (ou n'est pas une base Panier) : donnez sa phrase de passe (variable PANIER_PASSPHRASE, ou à l'invite)")]
    Encrypted(PathBuf),
    #[error("phrase de passe incorrecte pour {0} : le fichier n'a pas été modifié")]
    WrongPassphrase(PathBuf),
    #[error("erreur de la base de données : {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// A file that could not be read or written, with its path and why.
    #[error("{0}")]
    File(#[from] crate::kernel::files::FileError),
    #[error("erreur de fichier : {0}")]
    Io(#[from] std::io::Error),
    #[error("erreur JSON : {0}")]
    Json(#[from] serde_json::Error),
}

impl Error {
    /// `field`: a [`Field`] (shown by its label), or a word while no form has it.
    pub fn invalid(
        field: impl Into<FieldName>,
        value: impl Into<String>,
        fr: impl Into<String>,
        en: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            field: field.into(),
            value: value.into(),
            fr: fr.into(),
            en: en.into(),
        }
    }

    pub fn refused(fr: impl Into<String>, en: impl Into<String>) -> Self {
        Error::Refused {
            fr: fr.into(),
            en: en.into(),
            field: None,
        }
    }

    /// An edit refused because `what` (« ce membre », "this member") changed since the editor
    /// read it.
    pub fn conflict(what_fr: &str, what_en: &str) -> Self {
        Error::Conflict {
            fr: format!(
                "{} a été modifié par quelqu'un d'autre depuis que vous l'avez ouvert : rien n'a été enregistré ; rouvrez-le pour voir ses nouvelles valeurs, puis refaites votre modification",
                capitalised(what_fr)
            ),
            en: format!(
                "{} was changed by someone else since you opened it: nothing was saved; open it again to see its new values, then redo your change",
                capitalised(what_en)
            ),
        }
    }

    /// A refusal about one field of a form.
    pub fn refused_about(field: Field, fr: impl Into<String>, en: impl Into<String>) -> Self {
        Error::Refused {
            fr: fr.into(),
            en: en.into(),
            field: Some(field),
        }
    }

    /// The form's field this error is about: its key, else the field whose label the message
    /// names (for errors not keyed yet).
    pub fn field(&self) -> Option<Field> {
        match self {
            Error::Invalid { field, .. } => field.key().or_else(|| Field::labelled(field.as_str())),
            Error::Refused { field, .. } => *field,
            _ => None,
        }
    }

    /// The same error with its field shown by another word (a CLI names a field by its flag).
    pub fn with_field_label(self, label_of: impl Fn(Field) -> Option<&'static str>) -> Self {
        match self {
            Error::Invalid {
                field,
                value,
                fr,
                en,
            } => {
                let field = match field.key().and_then(&label_of) {
                    Some(label) => field.relabelled(label),
                    None => field,
                };
                Error::Invalid {
                    field,
                    value,
                    fr,
                    en,
                }
            }
            other => other,
        }
    }

    /// The same error with `from` (a temporary file's path) said as `to` (the name the user
    /// knows) in its sentences.
    pub fn renamed(mut self, from: &str, to: &str) -> Self {
        let sentences = match &mut self {
            Error::Invalid { value, fr, en, .. } => vec![value, fr, en],
            Error::Refused { fr, en, .. } => vec![fr, en],
            _ => Vec::new(),
        };
        for text in sentences {
            *text = text.replace(from, to);
        }
        self
    }

    pub fn not_found(what_fr: &'static str, what_en: &'static str, key: impl Into<String>) -> Self {
        Error::NotFound {
            what_fr,
            what_en,
            key: key.into(),
        }
    }

    /// The message in both languages.
    pub fn localised(&self) -> crate::kernel::lang::LocalisedText {
        crate::kernel::lang::LocalisedText {
            fr: self.message(Lang::Fr),
            en: self.message(Lang::En),
        }
    }

    /// The message in the user's language.
    pub fn message(&self, lang: Lang) -> String {
        if lang == Lang::Fr {
            return self.to_string();
        }
        match self {
            Error::Invalid { field, en, .. } => format!("{field}: {en}"),
            Error::NotFound { what_en, key, .. } => format!("{what_en} not found: “{key}”"),
            Error::Refused { en, .. } | Error::Conflict { en, .. } => en.clone(),
            Error::NoSuchFile(p) => {
                format!("the file {} does not exist (create it with “panier init”)", p.display())
            }
            Error::AlreadyExists(p) => {
                format!("the file {} already exists: Panier does not overwrite it", p.display())
            }
            Error::NotPanierFile(p) => format!("the file {} is not a Panier database", p.display()),
            Error::Corrupt { path, detail } => format!(
                "the file {} is damaged ({detail}): it was left untouched",
                path.display()
            ),
            Error::Damaged { path, detail } => format!(
                "the file {} is damaged ({detail}): it is open read-only and nothing was written; run “panier repair” to mend it, or restore a verified backup",
                path.display()
            ),
            Error::NewerVersion {
                path,
                found,
                supported,
            } => format!(
                "the file {} was written by a newer Panier (schema {found}, this version knows up to {supported}): update Panier",
                path.display()
            ),
            Error::Busy(p) => format!(
                "the file {} is in use by another Panier program: try again when it is done",
                p.display()
            ),
            Error::Encrypted(p) => format!(
                "the file {} is encrypted (or not a Panier database): give its passphrase (variable PANIER_PASSPHRASE, or at the prompt)",
                p.display()
            ),
            Error::WrongPassphrase(p) => format!(
                "wrong passphrase for {}: the file was left untouched",
                p.display()
            ),
            Error::Sqlite(e) => format!("database error: {e}"),
            Error::File(e) => e.message(lang),
            Error::Io(e) => format!("file error: {e}"),
            Error::Json(e) => format!("JSON error: {e}"),
        }
    }

    /// A stable machine-readable kind, for JSON output and the UI.
    pub fn kind(&self) -> &'static str {
        match self {
            Error::Invalid { .. } => "invalid",
            Error::NotFound { .. } => "not_found",
            Error::Refused { .. } => "refused",
            Error::Conflict { .. } => "conflict",
            Error::NoSuchFile(_) => "no_such_file",
            Error::AlreadyExists(_) => "already_exists",
            Error::NotPanierFile(_) => "not_panier_file",
            Error::Corrupt { .. } => "corrupt",
            Error::Damaged { .. } => "damaged",
            Error::NewerVersion { .. } => "newer_version",
            Error::Busy(_) => "busy",
            Error::Encrypted(_) => "encrypted",
            Error::WrongPassphrase(_) => "wrong_passphrase",
            Error::Sqlite(_) => "database",
            Error::File(_) => "file",
            Error::Io(_) => "io",
            Error::Json(_) => "json",
        }
    }
}

/// `text` with its first letter upper-cased (« ce membre » → « Ce membre »).
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
