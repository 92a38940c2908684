//! How a HelloAsso row finds what it refers to: its member (by email, else created), its plan
//! (by the « Tarif » or campaign name), an entry already imported (by its reference); and
//! what HelloAsso's statuses and payment means say here.

use crate::books::ledger::Method;
use crate::bridges::csv_file::{parse_datetime, parse_export_amount, Record, Table};
use crate::bridges::report::{Outcome, Problem, RowReport};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{EntryId, MemberId};
use crate::kernel::money::from_cents;
use crate::kernel::money::Cents;
use crate::kernel::search::fold;
use crate::membership::plans::Plan;
use crate::people::members::MemberInput;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::{Connection, OptionalExtension};

/// The columns of the first steps of a HelloAsso row, and what to say when its reference is
/// missing (French, English).
pub(crate) struct RowColumns {
    pub reference: &'static str,
    pub status: &'static str,
    pub date: &'static str,
    pub amount: &'static str,
    pub no_reference: (&'static str, &'static str),
}

/// One record of a HelloAsso file, read by column name.
#[derive(Clone, Copy)]
pub(crate) struct Cells<'a> {
    pub table: &'a Table,
    pub record: &'a Record,
}

impl<'a> Cells<'a> {
    /// The cell under `column` (trimmed); empty when the column or the cell is missing.
    pub fn get(&self, column: &str) -> &'a str {
        self.table.cell(self.record, column).unwrap_or("")
    }

    /// The header's own spelling of `column`, for messages.
    pub fn name(&self, column: &str) -> String {
        self.table.header_name(column)
    }
}

/// What the first steps read of a row to import.
pub(crate) struct RowStart {
    pub reference: String,
    pub date: NaiveDate,
    pub amount: Cents,
}

/// The first steps every HelloAsso row (a payment, an order) goes through: its reference
/// (required: it is what finds the row again on a second import), its status (a row refunded,
/// cancelled or pending is skipped, said in `row`: then `None`), its date and its amount.
pub(crate) fn start_row(
    cells: Cells<'_>,
    row: &mut RowReport,
    columns: &RowColumns,
) -> std::result::Result<Option<RowStart>, Problem> {
    let (col, name) = (|c: &str| cells.get(c), |c: &str| cells.name(c));
    let reference = col(columns.reference).to_string();
    if reference.is_empty() {
        let (fr, en) = columns.no_reference;
        return Err(Problem::new(&name(columns.reference), fr, en));
    }
    row.reference = Some(reference.clone());
    let status = col(columns.status);
    if let Some((fr, en)) = skipped_status(status) {
        row.set(
            Outcome::Skipped,
            Some(&name(columns.status)),
            format!("{fr} (« {status} »)"),
            format!("{en} (“{status}”)"),
        );
        return Ok(None);
    }
    let date = parse_datetime(&name(columns.date), col(columns.date))
        .map_err(|e| Problem::from_error(&name(columns.date), e))?;
    row.date = Some(date);
    let amount = parse_export_amount(&name(columns.amount), col(columns.amount))
        .map_err(|e| Problem::from_error(&name(columns.amount), e))?;
    row.amount = Some(from_cents(amount));
    Ok(Some(RowStart {
        reference,
        date,
        amount,
    }))
}

/// How a created row ends its sentence, French and English: whether its member was created
/// or found, and, for a payment registered offline, by what means.
pub(crate) fn member_and_means(
    member_created: bool,
    offline: bool,
    method: Method,
) -> ((&'static str, String), (&'static str, String)) {
    let (who, who_en) = if member_created {
        ("membre créé", "new member")
    } else {
        ("membre existant", "existing member")
    };
    let (how, how_en) = if offline {
        (
            format!(", payé hors ligne ({})", method.as_str()),
            format!(", paid offline ({})", method.as_str()),
        )
    } else {
        (String::new(), String::new())
    };
    ((who, how), (who_en, how_en))
}

/// Why a HelloAsso status means "do not import" (refunded, cancelled, refused, pending).
pub(crate) fn skipped_status(status: &str) -> Option<(&'static str, &'static str)> {
    let s = fold(status);
    if s.contains("rembours") {
        Some(("paiement remboursé : ignoré", "refunded payment: skipped"))
    } else if s.contains("annul") {
        Some(("paiement annulé : ignoré", "cancelled payment: skipped"))
    } else if s.contains("refus") || s.contains("echou") {
        Some((
            "paiement refusé par la banque : ignoré",
            "declined payment: skipped",
        ))
    } else if s.contains("attente") {
        Some((
            "paiement en attente : ignoré (importez-le une fois validé)",
            "pending payment: skipped (import it once validated)",
        ))
    } else {
        None
    }
}

/// The payment method: online payments went through HelloAsso; a payment marked « Hors
/// ligne » was made outside it and keeps its own method (cheque, cash, transfer).
pub(crate) fn method_of(means: &str, status: &str) -> (Method, bool) {
    let m = fold(means);
    let offline = m.contains("hors ligne") || fold(status).contains("hors ligne");
    let named = if m.contains("cheque") {
        Some(Method::Cheque)
    } else if m.contains("espece") || m.contains("liquide") {
        Some(Method::Cash)
    } else if m.contains("virement") {
        Some(Method::Transfer)
    } else {
        None
    };
    match (offline, named) {
        (_, Some(method)) => (method, true),
        (true, None) => (Method::Other, true),
        (false, None) => (Method::Helloasso, false),
    }
}

/// Finds the member with this email (trimmed, lower-cased) or creates them from `input`.
pub(crate) fn member_for(
    conn: &Connection,
    email: &str,
    input: MemberInput,
    joined: NaiveDate,
    email_field: &str,
    name_field: &str,
    row: &mut RowReport,
) -> std::result::Result<MemberId, Problem> {
    let email = email.trim().to_lowercase();
    let found: Option<MemberId> = conn
        .prepare_cached("SELECT id FROM members WHERE email = ?1")
        .and_then(|mut stmt| stmt.query_row([&email], |r| r.get(0)).optional())
        .map_err(|e| Problem::from_error(email_field, e.into()))?;
    if let Some(id) = found {
        row.member = Some(id);
        return Ok(id);
    }
    let input = MemberInput {
        email,
        joined_on: Some(joined),
        ..input
    };
    let id = crate::people::members::insert(conn, &input, joined).map_err(|e| {
        let field = match &e {
            Error::Invalid { field, .. } if field == "email" => email_field,
            _ => name_field,
        };
        Problem::from_error(field, e)
    })?;
    row.member = Some(id);
    row.member_created = true;
    Ok(id)
}

pub(crate) fn existing_entry(conn: &Connection, key: &str) -> Result<Option<EntryId>> {
    Ok(conn
        .prepare_cached("SELECT id FROM ledger_entries WHERE external_ref = ?1")?
        .query_row([key], |r| r.get(0))
        .optional()?)
}

/// The entry of a HelloAsso payment: keyed `helloasso:<order>:<payment>`, found by its payment
/// reference alone too (an export without the order column gives the same payment).
pub(crate) fn existing_payment(
    conn: &Connection,
    key: &str,
    reference: &str,
) -> Result<Option<EntryId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM (
                 SELECT id FROM ledger_entries WHERE external_ref = ?1
                 UNION ALL
                 SELECT id FROM ledger_entries
                 WHERE substr(external_ref, 1, 10) = 'helloasso:'
                   AND substr(external_ref, instr(substr(external_ref, 11), ':') + 11) = ?3
                   AND substr(external_ref, -length(?2)) = ?2)
             ORDER BY id LIMIT 1",
        )?
        .query_row(
            rusqlite::params![key, format!(":{reference}"), reference],
            |r| r.get(0),
        )
        .optional()?)
}

/// Any entry whose reference starts with `prefix` (a HelloAsso order already imported).
pub(crate) fn existing_prefix(conn: &Connection, prefix: &str) -> Result<Option<EntryId>> {
    Ok(conn
        .prepare_cached(
            "SELECT id FROM ledger_entries WHERE external_ref >= ?1 AND external_ref < ?3
                 AND substr(external_ref, 1, ?2) = ?1 ORDER BY id LIMIT 1",
        )?
        .query_row(
            rusqlite::params![
                prefix,
                prefix.chars().count() as i64,
                format!("{prefix}\u{10FFFF}")
            ],
            |r| r.get(0),
        )
        .optional()?)
}

/// The plans with their names folded, read once per import (not once per row).
pub(crate) struct PlanNames(Vec<(String, Plan)>);

impl PlanNames {
    pub(crate) fn read(conn: &Connection) -> Result<Self> {
        Ok(PlanNames(
            crate::membership::plans::list(conn)?
                .into_iter()
                .map(|p| (fold(&p.name), p))
                .collect(),
        ))
    }
}

/// The plan a HelloAsso « Tarif » (or campaign) names: same name ignoring case and accents,
/// else the only plan whose name contains it or is contained in it.
pub(crate) fn plan_named(
    plans: &PlanNames,
    names: &[(&str, &str)],
) -> std::result::Result<Plan, Problem> {
    for (_, name) in names.iter().filter(|(_, n)| !n.is_empty()) {
        let f = fold(name);
        if let Some((_, p)) = plans.0.iter().find(|(folded, _)| *folded == f) {
            return Ok(p.clone());
        }
    }
    for (_, name) in names.iter().filter(|(_, n)| !n.is_empty()) {
        let f = fold(name);
        let close: Vec<_> = plans
            .0
            .iter()
            .filter(|(folded, p)| !p.archived && (f.contains(folded) || folded.contains(&f)))
            .collect();
        if close.len() == 1 {
            return Ok(close[0].1.clone());
        }
    }
    let (field, name) = names
        .iter()
        .find(|(_, n)| !n.is_empty())
        .copied()
        .unwrap_or(("Tarif", ""));
    let known: Vec<String> = plans.0.iter().map(|(_, p)| p.name.clone()).collect();
    Err(Problem::new(
        field,
        format!(
            "aucune formule ne correspond à « {name} » (formules : {}) ; créez-la ou renommez-la",
            known.join(", ")
        ),
        format!(
            "no plan matches “{name}” (plans: {}); create or rename it",
            known.join(", ")
        ),
    ))
}

/// A row whose amount is zero has nothing to record: skipped, said in `row` on `field`.
/// Whether it was.
pub(crate) fn nothing_to_record(
    row: &mut RowReport,
    amount: Cents,
    field: &str,
    (fr, en): (&str, &str),
) -> bool {
    if amount != 0 {
        return false;
    }
    row.set(Outcome::Skipped, Some(field), fr.into(), en.into());
    true
}

/// A row already in the books (as the entry `found`, if any): matched, said in `row` by
/// `say` (French, English). Whether it was.
pub(crate) fn already_imported(
    row: &mut RowReport,
    found: Option<EntryId>,
    say: impl FnOnce(EntryId) -> (String, String),
) -> bool {
    let Some(id) = found else {
        return false;
    };
    let (fr, en) = say(id);
    row.entries.clear();
    row.set(Outcome::Matched, None, fr, en);
    true
}

/// A payment's error, said on the row's date column when its date is refused (a closed
/// year), else on its amount column.
pub(crate) fn on_date_or_amount<'a>(
    date: &'a str,
    amount: &'a str,
) -> impl Fn(Error) -> Problem + 'a {
    move |e| {
        let field = match &e {
            Error::Refused { .. } => date,
            _ => amount,
        };
        Problem::from_error(field, e)
    }
}

pub(crate) fn euros(cents: Cents) -> String {
    crate::kernel::money::display(cents, Lang::Fr)
}

pub(crate) fn euros_en(cents: Cents) -> String {
    crate::kernel::money::display(cents, Lang::En)
}
