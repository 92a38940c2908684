//! The data-rights operations (GDPR): the register of members' data requests (list, record,
//! extend, answer; the core computes every deadline and enforces the one-month rule) and a
//! member's erasure (what it would do, then doing it) and the export of their data.

use super::{Access, Area, Operation};
use crate::kernel::dates::{parse_date, today};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::ids::{MemberId, RequestId};
use crate::kernel::lang::LocalisedText;
use crate::ops::exports::FileBytes;
use crate::ops::members::MemberRef;
use crate::rights::erasure::{self, AccountToDelete};
use crate::rights::export;
use crate::rights::requests::{self, DataRequest, NewRequest, RequestKind};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use ts_rs::TS;

/// One request of the register, with its deadline as the core computes it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RequestView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number | null")]
    pub member_id: Option<i64>,
    pub member_name: String,
    #[ts(type = "\"access\" | \"portability\" | \"rectification\" | \"erasure\" | \"other\"")]
    pub kind: String,
    pub received_on: String,
    pub identity_check: String,
    pub deadline: String,
    pub extension_months: u32,
    pub extension_reason: String,
    pub member_told_on: Option<String>,
    #[ts(type = "\"open\" | \"answered\" | \"refused\"")]
    pub status: String,
    pub answered_on: Option<String>,
    pub notes: String,
    /// days left before the deadline (negative when late); `None` once answered
    #[ts(type = "number | null")]
    pub days_left: Option<i64>,
    /// the last day the member may be told of an extension
    pub last_day_to_extend: String,
}

impl RequestView {
    /// `days_left` counts from today.
    pub fn of(r: &DataRequest) -> Self {
        let today = today();
        RequestView {
            id: r.id.0,
            member_id: r.member_id.map(|m| m.0),
            member_name: r.member_name.clone(),
            kind: r.kind.as_str().to_string(),
            received_on: r.received_on.to_string(),
            identity_check: r.identity_check.clone(),
            deadline: r.deadline.to_string(),
            extension_months: r.extension_months,
            extension_reason: r.extension_reason.clone(),
            member_told_on: r.member_told_on.map(|d| d.to_string()),
            status: r.status.as_str().to_string(),
            answered_on: r.answered_on.map(|d| d.to_string()),
            notes: r.notes.clone(),
            days_left: r.days_left(today),
            last_day_to_extend: requests::last_day_to_extend(r.received_on).to_string(),
        }
    }
}

/// Which requests the register lists.
#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RequestFilter {
    /// only those awaiting an answer
    pub open_only: bool,
}

/// The register, newest first.
pub struct ListRequests;

impl Operation for ListRequests {
    const NAME: &'static str = "list_requests";
    const ACCESS: Access = Access::Read(Area::DataRequests);
    type Request = RequestFilter;
    type Response = Vec<RequestView>;

    fn run(db: &mut Database, filter: RequestFilter) -> Result<Vec<RequestView>> {
        Ok(Self::report(db, filter)?
            .iter()
            .map(RequestView::of)
            .collect())
    }
}

impl ListRequests {
    /// The rule, answering the core's requests themselves (the CLI prints them whole).
    pub fn report(db: &mut Database, filter: RequestFilter) -> Result<Vec<DataRequest>> {
        requests::list(db.conn(), filter.open_only)
    }
}

/// Which request of the register.
#[derive(Debug, Clone, Copy, Deserialize, Serialize)]
pub struct RequestRef {
    pub id: i64,
}

/// One request, with the accounts an erasure left to delete on the services.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestShown {
    pub request: RequestView,
    pub accounts_to_delete: Vec<AccountToDeleteView>,
}

/// One request of the register and the accounts its erasure left to delete.
pub struct ShowRequest;

impl Operation for ShowRequest {
    const NAME: &'static str = "request_show";
    const ACCESS: Access = Access::Read(Area::DataRequests);
    type Request = RequestRef;
    type Response = RequestShown;

    fn run(db: &mut Database, asked: RequestRef) -> Result<RequestShown> {
        let (request, accounts) = Self::report(db, asked)?;
        Ok(RequestShown {
            request: RequestView::of(&request),
            accounts_to_delete: accounts_view(accounts),
        })
    }
}

impl ShowRequest {
    /// The rule, answering the core's records themselves (the CLI prints them whole).
    pub fn report(
        db: &mut Database,
        asked: RequestRef,
    ) -> Result<(DataRequest, Vec<AccountToDelete>)> {
        let id = RequestId(asked.id);
        Ok((
            requests::get(db.conn(), id)?,
            requests::accounts_to_delete(db.conn(), id)?,
        ))
    }
}

/// The accounts recorded deleted, and what failed after that was committed (it stands).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountsForgotten {
    pub accounts: Vec<AccountToDeleteView>,
    pub problems_after_commit: Vec<LocalisedText>,
}

/// Records that the accounts an erasure left to delete are deleted on the services: the
/// request no longer keeps their list.
pub struct AccountsDeleted;

impl Operation for AccountsDeleted {
    const NAME: &'static str = "request_accounts_deleted";
    const ACCESS: Access = Access::Write(Area::DataRequests);
    type Request = RequestRef;
    type Response = AccountsForgotten;

    fn run(db: &mut Database, asked: RequestRef) -> Result<AccountsForgotten> {
        let (accounts, problems) = Self::report(db, asked)?;
        Ok(AccountsForgotten {
            accounts: accounts_view(accounts),
            problems_after_commit: said(problems),
        })
    }
}

impl AccountsDeleted {
    /// The rule, answering the core's records themselves (the CLI prints them whole).
    pub fn report(
        db: &mut Database,
        asked: RequestRef,
    ) -> Result<(Vec<AccountToDelete>, Vec<erasure::AfterCommit>)> {
        erasure::accounts_deleted(db, RequestId(asked.id))
    }
}

/// What failed after a commit, in both languages.
fn said(problems: Vec<erasure::AfterCommit>) -> Vec<LocalisedText> {
    problems
        .into_iter()
        .map(|p| LocalisedText { fr: p.fr, en: p.en })
        .collect()
}

/// A request as the form sends it.
#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct NewRequestFields {
    /// the member's number or email address
    pub member: String,
    pub kind: String,
    /// YYYY-MM-DD
    pub received_on: String,
    pub identity_check: String,
    pub notes: String,
}

/// Records a request received; its deadline follows from the day received.
pub struct AddRequest;

impl Operation for AddRequest {
    const NAME: &'static str = "add_request";
    const ACCESS: Access = Access::Write(Area::DataRequests);
    type Request = NewRequestFields;
    type Response = RequestView;

    fn run(db: &mut Database, fields: NewRequestFields) -> Result<RequestView> {
        Ok(RequestView::of(&Self::report(db, fields)?))
    }
}

impl AddRequest {
    /// The rule, answering the core's request itself (the CLI prints it whole).
    pub fn report(db: &mut Database, fields: NewRequestFields) -> Result<DataRequest> {
        let member = match crate::people::members::find(db.conn(), &fields.member) {
            // said next to the member field: what was not found there
            Err(e @ Error::NotFound { .. }) => {
                let text = e.localised();
                return Err(Error::invalid(
                    Field::Member,
                    &fields.member,
                    text.fr,
                    text.en,
                ));
            }
            other => other?,
        };
        let request = NewRequest {
            member: member.id,
            kind: RequestKind::parse(&fields.kind)?,
            received_on: parse_date(Field::ReceivedOn, &fields.received_on)?,
            identity_check: fields.identity_check,
            notes: fields.notes,
        };
        let id = requests::add(db, &request, today())?;
        requests::get(db.conn(), id)
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ExtensionFields {
    pub months: u32,
    pub reason: String,
    /// the day the member was told, YYYY-MM-DD
    pub told_on: String,
}

/// Which request, and the extension's form.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RequestExtension {
    pub id: i64,
    pub fields: ExtensionFields,
}

/// Extends a request's deadline (at most two more months, the member told in time).
pub struct ExtendRequest;

impl Operation for ExtendRequest {
    const NAME: &'static str = "extend_request";
    const ACCESS: Access = Access::Write(Area::DataRequests);
    type Request = RequestExtension;
    type Response = RequestView;

    fn run(db: &mut Database, asked: RequestExtension) -> Result<RequestView> {
        Ok(RequestView::of(&Self::report(db, asked)?))
    }
}

impl ExtendRequest {
    /// The rule, answering the core's request itself (the CLI prints it whole).
    pub fn report(db: &mut Database, asked: RequestExtension) -> Result<DataRequest> {
        let fields = asked.fields;
        let told_on = parse_date(Field::ToldOn, &fields.told_on)?;
        let id = RequestId(asked.id);
        requests::extend(db, id, fields.months, &fields.reason, told_on)
    }
}

#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AnswerFields {
    /// YYYY-MM-DD
    pub date: String,
    /// answered with a reasoned refusal
    pub refused: bool,
    pub notes: String,
}

/// Which request, and the answer's form.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RequestAnswer {
    pub id: i64,
    pub fields: AnswerFields,
}

/// Records the answer given (or the reasoned refusal).
pub struct AnswerRequest;

impl Operation for AnswerRequest {
    const NAME: &'static str = "answer_request";
    const ACCESS: Access = Access::Write(Area::DataRequests);
    type Request = RequestAnswer;
    type Response = RequestView;

    fn run(db: &mut Database, asked: RequestAnswer) -> Result<RequestView> {
        Ok(RequestView::of(&Self::report(db, asked)?))
    }
}

impl AnswerRequest {
    /// The rule, answering the core's request itself (the CLI prints it whole).
    pub fn report(db: &mut Database, asked: RequestAnswer) -> Result<DataRequest> {
        let fields = asked.fields;
        let date = parse_date(Field::Date, &fields.date)?;
        requests::answer(db, RequestId(asked.id), date, fields.refused, &fields.notes)
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountToDeleteView {
    pub service: String,
    pub login: String,
}

fn accounts_view(accounts: Vec<AccountToDelete>) -> Vec<AccountToDeleteView> {
    accounts
        .into_iter()
        .map(|a| AccountToDeleteView {
            service: a.service,
            login: a.login,
        })
        .collect()
}

/// What erasure would do, shown before the person confirms.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

/// What erasing a member would do (nothing is written).
pub struct ErasurePlan;

impl Operation for ErasurePlan {
    const NAME: &'static str = "erasure_plan";
    const ACCESS: Access = Access::Read(Area::DataRequests);
    type Request = MemberRef;
    type Response = ErasurePlanView;

    fn run(db: &mut Database, member: MemberRef) -> Result<ErasurePlanView> {
        let plan = Self::report(db, member)?;
        Ok(ErasurePlanView {
            name: plan.name,
            pseudonym: plan.pseudonym,
            already_erased: plan.already_erased,
            accounts_to_delete: accounts_view(plan.accounts_to_delete),
            consents_deleted: plan.consents_deleted,
            entries_kept: plan.entries_kept,
            kept_until: plan.kept_until.map(|d| d.to_string()),
        })
    }
}

impl ErasurePlan {
    /// The rule, answering the core's plan itself (the CLI prints it whole).
    pub fn report(db: &mut Database, member: MemberRef) -> Result<erasure::ErasurePlan> {
        erasure::plan(db.conn(), MemberId(member.id))
    }
}

/// What erasure did.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
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

/// Erases a member: their personal data goes, the books keep their entries under a
/// pseudonym; the register records it as an answered erasure request.
pub struct Erase;

/// Whom to erase, the erasure's day (default today) and the register's request it answers
/// (marked answered in the erasure's own transaction).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct EraseRequest {
    pub id: i64,
    /// YYYY-MM-DD
    pub date: Option<String>,
    pub answers: Option<i64>,
}

impl Operation for Erase {
    const NAME: &'static str = "erase_member";
    const ACCESS: Access = Access::Write(Area::DataRequests);
    type Request = EraseRequest;
    type Response = ErasureDone;

    fn run(db: &mut Database, asked: EraseRequest) -> Result<ErasureDone> {
        let report = Self::report(db, asked)?;
        Ok(ErasureDone {
            pseudonym: report.pseudonym,
            accounts_to_delete: accounts_view(report.accounts_to_delete),
            entries_kept: report.entries_kept,
            kept_until: report.kept_until.map(|d| d.to_string()),
            backups_with_their_data: report.backups_with_their_data,
            request_id: report.request_id.0,
            problems_after_commit: said(report.problems_after_commit),
        })
    }
}

impl Erase {
    /// The rule, answering the core's report itself (the CLI prints it whole).
    pub fn report(db: &mut Database, asked: EraseRequest) -> Result<erasure::ErasureReport> {
        let on = day_or_today(asked.date.as_deref())?;
        erasure::erase_answering(db, MemberId(asked.id), on, asked.answers.map(RequestId))
    }
}

/// The day typed (YYYY-MM-DD), else today.
fn day_or_today(text: Option<&str>) -> Result<chrono::NaiveDate> {
    text.map_or_else(|| Ok(today()), |text| parse_date(Field::Date, text))
}

/// A member's data export: whose, the day it states, and the register's request it answers.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase", default)]
pub struct MemberExportRequest {
    pub id: i64,
    /// the export's day, YYYY-MM-DD (default today)
    pub date: Option<String>,
    /// the register's request (open, this member's) to mark answered on that day
    pub answers: Option<i64>,
}

/// Everything the file holds about a member, as a ZIP (JSON, CSV per table, a readable
/// summary) for the member's right of access and portability. The file's bytes come back: a
/// browser downloads them, the desktop and the CLI write them where the user said. Giving a
/// member's whole file away answers a data request: the data requests' writers may (the
/// owner, the secretary), an auditor may not.
pub struct ExportMember;

impl Operation for ExportMember {
    const NAME: &'static str = "export_member_data";
    const ACCESS: Access = Access::Write(Area::DataRequests);
    type Request = MemberExportRequest;
    type Response = FileBytes;

    fn run(db: &mut Database, asked: MemberExportRequest) -> Result<FileBytes> {
        let on = day_or_today(asked.date.as_deref())?;
        let member = crate::people::members::get(db.conn(), MemberId(asked.id))?;
        if let Some(id) = asked.answers {
            check_answerable(db, RequestId(id), member.id)?;
        }
        let bytes = export::zip_bytes(db.conn(), member.id, on)?;
        if let Some(id) = asked.answers {
            requests::answer(db, RequestId(id), on, false, "")?;
        }
        Ok(FileBytes::new(
            export::file_name(&member, on),
            "application/zip",
            &bytes,
            1,
        ))
    }
}

/// Refuses a request that is not `member`'s or no longer open, before anything is done.
fn check_answerable(db: &Database, id: RequestId, member: MemberId) -> Result<()> {
    let request = requests::get(db.conn(), id)?;
    if request.member_id != Some(member) {
        return Err(Error::refused(
            "cette demande n'est pas celle de ce membre : rien n'a été fait",
            "that request is not this member's: nothing was done",
        ));
    }
    if request.status != requests::RequestStatus::Open {
        return Err(Error::refused(
            "cette demande a déjà reçu réponse : rien n'a été fait",
            "that request was already answered: nothing was done",
        ));
    }
    Ok(())
}
