//! HelloAsso's payments export: one row per payment (a membership, a plan, a donation, an
//! extra donation), keyed on « Référence paiement » so a second import of the same file adds
//! nothing; and the entry point that recognises which HelloAsso export a file is.

use crate::books::payments::{Gift, PlanPayment};
use crate::bridges::csv_file::{decode, parse_csv, parse_export_amount, Decoded, Table};
use crate::bridges::helloasso_forms;
use crate::bridges::helloasso_match::{
    already_imported, euros, euros_en, existing_entry, existing_payment, member_and_means,
    member_for, method_of, nothing_to_record, on_date_or_amount, plan_named, start_row, Cells,
    PlanNames, RowColumns, RowStart,
};
use crate::bridges::report::{
    check_email, missing_columns, run, run_then, FileKind, ImportOptions, ImportReport, Outcome,
    Problem, RowReport, RowResult,
};
use crate::kernel::error::{Error, Result};
use crate::kernel::search::fold;
use crate::people::members::{MemberInput, MemberKind};
use crate::store::db::Database;
use rusqlite::Connection;

/// Columns of the payments export that an import cannot do without.
const PAYMENT_COLUMNS: [&str; 5] = [
    "Référence paiement",
    "Date du paiement",
    "Montant total",
    "Statut du paiement",
    "Email payeur",
];

/// Which HelloAsso export a header belongs to.
pub fn recognise(table: &Table) -> Option<FileKind> {
    let has = |c: &str| table.column(c).is_some();
    let payments = [
        "Référence paiement",
        "Statut du paiement",
        "Date du paiement",
        "Montant total",
    ]
    .iter()
    .filter(|c| has(c))
    .count();
    let memberships = [
        "Statut de la commande",
        "Nom adhérent",
        "Date de la commande",
        "Montant tarif",
    ]
    .iter()
    .filter(|c| has(c))
    .count();
    match (payments, memberships) {
        (0, 0) => None,
        (p, m) if p >= m => Some(FileKind::HelloassoPayments),
        _ => Some(FileKind::HelloassoMemberships),
    }
}

/// Imports a HelloAsso export (payments, or membership form), recognised by its columns.
pub fn import_helloasso(
    db: &mut Database,
    bytes: &[u8],
    options: ImportOptions,
) -> Result<ImportReport> {
    let decoded = decode(bytes)?;
    let table = parse_csv(&decoded.text)?;
    let plans = PlanNames::read(db.conn())?;
    match recognise(&table) {
        Some(FileKind::HelloassoPayments) => {
            let problems = missing_columns(&table, &PAYMENT_COLUMNS);
            run(
                db,
                FileKind::HelloassoPayments,
                &decoded,
                &table,
                options,
                problems,
                |conn, record, row| payment_row(conn, &plans, Cells { table: &table, record }, row),
            )
        }
        Some(FileKind::HelloassoMemberships) => {
            let problems = helloasso_forms::header_problems(&table);
            run(
                db,
                FileKind::HelloassoMemberships,
                &decoded,
                &table,
                options,
                problems,
                |conn, record, row| {
                    helloasso_forms::membership_row(conn, &plans, Cells { table: &table, record }, row)
                },
            )
        }
        _ => Err(Error::invalid(
            "fichier",
            table.header.join(&table.separator.to_string()),
            "fichier non reconnu : ni un export des paiements HelloAsso (colonnes Référence paiement, Date du paiement, Montant total…) ni un export des adhésions (Référence commande, Date de la commande, Nom adhérent, Tarif…)",
            "unrecognised file: neither a HelloAsso payments export (columns Référence paiement, Date du paiement, Montant total…) nor a membership-form export (Référence commande, Date de la commande, Nom adhérent, Tarif…)",
        )),
    }
}

/// Rows laid out as the payments export lays them (the HelloAsso API sync builds such a
/// table), through the same mapping and keys; `finish` runs in the same transaction when the
/// import is kept.
pub(crate) fn import_payments_table(
    db: &mut Database,
    decoded: &Decoded,
    table: &Table,
    options: ImportOptions,
    finish: impl FnMut(&Connection) -> Result<Option<serde_json::Value>>,
) -> Result<ImportReport> {
    let plans = PlanNames::read(db.conn())?;
    let problems = missing_columns(table, &PAYMENT_COLUMNS);
    run_then(
        db,
        FileKind::HelloassoPayments,
        decoded,
        table,
        options,
        problems,
        |conn, record, row| payment_row(conn, &plans, Cells { table, record }, row),
        finish,
    )
}

/// The payer as a new member: a person, or the organisation of « Raison sociale ».
fn payer_input(cells: Cells<'_>, prefix: &str) -> MemberInput {
    let get = |c: &str| cells.get(c).to_string();
    let first = get(&format!("Prénom {prefix}"));
    let last = get(&format!("Nom {prefix}"));
    let company = get("Raison sociale");
    let mut input = MemberInput {
        first_name: first.clone(),
        last_name: last.clone(),
        street: get(&format!("Adresse {prefix}")),
        postal_code: get(&format!("Code Postal {prefix}")),
        city: get(&format!("Ville {prefix}")),
        country: get(&format!("Pays {prefix}")),
        ..Default::default()
    };
    if first.is_empty() && last.is_empty() && !company.is_empty() {
        input.kind = MemberKind::Organisation;
        input.org_name = company;
    }
    input
}

/// The first steps of a payment's row.
const PAYMENT_ROW: RowColumns = RowColumns {
    reference: "Référence paiement",
    status: "Statut du paiement",
    date: "Date du paiement",
    amount: "Montant total",
    no_reference: (
        "référence de paiement absente : sans elle, un second import ajouterait le paiement deux fois",
        "missing payment reference: without it a second import would add the payment twice",
    ),
};

fn payment_row(
    conn: &Connection,
    plans: &PlanNames,
    cells: Cells,
    row: &mut RowReport,
) -> RowResult {
    let (col, name) = (|c: &str| cells.get(c), |c: &str| cells.name(c));
    let Some(RowStart {
        reference,
        date,
        amount: total,
    }) = start_row(cells, row, &PAYMENT_ROW)?
    else {
        return Ok(());
    };
    let order = col("Référence commande").to_string();
    let means = col("Moyen de paiement");
    let status = col("Statut du paiement");
    let extra = match col("Don supplémentaire") {
        "" => 0,
        text => parse_export_amount(&name("Don supplémentaire"), text)
            .map_err(|e| Problem::from_error(&name("Don supplémentaire"), e))?,
    };
    let email = col("Email payeur").trim().to_lowercase();
    check_email(&name("Email payeur"), &email)?;
    row.email = Some(email.clone());
    let kind = fold(col("Type"));
    let tarif_name = col("Tarif");
    let campaign = col("Campagne");
    enum What {
        Membership,
        Donation,
    }
    let what = if kind.contains("adhesion") || kind.contains("cotisation") {
        What::Membership
    } else if kind.contains("don") {
        What::Donation
    } else if kind.is_empty() {
        if tarif_name.is_empty() && col("Montant du tarif").is_empty() {
            What::Donation
        } else {
            What::Membership
        }
    } else if !tarif_name.is_empty()
        && plan_named(plans, &[(name("Tarif").as_str(), tarif_name)]).is_ok()
    {
        // a payment for a plan sold outside a membership campaign (a storage tier)
        What::Membership
    } else {
        let t = col("Type");
        row.set(
            Outcome::Skipped,
            Some(&name("Type")),
            format!(
                "type « {t} » : ni une adhésion, ni un don, ni une formule connue : non importé"
            ),
            format!("type “{t}”: neither a membership, a donation nor a known plan: not imported"),
        );
        return Ok(());
    };
    let zero = (
        "montant nul : rien à comptabiliser",
        "zero amount: nothing to record",
    );
    if nothing_to_record(row, total, &name("Montant total"), zero) {
        return Ok(());
    }
    let key = format!("helloasso:{order}:{reference}");
    let found = existing_payment(conn, &key, &reference)
        .map_err(|e| Problem::from_error("Référence paiement", e))?;
    if already_imported(row, found, |id| {
        (
            format!("paiement {reference} déjà importé (écriture {id})"),
            format!("payment {reference} already imported (entry {id})"),
        )
    }) {
        return Ok(());
    }
    if !order.is_empty() && matches!(what, What::Membership) {
        let found = existing_entry(conn, &format!("helloasso:{order}:form"))
            .map_err(|e| Problem::from_error("Référence commande", e))?;
        if already_imported(row, found, |id| {
            (
                format!(
                    "commande {order} déjà importée depuis l'export des adhésions (écriture {id})"
                ),
                format!("order {order} already imported from the membership export (entry {id})"),
            )
        }) {
            return Ok(());
        }
    }
    let (method, offline) = method_of(means, status);
    let member = member_for(
        conn,
        &email,
        payer_input(cells, "payeur"),
        date,
        &name("Email payeur"),
        &name("Nom payeur"),
        row,
    )?;
    let ((who, how), (who_en, how_en)) = member_and_means(row.member_created, offline, method);
    match what {
        What::Membership => {
            let tarif = match col("Montant du tarif") {
                "" => total - extra,
                text => parse_export_amount(&name("Montant du tarif"), text)
                    .map_err(|e| Problem::from_error(&name("Montant du tarif"), e))?,
            };
            if tarif + extra != total {
                return Err(Problem::new(
                    &name("Montant total"),
                    format!(
                        "le montant total {} ne vaut pas le tarif {} plus le don supplémentaire {}",
                        euros(total),
                        euros(tarif),
                        euros(extra)
                    ),
                    format!(
                        "the total {} is not the price {} plus the extra donation {}",
                        euros_en(total),
                        euros_en(tarif),
                        euros_en(extra)
                    ),
                ));
            }
            let plan = plan_named(
                plans,
                &[
                    (name("Tarif").as_str(), tarif_name),
                    (name("Campagne").as_str(), campaign),
                ],
            )?;
            if tarif > 0 {
                let paid = crate::books::payments::insert_plan_payment(
                    conn,
                    &PlanPayment {
                        member,
                        plan: plan.id,
                        amount_cents: tarif,
                        gift_cents: None,
                        date,
                        method,
                        external_ref: Some(key.clone()),
                    },
                )
                .map_err(on_date_or_amount(
                    &name("Date du paiement"),
                    &name("Montant du tarif"),
                ))?;
                row.entries.push(paid.entry);
            }
            if extra > 0 {
                let gift = crate::books::payments::insert_gift(
                    conn,
                    &Gift {
                        member: Some(member),
                        counterparty: String::new(),
                        amount_cents: extra,
                        date,
                        method,
                        subsidy: false,
                        label: "Don supplémentaire (HelloAsso)".into(),
                        external_ref: Some(format!("{key}:don")),
                    },
                )
                .map_err(|e| Problem::from_error(&name("Don supplémentaire"), e))?;
                row.entries.push(gift);
            }
            let gift_fr = if extra > 0 {
                format!(" + don supplémentaire {}", euros(extra))
            } else {
                String::new()
            };
            let gift_en = if extra > 0 {
                format!(" + extra donation {}", euros_en(extra))
            } else {
                String::new()
            };
            row.set(
                Outcome::Created,
                None,
                format!(
                    "adhésion « {} » {}{gift_fr} ; {who}{how}",
                    plan.name,
                    euros(tarif)
                ),
                format!(
                    "membership “{}” {}{gift_en}; {who_en}{how_en}",
                    plan.name,
                    euros_en(tarif)
                ),
            );
        }
        What::Donation => {
            let id = crate::books::payments::insert_gift(
                conn,
                &Gift {
                    member: Some(member),
                    counterparty: String::new(),
                    amount_cents: total,
                    date,
                    method,
                    subsidy: false,
                    label: if campaign.is_empty() {
                        "Don (HelloAsso)".into()
                    } else {
                        format!("Don - {campaign}")
                    },
                    external_ref: Some(key.clone()),
                },
            )
            .map_err(on_date_or_amount(
                &name("Date du paiement"),
                &name("Montant total"),
            ))?;
            row.entries.push(id);
            row.set(
                Outcome::Created,
                None,
                format!("don {} ; {who}{how}", euros(total)),
                format!("donation {}; {who_en}{how_en}", euros_en(total)),
            );
        }
    }
    Ok(())
}
