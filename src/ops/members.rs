//! The members' operations: finding members (names, emails and status — what every role may
//! see), the members list, and adding one.

use super::{Access, Area, Operation};
use crate::kernel::dates::{last_day_before, today};
use crate::kernel::error::Result;
use crate::kernel::ids::PlanId;
use crate::people::members::{self, MemberInput, MemberQuery, MemberRow, MembershipStatus, SortBy};
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
#[derive(Debug, Clone, Serialize)]
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
// Named `MemberListQuery` in TypeScript, the UI's name for it since the desktop command.
#[derive(Debug, Clone, Default, Deserialize, TS)]
#[serde(rename_all = "camelCase", default)]
#[ts(rename = "MemberListQuery")]
pub struct MemberFilters {
    pub search: Option<String>,
    /// active, grace, expired or none
    pub status: Option<String>,
    /// members with a running subscription to this plan (a storage tier)
    #[ts(type = "number | null")]
    pub plan: Option<i64>,
    /// name, email, joined or paidUntil
    pub sort: Option<String>,
    pub descending: bool,
}

/// One line of the members list.
#[derive(Debug, Clone, Serialize, TS)]
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

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberList {
    pub rows: Vec<MemberListRow>,
    /// every member of the association, whatever the filters
    #[ts(type = "number")]
    pub total: i64,
}

fn sort_by(text: Option<&str>) -> SortBy {
    match text {
        Some("email") => SortBy::Email,
        Some("joined") => SortBy::Joined,
        Some("paidUntil") => SortBy::PaidUntil,
        _ => SortBy::Name,
    }
}

/// The members list of the desktop and browser screen: names, emails, cities and status —
/// the directory, no amounts.
pub struct List;

impl Operation for List {
    const NAME: &'static str = "list_members";
    const ACCESS: Access = Access::Read(Area::MemberDirectory);
    type Request = MemberFilters;
    type Response = MemberList;

    fn run(db: &mut Database, query: MemberFilters) -> Result<MemberList> {
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
            limit: None,
            offset: 0,
        };
        let rows = members::list(db.conn(), &core_query, today())?
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
            .collect();
        Ok(MemberList {
            rows,
            total: members::count(db)?,
        })
    }
}
