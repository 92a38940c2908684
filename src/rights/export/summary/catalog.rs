//! Every word of the member's summary, one catalog per language (the way the public pages'
//! `public::report::catalog` does it). Templates take named holes (`{org}`, `{n}`…) filled by
//! [`fill`].

use crate::books::ledger::{EntryKind, Method};
use crate::kernel::size::display_size;
use crate::Lang;

pub struct SummaryCatalog {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub intro: &'static str,
    pub write_to_board: &'static str,
    pub write_to: &'static str,
    pub none: &'static str,
    pub none_feminine: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    /// between a label and its text ("Ajout : un paiement")
    pub colon: &'static str,
    // the member's profile
    pub sec_profile: &'static str,
    pub member_number: &'static str,
    pub organisation: &'static str,
    pub first_name: &'static str,
    pub last_name: &'static str,
    pub email: &'static str,
    pub postal_address: &'static str,
    pub phone: &'static str,
    pub letters_lang: &'static str,
    pub letters_lang_value: &'static str,
    pub member_since: &'static str,
    pub board_notes: &'static str,
    // memberships
    pub sec_subscriptions: &'static str,
    pub col_plan: &'static str,
    pub col_from: &'static str,
    pub col_to_included: &'static str,
    // payments
    pub sec_payments: &'static str,
    pub col_date: &'static str,
    pub col_kind: &'static str,
    pub col_label: &'static str,
    pub col_method: &'static str,
    pub col_amount: &'static str,
    // receipts
    pub sec_receipts: &'static str,
    pub col_number: &'static str,
    pub col_issued_on: &'static str,
    pub col_status: &'static str,
    pub tax_receipt: &'static str,
    pub fee_certificate: &'static str,
    pub valid: &'static str,
    pub cancelled_on: &'static str,
    // accounts and quota
    pub sec_accounts: &'static str,
    pub col_service: &'static str,
    pub col_login: &'static str,
    pub col_quota: &'static str,
    pub col_used: &'static str,
    pub col_enabled: &'static str,
    pub grants_intro: &'static str,
    pub col_account: &'static str,
    pub col_extra: &'static str,
    pub col_reason: &'static str,
    pub col_until: &'static str,
    pub col_granted_on: &'static str,
    pub no_end: &'static str,
    // consents
    pub sec_consents: &'static str,
    pub no_consent: &'static str,
    pub col_consent: &'static str,
    pub col_given_on: &'static str,
    pub col_withdrawn_on: &'static str,
    // requests
    pub sec_requests: &'static str,
    pub col_request: &'static str,
    pub col_received: &'static str,
    pub col_due: &'static str,
    // reminders
    pub sec_reminders: &'static str,
    pub col_sent_on: &'static str,
    pub col_reminder: &'static str,
    pub col_to: &'static str,
    pub reminder_due: &'static str,
    pub reminder_grace: &'static str,
    pub reminder_expired: &'static str,
    // history
    pub sec_history: &'static str,
    pub history_text: &'static str,
    pub col_change: &'static str,
    pub col_by: &'static str,
    // why, on what basis, for how long
    pub sec_why: &'static str,
    pub col_data: &'static str,
    pub col_purpose: &'static str,
    pub col_basis: &'static str,
    pub col_kept: &'static str,
    /// data, purpose, legal basis, how long
    pub basis_rows: [[&'static str; 4]; 6],
    // who sees them
    pub sec_who: &'static str,
    pub who: [&'static str; 4],
    /// the hosting provider, named from the infrastructure settings (`{host}`)
    pub who_host: &'static str,
    /// when no provider is named in the settings
    pub who_host_unnamed: &'static str,
    /// GDPR art. 13.2.f / 15.1.h: whether decisions are automated (none)
    pub automated: &'static str,
    pub no_selling: &'static str,
    // where they come from
    pub sec_from: &'static str,
    pub from_text: &'static str,
    // rights
    pub sec_rights: &'static str,
    pub rights: [&'static str; 5],
    pub how_to_use: &'static str,
    // the archive's files
    pub sec_files: &'static str,
    pub files_json: &'static str,
    pub files_csv: &'static str,
    pub files_table: &'static str,
    pub files_plans: &'static str,
    pub files_format: &'static str,
    pub files_summary: &'static str,
    pub files_units: &'static str,
}

pub const FR: SummaryCatalog = SummaryCatalog {
    title: "Vos données chez {org}",
    subtitle: "Pour {name} (membre n° {id}) — export du {date}{org_line}",
    intro: "Ce document répond à votre demande : il dit quelles données {org} garde à votre sujet, pourquoi, qui les voit et combien de temps. L'archive qui l'accompagne contient une copie complète de ces données dans des formats ouverts (JSON et CSV), que vous pouvez relire ou transmettre à un autre service.",
    write_to_board: "écrivez au bureau de l'association",
    write_to: "écrivez à {email}",
    none: "Aucun.",
    none_feminine: "Aucune.",
    yes: "oui",
    no: "non",
    colon: " : ",
    sec_profile: "Votre fiche de membre",
    member_number: "Numéro de membre",
    organisation: "Organisation",
    first_name: "Prénom",
    last_name: "Nom",
    email: "Adresse électronique",
    postal_address: "Adresse postale",
    phone: "Téléphone",
    letters_lang: "Langue de correspondance",
    letters_lang_value: "français",
    member_since: "Membre depuis le",
    board_notes: "Notes du bureau",
    sec_subscriptions: "Vos adhésions et abonnements",
    col_plan: "Formule",
    col_from: "Du",
    col_to_included: "Au (inclus)",
    sec_payments: "Vos paiements",
    col_date: "Date",
    col_kind: "Nature",
    col_label: "Libellé",
    col_method: "Moyen",
    col_amount: "Montant",
    sec_receipts: "Vos reçus et attestations",
    col_number: "N°",
    col_issued_on: "Délivré le",
    col_status: "État",
    tax_receipt: "reçu fiscal (don)",
    fee_certificate: "attestation de cotisation",
    valid: "valable",
    cancelled_on: "annulé le {date}",
    sec_accounts: "Vos comptes sur nos services",
    col_service: "Service",
    col_login: "Identifiant",
    col_quota: "Quota",
    col_used: "Espace utilisé (dernier relevé)",
    col_enabled: "Actif",
    grants_intro: "Suppléments de quota accordés à ces comptes :",
    col_account: "Compte",
    col_extra: "Supplément",
    col_reason: "Motif",
    col_until: "Jusqu'au (inclus)",
    col_granted_on: "Accordé le",
    no_end: "sans fin",
    sec_consents: "Vos consentements",
    no_consent: "Vous ne nous avez donné aucun consentement particulier.",
    col_consent: "Objet",
    col_given_on: "Donné le",
    col_withdrawn_on: "Retiré le",
    sec_requests: "Vos demandes concernant vos données",
    col_request: "Demande",
    col_received: "Reçue le",
    col_due: "Réponse due le",
    sec_reminders: "Les rappels de renouvellement envoyés",
    col_sent_on: "Envoyé le",
    col_reminder: "Rappel",
    col_to: "À",
    reminder_due: "adhésion bientôt à renouveler",
    reminder_grace: "adhésion terminée (délai de grâce)",
    reminder_expired: "adhésion expirée",
    sec_history: "L'historique des modifications",
    history_text: "Chaque modification de vos données est notée (date, auteur, avant et après) ; modifications qui vous concernent : {n}. Elles figurent en entier dans le fichier audit_log.csv et dans member.json.",
    col_change: "Modification",
    col_by: "Par",
    sec_why: "Pourquoi nous les gardons, et sur quelle base",
    col_data: "Données",
    col_purpose: "Finalité",
    col_basis: "Base légale (RGPD art. 6)",
    col_kept: "Durée de conservation",
    basis_rows: [
        [
            "Fiche de membre, adhésions",
            "gérer votre adhésion, vous écrire (renouvellement, assemblée générale)",
            "l'exécution de votre adhésion (art. 6.1.b)",
            "tant que vous êtes membre ; effacées sur demande ou après votre départ",
        ],
        [
            "Comptes sur nos services, quota",
            "vous fournir les services (stockage, quota, usage)",
            "l'exécution du service demandé (art. 6.1.b)",
            "tant que le compte existe ; supprimés à la fermeture ou à l'effacement",
        ],
        [
            "Paiements, reçus",
            "tenir la comptabilité de l'association",
            "une obligation légale (art. 6.1.c ; Code de commerce L123-22)",
            "10 ans après la clôture de l'exercice, même après un effacement (sous un pseudonyme)",
        ],
        [
            "Consentements",
            "ce que vous avez accepté en plus",
            "votre consentement (art. 6.1.a)",
            "jusqu'à son retrait, que vous pouvez faire à tout moment",
        ],
        [
            "Historique des modifications",
            "savoir qui a changé quoi, corriger une erreur",
            "l'intérêt légitime de l'association (art. 6.1.f)",
            "comme les données qu'il concerne ; vos coordonnées en sont retirées à l'effacement",
        ],
        [
            "Demandes concernant vos données",
            "prouver que nous y avons répondu",
            "une obligation légale (art. 6.1.c ; RGPD art. 5.2 et 12)",
            "comme vos paiements ; sans vos coordonnées après un effacement",
        ],
    ],
    sec_who: "Qui les voit",
    who: [
        "les membres du bureau chargés de la trésorerie et de l'administration des services, et eux seuls au quotidien ;",
        "la personne qui vérifie les comptes (vérificateur, expert-comptable), pour les paiements ;",
        "l'administration fiscale, sur sa demande, pour les reçus fiscaux ;",
        "HelloAsso, seulement si vous avez payé en ligne par HelloAsso.",
    ],
    who_host: "{host}, qui héberge nos serveurs : vos données sont sur ses machines, il n'y accède pas pour son propre compte ;",
    who_host_unnamed: "l'hébergeur de nos serveurs : vos données sont sur ses machines, il n'y accède pas pour son propre compte ;",
    automated: "Aucune décision automatisée : rien de ce qui vous concerne n'est décidé par un traitement automatique ni par un profilage (RGPD art. 22) ; une personne du bureau décide, toujours.",
    no_selling: "{org} ne vend ni ne cède vos données, et ne s'en sert pour aucune publicité. Le rapport public de l'association ne montre que des totaux, jamais votre nom.",
    sec_from: "D'où elles viennent",
    from_text: "De vous (bulletin d'adhésion, courriels, formulaires), de vos paiements (y compris par HelloAsso si vous avez payé en ligne), et de nos serveurs pour l'espace que vous utilisez (relevé sur notre Nextcloud).",
    sec_rights: "Vos droits",
    rights: [
        "obtenir une copie de vos données (c'est ce document) et les emporter ailleurs (les fichiers JSON et CSV joints) ;",
        "faire corriger ce qui est inexact ou incomplet ;",
        "demander l'effacement : votre fiche, vos coordonnées, vos consentements et vos comptes sont effacés tout de suite ; vos paiements restent, sous un pseudonyme, le temps que la loi impose aux comptes (10 ans), puis sont supprimés ;",
        "vous opposer à un traitement, en demander la limitation, retirer un consentement à tout moment ;",
        "vous plaindre auprès de la CNIL (www.cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).",
    ],
    how_to_use: "Pour exercer ces droits, {write_to}. Nous répondons dans un délai d'un mois, prolongeable de deux mois si la demande est complexe (nous vous le dirions alors dans le premier mois).",
    sec_files: "Les fichiers de l'archive",
    files_json: "member.json : toutes vos données en un seul fichier JSON ;",
    files_csv: "un fichier CSV par table (UTF-8, séparé par des virgules), ouvrable dans un tableur :",
    files_table: "{table}.csv — {what} (lignes : {rows})",
    files_plans: "plans.csv — les formules de l'association que vous avez utilisées",
    files_format: "format.json : le nom et la version de ce format d'export ;",
    files_summary: "summary.html et summary.pdf : ce document.",
    files_units: "Dans ces fichiers, les montants sont en centimes (amount_cents : 2000 = 20,00 €), les tailles en octets, les dates au format AAAA-MM-JJ et les instants en temps universel (UTC).",
};

pub const EN: SummaryCatalog = SummaryCatalog {
    title: "Your data at {org}",
    subtitle: "For {name} (member no. {id}) — exported on {date}{org_line}",
    intro: "This document answers your request: it says what data {org} holds about you, why, who sees it and for how long. The archive that comes with it holds a complete copy of this data in open formats (JSON and CSV), which you can read or take to another service.",
    write_to_board: "write to the association's board",
    write_to: "write to {email}",
    none: "None.",
    none_feminine: "None.",
    yes: "yes",
    no: "no",
    colon: ": ",
    sec_profile: "Your member profile",
    member_number: "Member number",
    organisation: "Organisation",
    first_name: "First name",
    last_name: "Last name",
    email: "Email address",
    postal_address: "Postal address",
    phone: "Phone",
    letters_lang: "Language for letters",
    letters_lang_value: "English",
    member_since: "Member since",
    board_notes: "The board's notes",
    sec_subscriptions: "Your memberships and subscriptions",
    col_plan: "Plan",
    col_from: "From",
    col_to_included: "To (included)",
    sec_payments: "Your payments",
    col_date: "Date",
    col_kind: "Kind",
    col_label: "Label",
    col_method: "Method",
    col_amount: "Amount",
    sec_receipts: "Your receipts and certificates",
    col_number: "No.",
    col_issued_on: "Issued on",
    col_status: "Status",
    tax_receipt: "tax receipt (gift)",
    fee_certificate: "membership certificate",
    valid: "valid",
    cancelled_on: "cancelled on {date}",
    sec_accounts: "Your accounts on our services",
    col_service: "Service",
    col_login: "Login",
    col_quota: "Quota",
    col_used: "Space used (last reading)",
    col_enabled: "Enabled",
    grants_intro: "Extra quota granted to these accounts:",
    col_account: "Account",
    col_extra: "Extra",
    col_reason: "Reason",
    col_until: "Until (included)",
    col_granted_on: "Granted on",
    no_end: "no end",
    sec_consents: "Your consents",
    no_consent: "You have given us no particular consent.",
    col_consent: "Purpose",
    col_given_on: "Given on",
    col_withdrawn_on: "Withdrawn on",
    sec_requests: "Your requests about your data",
    col_request: "Request",
    col_received: "Received",
    col_due: "Answer due",
    sec_reminders: "The renewal reminders sent to you",
    col_sent_on: "Sent on",
    col_reminder: "Reminder",
    col_to: "To",
    reminder_due: "membership due for renewal",
    reminder_grace: "membership ended (grace period)",
    reminder_expired: "membership expired",
    sec_history: "The history of changes",
    history_text: "Every change to your data is logged (date, author, before and after); changes that concern you: {n}. They are given in full in audit_log.csv and member.json.",
    col_change: "Change",
    col_by: "By",
    sec_why: "Why we keep them, and on what legal basis",
    col_data: "Data",
    col_purpose: "Purpose",
    col_basis: "Legal basis (GDPR art. 6)",
    col_kept: "Kept for",
    basis_rows: [
        [
            "Member profile, memberships",
            "manage your membership, write to you (renewals, general meeting)",
            "performing your membership (art. 6.1.b)",
            "as long as you are a member; erased on request or after you leave",
        ],
        [
            "Service accounts, quota",
            "provide the services (storage, quota, usage)",
            "performing the service you asked for (art. 6.1.b)",
            "as long as the account exists; deleted on closing or erasure",
        ],
        [
            "Payments, receipts",
            "keep the association's books",
            "a legal obligation (art. 6.1.c; French Code de commerce L123-22)",
            "10 years after the close of the financial year, even after erasure (under a pseudonym)",
        ],
        [
            "Consents",
            "what you agreed to in addition",
            "your consent (art. 6.1.a)",
            "until you withdraw it, which you may do at any time",
        ],
        [
            "History of changes",
            "know who changed what, correct a mistake",
            "the association's legitimate interest (art. 6.1.f)",
            "as the data it concerns; your contact details are removed from it on erasure",
        ],
        [
            "Requests about your data",
            "prove that we answered them",
            "a legal obligation (art. 6.1.c; GDPR art. 5.2 and 12)",
            "as your payments; without your contact details after erasure",
        ],
    ],
    sec_who: "Who sees them",
    who: [
        "the board members in charge of the treasury and of running the services, and only they day to day;",
        "whoever checks the accounts (auditor, accountant), for the payments;",
        "the tax administration, if it asks, for tax receipts;",
        "HelloAsso, only if you paid online through HelloAsso.",
    ],
    who_host: "{host}, which hosts our servers: your data sits on its machines; it does not access it for its own purposes;",
    who_host_unnamed: "the provider hosting our servers: your data sits on its machines; it does not access it for its own purposes;",
    automated: "No automated decision-making: nothing about you is decided by automated processing or profiling (GDPR art. 22); a person on the board always decides.",
    no_selling: "{org} never sells or hands over your data, and uses it for no advertising. The association's public report shows totals only, never your name.",
    sec_from: "Where they come from",
    from_text: "From you (membership form, emails, forms), from your payments (including HelloAsso if you paid online), and from our servers for the space you use (read from our Nextcloud).",
    sec_rights: "Your rights",
    rights: [
        "get a copy of your data (this document) and take it elsewhere (the JSON and CSV files attached);",
        "have what is wrong or incomplete corrected;",
        "ask for erasure: your profile, contact details, consents and accounts are erased at once; your payments stay, under a pseudonym, as long as the law requires for the books (10 years), then are deleted;",
        "object to a use of your data, ask to restrict it, withdraw a consent at any time;",
        "complain to the French data protection authority, the CNIL (www.cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France).",
    ],
    how_to_use: "To use these rights, {write_to}. We answer within one month, which may be extended by two months for a complex request (we would then tell you within the first month).",
    sec_files: "The files in the archive",
    files_json: "member.json: all your data in one JSON file;",
    files_csv: "one CSV file per table (UTF-8, comma-separated), which a spreadsheet opens:",
    files_table: "{table}.csv — {what} (rows: {rows})",
    files_plans: "plans.csv — the association's plans that you used",
    files_format: "format.json: the name and version of this export format;",
    files_summary: "summary.html and summary.pdf: this document.",
    files_units: "In these files, amounts are in cents (amount_cents: 2000 = €20.00), sizes in bytes, days as YYYY-MM-DD and instants in universal time (UTC).",
};

pub fn catalog(lang: Lang) -> &'static SummaryCatalog {
    match lang {
        Lang::Fr => &FR,
        Lang::En => &EN,
    }
}

/// Fills `{name}` holes in a template, in one pass: a value is never read as a template, so a
/// member named "{date}" stays "{date}".
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hole = after
            .find('}')
            .and_then(|close| values.iter().find(|(name, _)| *name == &after[..close]));
        match hole {
            Some((name, value)) => {
                out.push_str(value);
                rest = &after[name.len() + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A day as the member reads it: 22/11/2026, or 22 Nov 2026.
pub fn day(d: chrono::NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

/// A size as the member writes it: "10 Go" in French, "10 GB" in English.
pub fn size(bytes: i64, lang: Lang) -> String {
    let text = display_size(bytes);
    let text = match text.strip_suffix(" B") {
        Some(n) if lang == Lang::Fr => format!("{n} o"),
        _ => text,
    };
    match lang {
        Lang::Fr => text
            .replace(" TB", " To")
            .replace(" GB", " Go")
            .replace(" MB", " Mo")
            .replace(" KB", " Ko")
            .replace('.', ","),
        Lang::En => text,
    }
}

pub fn method(m: Method, lang: Lang) -> &'static str {
    match m {
        Method::Cash => lang.pick("espèces", "cash"),
        Method::Cheque => lang.pick("chèque", "cheque"),
        Method::Transfer => lang.pick("virement", "bank transfer"),
        Method::Card => lang.pick("carte", "card"),
        Method::Helloasso => "HelloAsso",
        Method::DirectDebit => lang.pick("prélèvement", "direct debit"),
        Method::Other => lang.pick("autre", "other"),
    }
}

pub fn entry_kind(k: EntryKind, lang: Lang) -> &'static str {
    match k {
        EntryKind::Fee => lang.pick("cotisation", "membership fee"),
        EntryKind::Tier => lang.pick("espace de stockage", "storage tier"),
        EntryKind::Donation => lang.pick("don", "donation"),
        EntryKind::Subsidy => lang.pick("subvention", "subsidy"),
        EntryKind::Income => lang.pick("recette", "income"),
        EntryKind::Expense => lang.pick("dépense", "expense"),
        EntryKind::Reversal => lang.pick("annulation", "cancellation"),
    }
}

/// An audit row's action on an entity, for people ("Enregistrement : un paiement").
pub fn change(action: &str, entity: &str, lang: Lang) -> String {
    let what = match entity {
        "member" => lang.pick("votre fiche", "your profile"),
        "service_account" => lang.pick("un compte", "an account"),
        "ledger_entry" => lang.pick("un paiement", "a payment"),
        "subscription" => lang.pick("une adhésion", "a membership"),
        "data_request" => lang.pick("une demande sur vos données", "a request about your data"),
        "consent" => lang.pick("un consentement", "a consent"),
        "receipt" => lang.pick("un reçu", "a receipt"),
        "reminder" => lang.pick("un rappel", "a reminder"),
        "quota_grant" => lang.pick("un supplément de quota", "extra quota"),
        other => other,
    };
    let done = match action {
        "add" | "create" => lang.pick("ajout", "added"),
        "update" => lang.pick("modification", "changed"),
        "delete" | "remove" => lang.pick("suppression", "deleted"),
        "pay" | "record" | "give" => lang.pick("enregistrement", "recorded"),
        "reverse" => lang.pick("annulation", "cancelled"),
        "answer" => lang.pick("réponse", "answered"),
        "extend" => lang.pick("prolongation", "extended"),
        "grant" => lang.pick("attribution", "granted"),
        "end_grant" => lang.pick("fin", "ended"),
        "remind" => lang.pick("envoi", "sent"),
        "erase" => lang.pick("effacement", "erased"),
        a if a.contains("receipt") => lang.pick("impression", "printed"),
        other => other,
    };
    let mut chars = done.chars();
    let done: String = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default();
    format!("{done}{}{what}", catalog(lang).colon)
}

#[cfg(test)]
mod tests {
    use super::fill;

    #[test]
    fn fill_reads_values_as_text_not_as_holes() {
        assert_eq!(
            fill(
                "Pour {name} — {date}",
                &[("name", "{date}"), ("date", "05/12/2026")]
            ),
            "Pour {date} — 05/12/2026"
        );
        assert_eq!(fill("{unknown} {n}", &[("n", "3")]), "{unknown} 3");
    }
}
