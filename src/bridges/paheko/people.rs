//! Paheko's members, activities, fees and subscriptions as Panier members, plans and periods.
//!
//! Members are read through Paheko's field configuration (`config_users_fields`), never by
//! guessed column names: the name fields are those flagged as names, the email the first field
//! of type email; Paheko's preset fields (adresse, code_postal, ville, pays, telephone,
//! date_inscription) fill Panier's address, phone and joining day when the configuration has
//! them; a select field one of whose choices names an organisation (« Personne morale »,
//! « Organisation », « Association », « Entreprise »…) says which members are organisations;
//! every other field with a value goes into the member's notes as « Label : value », so
//! nothing is lost. A member without a usable email gets a reserved address that can receive
//! nothing (`paheko-<id>@sans-adresse.invalid`, RFC 2606).

use super::source::{PahekoFile, UserField, FIELD_NAMES, FIELD_PASSWORD};
use super::{known, known_as, remember, remember_as, Items, PahekoKind, PahekoOutcome};
use crate::kernel::dates::Period;
use crate::kernel::error::Result;
use crate::kernel::ids::{MemberId, PlanId, SubscriptionId};
use crate::kernel::money::plain;
use crate::kernel::search::fold;
use crate::membership::dues;
use crate::membership::plans::{self, Plan, PlanInput, PlanKind, PlanPeriod};
use crate::membership::subscriptions;
use crate::people::members::{self, MemberInput, MemberKind};
use crate::Lang;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use std::collections::{HashMap, HashSet};

/// The key of `paheko_ids` for an unpaid subscription written as a due.
const DUE: &str = "due";

/// Paheko's preset fields Panier has a place for.
const PRESETS: [&str; 6] = [
    "adresse",
    "code_postal",
    "ville",
    "pays",
    "telephone",
    "date_inscription",
];

/// Words that make a select field's choice an organisation.
const ORGANISATION_WORDS: [&str; 8] = [
    "morale",
    "organisation",
    "organization",
    "association",
    "entreprise",
    "societe",
    "collectivite",
    "structure",
];

/// What each field of Paheko's member form is for, from its configuration.
struct FieldRoles<'a> {
    names: Vec<&'a UserField>,
    email: Option<&'a UserField>,
    /// the select field and its choices that mean an organisation
    organisation: Option<(&'a UserField, Vec<String>)>,
    presets: HashSet<&'a str>,
    /// the rest, carried into the notes
    others: Vec<&'a UserField>,
}

fn roles(fields: &[UserField]) -> FieldRoles<'_> {
    let stored: Vec<&UserField> = fields.iter().filter(|f| f.stored).collect();
    let names: Vec<&UserField> = stored
        .iter()
        .copied()
        .filter(|f| f.system & FIELD_NAMES != 0)
        .collect();
    let email = stored.iter().copied().find(|f| f.kind == "email");
    let organisation = stored
        .iter()
        .copied()
        .filter(|f| f.kind == "select")
        .find_map(|f| {
            let choices: Vec<String> = f
                .options
                .iter()
                .filter(|o| {
                    let o = fold(o);
                    ORGANISATION_WORDS.iter().any(|w| o.contains(w))
                })
                .cloned()
                .collect();
            (!choices.is_empty()).then_some((f, choices))
        });
    let presets: HashSet<&str> = stored
        .iter()
        .map(|f| f.name.as_str())
        .filter(|n| PRESETS.contains(n))
        .collect();
    let taken = |f: &UserField| {
        f.system & (FIELD_NAMES | FIELD_PASSWORD) != 0
            || f.kind == "password"
            || email.is_some_and(|e| e.name == f.name)
            || organisation.as_ref().is_some_and(|(o, _)| o.name == f.name)
            || presets.contains(f.name.as_str())
    };
    let others = stored.iter().copied().filter(|f| !taken(f)).collect();
    FieldRoles {
        names,
        email,
        organisation,
        presets,
        others,
    }
}

/// A field's value as a person reads it (a checkbox as oui/non, a multiple field as its
/// choices).
fn readable(field: &UserField, value: &str) -> String {
    match field.kind.as_str() {
        "checkbox" => match value {
            "1" => "oui".into(),
            _ => String::new(),
        },
        "multiple" => {
            let bits: u64 = value.parse().unwrap_or(0);
            field
                .options
                .iter()
                .enumerate()
                .filter(|(i, _)| *i < 64 && bits & (1 << i) != 0)
                .map(|(_, o)| o.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        }
        _ => value.to_string(),
    }
}

fn placeholder_email(id: i64) -> String {
    format!("paheko-{id}@sans-adresse.invalid")
}

fn usable_email(email: &str) -> bool {
    crate::kernel::text::check_email("email", email).is_ok()
}

/// Creates (or finds, from an earlier import) a Panier member per Paheko member. Returns the
/// Panier id of each Paheko member id.
pub(super) fn import_members(
    tx: &Connection,
    file: &PahekoFile,
    today: NaiveDate,
    items: &mut Items,
) -> Result<HashMap<i64, MemberId>> {
    let roles = roles(&file.fields);
    let mut out = HashMap::new();
    let mut emails: HashSet<String> = HashSet::new();
    for user in &file.users {
        let get = |name: &str| user.values.get(name).map(String::as_str).unwrap_or("");
        let full_name = roles
            .names
            .iter()
            .map(|f| get(&f.name))
            .filter(|v| !v.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        if let Some(id) = known(tx, PahekoKind::Member, user.id)? {
            if members::get(tx, MemberId(id)).is_err() {
                // deleted in Panier since: not brought back
                items.push(
                    PahekoKind::Member,
                    user.id,
                    &full_name,
                    PahekoOutcome::Skipped,
                    "importé auparavant puis supprimé dans Panier : pas repris",
                    "imported before, then deleted in Panier: not brought back",
                    None,
                );
                continue;
            }
            out.insert(user.id, MemberId(id));
            items.push(
                PahekoKind::Member,
                user.id,
                &full_name,
                PahekoOutcome::Matched,
                "importé auparavant",
                "imported before",
                Some(id),
            );
            continue;
        }
        let organisation = roles
            .organisation
            .as_ref()
            .is_some_and(|(f, choices)| choices.iter().any(|c| c == get(&f.name)));
        let mut input = if roles.names.len() > 1 && !organisation {
            // separate fields: the one called « prénom » is the first name
            let (first, last): (Vec<&UserField>, Vec<&UserField>) =
                roles.names.iter().partition(|f| {
                    fold(&f.name).contains("prenom") || fold(&f.label).contains("prenom")
                });
            let join = |fs: &[&UserField]| {
                fs.iter()
                    .map(|f| get(&f.name))
                    .filter(|v| !v.is_empty())
                    .collect::<Vec<_>>()
                    .join(" ")
            };
            MemberInput {
                first_name: join(&first),
                last_name: join(&last),
                ..Default::default()
            }
        } else {
            MemberInput::from_name(&full_name, "", organisation)
        };
        let mut notes_fr = Vec::new();
        let mut notes_en = Vec::new();
        let email = roles
            .email
            .map(|f| get(&f.name).trim().to_lowercase())
            .unwrap_or_default();
        input.email = if email.is_empty() {
            notes_fr.push("sans adresse électronique : adresse réservée donnée".to_string());
            notes_en.push("no email: a reserved address given".to_string());
            placeholder_email(user.id)
        } else if !usable_email(&email) {
            notes_fr.push(format!(
                "adresse « {email} » illisible : gardée dans les notes"
            ));
            notes_en.push(format!("unreadable address “{email}”: kept in the notes"));
            input.notes.push_str(&format!("Adresse Paheko : {email}\n"));
            placeholder_email(user.id)
        } else if emails.contains(&email) || members::find(tx, &email).is_ok() {
            notes_fr.push(format!(
                "adresse « {email} » déjà prise par un autre membre : gardée dans les notes"
            ));
            notes_en.push(format!(
                "address “{email}” already used by another member: kept in the notes"
            ));
            input.notes.push_str(&format!("Adresse Paheko : {email}\n"));
            placeholder_email(user.id)
        } else {
            email
        };
        emails.insert(input.email.clone());
        if roles.presets.contains("adresse") {
            input.street = get("adresse").replace(['\r', '\n'], " ").trim().to_string();
        }
        input.postal_code = get("code_postal").to_string();
        input.city = get("ville").to_string();
        input.country = get("pays").to_string();
        let phone = get("telephone");
        if phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +().-".contains(c))
        {
            input.phone = phone.to_string();
        } else {
            input.notes.push_str(&format!("Téléphone : {phone}\n"));
        }
        input.joined_on = get("date_inscription")
            .get(..10)
            .and_then(|d| d.parse().ok())
            .filter(|d: &NaiveDate| *d <= today);
        for f in &roles.others {
            let value = readable(f, get(&f.name));
            if !value.is_empty() {
                input.notes.push_str(&format!("{} : {value}\n", f.label));
            }
        }
        input.notes = input.notes.trim_end().to_string();
        match members::insert(tx, &input, today) {
            Ok(id) => {
                remember(tx, PahekoKind::Member, user.id, id.0)?;
                out.insert(user.id, id);
                let kind = if input.kind == MemberKind::Organisation {
                    ("organisation", "organisation")
                } else {
                    ("personne", "person")
                };
                notes_fr.insert(0, kind.0.to_string());
                notes_en.insert(0, kind.1.to_string());
                items.push(
                    PahekoKind::Member,
                    user.id,
                    &full_name,
                    PahekoOutcome::Created,
                    notes_fr.join(" ; "),
                    notes_en.join("; "),
                    Some(id.0),
                );
            }
            Err(e) => items.push(
                PahekoKind::Member,
                user.id,
                &full_name,
                PahekoOutcome::Refused,
                e.message(Lang::Fr),
                e.message(Lang::En),
                None,
            ),
        }
    }
    Ok(out)
}

/// A Paheko activity's duration as a Panier plan's period: a calendar year when its dates
/// are 1 January to 31 December, else whole months (365 days are 12 months).
fn period_of(service: &super::source::Service) -> PlanPeriod {
    let months = |days: i64| PlanPeriod::Months(((days as f64 / 30.44).round() as u32).max(1));
    match (service.duration_days, service.start, service.end) {
        (Some(days), _, _) => months(days),
        (None, Some(start), Some(end)) => {
            if start.month() == 1
                && start.day() == 1
                && end.month() == 12
                && end.day() == 31
                && start.year() == end.year()
            {
                PlanPeriod::Civil
            } else {
                months((end - start).num_days() + 1)
            }
        }
        _ => PlanPeriod::Civil,
    }
}

/// The plans, keyed by Paheko (activity, fee): one per fee, and one per activity without fees.
pub(super) type Plans = HashMap<(i64, Option<i64>), Plan>;

pub(super) fn import_plans(tx: &Connection, file: &PahekoFile, items: &mut Items) -> Result<Plans> {
    let mut out = Plans::new();
    for service in &file.services {
        let fees: Vec<&super::source::Fee> = file
            .fees
            .iter()
            .filter(|f| f.service == service.id)
            .collect();
        let mut wanted: Vec<(Option<&super::source::Fee>, i64)> =
            fees.iter().map(|f| (Some(*f), f.id)).collect();
        if wanted.is_empty() {
            // an activity without fees: one free plan, keyed by the activity's id (negative,
            // so it never meets a fee id)
            wanted.push((None, -service.id));
        }
        for (fee, key) in wanted {
            let name = match fee {
                Some(f) if fold(&f.label) != fold(&service.label) => {
                    format!("{} — {}", service.label, f.label)
                }
                _ => service.label.clone(),
            };
            if let Some(id) = known(tx, PahekoKind::Fee, key)? {
                let plan = plans::get(tx, PlanId(id))?;
                out.insert((service.id, fee.map(|f| f.id)), plan);
                items.push(
                    PahekoKind::Fee,
                    key,
                    &name,
                    PahekoOutcome::Matched,
                    "importé auparavant",
                    "imported before",
                    Some(id),
                );
                continue;
            }
            let taken = plans::list(tx)?
                .iter()
                .any(|p| fold(&p.name) == fold(&name));
            let name = if taken {
                format!("{name} (Paheko {key})")
            } else {
                name
            };
            let description = [
                service.description.as_str(),
                fee.map(|f| f.description.as_str()).unwrap_or(""),
            ]
            .iter()
            .filter(|d| !d.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("\n");
            let input = PlanInput {
                name: name.clone(),
                kind: PlanKind::Fee,
                amount_cents: fee.and_then(|f| f.amount_cents).unwrap_or(0).max(0),
                min_cents: None,
                counterpart_cents: 0,
                quota_bytes: None,
                period: period_of(service),
                members_only: false,
                covers_gap: false,
                description,
            };
            let (mut fr, mut en) = (String::new(), String::new());
            if fee.is_some_and(|f| f.formula) {
                fr = "montant calculé par une formule dans Paheko : formule à 0 €, chaque paiement garde son montant".into();
                en = "amount computed by a formula in Paheko: plan at 0 €, each payment keeps its amount".into();
            }
            match plans::insert(tx, &input) {
                Ok(id) => {
                    if service.archived {
                        tx.execute("UPDATE plans SET archived = 1 WHERE id = ?1", [id])?;
                    }
                    remember(tx, PahekoKind::Fee, key, id.0)?;
                    out.insert((service.id, fee.map(|f| f.id)), plans::get(tx, id)?);
                    items.push(
                        PahekoKind::Fee,
                        key,
                        &name,
                        PahekoOutcome::Created,
                        fr,
                        en,
                        Some(id.0),
                    );
                }
                Err(e) => items.push(
                    PahekoKind::Fee,
                    key,
                    &name,
                    PahekoOutcome::Refused,
                    e.message(Lang::Fr),
                    e.message(Lang::En),
                    None,
                ),
            }
        }
    }
    Ok(out)
}

/// A paid subscription as Panier holds it: the period, its plan and member.
#[derive(Debug, Clone, Copy)]
pub(super) struct Paid {
    pub subscription: SubscriptionId,
    pub plan: PlanId,
    pub member: MemberId,
}

/// Paid subscriptions become periods (Panier's periods are what was paid or given); unpaid
/// ones become dues (`membership::dues`), with the amount Paheko expects: a period would
/// count them as paid.
pub(super) fn import_subscriptions(
    tx: &Connection,
    file: &PahekoFile,
    members: &HashMap<i64, MemberId>,
    plans: &Plans,
    items: &mut Items,
) -> Result<HashMap<i64, Paid>> {
    let mut out = HashMap::new();
    let paying: HashSet<i64> = file
        .transactions
        .iter()
        .flat_map(|t| t.subscriptions.iter().copied())
        .collect();
    for s in &file.subscriptions {
        let Some(plan) = plans
            .get(&(s.service, s.fee))
            .or_else(|| plans.get(&(s.service, None)))
        else {
            continue;
        };
        let name = format!("{} — {}", plan.name, s.date);
        let Some(&member) = members.get(&s.user) else {
            // its member was refused (reported above): that refusal is the one to fix
            items.push(
                PahekoKind::Subscription,
                s.id,
                &name,
                PahekoOutcome::Skipped,
                "son membre n'est pas repris (voir plus haut)",
                "its member is not imported (see above)",
                None,
            );
            continue;
        };
        if let Some(id) = known(tx, PahekoKind::Subscription, s.id)? {
            out.insert(
                s.id,
                Paid {
                    subscription: SubscriptionId(id),
                    plan: plan.id,
                    member,
                },
            );
            items.push(
                PahekoKind::Subscription,
                s.id,
                &name,
                PahekoOutcome::Matched,
                "importée auparavant",
                "imported before",
                Some(id),
            );
            continue;
        }
        let end = match s.expiry {
            Some(expiry) => expiry.succ_opt().unwrap_or(expiry),
            None => subscriptions::period_after(None, plan, s.date).end_exclusive,
        };
        let period = Period {
            start: s.date,
            end_exclusive: end.max(s.date.succ_opt().unwrap_or(end)),
        };
        if !s.paid {
            // not a period (Panier would count it as paid): a due, with what Paheko expects
            if let Some(id) = known_as(tx, DUE, s.id)? {
                items.push(
                    PahekoKind::Subscription,
                    s.id,
                    &name,
                    PahekoOutcome::Matched,
                    "importée auparavant (due)",
                    "imported before (owed)",
                    Some(id),
                );
                continue;
            }
            let amount = s.expected_cents.unwrap_or(plan.amount_cents).max(0);
            let id = dues::insert(tx, member, plan.id, period, amount, "paheko")?;
            remember_as(tx, DUE, s.id, id)?;
            items.push(
                PahekoKind::Subscription,
                s.id,
                &name,
                PahekoOutcome::Created,
                format!("non payée dans Paheko : due, {} à payer pour la période du {} au {}  ; réglée quand son paiement est enregistré", plain(amount), period.start, period.last_day()),
                format!("unpaid in Paheko: owed, {} to pay for {} to {}; settled when the payment is recorded", plain(amount), period.start, period.last_day()),
                Some(id),
            );
            if let Some(last) = items.0.last_mut() {
                last.due = true;
            }
            continue;
        }
        let id = subscriptions::insert(tx, member, plan.id, period)?;
        remember(tx, PahekoKind::Subscription, s.id, id.0)?;
        out.insert(
            s.id,
            Paid {
                subscription: id,
                plan: plan.id,
                member,
            },
        );
        let (fr, en) = if paying.contains(&s.id) {
            (
                format!(
                    "payée, jusqu'au {} inclus, avec son écriture",
                    period.last_day()
                ),
                format!(
                    "paid, up to {} included, with its transaction",
                    period.last_day()
                ),
            )
        } else {
            (
                format!(
                    "payée sans écriture liée dans Paheko, jusqu'au {} inclus",
                    period.last_day()
                ),
                format!(
                    "paid with no linked transaction in Paheko, up to {} included",
                    period.last_day()
                ),
            )
        };
        items.push(
            PahekoKind::Subscription,
            s.id,
            &name,
            PahekoOutcome::Created,
            fr,
            en,
            Some(id.0),
        );
    }
    Ok(out)
}
