//! Members: the list (search, filters, sort), the form (add, edit, delete) and a member's
//! page (everything the core knows about them, their data export and their erasure).

use crate::commands::requests::RequestView;
use crate::form::{run_form, FormError};
use crate::session::{LocalisedText, Session};
use panier::kernel::dates::parse_date;
use panier::kernel::field::Field;
use panier::kernel::ids::MemberId;
use panier::people::members::{self, MemberInput, MemberKind};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use tauri::State;
use ts_rs::TS;

// The list's types are the operation's (`panier::ops::members::List`).
pub use panier::ops::members::{MemberFilters as MemberListQuery, MemberList};

/// A plan the list can filter on.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanOption {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "\"fee\" | \"tier\"")]
    pub kind: String,
}

#[tauri::command]
pub async fn list_members(
    session: State<'_, Session>,
    query: MemberListQuery,
) -> Result<MemberList, String> {
    session.with_database(|db| {
        panier::ops::perform::<panier::ops::members::List>(db, Session::ROLE, query)
    })
}

/// The plans, for the list's filter and the member page.
#[tauri::command]
pub async fn member_plans(session: State<'_, Session>) -> Result<Vec<PlanOption>, String> {
    session.with_database(|db| {
        Ok(panier::membership::plans::list(db.conn())?
            .into_iter()
            .map(|p| PlanOption {
                id: p.id.0,
                name: p.name,
                kind: p.kind.as_str().to_string(),
            })
            .collect())
    })
}

/// A member's fields as the form shows and sends them (dates as YYYY-MM-DD).
#[derive(Debug, Clone, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
pub struct MemberFields {
    /// "person" or "organisation"
    #[ts(type = "\"person\" | \"organisation\"")]
    pub kind: String,
    pub first_name: String,
    pub last_name: String,
    pub org_name: String,
    pub email: String,
    pub street: String,
    pub postal_code: String,
    pub city: String,
    pub country: String,
    pub phone: String,
    /// the member's language, "fr" or "en"
    pub lang: String,
    /// empty for today (when adding)
    pub joined_on: String,
    pub notes: String,
}

impl MemberFields {
    fn of(m: &members::Member) -> Self {
        MemberFields {
            kind: match m.kind {
                MemberKind::Organisation => "organisation",
                MemberKind::Person => "person",
            }
            .to_string(),
            first_name: m.first_name.clone(),
            last_name: m.last_name.clone(),
            org_name: m.org_name.clone(),
            email: m.email.clone(),
            street: m.street.clone(),
            postal_code: m.postal_code.clone(),
            city: m.city.clone(),
            country: m.country.clone(),
            phone: m.phone.clone(),
            lang: m.lang.code().to_string(),
            joined_on: m.joined_on.to_string(),
            notes: m.notes.clone(),
        }
    }

    fn input(&self) -> panier::Result<MemberInput> {
        let joined = self.joined_on.trim();
        Ok(MemberInput {
            kind: if self.kind == "organisation" {
                MemberKind::Organisation
            } else {
                MemberKind::Person
            },
            first_name: self.first_name.clone(),
            last_name: self.last_name.clone(),
            org_name: self.org_name.clone(),
            email: self.email.clone(),
            street: self.street.clone(),
            postal_code: self.postal_code.clone(),
            city: self.city.clone(),
            country: self.country.clone(),
            phone: self.phone.clone(),
            lang: self.lang.parse().unwrap_or_default(),
            joined_on: if joined.is_empty() {
                None
            } else {
                Some(parse_date(Field::JoinedOn, joined)?)
            },
            notes: self.notes.clone(),
        })
    }
}

/// The member form's fields.
const MEMBER_FIELDS: &[Field] = &[
    Field::LastName,
    Field::OrgName,
    Field::Email,
    Field::Phone,
    Field::JoinedOn,
];

/// What a change did, for the window to say it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberSaved {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
}

#[tauri::command]
pub async fn add_member(
    session: State<'_, Session>,
    fields: MemberFields,
) -> Result<MemberSaved, FormError> {
    run_form(&session, MEMBER_FIELDS, |db| {
        let id = members::add(db, &fields.input()?)?;
        let added = members::get(db.conn(), id)?;
        Ok(MemberSaved {
            id: id.0,
            name: added.display_name(),
        })
    })
}

#[tauri::command]
pub async fn update_member(
    session: State<'_, Session>,
    id: i64,
    fields: MemberFields,
) -> Result<MemberSaved, FormError> {
    run_form(&session, MEMBER_FIELDS, |db| {
        let updated = members::update(db, MemberId(id), &fields.input()?)?;
        Ok(MemberSaved {
            id,
            name: updated.display_name(),
        })
    })
}

/// Deletes a member entered by mistake; returns their name.
#[tauri::command]
pub async fn delete_member(session: State<'_, Session>, id: i64) -> Result<String, String> {
    session.with_database(|db| {
        let name = members::get(db.conn(), MemberId(id))?.display_name();
        members::delete(db, MemberId(id))?;
        Ok(name)
    })
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    #[ts(type = "number")]
    pub id: i64,
    pub plan_name: String,
    #[ts(type = "\"fee\" | \"tier\"")]
    pub plan_kind: String,
    pub starts_on: String,
    pub ends_before: String,
    #[ts(type = "\"upcoming\" | \"active\" | \"grace\" | \"expired\"")]
    pub status: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EntryView {
    #[ts(type = "number")]
    pub id: i64,
    pub date: String,
    pub kind: String,
    pub method: String,
    pub label: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    /// cancelled by a later reversal
    pub reversed: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountView {
    #[ts(type = "number")]
    pub id: i64,
    pub service: String,
    pub login: String,
    /// "5 GB", as Nextcloud writes it
    pub quota: String,
    /// `None` until the usage was read from the service
    pub used: Option<String>,
    /// used / quota in per cent, rounded down
    #[ts(type = "number | null")]
    pub used_percent: Option<i64>,
    pub enabled: bool,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReceiptView {
    #[ts(type = "number")]
    pub id: i64,
    pub reference: String,
    /// a tax receipt (reçu fiscal) or a plain attestation
    pub tax: bool,
    pub summary: bool,
    pub issued_on: String,
    #[ts(type = "number")]
    pub amount_cents: i64,
    pub cancelled: bool,
}

/// One row of the audit log that concerns the member.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRow {
    #[ts(type = "number")]
    pub id: i64,
    pub at: String,
    pub operator: String,
    pub action: String,
    pub entity: String,
    #[ts(type = "number | null")]
    pub entity_id: Option<i64>,
}

/// Everything a member's page shows, read from the core in one go.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberPageView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub fields: MemberFields,
    #[ts(type = "\"active\" | \"grace\" | \"expired\" | \"none\"")]
    pub status: String,
    pub subscriptions: Vec<SubscriptionView>,
    pub entries: Vec<EntryView>,
    pub accounts: Vec<AccountView>,
    pub receipts: Vec<ReceiptView>,
    pub requests: Vec<RequestView>,
    pub history: Vec<HistoryRow>,
    /// the file name the core gives their data export
    pub export_file_name: String,
}

fn lower(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

#[tauri::command]
pub async fn member_page(session: State<'_, Session>, id: i64) -> Result<MemberPageView, String> {
    session.with_database(|db| {
        let conn = db.conn();
        let id = MemberId(id);
        let today = panier::kernel::dates::today();
        let member = members::get(conn, id)?;
        let subscriptions = panier::membership::subscriptions::for_member(conn, id, today)?
            .into_iter()
            .map(|s| SubscriptionView {
                id: s.id.0,
                plan_name: s.plan_name,
                plan_kind: s.plan_kind.as_str().to_string(),
                starts_on: s.starts_on.to_string(),
                ends_before: s.ends_before.to_string(),
                status: lower(&s.status),
            })
            .collect();
        let entries = panier::books::ledger::for_member(conn, id)?
            .into_iter()
            .map(|e| EntryView {
                id: e.id.0,
                date: e.date.to_string(),
                kind: e.kind.as_str().to_string(),
                method: e.method.as_str().to_string(),
                label: e.label,
                amount_cents: e.amount_cents,
                reversed: e.reversed_by.is_some(),
            })
            .collect();
        let accounts = panier::hosting::accounts::for_member(conn, id)?
            .into_iter()
            .map(|a| AccountView {
                id: a.id.0,
                service: a.service,
                login: a.login,
                quota: panier::kernel::size::display_size(a.quota_bytes),
                used: a.used_bytes.map(panier::kernel::size::display_size),
                used_percent: a
                    .used_bytes
                    .filter(|_| a.quota_bytes > 0)
                    .map(|used| used.saturating_mul(100) / a.quota_bytes),
                enabled: a.enabled,
            })
            .collect();
        let receipts = panier::books::receipts::for_member(conn, id)?
            .into_iter()
            .map(|r| ReceiptView {
                id: r.id,
                tax: r.kind == panier::books::receipts::ReceiptKind::Tax,
                summary: r.summary,
                issued_on: r.issued_on.to_string(),
                amount_cents: r.amount_cents,
                cancelled: r.is_cancelled(),
                reference: r.reference,
            })
            .collect();
        let requests = panier::rights::requests::for_member(conn, id)?
            .iter()
            .map(RequestView::of)
            .collect();
        let history = panier::store::audit::for_member(conn, id)?
            .into_iter()
            .map(|a| HistoryRow {
                id: a.id.0,
                at: a.at,
                operator: a.operator,
                action: a.action,
                entity: a.entity,
                entity_id: a.entity_id,
            })
            .collect();
        Ok(MemberPageView {
            id: id.0,
            name: member.display_name(),
            fields: MemberFields::of(&member),
            status: members::status(conn, id, today)?.as_str().to_string(),
            subscriptions,
            entries,
            accounts,
            receipts,
            requests,
            history,
            export_file_name: panier::rights::export::file_name(&member, today),
        })
    })
}

/// What the data export wrote.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExportDone {
    pub path: PathBuf,
    #[ts(type = "number")]
    pub bytes: u64,
}

/// Writes the member's data export (ZIP) where the save dialog said.
#[tauri::command]
pub async fn export_member_data(
    session: State<'_, Session>,
    id: i64,
    path: PathBuf,
) -> Result<ExportDone, String> {
    session.with_database(|db| {
        let report = panier::rights::export::export_member(
            db.conn(),
            MemberId(id),
            panier::kernel::dates::today(),
            &path,
        )?;
        Ok(ExportDone {
            path: report.path,
            bytes: report.bytes,
        })
    })
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountToDeleteView {
    pub service: String,
    pub login: String,
}

/// What erasure would do, shown before the person confirms.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasurePlanView {
    pub name: String,
    pub pseudonym: String,
    pub already_erased: bool,
    pub accounts_to_delete: Vec<AccountToDeleteView>,
    #[ts(type = "number")]
    pub consents_deleted: i64,
    #[ts(type = "number")]
    pub entries_kept: i64,
    pub kept_until: Option<String>,
}

/// What erasure did.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ErasureDone {
    pub pseudonym: String,
    pub accounts_to_delete: Vec<AccountToDeleteView>,
    #[ts(type = "number")]
    pub entries_kept: i64,
    pub kept_until: Option<String>,
    pub backups_with_their_data: Vec<PathBuf>,
    // the register's request the accounts to delete are kept with
    #[ts(type = "number")]
    pub request_id: i64,
    // what failed after the erasure committed (it stands): said, never shown as a failure
    pub problems_after_commit: Vec<LocalisedText>,
}

fn accounts_view(
    accounts: Vec<panier::rights::erasure::AccountToDelete>,
) -> Vec<AccountToDeleteView> {
    accounts
        .into_iter()
        .map(|a| AccountToDeleteView {
            service: a.service,
            login: a.login,
        })
        .collect()
}

#[tauri::command]
pub async fn erasure_plan(session: State<'_, Session>, id: i64) -> Result<ErasurePlanView, String> {
    session.with_database(|db| {
        let plan = panier::rights::erasure::plan(db.conn(), MemberId(id))?;
        Ok(ErasurePlanView {
            name: plan.name,
            pseudonym: plan.pseudonym,
            already_erased: plan.already_erased,
            accounts_to_delete: accounts_view(plan.accounts_to_delete),
            consents_deleted: plan.consents_deleted,
            entries_kept: plan.entries_kept,
            kept_until: plan.kept_until.map(|d| d.to_string()),
        })
    })
}

#[tauri::command]
pub async fn erase_member(session: State<'_, Session>, id: i64) -> Result<ErasureDone, String> {
    session.with_database(|db| {
        let report =
            panier::rights::erasure::erase(db, MemberId(id), panier::kernel::dates::today())?;
        Ok(ErasureDone {
            pseudonym: report.pseudonym,
            accounts_to_delete: accounts_view(report.accounts_to_delete),
            entries_kept: report.entries_kept,
            kept_until: report.kept_until.map(|d| d.to_string()),
            backups_with_their_data: report.backups_with_their_data,
            request_id: report.request_id.0,
            problems_after_commit: report
                .problems_after_commit
                .into_iter()
                .map(|p| LocalisedText { fr: p.fr, en: p.en })
                .collect(),
        })
    })
}
