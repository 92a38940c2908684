//! Who held a subscription in a period: the distinct members of each plan and of each kind of
//! plan, for the report's year and its history at once.
//!
//! One pass over the subscriptions of every plan, walking the covering index
//! `subscriptions_plan`: a `count(DISTINCT member_id)` per period and plan sorted ~40,000
//! members each time (25 queries for a five-year history, ~150 ms on the large profile).

use crate::kernel::dates::Period;
use crate::kernel::error::Result;
use crate::kernel::ids::PlanId;
use crate::membership::plans::{self, PlanKind};
use rusqlite::{params, Connection};
use std::collections::HashMap;

/// The members who held a subscription overlapping each of the periods counted.
pub(super) struct Subscribers {
    periods: Vec<Period>,
    by_plan: HashMap<(usize, PlanId), i64>,
    by_kind: HashMap<(usize, PlanKind), i64>,
}

impl Subscribers {
    /// Reads every subscription overlapping one of `periods`, archived plans included (a
    /// year's members held fees that may have been archived since).
    pub(super) fn count(conn: &Connection, periods: &[Period]) -> Result<Self> {
        let mut by_plan: HashMap<(usize, PlanId), Vec<i64>> = HashMap::new();
        let mut by_kind: HashMap<(usize, PlanKind), Vec<i64>> = HashMap::new();
        // no period: NULL bounds, and no row compares with NULL
        let first = periods.iter().map(|p| p.start).min().map(|d| d.to_string());
        let last = periods
            .iter()
            .map(|p| p.end_exclusive)
            .max()
            .map(|d| d.to_string());
        // ISO days compare as text: the bounds once, not a date parsed per row
        let bounds: Vec<(String, String)> = periods
            .iter()
            .map(|p| (p.start.to_string(), p.end_exclusive.to_string()))
            .collect();
        let mut stmt = conn.prepare_cached(
            "SELECT member_id, starts_on, ends_before FROM subscriptions
             WHERE plan_id = ?1 AND ends_before > ?2 AND starts_on < ?3",
        )?;
        for plan in plans::list(conn)? {
            let mut rows = stmt.query(params![plan.id, first, last])?;
            while let Some(row) = rows.next()? {
                let member: i64 = row.get(0)?;
                let starts_on = row.get_ref(1)?.as_str().map_err(rusqlite::Error::from)?;
                let ends_before = row.get_ref(2)?.as_str().map_err(rusqlite::Error::from)?;
                for (i, (start, end_exclusive)) in bounds.iter().enumerate() {
                    if starts_on < end_exclusive.as_str() && ends_before > start.as_str() {
                        by_plan.entry((i, plan.id)).or_default().push(member);
                        by_kind.entry((i, plan.kind)).or_default().push(member);
                    }
                }
            }
        }
        Ok(Subscribers {
            periods: periods.to_vec(),
            by_plan: by_plan.into_iter().map(|(k, v)| (k, distinct(v))).collect(),
            by_kind: by_kind.into_iter().map(|(k, v)| (k, distinct(v))).collect(),
        })
    }

    /// How many members held a subscription to `plan` overlapping `period`.
    pub(super) fn of_plan(&self, period: Period, plan: PlanId) -> i64 {
        self.index_of(period)
            .and_then(|i| self.by_plan.get(&(i, plan)))
            .copied()
            .unwrap_or(0)
    }

    /// How many members held a subscription to any plan of `kind` overlapping `period`.
    pub(super) fn of_kind(&self, period: Period, kind: PlanKind) -> i64 {
        self.index_of(period)
            .and_then(|i| self.by_kind.get(&(i, kind)))
            .copied()
            .unwrap_or(0)
    }

    fn index_of(&self, period: Period) -> Option<usize> {
        self.periods.iter().position(|p| *p == period)
    }
}

/// How many different members `ids` names (a member with two subscriptions in a period counts
/// once).
fn distinct(mut ids: Vec<i64>) -> i64 {
    ids.sort_unstable();
    ids.dedup();
    ids.len() as i64
}
