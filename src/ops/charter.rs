//! The CHATONS charter's registers the public report reads: C7 requests from authorities,
//! C8 the software inventory, C9 the admins' sign-offs.

use super::{Access, Area, Operation};
use crate::kernel::dates::{parse_date, parse_optional_date};
use crate::kernel::error::Result;
use crate::kernel::ids::{AuthorityRequestId, SignoffId, SoftwareId};
use crate::public::charter::{self, AuthorityRequestInput, AuthorityRequestKind, SoftwareInput};
use crate::public::charter::{AuthorityRequest, Signoff, Software};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityRequestRow {
    #[ts(type = "number")]
    pub id: i64,
    pub received_on: String,
    pub authority: String,
    /// identification, data, removal or other
    pub kind: String,
    pub answer: String,
    pub answered_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub version: String,
    pub licence: String,
    pub free: bool,
    pub source_url: String,
    pub service: Option<String>,
    pub service_url: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SignoffRow {
    #[ts(type = "number")]
    pub id: i64,
    pub admin_name: String,
    pub signed_on: String,
    pub document: String,
    pub ended_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CharterRegisters {
    pub authority_requests: Vec<AuthorityRequestRow>,
    pub software: Vec<SoftwareRow>,
    pub signoffs: Vec<SignoffRow>,
}

/// A register entry just added, with the registers as they are now.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RegisterAdded {
    #[ts(type = "number")]
    pub id: i64,
    pub registers: CharterRegisters,
}

/// The C7 form; dates as typed (`YYYY-MM-DD` or `JJ/MM/AAAA`), parsed by the core.
#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuthorityRequestForm {
    pub received_on: String,
    pub authority: String,
    pub kind: String,
    pub answer: String,
    /// Empty when not answered yet.
    pub answered_on: String,
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SoftwareForm {
    pub name: String,
    pub version: String,
    pub licence: String,
    pub free: bool,
    pub source_url: String,
    /// Empty for none.
    pub service: String,
    pub service_url: String,
}

#[derive(Debug, Clone, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignoffForm {
    pub admin_name: String,
    pub signed_on: String,
    pub document: String,
}

fn registers(db: &Database) -> Result<CharterRegisters> {
    let conn = db.conn();
    Ok(CharterRegisters {
        authority_requests: charter::authority_requests(conn)?
            .into_iter()
            .map(|r| AuthorityRequestRow {
                id: r.id.0,
                received_on: r.received_on.to_string(),
                authority: r.authority,
                kind: r.kind.as_str().to_string(),
                answer: r.answer,
                answered_on: r.answered_on.map(|d| d.to_string()),
            })
            .collect(),
        software: charter::software(conn)?
            .into_iter()
            .map(|s| SoftwareRow {
                id: s.id.0,
                name: s.details.name,
                version: s.details.version,
                licence: s.details.licence,
                free: s.details.free,
                source_url: s.details.source_url,
                service: s.details.service,
                service_url: s.details.service_url,
            })
            .collect(),
        signoffs: charter::signoffs(conn)?
            .into_iter()
            .map(|s| SignoffRow {
                id: s.id.0,
                admin_name: s.admin_name,
                signed_on: s.signed_on.to_string(),
                document: s.document,
                ended_on: s.ended_on.map(|d| d.to_string()),
            })
            .collect(),
    })
}

/// The kinds of authority request the core knows, for the form's select.
pub struct AuthorityRequestKinds;

impl Operation for AuthorityRequestKinds {
    const NAME: &'static str = "authority_request_kinds";
    const ACCESS: Access = Access::Read(Area::Charter);
    type Request = ();
    type Response = Vec<String>;

    fn run(_: &mut Database, _: ()) -> Result<Vec<String>> {
        Ok(AuthorityRequestKind::ALL
            .iter()
            .map(|k| k.as_str().to_string())
            .collect())
    }
}

/// The three registers.
pub struct Registers;

impl Operation for Registers {
    const NAME: &'static str = "charter_registers";
    const ACCESS: Access = Access::Read(Area::Charter);
    type Request = ();
    type Response = CharterRegisters;

    fn run(db: &mut Database, _: ()) -> Result<CharterRegisters> {
        registers(db)
    }
}

/// Records a request from an authority (C7).
pub struct AddAuthorityRequest;

impl Operation for AddAuthorityRequest {
    const NAME: &'static str = "add_authority_request";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = AuthorityRequestForm;
    type Response = RegisterAdded;

    fn run(db: &mut Database, form: AuthorityRequestForm) -> Result<RegisterAdded> {
        let id = charter::add_authority_request(db, &form.into_input()?)?;
        Ok(RegisterAdded {
            id: id.0,
            registers: registers(db)?,
        })
    }
}

impl AuthorityRequestForm {
    /// The register's input: the dates and the kind parsed (no answer date: not answered).
    fn into_input(self) -> Result<AuthorityRequestInput> {
        Ok(AuthorityRequestInput {
            received_on: parse_date("received_on", &self.received_on)?,
            authority: self.authority,
            kind: AuthorityRequestKind::parse(&self.kind)?,
            answer: self.answer,
            answered_on: parse_optional_date("answered_on", &self.answered_on)?,
        })
    }
}

/// Adds a software to the inventory (C8).
pub struct AddSoftware;

impl Operation for AddSoftware {
    const NAME: &'static str = "add_software";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = SoftwareForm;
    type Response = RegisterAdded;

    fn run(db: &mut Database, form: SoftwareForm) -> Result<RegisterAdded> {
        let id = charter::add_software(db, &form.into_input())?;
        Ok(RegisterAdded {
            id: id.0,
            registers: registers(db)?,
        })
    }
}

impl SoftwareForm {
    /// The inventory's input: an empty service is none; the form has no description.
    fn into_input(self) -> SoftwareInput {
        let service = self.service.trim();
        SoftwareInput {
            service: (!service.is_empty()).then(|| service.to_string()),
            name: self.name,
            version: self.version,
            licence: self.licence,
            free: self.free,
            source_url: self.source_url,
            service_url: self.service_url,
            description: String::new(),
        }
    }
}

/// Records an admin's sign-off of the charter (C9).
pub struct AddSignoff;

impl Operation for AddSignoff {
    const NAME: &'static str = "add_signoff";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = SignoffForm;
    type Response = RegisterAdded;

    fn run(db: &mut Database, form: SignoffForm) -> Result<RegisterAdded> {
        let signed_on = parse_date("signed_on", &form.signed_on)?;
        let id = charter::add_signoff(db, &form.admin_name, signed_on, &form.document)?;
        Ok(RegisterAdded {
            id: id.0,
            registers: registers(db)?,
        })
    }
}

/// The three registers as the core records them (every field, dates as dates, a software's
/// description): what `panier charter … list --format json` prints.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct CharterRecords {
    pub authority_requests: Vec<AuthorityRequest>,
    pub software: Vec<Software>,
    pub signoffs: Vec<Signoff>,
}

/// The association's answer to an authority's request, and the day it was given.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AuthorityAnswer {
    pub id: i64,
    pub answer: String,
    pub answered_on: String,
}

/// A piece of software to add (no `id`) or to change (`id`): every field given replaces the
/// value; a field left out keeps it (on an addition: empty, and free software).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SoftwareChange {
    pub id: Option<i64>,
    pub name: Option<String>,
    pub version: Option<String>,
    pub licence: Option<String>,
    pub free: Option<bool>,
    pub source_url: Option<String>,
    /// the service it provides; empty to unlink it
    pub service: Option<String>,
    pub service_url: Option<String>,
    pub description: Option<String>,
}

/// Which register entry.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct CharterEntry {
    pub id: i64,
}

/// The day an admin stopped being one.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SignoffEnd {
    pub id: i64,
    pub ended_on: String,
}

/// The three registers, in full.
pub struct Records;

impl Operation for Records {
    const NAME: &'static str = "charter_records";
    const ACCESS: Access = Access::Read(Area::Charter);
    type Request = ();
    type Response = CharterRecords;

    fn run(db: &mut Database, _: ()) -> Result<CharterRecords> {
        let conn = db.conn();
        Ok(CharterRecords {
            authority_requests: charter::authority_requests(conn)?,
            software: charter::software(conn)?,
            signoffs: charter::signoffs(conn)?,
        })
    }
}

/// Records the answer to a request from an authority (C7); answers the request as it is now.
pub struct AnswerAuthorityRequest;

impl Operation for AnswerAuthorityRequest {
    const NAME: &'static str = "answer_authority_request";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = AuthorityAnswer;
    type Response = AuthorityRequest;

    fn run(db: &mut Database, given: AuthorityAnswer) -> Result<AuthorityRequest> {
        let answered_on = parse_date("answered_on", &given.answered_on)?;
        charter::answer_authority_request(
            db,
            AuthorityRequestId(given.id),
            &given.answer,
            answered_on,
        )
    }
}

/// Adds a piece of software to the inventory or changes one (C8), with its description;
/// answers it as recorded.
pub struct SaveSoftware;

impl Operation for SaveSoftware {
    const NAME: &'static str = "save_software";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = SoftwareChange;
    type Response = Software;

    fn run(db: &mut Database, change: SoftwareChange) -> Result<Software> {
        let old = match change.id {
            Some(id) => charter::get_software(db.conn(), SoftwareId(id))?.details,
            None => SoftwareInput {
                free: true,
                ..SoftwareInput::default()
            },
        };
        let input = SoftwareInput {
            name: change.name.unwrap_or(old.name),
            version: change.version.unwrap_or(old.version),
            licence: change.licence.unwrap_or(old.licence),
            free: change.free.unwrap_or(old.free),
            source_url: change.source_url.unwrap_or(old.source_url),
            service: change.service.or(old.service),
            service_url: change.service_url.unwrap_or(old.service_url),
            description: change.description.unwrap_or(old.description),
        };
        match change.id {
            Some(id) => charter::update_software(db, SoftwareId(id), &input),
            None => {
                let id = charter::add_software(db, &input)?;
                charter::get_software(db.conn(), id)
            }
        }
    }
}

/// Records that an admin stopped being one (C9); answers the sign-off as it is now.
pub struct EndSignoff;

impl Operation for EndSignoff {
    const NAME: &'static str = "end_signoff";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = SignoffEnd;
    type Response = Signoff;

    fn run(db: &mut Database, end: SignoffEnd) -> Result<Signoff> {
        let ended_on = parse_date("ended_on", &end.ended_on)?;
        charter::end_signoff(db, SignoffId(end.id), ended_on)
    }
}

/// Takes a piece of software out of the inventory (C8); answers it as it was.
pub struct RemoveSoftware;

impl Operation for RemoveSoftware {
    const NAME: &'static str = "remove_software";
    const ACCESS: Access = Access::Write(Area::Charter);
    type Request = CharterEntry;
    type Response = Software;

    fn run(db: &mut Database, entry: CharterEntry) -> Result<Software> {
        let removed = charter::get_software(db.conn(), SoftwareId(entry.id))?;
        charter::remove_software(db, removed.id)?;
        Ok(removed)
    }
}
