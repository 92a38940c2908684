//! HelloAsso's membership-form export: one row per order (a member and their plan), keyed on
//! « Référence commande »; an order already imported from the payments export is matched.

use crate::books::payments::PlanPayment;
use crate::bridges::csv_file::Table;
use crate::bridges::helloasso_match::{
    already_imported, euros, euros_en, existing_prefix, member_and_means, member_for, method_of,
    nothing_to_record, on_date_or_amount, plan_named, start_row, Cells, PlanNames, RowColumns,
    RowStart,
};
use crate::bridges::report::{
    check_email, missing_columns, Outcome, Problem, RowReport, RowResult,
};
use crate::people::members::MemberInput;
use rusqlite::Connection;

/// Columns of the membership-form export that an import cannot do without.
const MEMBERSHIP_COLUMNS: [&str; 7] = [
    "Référence commande",
    "Date de la commande",
    "Statut de la commande",
    "Nom adhérent",
    "Prénom adhérent",
    "Tarif",
    "Montant tarif",
];

/// The header's problems: a needed column missing (the member's email may be under « Email
/// adhérent » or « Email payeur »).
pub(crate) fn header_problems(table: &Table) -> Vec<RowReport> {
    let mut problems = missing_columns(table, &MEMBERSHIP_COLUMNS);
    if table.column("Email payeur").is_none() && table.column("Email adhérent").is_none() {
        problems.extend(missing_columns(table, &["Email payeur"]));
    }
    problems
}

/// The first steps of an order's row.
const ORDER_ROW: RowColumns = RowColumns {
    reference: "Référence commande",
    status: "Statut de la commande",
    date: "Date de la commande",
    amount: "Montant tarif",
    no_reference: (
        "référence de commande absente : sans elle, un second import ajouterait l'adhésion deux fois",
        "missing order reference: without it a second import would add the membership twice",
    ),
};

/// An order of the membership form: its member (found by email, else created) and the
/// payment of its plan.
pub(crate) fn membership_row(
    conn: &Connection,
    plans: &PlanNames,
    cells: Cells<'_>,
    row: &mut RowReport,
) -> RowResult {
    let (col, name, table) = (|c: &str| cells.get(c), |c: &str| cells.name(c), cells.table);
    let Some(start) = start_row(cells, row, &ORDER_ROW)? else {
        return Ok(());
    };
    let RowStart {
        reference: order,
        date,
        amount,
    } = start;
    let status = col("Statut de la commande");
    let email_column =
        if !col("Email adhérent").is_empty() || table.column("Email payeur").is_none() {
            "Email adhérent"
        } else {
            "Email payeur"
        };
    let email = col(email_column).trim().to_lowercase();
    check_email(&name(email_column), &email)?;
    row.email = Some(email.clone());
    let free = (
        "adhésion gratuite : rien à comptabiliser",
        "free membership: nothing to record",
    );
    if nothing_to_record(row, amount, &name("Montant tarif"), free) {
        return Ok(());
    }
    let key = format!("helloasso:{order}:form");
    let found = existing_prefix(conn, &format!("helloasso:{order}:"))
        .map_err(|e| Problem::from_error("Référence commande", e))?;
    if already_imported(row, found, |id| {
        (
            format!("commande {order} déjà importée (écriture {id})"),
            format!("order {order} already imported (entry {id})"),
        )
    }) {
        return Ok(());
    }
    let plan = plan_named(plans, &[(name("Tarif").as_str(), col("Tarif"))])?;
    let get = |c: &str| col(c).to_string();
    let input = MemberInput {
        first_name: get("Prénom adhérent"),
        last_name: get("Nom adhérent"),
        street: get("Adresse"),
        postal_code: get("Code postal"),
        city: get("Ville"),
        country: get("Pays"),
        phone: get("Téléphone"),
        ..Default::default()
    };
    let member = member_for(
        conn,
        &email,
        input,
        date,
        &name(email_column),
        &name("Nom adhérent"),
        row,
    )?;
    let (method, offline) = method_of(col("Moyen de paiement"), status);
    let paid = crate::books::payments::insert_plan_payment(
        conn,
        &PlanPayment {
            member,
            plan: plan.id,
            amount_cents: amount,
            gift_cents: None,
            date,
            method,
            external_ref: Some(key),
        },
    )
    .map_err(on_date_or_amount(
        &name("Date de la commande"),
        &name("Montant tarif"),
    ))?;
    row.entries.push(paid.entry);
    let ((who, how), (who_en, _)) = member_and_means(row.member_created, offline, method);
    row.set(
        Outcome::Created,
        None,
        format!("adhésion « {} » {} ; {who}{how}", plan.name, euros(amount)),
        format!("membership “{}” {}; {who_en}", plan.name, euros_en(amount)),
    );
    Ok(())
}
