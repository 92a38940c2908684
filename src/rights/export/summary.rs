//! The readable part of a member's export: what we hold, why, on what legal basis, who sees
//! it, how long we keep it, where it came from, and the member's rights — in the member's
//! language. One document model, rendered as HTML and as PDF.

use super::MemberData;
use crate::books::ledger::{self, EntryKind, Method};
use crate::hosting::accounts;
use crate::kernel::error::Result;
use crate::kernel::money;
use crate::kernel::size::display_size;
use crate::membership::subscriptions;
use crate::people::members::MemberKind;
use crate::rights::requests;
use crate::store::settings::Organisation;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// A piece of the summary.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", tag = "type")]
pub enum Block {
    Heading {
        text: String,
    },
    Paragraph {
        text: String,
    },
    /// label: value pairs
    Fields {
        pairs: Vec<(String, String)>,
    },
    Table {
        header: Vec<String>,
        rows: Vec<Vec<String>>,
    },
    List {
        items: Vec<String>,
    },
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Summary {
    pub lang: Lang,
    pub member_id: crate::kernel::ids::MemberId,
    /// the export's day
    pub date: NaiveDate,
    pub title: String,
    pub subtitle: String,
    pub blocks: Vec<Block>,
}

/// A day as the member reads it: 22/11/2026, or 22 Nov 2026.
pub fn day(d: NaiveDate, lang: Lang) -> String {
    match lang {
        Lang::Fr => d.format("%d/%m/%Y").to_string(),
        Lang::En => d.format("%-d %b %Y").to_string(),
    }
}

fn method_label(m: Method, lang: Lang) -> &'static str {
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

fn kind_label(k: EntryKind, lang: Lang) -> &'static str {
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

/// An audit row's action on an entity, for people ("payment recorded").
fn change_label(action: &str, entity: &str, lang: Lang) -> String {
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
    format!("{done}{}{what}", lang.pick(" : ", ": "))
}

/// The rows of one exported table as JSON objects.
fn records(data: &MemberData, table: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    data.table(table)
        .map(|t| {
            t.objects()
                .into_iter()
                .filter_map(|v| match v {
                    serde_json::Value::Object(m) => Some(m),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

/// A field as text ("" for null or missing).
fn field(row: &serde_json::Map<String, serde_json::Value>, key: &str) -> String {
    match row.get(key) {
        None | Some(serde_json::Value::Null) => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// A day (or the day of an instant) as the member reads it.
fn date_field(row: &serde_json::Map<String, serde_json::Value>, key: &str, lang: Lang) -> String {
    let text = field(row, key);
    text.get(..10)
        .and_then(|d| d.parse::<NaiveDate>().ok())
        .map(|d| day(d, lang))
        .unwrap_or(text)
}

fn or_dash(s: &str) -> String {
    if s.trim().is_empty() {
        "—".to_string()
    } else {
        s.to_string()
    }
}

/// Builds the summary of `data` in the member's language.
pub fn build(conn: &Connection, data: &MemberData, org: &Organisation) -> Result<Summary> {
    let m = &data.member;
    let lang = m.lang;
    let t = |fr: &str, en: &str| lang.pick(fr, en).to_string();
    let on = data.exported_on;
    let mut b: Vec<Block> = Vec::new();
    let number = std::cell::Cell::new(0);
    let heading = |text: String| {
        number.set(number.get() + 1);
        Block::Heading {
            text: format!("{}. {text}", number.get()),
        }
    };
    let para = |text: String| Block::Paragraph { text };
    // "écrivez à contact@… " or "écrivez au bureau…"
    let write_to = if org.contact_email.trim().is_empty() {
        t(
            "écrivez au bureau de l'association",
            "write to the association's board",
        )
    } else {
        match lang {
            Lang::Fr => format!("écrivez à {}", org.contact_email.trim()),
            Lang::En => format!("write to {}", org.contact_email.trim()),
        }
    };

    b.push(para(match lang {
        Lang::Fr => format!(
            "Ce document répond à votre demande : il dit quelles données {} garde à votre sujet, pourquoi, qui les voit et combien de temps. L'archive qui l'accompagne contient une copie complète de ces données dans des formats ouverts (JSON et CSV), que vous pouvez relire ou transmettre à un autre service.",
            org.name
        ),
        Lang::En => format!(
            "This document answers your request: it says what data {} holds about you, why, who sees it and for how long. The archive that comes with it holds a complete copy of this data in open formats (JSON and CSV), which you can read or take to another service.",
            org.name
        ),
    }));

    // --- the data
    b.push(heading(t("Votre fiche de membre", "Your member profile")));
    let name_fields: Vec<(String, String)> = match m.kind {
        MemberKind::Organisation => vec![(t("Organisation", "Organisation"), m.org_name.clone())],
        MemberKind::Person => vec![
            (t("Prénom", "First name"), or_dash(&m.first_name)),
            (t("Nom", "Last name"), or_dash(&m.last_name)),
        ],
    };
    let mut pairs = vec![(t("Numéro de membre", "Member number"), m.id.to_string())];
    pairs.extend(name_fields);
    let address = [
        m.street.clone(),
        format!("{} {}", m.postal_code, m.city).trim().to_string(),
        m.country.clone(),
    ]
    .into_iter()
    .filter(|s| !s.trim().is_empty())
    .collect::<Vec<_>>()
    .join(", ");
    pairs.extend([
        (t("Adresse électronique", "Email address"), m.email.clone()),
        (t("Adresse postale", "Postal address"), or_dash(&address)),
        (t("Téléphone", "Phone"), or_dash(&m.phone)),
        (
            t("Langue de correspondance", "Language for letters"),
            t("français", "English"),
        ),
        (
            t("Membre depuis le", "Member since"),
            day(m.joined_on, lang),
        ),
        (t("Notes du bureau", "The board's notes"), or_dash(&m.notes)),
    ]);
    b.push(Block::Fields { pairs });

    let subs = subscriptions::for_member(conn, m.id, on)?;
    b.push(heading(t(
        "Vos adhésions et abonnements",
        "Your memberships and subscriptions",
    )));
    if subs.is_empty() {
        b.push(para(t("Aucun.", "None.")));
    } else {
        b.push(Block::Table {
            header: vec![
                t("Formule", "Plan"),
                t("Du", "From"),
                t("Au (inclus)", "To (included)"),
            ],
            rows: subs
                .iter()
                .map(|s| {
                    vec![
                        s.plan_name.clone(),
                        day(s.starts_on, lang),
                        day(s.ends_before.pred_opt().unwrap_or(s.ends_before), lang),
                    ]
                })
                .collect(),
        });
    }

    let entries = ledger::for_member(conn, m.id)?;
    b.push(heading(t("Vos paiements", "Your payments")));
    if entries.is_empty() {
        b.push(para(t("Aucun.", "None.")));
    } else {
        b.push(Block::Table {
            header: vec![
                t("Date", "Date"),
                t("Nature", "Kind"),
                t("Libellé", "Label"),
                t("Moyen", "Method"),
                t("Montant", "Amount"),
            ],
            rows: entries
                .iter()
                .map(|e| {
                    vec![
                        day(e.date, lang),
                        kind_label(e.kind, lang).to_string(),
                        e.label.clone(),
                        method_label(e.method, lang).to_string(),
                        money::display(e.amount_cents, lang),
                    ]
                })
                .collect(),
        });
    }

    let receipts = records(data, "receipts");
    if !receipts.is_empty() {
        b.push(heading(t(
            "Vos reçus et attestations",
            "Your receipts and certificates",
        )));
        b.push(Block::Table {
            header: vec![
                t("N°", "No."),
                t("Nature", "Kind"),
                t("Délivré le", "Issued on"),
                t("Montant", "Amount"),
                t("État", "Status"),
            ],
            rows: receipts
                .iter()
                .map(|r| {
                    let series = field(r, "series");
                    vec![
                        crate::books::receipts::reference(
                            crate::books::receipts::ReceiptKind::of_series(&series),
                            field(r, "issue_year").parse().unwrap_or_default(),
                            field(r, "number").parse().unwrap_or_default(),
                        ),
                        if series == "tax" {
                            t("reçu fiscal (don)", "tax receipt (gift)")
                        } else {
                            t("attestation de cotisation", "membership certificate")
                        },
                        date_field(r, "issued_on", lang),
                        r.get("amount_cents")
                            .and_then(|v| v.as_i64())
                            .map(|c| money::display(c, lang))
                            .unwrap_or_default(),
                        match field(r, "cancelled_on").as_str() {
                            "" => t("valable", "valid"),
                            _ => format!(
                                "{} {}",
                                t("annulé le", "cancelled on"),
                                date_field(r, "cancelled_on", lang)
                            ),
                        },
                    ]
                })
                .collect(),
        });
    }

    let accounts = accounts::for_member(conn, m.id)?;
    // sizes as a French reader writes them: "10 Go"
    let size = |bytes: i64| {
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
    };
    b.push(heading(t(
        "Vos comptes sur nos services",
        "Your accounts on our services",
    )));
    if accounts.is_empty() {
        b.push(para(t("Aucun.", "None.")));
    } else {
        b.push(Block::Table {
            header: vec![
                t("Service", "Service"),
                t("Identifiant", "Login"),
                t("Quota", "Quota"),
                t(
                    "Espace utilisé (dernier relevé)",
                    "Space used (last reading)",
                ),
                t("Actif", "Enabled"),
            ],
            rows: accounts
                .iter()
                .map(|a| {
                    vec![
                        a.service.clone(),
                        a.login.clone(),
                        if a.quota_bytes > 0 {
                            size(a.quota_bytes)
                        } else {
                            "—".into()
                        },
                        match (&a.used_bytes, &a.used_seen_at) {
                            (Some(u), Some(at)) => {
                                let seen = at
                                    .get(..10)
                                    .and_then(|d| d.parse::<NaiveDate>().ok())
                                    .map(|d| day(d, lang))
                                    .unwrap_or_else(|| at.clone());
                                format!("{} ({seen})", size(*u))
                            }
                            (Some(u), None) => size(*u),
                            _ => "—".into(),
                        },
                        if a.enabled {
                            t("oui", "yes")
                        } else {
                            t("non", "no")
                        },
                    ]
                })
                .collect(),
        });
    }

    let grants = records(data, "quota_grants");
    if !grants.is_empty() {
        b.push(para(t(
            "Suppléments de quota accordés à ces comptes :",
            "Extra quota granted to these accounts:",
        )));
        b.push(Block::Table {
            header: vec![
                t("Compte", "Account"),
                t("Supplément", "Extra"),
                t("Motif", "Reason"),
                t("Jusqu'au (inclus)", "Until (included)"),
                t("Accordé le", "Granted on"),
            ],
            rows: grants
                .iter()
                .map(|g| {
                    let login = accounts
                        .iter()
                        .find(|a| Some(a.id.0) == g.get("account_id").and_then(|v| v.as_i64()))
                        .map(|a| a.login.clone())
                        .unwrap_or_default();
                    vec![
                        login,
                        size(g.get("bytes").and_then(|v| v.as_i64()).unwrap_or(0)),
                        field(g, "reason"),
                        match field(g, "until").as_str() {
                            "" => t("sans fin", "no end"),
                            _ => date_field(g, "until", lang),
                        },
                        date_field(g, "granted_at", lang),
                    ]
                })
                .collect(),
        });
    }

    b.push(heading(t("Vos consentements", "Your consents")));
    let mut stmt = conn.prepare(
        "SELECT purpose, given_on, withdrawn_on FROM consents WHERE member_id = ?1 ORDER BY purpose",
    )?;
    let consents: Vec<(String, String, Option<String>)> = stmt
        .query_map([m.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    if consents.is_empty() {
        b.push(para(t(
            "Vous ne nous avez donné aucun consentement particulier.",
            "You have given us no particular consent.",
        )));
    } else {
        let fmt = |s: &str| {
            s.parse::<NaiveDate>()
                .map(|d| day(d, lang))
                .unwrap_or_else(|_| s.to_string())
        };
        b.push(Block::Table {
            header: vec![
                t("Objet", "Purpose"),
                t("Donné le", "Given on"),
                t("Retiré le", "Withdrawn on"),
            ],
            rows: consents
                .iter()
                .map(|(p, g, w)| {
                    vec![
                        p.clone(),
                        fmt(g),
                        w.as_deref().map(fmt).unwrap_or("—".into()),
                    ]
                })
                .collect(),
        });
    }

    let reqs = requests::for_member(conn, m.id)?;
    b.push(heading(t(
        "Vos demandes concernant vos données",
        "Your requests about your data",
    )));
    if reqs.is_empty() {
        b.push(para(t("Aucune.", "None.")));
    } else {
        b.push(Block::Table {
            header: vec![
                t("N°", "No."),
                t("Demande", "Request"),
                t("Reçue le", "Received"),
                t("Réponse due le", "Answer due"),
                t("État", "Status"),
            ],
            rows: reqs
                .iter()
                .map(|r| {
                    let status = match r.answered_on {
                        Some(d) => format!("{} ({})", r.status.label(lang), day(d, lang)),
                        None => r.status.label(lang).to_string(),
                    };
                    vec![
                        r.id.to_string(),
                        r.kind.label(lang).to_string(),
                        day(r.received_on, lang),
                        day(r.deadline, lang),
                        status,
                    ]
                })
                .collect(),
        });
    }

    let reminders = records(data, "reminders_sent");
    if !reminders.is_empty() {
        b.push(heading(t(
            "Les rappels de renouvellement envoyés",
            "The renewal reminders sent to you",
        )));
        b.push(Block::Table {
            header: vec![
                t("Envoyé le", "Sent on"),
                t("Rappel", "Reminder"),
                t("À", "To"),
            ],
            rows: reminders
                .iter()
                .map(|r| {
                    vec![
                        date_field(r, "sent_on", lang),
                        match field(r, "kind").as_str() {
                            "due" => t(
                                "adhésion bientôt à renouveler",
                                "membership due for renewal",
                            ),
                            "grace" => t(
                                "adhésion terminée (période de grâce)",
                                "membership ended (grace period)",
                            ),
                            _ => t("adhésion expirée", "membership expired"),
                        },
                        field(r, "member_email"),
                    ]
                })
                .collect(),
        });
    }

    let history = data.table("audit_log").map(|t| t.rows.len()).unwrap_or(0);
    b.push(heading(t(
        "L'historique des modifications",
        "The history of changes",
    )));
    b.push(para(match lang {
        Lang::Fr => format!(
            "Chaque modification de vos données est notée (date, auteur, avant et après) : {history} modification(s) vous concernent. Elles figurent en entier dans le fichier audit_log.csv et dans member.json."
        ),
        Lang::En => format!(
            "Every change to your data is logged (date, author, before and after): {history} change(s) concern you. They are given in full in audit_log.csv and member.json."
        ),
    }));
    let changes = records(data, "audit_log");
    if !changes.is_empty() {
        b.push(Block::Table {
            header: vec![
                t("Date", "Date"),
                t("Modification", "Change"),
                t("Par", "By"),
            ],
            rows: changes
                .iter()
                .map(|c| {
                    vec![
                        date_field(c, "at", lang),
                        change_label(&field(c, "action"), &field(c, "entity"), lang),
                        field(c, "operator"),
                    ]
                })
                .collect(),
        });
    }

    // --- how the data is used
    b.push(heading(t(
        "Pourquoi nous les gardons, et sur quelle base",
        "Why we keep them, and on what legal basis",
    )));
    b.push(Block::Table {
        header: vec![
            t("Données", "Data"),
            t("Finalité", "Purpose"),
            t("Base légale (RGPD art. 6)", "Legal basis (GDPR art. 6)"),
            t("Durée de conservation", "Kept for"),
        ],
        rows: vec![
            vec![
                t("Fiche de membre, adhésions", "Member profile, memberships"),
                t(
                    "gérer votre adhésion, vous écrire (renouvellement, assemblée générale)",
                    "manage your membership, write to you (renewals, general meeting)",
                ),
                t(
                    "l'exécution de votre adhésion (art. 6.1.b)",
                    "performing your membership (art. 6.1.b)",
                ),
                t(
                    "tant que vous êtes membre ; effacées sur demande ou après votre départ",
                    "as long as you are a member; erased on request or after you leave",
                ),
            ],
            vec![
                t("Comptes sur nos services, quota", "Service accounts, quota"),
                t(
                    "vous fournir les services (stockage, quota, usage)",
                    "provide the services (storage, quota, usage)",
                ),
                t(
                    "l'exécution du service demandé (art. 6.1.b)",
                    "performing the service you asked for (art. 6.1.b)",
                ),
                t(
                    "tant que le compte existe ; supprimés à la fermeture ou à l'effacement",
                    "as long as the account exists; deleted on closing or erasure",
                ),
            ],
            vec![
                t("Paiements, reçus", "Payments, receipts"),
                t("tenir la comptabilité de l'association", "keep the association's books"),
                t(
                    "une obligation légale (art. 6.1.c ; Code de commerce L123-22)",
                    "a legal obligation (art. 6.1.c; French Code de commerce L123-22)",
                ),
                t(
                    "10 ans après la clôture de l'exercice, même après un effacement (sous un pseudonyme)",
                    "10 years after the close of the financial year, even after erasure (under a pseudonym)",
                ),
            ],
            vec![
                t("Consentements", "Consents"),
                t("ce que vous avez accepté en plus", "what you agreed to in addition"),
                t("votre consentement (art. 6.1.a)", "your consent (art. 6.1.a)"),
                t(
                    "jusqu'à son retrait, que vous pouvez faire à tout moment",
                    "until you withdraw it, which you may do at any time",
                ),
            ],
            vec![
                t("Historique des modifications", "History of changes"),
                t(
                    "savoir qui a changé quoi, corriger une erreur",
                    "know who changed what, correct a mistake",
                ),
                t(
                    "l'intérêt légitime de l'association (art. 6.1.f)",
                    "the association's legitimate interest (art. 6.1.f)",
                ),
                t(
                    "comme les données qu'il concerne ; vos coordonnées en sont retirées à l'effacement",
                    "as the data it concerns; your contact details are removed from it on erasure",
                ),
            ],
            vec![
                t("Demandes concernant vos données", "Requests about your data"),
                t(
                    "prouver que nous y avons répondu",
                    "prove that we answered them",
                ),
                t(
                    "une obligation légale (art. 6.1.c ; RGPD art. 5.2 et 12)",
                    "a legal obligation (art. 6.1.c; GDPR art. 5.2 and 12)",
                ),
                t(
                    "comme vos paiements ; sans vos coordonnées après un effacement",
                    "as your payments; without your contact details after erasure",
                ),
            ],
        ],
    });

    b.push(heading(t("Qui les voit", "Who sees them")));
    b.push(Block::List {
        items: vec![
            t(
                "les membres du bureau chargés de la trésorerie et de l'administration des services, et eux seuls au quotidien ;",
                "the board members in charge of the treasury and of running the services, and only they day to day;",
            ),
            t(
                "la personne qui vérifie les comptes (vérificateur, expert-comptable), pour les paiements ;",
                "whoever checks the accounts (auditor, accountant), for the payments;",
            ),
            t(
                "l'administration fiscale, sur sa demande, pour les reçus fiscaux ;",
                "the tax administration, if it asks, for tax receipts;",
            ),
            t(
                "HelloAsso, seulement si vous avez payé en ligne par HelloAsso.",
                "HelloAsso, only if you paid online through HelloAsso.",
            ),
        ],
    });
    b.push(para(match lang {
        Lang::Fr => format!(
            "{} ne vend ni ne cède vos données, et ne s'en sert pour aucune publicité. Le rapport public de l'association ne montre que des totaux, jamais votre nom.",
            org.name
        ),
        Lang::En => format!(
            "{} never sells or hands over your data, and uses it for no advertising. The association's public report shows totals only, never your name.",
            org.name
        ),
    }));

    b.push(heading(t("D'où elles viennent", "Where they come from")));
    b.push(para(t(
        "De vous (bulletin d'adhésion, courriels, formulaires), de vos paiements (y compris par HelloAsso si vous avez payé en ligne), et de nos serveurs pour l'espace que vous utilisez (relevé sur notre Nextcloud).",
        "From you (membership form, emails, forms), from your payments (including HelloAsso if you paid online), and from our servers for the space you use (read from our Nextcloud).",
    )));

    b.push(heading(t("Vos droits", "Your rights")));
    b.push(Block::List {
        items: vec![
            t(
                "obtenir une copie de vos données (c'est ce document) et les emporter ailleurs (les fichiers JSON et CSV joints) ;",
                "get a copy of your data (this document) and take it elsewhere (the JSON and CSV files attached);",
            ),
            t(
                "faire corriger ce qui est inexact ou incomplet ;",
                "have what is wrong or incomplete corrected;",
            ),
            t(
                "demander l'effacement : votre fiche, vos coordonnées, vos consentements et vos comptes sont effacés tout de suite ; vos paiements restent, sous un pseudonyme, le temps que la loi impose aux comptes (10 ans), puis sont supprimés ;",
                "ask for erasure: your profile, contact details, consents and accounts are erased at once; your payments stay, under a pseudonym, as long as the law requires for the books (10 years), then are deleted;",
            ),
            t(
                "vous opposer à un traitement, en demander la limitation, retirer un consentement à tout moment ;",
                "object to a use of your data, ask to restrict it, withdraw a consent at any time;",
            ),
            t(
                "vous plaindre auprès de la CNIL (www.cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07).",
                "complain to the French data protection authority, the CNIL (www.cnil.fr, 3 place de Fontenoy, TSA 80715, 75334 Paris Cedex 07, France).",
            ),
        ],
    });
    b.push(para(match lang {
        Lang::Fr => format!(
            "Pour exercer ces droits, {write_to}. Nous répondons dans un délai d'un mois, prolongeable de deux mois si la demande est complexe (nous vous le dirions alors dans le premier mois)."
        ),
        Lang::En => format!(
            "To use these rights, {write_to}. We answer within one month, which may be extended by two months for a complex request (we would then tell you within the first month)."
        ),
    }));

    b.push(heading(t(
        "Les fichiers de l'archive",
        "The files in the archive",
    )));
    let mut items = vec![
        t(
            "member.json : toutes vos données en un seul fichier JSON ;",
            "member.json: all your data in one JSON file;",
        ),
        t(
            "un fichier CSV par table (UTF-8, séparé par des virgules), ouvrable dans un tableur :",
            "one CSV file per table (UTF-8, comma-separated), which a spreadsheet opens:",
        ),
    ];
    for table in super::MEMBER_TABLES {
        let rows = data.table(table.table).map(|r| r.rows.len()).unwrap_or(0);
        items.push(match lang {
            Lang::Fr => format!(
                "    {}.csv — {} ({rows} ligne(s))",
                table.table, table.what.0
            ),
            Lang::En => format!("    {}.csv — {} ({rows} row(s))", table.table, table.what.1),
        });
    }
    items.push(format!(
        "    plans.csv — {}",
        t(
            "les formules de l'association que vous avez utilisées",
            "the association's plans that you used"
        )
    ));
    items.push(t(
        "format.json : le nom et la version de ce format d'export ;",
        "format.json: the name and version of this export format;",
    ));
    items.push(t(
        "summary.html et summary.pdf : ce document.",
        "summary.html and summary.pdf: this document.",
    ));
    b.push(Block::List { items });
    b.push(para(t(
        "Dans ces fichiers, les montants sont en centimes (amount_cents : 2000 = 20,00 €), les tailles en octets, les dates au format AAAA-MM-JJ et les instants en temps universel (UTC).",
        "In these files, amounts are in cents (amount_cents: 2000 = €20.00), sizes in bytes, days as YYYY-MM-DD and instants in universal time (UTC).",
    )));

    let org_line = if org.address.trim().is_empty() {
        String::new()
    } else {
        format!(" — {}, {}", org.name, org.address.trim())
    };
    Ok(Summary {
        lang,
        member_id: m.id,
        date: on,
        title: match lang {
            Lang::Fr => format!("Vos données chez {}", org.name),
            Lang::En => format!("Your data at {}", org.name),
        },
        subtitle: match lang {
            Lang::Fr => format!(
                "Pour {} (membre n° {}) — export du {}{}",
                m.display_name(),
                m.id,
                day(on, lang),
                org_line
            ),
            Lang::En => format!(
                "For {} (member no. {}) — exported on {}{}",
                m.display_name(),
                m.id,
                day(on, lang),
                org_line
            ),
        },
        blocks: b,
    })
}

fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The summary as one self-contained HTML page (no scripts, no outside resources).
pub fn html(s: &Summary) -> String {
    let mut out = String::new();
    out.push_str(&format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>\n{}\n</style>\n</head>\n<body>\n<main>\n",
        s.lang.code(),
        esc(&s.title),
        CSS
    ));
    out.push_str(&format!(
        "<h1>{}</h1>\n<p class=\"sub\">{}</p>\n",
        esc(&s.title),
        esc(&s.subtitle)
    ));
    for block in &s.blocks {
        match block {
            Block::Heading { text } => out.push_str(&format!("<h2>{}</h2>\n", esc(text))),
            Block::Paragraph { text } => out.push_str(&format!("<p>{}</p>\n", esc(text))),
            Block::Fields { pairs } => {
                out.push_str("<dl>\n");
                for (k, v) in pairs {
                    out.push_str(&format!("<dt>{}</dt><dd>{}</dd>\n", esc(k), esc(v)));
                }
                out.push_str("</dl>\n");
            }
            Block::Table { header, rows } => {
                out.push_str("<table>\n<thead><tr>");
                for h in header {
                    out.push_str(&format!("<th>{}</th>", esc(h)));
                }
                out.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    out.push_str("<tr>");
                    for cell in row {
                        out.push_str(&format!("<td>{}</td>", esc(cell)));
                    }
                    out.push_str("</tr>\n");
                }
                out.push_str("</tbody>\n</table>\n");
            }
            Block::List { items } => {
                out.push_str("<ul>\n");
                for item in items {
                    match item.strip_prefix("    ") {
                        Some(sub) => {
                            out.push_str(&format!("<li class=\"sub\">{}</li>\n", esc(sub)))
                        }
                        None => out.push_str(&format!("<li>{}</li>\n", esc(item))),
                    }
                }
                out.push_str("</ul>\n");
            }
        }
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}

const CSS: &str = "body { font-family: system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif; color: #1d232a; background: #fff; margin: 0; line-height: 1.5; }
main { max-width: 50rem; margin: 0 auto; padding: 2rem 1.25rem 4rem; }
h1 { font-size: 1.8rem; margin: 0 0 .25rem; color: #2f5d3a; }
p.sub { color: #55606b; margin-top: 0; }
h2 { font-size: 1.2rem; margin: 2rem 0 .5rem; padding-bottom: .2rem; border-bottom: 2px solid #d9e4d6; color: #2f5d3a; }
dl { display: grid; grid-template-columns: max-content 1fr; gap: .25rem 1.25rem; }
dt { color: #55606b; }
dd { margin: 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e3e7ea; vertical-align: top; }
th { background: #f3f6f2; }
li { margin: .25rem 0; }
li.sub { list-style: none; margin-left: 1rem; font-family: ui-monospace, monospace; font-size: .9rem; }
@media print { main { padding: 0; } h2 { break-after: avoid; } tr { break-inside: avoid; } }";

/// The summary as a PDF (A4).
pub fn pdf(s: &Summary) -> Result<Vec<u8>> {
    pdf_render::render(s)
}

mod pdf_render {
    use super::{Block, Summary};
    use crate::kernel::error::Result;
    use crate::kernel::pdf::{self, Colour, Document, DocumentInfo, Font, Page, Paint, Style};

    const LEFT: f32 = 20.0;
    const WIDTH: f32 = 170.0;
    const TOP: f32 = 22.0;
    const BOTTOM: f32 = 278.0;
    const GREEN: Colour = Colour::rgb(47, 93, 58);
    const PALE: Colour = Colour::rgb(232, 239, 230);
    const RULE: Colour = Colour::rgb(217, 228, 214);

    /// Pages filled from top to bottom, a new one when the next piece does not fit.
    struct Flow {
        pages: Vec<Page>,
        y: f32,
    }

    impl Flow {
        fn page(&mut self) -> &mut Page {
            self.pages.last_mut().expect("a page")
        }

        fn new_page(&mut self) {
            self.pages.push(Page::default());
            self.y = TOP;
        }

        /// Makes room for `h` mm, on a new page if needed.
        fn room(&mut self, h: f32) {
            if self.y + h > BOTTOM {
                self.new_page();
            }
        }

        fn lines(&mut self, x: f32, width: f32, text: &str, style: &Style) {
            for line in pdf::wrap(text, style.font, style.size, width) {
                self.room(style.line_height());
                let y = self.y + ascent(style);
                self.page().text(x, y, &line, style);
                self.y += style.line_height();
            }
        }
    }

    /// From the top of a line to its baseline, in mm (`Flow::y` is always a top).
    fn ascent(style: &Style) -> f32 {
        style.size * 0.78 * 25.4 / 72.0
    }

    /// Column widths: narrow columns get what they need, wide ones share the rest.
    fn widths(header: &[String], rows: &[Vec<String>], size: f32) -> Vec<f32> {
        let n = header.len().max(1);
        let pad = 3.0;
        let natural: Vec<f32> = (0..n)
            .map(|i| {
                let head = pdf::text_width(&header[i], Font::Bold, size);
                rows.iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| pdf::text_width(c, Font::Regular, size))
                    .fold(head, f32::max)
                    + pad
            })
            .collect();
        let total: f32 = natural.iter().sum();
        if total <= WIDTH {
            let extra = (WIDTH - total) / n as f32;
            return natural.iter().map(|w| w + extra).collect();
        }
        let mut fixed = vec![false; n];
        loop {
            let free: f32 = WIDTH
                - (0..n)
                    .filter(|&i| fixed[i])
                    .map(|i| natural[i])
                    .sum::<f32>();
            let open: Vec<usize> = (0..n).filter(|&i| !fixed[i]).collect();
            let share = free / open.len().max(1) as f32;
            let newly: Vec<usize> = open
                .iter()
                .copied()
                .filter(|&i| natural[i] <= share)
                .collect();
            if newly.is_empty() {
                let wide: f32 = open.iter().map(|&i| natural[i]).sum();
                return (0..n)
                    .map(|i| {
                        if fixed[i] {
                            natural[i]
                        } else {
                            free * natural[i] / wide
                        }
                    })
                    .collect();
            }
            for i in newly {
                fixed[i] = true;
            }
        }
    }

    fn table(flow: &mut Flow, header: &[String], rows: &[Vec<String>]) {
        let size = 8.5;
        let body = Style::regular(size);
        let bold = Style::bold(size);
        let lh = body.line_height();
        let w = widths(header, rows, size);
        let draw_row = |flow: &mut Flow, cells: &[String], style: &Style, head: bool| {
            let wrapped: Vec<Vec<String>> = cells
                .iter()
                .enumerate()
                .map(|(i, c)| pdf::wrap(c, style.font, style.size, w[i] - 2.5))
                .collect();
            let lines = wrapped.iter().map(|l| l.len()).max().unwrap_or(1).max(1);
            let h = lines as f32 * lh + 2.0;
            flow.room(h);
            let top = flow.y;
            if head {
                flow.page().rect(LEFT, top, WIDTH, h, Paint::Fill(PALE));
            }
            let mut x = LEFT;
            for (i, cell) in wrapped.iter().enumerate() {
                for (k, line) in cell.iter().enumerate() {
                    flow.page()
                        .text(x + 1.2, top + 1.0 + lh * (k as f32 + 0.78), line, style);
                }
                x += w[i];
            }
            flow.page().line(
                LEFT,
                top + h,
                LEFT + WIDTH,
                top + h,
                Colour::LIGHT_GREY,
                0.4,
            );
            flow.y = top + h;
        };
        // the header stays with the first row
        let first = rows
            .first()
            .map(|row| {
                row.iter()
                    .enumerate()
                    .map(|(i, c)| pdf::wrap(c, Font::Regular, size, w[i] - 2.5).len())
                    .max()
                    .unwrap_or(1)
            })
            .unwrap_or(0);
        flow.room((first + 2) as f32 * lh + 4.0);
        draw_row(flow, header, &bold, true);
        for row in rows {
            let before = flow.pages.len();
            let lines = row
                .iter()
                .enumerate()
                .map(|(i, c)| pdf::wrap(c, Font::Regular, size, w[i] - 2.5).len())
                .max()
                .unwrap_or(1);
            flow.room(lines as f32 * lh + 2.0);
            if flow.pages.len() != before {
                draw_row(flow, header, &bold, true);
            }
            draw_row(flow, row, &body, false);
        }
        flow.y += 3.0;
    }

    /// The summary as an A4 PDF: title, then the blocks flowing over as many pages as needed,
    /// each page numbered.
    pub fn render(s: &Summary) -> Result<Vec<u8>> {
        let mut flow = Flow {
            pages: Vec::new(),
            y: TOP,
        };
        flow.new_page();
        let title = Style::bold(18.0).colour(GREEN);
        flow.lines(LEFT, WIDTH, &s.title, &title);
        flow.y += 1.0;
        flow.lines(
            LEFT,
            WIDTH,
            &s.subtitle,
            &Style::regular(9.5).colour(Colour::GREY),
        );
        flow.y += 3.0;
        let text = Style::regular(10.0);
        for (index, block) in s.blocks.iter().enumerate() {
            let before_table = matches!(s.blocks.get(index + 1), Some(Block::Table { .. }));
            match block {
                Block::Heading { text: h } => {
                    let style = Style::bold(12.5).colour(GREEN);
                    // a heading stays with what follows
                    flow.room(style.line_height() + 18.0);
                    flow.y += 4.0;
                    flow.lines(LEFT, WIDTH, h, &style);
                    let y = flow.y;
                    flow.page().line(LEFT, y, LEFT + WIDTH, y, RULE, 1.2);
                    flow.y += 3.0;
                }
                Block::Paragraph { text: p } => {
                    if before_table {
                        // a lead-in stays with its table
                        flow.room(text.line_height() + 16.0);
                    }
                    flow.lines(LEFT, WIDTH, p, &text);
                    flow.y += 2.0;
                }
                Block::Fields { pairs } => {
                    let label = Style::regular(9.5).colour(Colour::GREY);
                    let value = Style::regular(10.0);
                    for (k, v) in pairs {
                        let lines = pdf::wrap(v, Font::Regular, 10.0, WIDTH - 55.0);
                        flow.room(value.line_height() * lines.len() as f32);
                        let top = flow.y;
                        let y = top + ascent(&value);
                        flow.page().text(LEFT, y, k, &label);
                        for (i, line) in lines.iter().enumerate() {
                            flow.page().text(
                                LEFT + 55.0,
                                y + i as f32 * value.line_height(),
                                line,
                                &value,
                            );
                        }
                        flow.y = top + value.line_height() * lines.len().max(1) as f32 + 0.6;
                    }
                    flow.y += 2.0;
                }
                Block::Table { header, rows } => table(&mut flow, header, rows),
                Block::List { items } => {
                    for item in items {
                        let (indent, item) = match item.strip_prefix("    ") {
                            Some(sub) => (10.0, sub),
                            None => (0.0, item.as_str()),
                        };
                        let lines = pdf::wrap(item, Font::Regular, 10.0, WIDTH - 6.0 - indent);
                        flow.room(text.line_height());
                        let y = flow.y + ascent(&text);
                        flow.page().text(
                            LEFT + 1.0 + indent,
                            y,
                            if indent > 0.0 { "–" } else { "•" },
                            &text,
                        );
                        for line in lines {
                            flow.room(text.line_height());
                            let y = flow.y + ascent(&text);
                            flow.page().text(LEFT + 6.0 + indent, y, &line, &text);
                            flow.y += text.line_height();
                        }
                        flow.y += 0.8;
                    }
                    flow.y += 2.0;
                }
            }
        }
        let count = flow.pages.len();
        let foot = Style::regular(8.0).colour(Colour::GREY);
        let mut doc = Document::new(DocumentInfo::new(
            s.title.clone(),
            format!("member-export-{}-{}", s.member_id, s.date),
            s.date,
        ));
        for (i, mut page) in flow.pages.into_iter().enumerate() {
            page.text(LEFT, 290.0, &s.title, &foot);
            page.text_right(LEFT + WIDTH, 290.0, &format!("{} / {count}", i + 1), &foot);
            *doc.page() = page;
        }
        Ok(doc.to_bytes())
    }
}
