//! The fields of the forms, as typed keys: an `Invalid` or `Refused` error names the field it
//! is about with one, and every transport places it (the desktop next to the form's input,
//! the CLI on its flag) without mapping words back. The UI gets the same names (ts-rs,
//! `ui/src/generated/Field.ts`).

use serde::{Deserialize, Serialize};
use std::fmt;
use ts_rs::TS;

/// A field of a form. Its serialized name is the form's name for it (`amount`, `startsOn`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Field {
    // members
    LastName,
    OrgName,
    Email,
    Phone,
    JoinedOn,
    // data requests
    ReceivedOn,
    IdentityCheck,
    Months,
    ToldOn,
    // money
    Member,
    Plan,
    From,
    Amount,
    Gift,
    Date,
    StartsOn,
    EndsOn,
    Label,
    Reason,
    Category,
    Method,
    // reminders
    Subject,
    Body,
    // plans
    Name,
    Kind,
    Min,
    Counterpart,
    Quota,
    Period,
    // service accounts, quota, Nextcloud
    Service,
    Login,
    Size,
    Until,
    Url,
    AdminUser,
    Password,
    // the association's details (first run; each is also a setting)
    Address,
    Rna,
    Siren,
    FiscalYearStart,
    TaxReceipts,
    // HelloAsso's API client (its address is `Url`)
    Organization,
    ClientId,
    ClientSecret,
}

impl Field {
    /// Every field, area by area (members, requests, money, plans, accounts, settings…).
    pub const ALL: [Field; 44] = [
        Field::LastName,
        Field::OrgName,
        Field::Email,
        Field::Phone,
        Field::JoinedOn,
        Field::ReceivedOn,
        Field::IdentityCheck,
        Field::Months,
        Field::ToldOn,
        Field::Member,
        Field::Plan,
        Field::From,
        Field::Amount,
        Field::Gift,
        Field::Date,
        Field::StartsOn,
        Field::EndsOn,
        Field::Label,
        Field::Reason,
        Field::Category,
        Field::Method,
        Field::Subject,
        Field::Body,
        Field::Name,
        Field::Kind,
        Field::Min,
        Field::Counterpart,
        Field::Quota,
        Field::Period,
        Field::Service,
        Field::Login,
        Field::Size,
        Field::Until,
        Field::Url,
        Field::AdminUser,
        Field::Password,
        Field::Address,
        Field::Rna,
        Field::Siren,
        Field::FiscalYearStart,
        Field::TaxReceipts,
        Field::Organization,
        Field::ClientId,
        Field::ClientSecret,
    ];

    /// The fields of the money forms (payments, donations, expenses, reversals, recurring
    /// expenses, reminders, receipts): the run of `ALL` from `Amount` to `Body`.
    pub const MONEY: &'static [Field] = Self::ALL.split_at(12).1.split_at(11).0;

    /// The word messages name it by (French, as the core has always written it: the CLI and
    /// the logs show `montant : …`).
    pub fn label(self) -> &'static str {
        match self {
            Field::LastName => "nom de famille",
            Field::OrgName => "nom de l'organisation",
            Field::Email => "email",
            Field::Phone => "téléphone",
            Field::JoinedOn => "adhésion",
            Field::ReceivedOn => "reçue le",
            Field::IdentityCheck => "identité",
            Field::Months => "mois",
            Field::ToldOn => "informé le",
            Field::Member => "membre",
            Field::Plan => "formule",
            Field::From => "donateur",
            Field::Amount => "montant",
            Field::Gift => "don",
            Field::Date => "date",
            Field::StartsOn => "premier jour",
            Field::EndsOn => "dernier jour",
            Field::Label => "libellé",
            Field::Reason => "motif",
            Field::Category => "catégorie",
            Field::Method => "moyen de paiement",
            Field::Subject => "objet",
            Field::Body => "texte",
            Field::Name => "nom",
            Field::Kind => "type",
            Field::Min => "minimum",
            Field::Counterpart => "contrepartie",
            Field::Quota => "quota",
            Field::Period => "période",
            Field::Service => "service",
            Field::Login => "identifiant",
            Field::Size => "taille",
            Field::Until => "jusqu'au",
            Field::Url => "url",
            Field::AdminUser => "utilisateur",
            Field::Password => "mot de passe",
            Field::Address => "adresse",
            Field::Rna => "numéro RNA",
            Field::Siren => "numéro SIREN",
            Field::FiscalYearStart => "début de l'exercice",
            Field::TaxReceipts => "reçus fiscaux",
            Field::Organization => "organisation",
            Field::ClientId => "identifiant du client",
            Field::ClientSecret => "secret du client",
        }
    }

    /// The form's name for it, as serialized (`startsOn`).
    pub fn name(self) -> &'static str {
        match self {
            Field::LastName => "lastName",
            Field::OrgName => "orgName",
            Field::Email => "email",
            Field::Phone => "phone",
            Field::JoinedOn => "joinedOn",
            Field::ReceivedOn => "receivedOn",
            Field::IdentityCheck => "identityCheck",
            Field::Months => "months",
            Field::ToldOn => "toldOn",
            Field::Member => "member",
            Field::Plan => "plan",
            Field::From => "from",
            Field::Amount => "amount",
            Field::Gift => "gift",
            Field::Date => "date",
            Field::StartsOn => "startsOn",
            Field::EndsOn => "endsOn",
            Field::Label => "label",
            Field::Reason => "reason",
            Field::Category => "category",
            Field::Method => "method",
            Field::Subject => "subject",
            Field::Body => "body",
            Field::Name => "name",
            Field::Kind => "kind",
            Field::Min => "min",
            Field::Counterpart => "counterpart",
            Field::Quota => "quota",
            Field::Period => "period",
            Field::Service => "service",
            Field::Login => "login",
            Field::Size => "size",
            Field::Until => "until",
            Field::Url => "url",
            Field::AdminUser => "adminUser",
            Field::Password => "password",
            Field::Address => "address",
            Field::Rna => "rna",
            Field::Siren => "siren",
            Field::FiscalYearStart => "fiscalYearStart",
            Field::TaxReceipts => "taxReceipts",
            Field::Organization => "organization",
            Field::ClientId => "clientId",
            Field::ClientSecret => "clientSecret",
        }
    }

    /// The field a message names by `label`, for errors not keyed yet.
    pub fn labelled(label: &str) -> Option<Field> {
        Field::ALL.into_iter().find(|f| f.label() == label)
    }
}

/// What an `Invalid` error is about, as its message names it: a form's field (its key, and the
/// word shown, its label unless a transport renamed it, e.g. to a CLI flag), or just a word
/// (a line of a file, a setting's key) while no form has it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldName {
    key: Option<Field>,
    label: String,
}

impl FieldName {
    /// A field named by its key and a word other than its label (`--amount`, `raison`).
    pub fn keyed(key: Field, label: impl Into<String>) -> Self {
        FieldName {
            key: Some(key),
            label: label.into(),
        }
    }

    pub fn key(&self) -> Option<Field> {
        self.key
    }

    pub fn as_str(&self) -> &str {
        &self.label
    }

    /// The same field shown by another word.
    pub fn relabelled(self, label: impl Into<String>) -> Self {
        FieldName {
            key: self.key,
            label: label.into(),
        }
    }
}

impl From<Field> for FieldName {
    fn from(key: Field) -> Self {
        FieldName::keyed(key, key.label())
    }
}

impl From<&str> for FieldName {
    fn from(label: &str) -> Self {
        FieldName {
            key: None,
            label: label.into(),
        }
    }
}

impl From<String> for FieldName {
    fn from(label: String) -> Self {
        FieldName { key: None, label }
    }
}

impl From<&String> for FieldName {
    fn from(label: &String) -> Self {
        FieldName::from(label.as_str())
    }
}

impl From<&FieldName> for FieldName {
    fn from(name: &FieldName) -> Self {
        name.clone()
    }
}

impl fmt::Display for FieldName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label)
    }
}

impl PartialEq<str> for FieldName {
    fn eq(&self, other: &str) -> bool {
        self.label == other
    }
}

impl PartialEq<&str> for FieldName {
    fn eq(&self, other: &&str) -> bool {
        self.label == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_money_forms_run_is_where_its_doc_says() {
        assert_eq!(Field::MONEY.first(), Some(&Field::Amount));
        assert_eq!(Field::MONEY.last(), Some(&Field::Body));
        assert!(!Field::MONEY.contains(&Field::Name));
    }

    #[test]
    fn names_and_labels_are_unique_and_names_are_what_serde_writes() {
        let mut names = std::collections::BTreeSet::new();
        let mut labels = std::collections::BTreeSet::new();
        for field in Field::ALL {
            assert!(names.insert(field.name()), "{field:?}");
            assert!(labels.insert(field.label()), "{field:?}");
            assert_eq!(
                serde_json::to_string(&field).unwrap(),
                format!("\"{}\"", field.name())
            );
            assert_eq!(Field::labelled(field.label()), Some(field));
        }
    }
}
