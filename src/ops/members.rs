//! The members' operations the team server needs first: finding members (names, emails and
//! status — what every role may see) and adding one.

use super::{Access, Area, Operation};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::people::members::{self, MemberInput, MemberQuery, MemberRow};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};

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
