//! Plans: membership fees (kind `fee`) and storage tiers (kind `tier`).

use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::PlanId;
use crate::kernel::money::Cents;
use crate::kernel::size::check_size;
use crate::kernel::text::{check_text, TextKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use rusqlite::{params, Connection, OptionalExtension, Row};
use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanKind {
    Fee,
    Tier,
}

impl PlanKind {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanKind::Fee => "fee",
            PlanKind::Tier => "tier",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        match text.trim().to_ascii_lowercase().as_str() {
            "fee" | "cotisation" | "adhesion" | "adhésion" => Ok(PlanKind::Fee),
            "tier" | "palier" | "stockage" => Ok(PlanKind::Tier),
            _ => Err(Error::invalid(
                "type",
                text,
                format!("type de formule inconnu « {text} » (fee ou tier)"),
                format!("unknown plan kind “{text}” (fee or tier)"),
            )),
        }
    }
}

/// How long one payment of a plan lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "type", content = "months")]
pub enum PlanPeriod {
    /// 1 January to 1 January
    Civil,
    /// N months from the start day
    Months(u32),
}

impl PlanPeriod {
    pub fn parse(text: &str) -> Result<Self> {
        let t = text.trim().to_ascii_lowercase();
        if t == "civil" || t == "civile" || t == "year" || t == "annee" || t == "année" {
            return Ok(PlanPeriod::Civil);
        }
        if let Some(n) = t
            .strip_prefix("months:")
            .or_else(|| t.strip_prefix("mois:"))
        {
            if let Ok(n @ 1..=120) = n.trim().parse::<u32>() {
                return Ok(PlanPeriod::Months(n));
            }
        }
        Err(Error::invalid(
            "période",
            text,
            format!("période « {text} » illisible : civil ou months:N (N de 1 à 120)"),
            format!("unreadable period “{text}”: civil or months:N (N from 1 to 120)"),
        ))
    }
}

impl fmt::Display for PlanPeriod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PlanPeriod::Civil => f.write_str("civil"),
            PlanPeriod::Months(n) => write!(f, "months:{n}"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Plan {
    pub id: PlanId,
    pub name: String,
    pub kind: PlanKind,
    /// price per period; for a pay-what-you-want fee, the suggested price
    pub amount_cents: Cents,
    pub pay_what_you_want: bool,
    pub min_cents: Option<Cents>,
    /// part of a fee that pays for a service (not a gift)
    pub counterpart_cents: Cents,
    pub quota_bytes: Option<i64>,
    pub period: PlanPeriod,
    pub members_only: bool,
    pub covers_gap: bool,
    pub description: String,
    pub archived: bool,
}

impl Plan {
    /// The part of a payment of `paid` that buys what the member receives in return, and so
    /// can never be a gift: a fee's counterpart, a storage tier's whole price (a service,
    /// account 706), or all of `paid` when it is lower.
    pub fn service_floor(&self, paid: Cents) -> Cents {
        let in_return = match self.kind {
            PlanKind::Fee => self.counterpart_cents,
            PlanKind::Tier => self.amount_cents.max(self.counterpart_cents),
        };
        in_return.clamp(0, paid.max(0))
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanInput {
    pub name: String,
    pub kind: PlanKind,
    pub amount_cents: Cents,
    /// a minimum makes the plan pay-what-you-want ("prix libre")
    pub min_cents: Option<Cents>,
    pub counterpart_cents: Cents,
    pub quota_bytes: Option<i64>,
    pub period: PlanPeriod,
    pub members_only: bool,
    pub covers_gap: bool,
    pub description: String,
}

impl PlanInput {
    fn validated(&self) -> Result<PlanInput> {
        let mut v = self.clone();
        v.name = v.name.trim().to_string();
        if v.name.is_empty() {
            return Err(Error::invalid(
                "nom",
                "",
                "le nom de la formule est obligatoire",
                "the plan's name is required",
            ));
        }
        check_text("nom", &v.name, TextKind::Name)?;
        check_text("description", &v.description, TextKind::Note)?;
        if let Some(bytes) = v.quota_bytes {
            check_size("quota", bytes)?;
        }
        match v.kind {
            PlanKind::Tier if v.quota_bytes.is_none() => {
                return Err(Error::invalid(
                    "quota",
                    "",
                    "un palier de stockage a besoin d'un quota (--quota, ex. 10 GB)",
                    "a storage tier needs a quota (--quota, e.g. 10 GB)",
                ))
            }
            PlanKind::Fee if v.quota_bytes.is_some() => {
                return Err(Error::invalid(
                    "quota",
                    "",
                    "une cotisation n'a pas de quota : créez un palier (--kind tier)",
                    "a membership fee has no quota: create a tier (--kind tier)",
                ))
            }
            _ => {}
        }
        if let Some(min) = v.min_cents {
            if min > v.amount_cents {
                return Err(Error::invalid(
                    "minimum",
                    crate::kernel::money::plain(min),
                    "le minimum du prix libre dépasse le prix conseillé",
                    "the pay-what-you-want minimum exceeds the suggested price",
                ));
            }
        }
        let floor = v.min_cents.unwrap_or(v.amount_cents);
        if v.counterpart_cents > floor {
            return Err(Error::invalid(
                "contrepartie",
                crate::kernel::money::plain(v.counterpart_cents),
                "la part « service » d'une cotisation ne peut dépasser son montant (minimum)",
                "the service part of a fee cannot exceed its (minimum) amount",
            ));
        }
        if v.kind == PlanKind::Tier {
            // a tier is a service through and through: no gift part
            v.counterpart_cents = v.amount_cents;
        }
        Ok(v)
    }
}

const COLUMNS: &str =
    "id, name, kind, amount_cents, pay_what_you_want, min_cents, counterpart_cents, \
    quota_bytes, period, members_only, covers_gap, description, archived";

fn from_row(row: &Row<'_>) -> rusqlite::Result<Plan> {
    let kind: String = row.get("kind")?;
    let period: String = row.get("period")?;
    Ok(Plan {
        id: row.get("id")?,
        name: row.get("name")?,
        kind: if kind == "tier" {
            PlanKind::Tier
        } else {
            PlanKind::Fee
        },
        amount_cents: row.get("amount_cents")?,
        pay_what_you_want: row.get("pay_what_you_want")?,
        min_cents: row.get("min_cents")?,
        counterpart_cents: row.get("counterpart_cents")?,
        quota_bytes: row.get("quota_bytes")?,
        period: PlanPeriod::parse(&period).unwrap_or(PlanPeriod::Civil),
        members_only: row.get("members_only")?,
        covers_gap: row.get("covers_gap")?,
        description: row.get("description")?,
        archived: row.get("archived")?,
    })
}

/// Inserts a plan inside a caller's transaction.
pub fn insert(conn: &Connection, input: &PlanInput) -> Result<PlanId> {
    let v = input.validated()?;
    let folded = crate::kernel::search::fold(&v.name);
    let names: Vec<String> = conn
        .prepare_cached("SELECT name FROM plans")?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    if names
        .iter()
        .any(|n| crate::kernel::search::fold(n) == folded)
    {
        return Err(Error::refused(
            format!("une formule s'appelle déjà « {} »", v.name),
            format!("a plan is already called “{}”", v.name),
        ));
    }
    conn.execute(
        "INSERT INTO plans (name, kind, amount_cents, pay_what_you_want, min_cents,
             counterpart_cents, quota_bytes, period, members_only, covers_gap, description, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            v.name,
            v.kind.as_str(),
            v.amount_cents,
            v.min_cents.is_some(),
            v.min_cents,
            v.counterpart_cents,
            v.quota_bytes,
            v.period.to_string(),
            v.members_only,
            v.covers_gap,
            v.description,
            now_text(),
        ],
    )?;
    Ok(PlanId(conn.last_insert_rowid()))
}

pub fn add(db: &mut Database, input: &PlanInput) -> Result<PlanId> {
    db.write(|tx| {
        let id = insert(tx, input)?;
        let after = get(tx, id)?;
        Ok((id, Change::new("add", "plan", Some(id.0)).after(&after)))
    })
}

pub fn get(conn: &Connection, id: PlanId) -> Result<Plan> {
    conn.prepare_cached(&format!("SELECT {COLUMNS} FROM plans WHERE id = ?1"))?
        .query_row([id], from_row)
        .optional()?
        .ok_or_else(|| Error::not_found("formule", "plan", id.to_string()))
}

/// Finds a plan by name (ignoring case and accents) or by id.
pub fn find(conn: &Connection, id_or_name: &str) -> Result<Plan> {
    let key = id_or_name.trim();
    let folded = crate::kernel::search::fold(key);
    if let Some(plan) = list(conn)?
        .into_iter()
        .find(|p| crate::kernel::search::fold(&p.name) == folded)
    {
        return Ok(plan);
    }
    if let Ok(n) = key.parse::<i64>() {
        return get(conn, PlanId(n));
    }
    Err(Error::not_found("formule", "plan", key))
}

pub fn list(conn: &Connection) -> Result<Vec<Plan>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM plans ORDER BY archived, kind, amount_cents, name"
    ))?;
    let rows = stmt.query_map([], from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// How many members each plan has on `today`: distinct members with a subscription to it
/// covering that day. Plans nobody holds are absent (the Plans screen shows 0).
pub fn subscriber_counts(
    conn: &Connection,
    today: chrono::NaiveDate,
) -> Result<std::collections::HashMap<PlanId, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT plan_id, count(DISTINCT member_id) FROM subscriptions
         WHERE starts_on <= ?1 AND ends_before > ?1 GROUP BY plan_id",
    )?;
    let rows = stmt.query_map([today.to_string()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Retires a plan (or brings it back): a retired plan keeps its history and its running
/// subscriptions, but is no longer offered, and a retired free tier is no longer everyone's
/// floor. Plans are never deleted: payments and receipts point at them.
pub fn set_archived(db: &mut Database, id: PlanId, archived: bool) -> Result<Plan> {
    db.write(|tx| {
        let before = get(tx, id)?;
        tx.execute(
            "UPDATE plans SET archived = ?2 WHERE id = ?1",
            params![id, archived],
        )?;
        let after = get(tx, id)?;
        let action = if archived { "archive" } else { "unarchive" };
        Ok((
            after.clone(),
            Change::new(action, "plan", Some(id.0))
                .before(&before)
                .after(&after),
        ))
    })
}
