//! A member's page: everything the core knows about them, read in one go.

use super::MemberFields;
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::kernel::ids::MemberId;
use crate::kernel::size::display_size;
use crate::ops::members::MemberRef;
use crate::ops::rights::RequestView;
use crate::ops::{Access, Area, Operation};
use crate::people::members;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

/// Everything a member's page shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberPageView {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// the form's fields, with the revision an edit sends back
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

/// A serde enum's name as it serialises (`"active"`).
fn lower(value: &impl Serialize) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A member's page: their fields and standing, subscriptions, ledger entries (with amounts:
/// the members area in full), service accounts, receipts, data requests and history.
pub struct Page;

impl Operation for Page {
    const NAME: &'static str = "member_page";
    const ACCESS: Access = Access::Read(Area::Members);
    type Request = MemberRef;
    type Response = MemberPageView;

    fn run(db: &mut Database, member: MemberRef) -> Result<MemberPageView> {
        let conn = db.conn();
        let id = MemberId(member.id);
        let today = today();
        let member = members::get(conn, id)?;
        let subscriptions = crate::membership::subscriptions::for_member(conn, id, today)?
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
        let entries = crate::books::ledger::for_member(conn, id)?
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
        let accounts = crate::hosting::accounts::for_member(conn, id)?
            .into_iter()
            .map(|a| AccountView {
                id: a.id.0,
                service: a.service,
                login: a.login,
                quota: display_size(a.quota_bytes),
                used: a.used_bytes.map(display_size),
                used_percent: a
                    .used_bytes
                    .filter(|_| a.quota_bytes > 0)
                    .map(|used| used.saturating_mul(100) / a.quota_bytes),
                enabled: a.enabled,
            })
            .collect();
        let receipts = crate::books::receipts::for_member(conn, id)?
            .into_iter()
            .map(|r| ReceiptView {
                id: r.id,
                tax: r.kind == crate::books::receipts::ReceiptKind::Tax,
                summary: r.summary,
                issued_on: r.issued_on.to_string(),
                amount_cents: r.amount_cents,
                cancelled: r.is_cancelled(),
                reference: r.reference,
            })
            .collect();
        let requests = crate::rights::requests::for_member(conn, id)?
            .iter()
            .map(RequestView::of)
            .collect();
        let history = crate::store::audit::for_member(conn, id)?
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
            export_file_name: crate::rights::export::file_name(&member, today),
        })
    }
}
