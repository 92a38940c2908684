//! The CHATONS charter's registers the public report reads: C7 requests from authorities,
//! C8 the software inventory, C9 the admins' sign-offs.

use super::{Access, Area, Operation};
use crate::kernel::dates::{parse_date, parse_optional_date};
use crate::kernel::error::Result;
use crate::public::charter::{self, AuthorityRequestInput, AuthorityRequestKind, SoftwareInput};
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
                name: s.name,
                version: s.version,
                licence: s.licence,
                free: s.free,
                source_url: s.source_url,
                service: s.service,
                service_url: s.service_url,
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
