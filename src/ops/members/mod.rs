//! The members' operations: finding members (names, emails and status — what every role may
//! see), the Members screen's list, the member form (add, edit with edit-conflict detection,
//! delete) and a member's page ([`page`]).

pub mod page;

use super::{Access, Area, Operation};
use crate::kernel::dates::{last_day_before, parse_optional_date, today};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::Field;
use crate::kernel::ids::{MemberId, PlanId};
use crate::people::members::{
    self, Member, MemberInput, MemberKind, MemberQuery, MemberRow, MembershipStatus, SortBy,
};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which members to list.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct MemberListQuery {
    /// words matched anywhere in names and email, ignoring case and accents; none: everyone
    #[serde(default)]
    pub search: Option<String>,
    /// at most this many (default 200)
    #[serde(default)]
    pub limit: Option<i64>,
}

/// The members matching a search, by name: the directory (no amounts).
pub struct Search;

impl Operation for Search {
    const NAME: &'static str = "members_search";
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = MemberListQuery;
    type Response = Vec<MemberRow>;

    fn run(db: &mut Database, request: MemberListQuery) -> Result<Vec<MemberRow>> {
        let query = MemberQuery {
            search: request.search.filter(|s| !s.trim().is_empty()),
            limit: Some(request.limit.unwrap_or(200).clamp(1, 5000)),
            ..MemberQuery::default()
        };
        members::list(db.conn(), &query, today())
    }
}

/// The new member's id.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemberAdded {
    pub id: i64,
}

/// Adds a member from the form's fields (`first_name`, `last_name`, `email`…).
pub struct Add;

impl Operation for Add {
    const NAME: &'static str = "members_add";
    const ACCESS: Access = Access::Write(Area::Members);
    type Request = MemberInput;
    type Response = MemberAdded;

    fn run(db: &mut Database, input: MemberInput) -> Result<MemberAdded> {
        let id = members::add(db, &input)?;
        Ok(MemberAdded { id: id.0 })
    }
}

/// What the members list asks: every filter optional, as in `panier member list`.
#[derive(Debug, Clone, Default, Deserialize, TS, Serialize)]
#[serde(rename_all = "camelCase", default)]
#[ts(rename = "MemberListQuery")]
pub struct MemberFilter {
    pub search: Option<String>,
    /// active, grace, expired or none
    pub status: Option<String>,
    /// members with a running subscription to this plan (a storage tier)
    #[ts(type = "number | null")]
    pub plan: Option<i64>,
    /// name, email, joined or paidUntil
    pub sort: Option<String>,
    pub descending: bool,
    /// with `limit`, only that many rows after the first `offset`: a page of a long list (the
    /// window asks one at a time, so a search on 50,000 members costs what a page does)
    #[ts(type = "number | null")]
    pub offset: Option<i64>,
    #[ts(type = "number | null")]
    pub limit: Option<i64>,
}

/// One line of the members list.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberListRow {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    pub email: String,
    pub city: String,
    pub joined_on: String,
    /// The last day the membership covers, inclusive (the core's `paid_until` is the first
    /// day it no longer does).
    pub paid_through: Option<String>,
    #[ts(type = "\"active\" | \"grace\" | \"expired\" | \"none\"")]
    pub status: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberList {
    pub rows: Vec<MemberListRow>,
    /// every member of the association, whatever the filters
    #[ts(type = "number")]
    pub total: i64,
    /// the members the filters match, of whom `rows` is the page asked
    #[ts(type = "number")]
    pub matching: i64,
}

fn sort_by(text: Option<&str>) -> SortBy {
    match text {
        Some("email") => SortBy::Email,
        Some("joined") => SortBy::Joined,
        Some("paidUntil") => SortBy::PaidUntil,
        _ => SortBy::Name,
    }
}

/// The members list of the Members screen: filtered, sorted, with each one's city and
/// standing (no amounts).
pub struct List;

impl Operation for List {
    const NAME: &'static str = "list_members";
    // names, emails, cities and standing, no amounts: the directory an admin may read too
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = MemberFilter;
    type Response = MemberList;

    fn run(db: &mut Database, query: MemberFilter) -> Result<MemberList> {
        let status = query
            .status
            .as_deref()
            .filter(|s| !s.is_empty())
            .map(MembershipStatus::parse)
            .transpose()?;
        let core_query = MemberQuery {
            search: query.search.filter(|s| !s.trim().is_empty()),
            status,
            plan: query.plan.map(PlanId),
            sort: sort_by(query.sort.as_deref()),
            descending: query.descending,
            limit: query.limit,
            offset: query.offset.unwrap_or(0),
        };
        if let Some(limit) = core_query.limit.filter(|limit| *limit < 1) {
            return Err(Error::invalid(
                "limit",
                limit.to_string(),
                "la taille d'une page de la liste est au moins 1",
                "a page of the list holds at least 1 member",
            ));
        }
        if core_query.offset < 0 {
            return Err(Error::invalid(
                "offset",
                core_query.offset.to_string(),
                "le début d'une page de la liste est au moins 0",
                "a page of the list starts at 0 or later",
            ));
        }
        let today = today();
        let rows = members::list(db.conn(), &core_query, today)?;
        // a page shorter than asked (or the whole list) counts itself
        let asked_all = core_query
            .limit
            .is_none_or(|limit| rows.len() < limit as usize);
        let matching = if asked_all && (core_query.offset == 0 || !rows.is_empty()) {
            core_query.offset + rows.len() as i64
        } else {
            members::count_matching(db.conn(), &core_query, today)?
        };
        Ok(MemberList {
            rows: rows
                .into_iter()
                .map(|r| MemberListRow {
                    id: r.id.0,
                    name: r.name,
                    email: r.email,
                    city: r.city,
                    joined_on: r.joined_on.to_string(),
                    paid_through: r.paid_until.map(|d| last_day_before(d).to_string()),
                    status: r.status.as_str().to_string(),
                })
                .collect(),
            total: members::count(db)?,
            matching,
        })
    }
}

/// A plan the members list can filter on.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanOption {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    #[ts(type = "\"fee\" | \"tier\"")]
    pub kind: String,
}

/// The plans by name, for the list's filter and the member page.
pub struct Plans;

impl Operation for Plans {
    const NAME: &'static str = "member_plans";
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = ();
    type Response = Vec<PlanOption>;

    fn run(db: &mut Database, _: ()) -> Result<Vec<PlanOption>> {
        Ok(crate::membership::plans::list(db.conn())?
            .into_iter()
            .map(|p| PlanOption {
                id: p.id.0,
                name: p.name,
                kind: p.kind.as_str().to_string(),
            })
            .collect())
    }
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
    /// the profile's revision these fields were read at (`null` for a new member): an edit
    /// sends it back, and is refused when someone saved the member since
    #[ts(type = "number | null")]
    pub revision: Option<i64>,
}

impl MemberFields {
    pub fn of(m: &Member) -> Self {
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
            revision: Some(m.revision),
        }
    }

    fn input(&self) -> Result<MemberInput> {
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
            joined_on: parse_optional_date(Field::JoinedOn, &self.joined_on)?,
            notes: self.notes.clone(),
        })
    }
}

/// What a change did, for the window to say it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberSaved {
    #[ts(type = "number")]
    pub id: i64,
    pub name: String,
    /// the profile's revision now, for a form that stays open
    #[ts(type = "number")]
    pub revision: i64,
}

impl MemberSaved {
    fn of(member: &Member) -> Self {
        MemberSaved {
            id: member.id.0,
            name: member.display_name(),
            revision: member.revision,
        }
    }
}

/// Adds a member from the form's fields as typed (the join date as text).
pub struct AddFromForm;

impl Operation for AddFromForm {
    const NAME: &'static str = "add_member";
    const ACCESS: Access = Access::Write(Area::Members);
    type Request = MemberFields;
    type Response = MemberSaved;

    fn run(db: &mut Database, fields: MemberFields) -> Result<MemberSaved> {
        let id = members::add(db, &fields.input()?)?;
        Ok(MemberSaved::of(&members::get(db.conn(), id)?))
    }
}

/// An edit of a member's profile: their id and the form's fields, with the revision the form
/// was opened at.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MemberUpdate {
    pub id: i64,
    pub fields: MemberFields,
}

/// Saves an edited profile; refused with [`crate::Error::Conflict`], writing nothing, when
/// the member changed since the form read them (its `revision`), and refused when the form
/// sends no revision (an edit must say what it was made on).
pub struct Update;

impl Operation for Update {
    const NAME: &'static str = "update_member";
    const ACCESS: Access = Access::Write(Area::Members);
    type Request = MemberUpdate;
    type Response = MemberSaved;

    fn run(db: &mut Database, update: MemberUpdate) -> Result<MemberSaved> {
        let Some(read_revision) = update.fields.revision else {
            return Err(Error::refused(
                "la modification ne dit pas sur quelle version du membre elle a été faite (revision) : rouvrez sa fiche",
                "the edit does not say which version of the member it was made on (revision): open their profile again",
            ));
        };
        let input = update.fields.input()?;
        let saved = members::update_from(db, MemberId(update.id), read_revision, &input)?;
        Ok(MemberSaved::of(&saved))
    }
}

/// Which member.
#[derive(Debug, Clone, Copy, Serialize, Deserialize)]
pub struct MemberRef {
    pub id: i64,
}

/// Deletes a member entered by mistake (refused when the books hold their money); answers
/// their name.
pub struct Delete;

impl Operation for Delete {
    const NAME: &'static str = "delete_member";
    const ACCESS: Access = Access::Write(Area::Members);
    type Request = MemberRef;
    type Response = String;

    fn run(db: &mut Database, member: MemberRef) -> Result<String> {
        let name = members::get(db.conn(), MemberId(member.id))?.display_name();
        members::delete(db, MemberId(member.id))?;
        Ok(name)
    }
}
