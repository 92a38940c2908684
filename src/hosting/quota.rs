//! Storage quota: what each service account should have, derived from its member's tiers and
//! bonuses, and the lists the admins work from (over quota, nearly full, lapsed tiers,
//! expired members).
//!
//! - **Tiers**: plans of kind `tier` whose subscription covers today; a members-only tier
//!   counts only while the member's membership is active or in grace. A free tier open to
//!   everyone (price 0, not members-only, not archived) is everybody's floor, subscribed or
//!   not. The largest tier counts (tiers do not add up).
//! - **Bonuses** (`quota_grants`): bytes added on top, permanent or up to a last day
//!   included; each says who gave it, when and why.
//! - The account's `quota_bytes` is the quota in force: the one Panier last set on the
//!   service. The *target* is tiers + bonuses. A target above it is an upgrade Panier makes;
//!   a target below it is only ever a **proposal** (a lapsed tier, an expired member, an
//!   ended bonus): nothing is lowered until an admin accepts it.

use crate::kernel::dates::{check_in_range, now_text};
use crate::kernel::error::{Error, Result};
use crate::kernel::field::{Field, FieldName};
use crate::kernel::ids::{AccountId, GrantId, MemberId, PlanId};
use crate::kernel::size::{add_sizes, check_size};
use crate::kernel::text::{check_text, TextKind};
use crate::people::members::MembershipStatus;
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// A bonus on top of an account's tiers.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Grant {
    pub id: GrantId,
    pub account_id: AccountId,
    pub login: String,
    pub bytes: i64,
    pub reason: String,
    /// the last day the bonus counts (included); `None`: no end
    pub until: Option<NaiveDate>,
    pub granted_at: String,
    pub granted_by: String,
}

impl Grant {
    pub fn counts_on(&self, day: NaiveDate) -> bool {
        self.until.is_none_or(|last| day <= last)
    }
}

/// What an admin types in the grant dialog.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct GrantInput {
    /// `nextcloud` unless said otherwise
    #[serde(default = "default_service")]
    pub service: String,
    pub login: String,
    pub bytes: i64,
    pub reason: String,
    /// the last day the bonus counts (included); `None`: no end
    #[serde(default)]
    pub until: Option<NaiveDate>,
}

fn default_service() -> String {
    "nextcloud".to_string()
}

/// Gives an account a bonus; prints nothing, returns the grant's id. The grant row keeps who
/// (the operator), when and why; the audit row says the same.
pub fn grant(db: &mut Database, input: &GrantInput, today: NaiveDate) -> Result<GrantId> {
    let reason = input.reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::invalid(
            FieldName::keyed(Field::Reason, "raison"),
            "",
            "dites pourquoi ce quota est accordé (--reason)",
            "say why this quota is granted (--reason)",
        ));
    }
    if input.bytes <= 0 {
        return Err(Error::invalid(
            "taille",
            input.bytes.to_string(),
            "un bonus de quota doit être positif",
            "a quota bonus must be positive",
        ));
    }
    check_text("raison", &reason, TextKind::Line)?;
    check_size("taille", input.bytes)?;
    if let Some(until) = input.until {
        check_in_range("jusqu'au", until)?;
        if until < today {
            return Err(Error::invalid(
                "jusqu'au",
                until.to_string(),
                format!("la date de fin {until} est déjà passée"),
                format!("the end date {until} is already past"),
            ));
        }
    }
    let operator = db.operator().to_string();
    db.write(|tx| {
        let account =
            crate::hosting::accounts::find_by_login(tx, input.service.trim(), input.login.trim())?;
        // the account's bonuses, this one included, stay within the bound (never wrapped)
        let granted: i64 = tx.query_row(
            "SELECT coalesce(sum(bytes), 0) FROM quota_grants WHERE account_id = ?1",
            [account.id],
            |r| r.get(0),
        )?;
        add_sizes("taille", granted, input.bytes)?;
        tx.execute(
            "INSERT INTO quota_grants (account_id, bytes, reason, until, granted_at, granted_by)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                account.id,
                input.bytes,
                reason,
                input.until.map(|d| d.to_string()),
                now_text(),
                operator
            ],
        )?;
        let id = GrantId(tx.last_insert_rowid());
        let after = get_grant(tx, id)?;
        Ok((
            id,
            Change::new("grant", "quota_grant", Some(id.0))
                .member(account.member_id)
                .after(&after),
        ))
    })
}

/// Ends a bonus early: its last day becomes yesterday (so it no longer counts today). The
/// audit row keeps who, when and why; the quota itself only goes down when an admin accepts
/// the proposed downgrade.
pub fn end_grant(db: &mut Database, id: GrantId, reason: &str, today: NaiveDate) -> Result<Grant> {
    let reason = reason.trim().to_string();
    if reason.is_empty() {
        return Err(Error::invalid(
            FieldName::keyed(Field::Reason, "raison"),
            "",
            "dites pourquoi ce bonus s'arrête (--reason)",
            "say why this bonus ends (--reason)",
        ));
    }
    db.write(|tx| {
        let before = get_grant(tx, id)?;
        if !before.counts_on(today) {
            return Err(Error::refused(
                format!("le bonus n° {id} est déjà terminé"),
                format!("bonus #{id} has already ended"),
            ));
        }
        let yesterday = today - chrono::Duration::days(1);
        tx.execute(
            "UPDATE quota_grants SET until = ?2 WHERE id = ?1",
            params![id, yesterday.to_string()],
        )?;
        let after = get_grant(tx, id)?;
        let member = crate::hosting::accounts::get(tx, before.account_id)?.member_id;
        Ok((
            after.clone(),
            Change::new("end_grant", "quota_grant", Some(id.0))
                .member(member)
                .before(&before)
                .after(&serde_json::json!({ "grant": after, "reason": reason })),
        ))
    })
}

const GRANT_SELECT: &str = "SELECT g.id, g.account_id, a.login, g.bytes, g.reason, g.until, \
    g.granted_at, g.granted_by FROM quota_grants g JOIN service_accounts a ON a.id = g.account_id";

fn grant_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Grant> {
    let until: Option<String> = r.get(5)?;
    Ok(Grant {
        id: r.get(0)?,
        account_id: r.get(1)?,
        login: r.get(2)?,
        bytes: r.get(3)?,
        reason: r.get(4)?,
        until: until.and_then(|d| d.parse().ok()),
        granted_at: r.get(6)?,
        granted_by: r.get(7)?,
    })
}

pub fn get_grant(conn: &Connection, id: GrantId) -> Result<Grant> {
    conn.query_row(&format!("{GRANT_SELECT} WHERE g.id = ?1"), [id], grant_row)
        .optional()?
        .ok_or_else(|| Error::not_found("bonus de quota", "quota grant", id.to_string()))
}

/// An account's bonuses, newest first (ended ones included: they are its history).
pub fn grants_for(conn: &Connection, account: AccountId) -> Result<Vec<Grant>> {
    let mut stmt = conn.prepare_cached(&format!(
        "{GRANT_SELECT} WHERE g.account_id = ?1 ORDER BY g.id DESC"
    ))?;
    let rows = stmt.query_map([account], grant_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The tier that gives an account its quota.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct TierShare {
    pub plan_id: PlanId,
    pub name: String,
    pub quota_bytes: i64,
    /// paid (a price or pay-what-you-want), as opposed to free
    pub paid: bool,
    pub members_only: bool,
    /// the end (excluded) of the subscription that gives it; `None` for the free floor
    pub ends_before: Option<NaiveDate>,
}

/// Why a target below the quota in force is only proposed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum DowngradeReason {
    /// the member's paid tier ended (or, members-only, no longer counts)
    TierLapsed { plan: String, ended_on: NaiveDate },
    /// a free tier's subscription ended
    TierEnded { plan: String, ended_on: NaiveDate },
    /// the member's membership expired, so members-only tiers no longer count
    MemberExpired,
    /// a bonus ended
    BonusEnded,
    /// the tiers and bonuses simply give less than what is set
    Other,
}

/// One account's quota, as the admins' lists show it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccountQuota {
    pub account_id: AccountId,
    pub member_id: MemberId,
    pub member_name: String,
    pub member_email: String,
    pub membership: MembershipStatus,
    pub service: String,
    pub login: String,
    pub enabled: bool,
    /// the quota in force (the one Panier last set on the service)
    pub quota_bytes: i64,
    /// what the tiers give (the largest one counts)
    pub tier_bytes: i64,
    pub tier: Option<TierShare>,
    /// the bonuses counting today, added up
    pub bonus_bytes: i64,
    /// tiers + bonuses: what the account should have
    pub target_bytes: i64,
    pub used_bytes: Option<i64>,
    pub used_seen_at: Option<String>,
    /// used / quota in force, in whole percent (rounded down)
    pub used_percent: Option<i64>,
    /// more used than the quota in force
    pub over: bool,
    /// at least 90 % used, not over
    pub near: bool,
    /// the account's paid tier has lapsed and its quota is above the target: a downgrade
    /// to propose
    pub lapsed: Option<DowngradeReason>,
    /// the member's membership has expired (past the grace days)
    pub member_expired: bool,
    /// target below the quota in force: a downgrade waiting for an admin's decision
    pub downgrade: Option<DowngradeReason>,
}

impl AccountQuota {
    /// What Panier would set on the service: the target when it is an upgrade (or when a
    /// downgrade was accepted), else the quota in force.
    pub fn decided_bytes(&self, accept_downgrade: bool) -> i64 {
        if self.target_bytes >= self.quota_bytes || accept_downgrade {
            self.target_bytes
        } else {
            self.quota_bytes
        }
    }
}

/// Which accounts a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum QuotaFilter {
    #[default]
    All,
    /// using more than their quota
    Over,
    /// at least 90 % full (not over)
    Near,
    /// paid tier lapsed: downgrade proposals
    Lapsed,
    /// accounts of members whose membership expired
    Expired,
    /// every account whose target is below its quota (all downgrade proposals)
    Downgrades,
}

impl QuotaFilter {
    pub fn keeps(self, q: &AccountQuota) -> bool {
        match self {
            QuotaFilter::All => true,
            QuotaFilter::Over => q.over,
            QuotaFilter::Near => q.near,
            QuotaFilter::Lapsed => q.lapsed.is_some(),
            QuotaFilter::Expired => q.member_expired,
            QuotaFilter::Downgrades => q.downgrade.is_some(),
        }
    }
}

struct TierSub {
    member: MemberId,
    share: TierShare,
    starts_on: NaiveDate,
}

/// Every account's quota on `today`, ordered by service and login.
pub fn overview(conn: &Connection, today: NaiveDate) -> Result<Vec<AccountQuota>> {
    let accounts = crate::hosting::accounts::list(conn)?;
    let grace_days = crate::store::settings::organisation_of(conn)?.grace_days;
    let grace_cutoff = today - chrono::Duration::days(grace_days);

    // members: name, email, paid-until
    let mut members: HashMap<MemberId, (String, String, MembershipStatus)> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT m.id, m.kind, m.first_name, m.last_name, m.org_name, m.email,
                (SELECT max(s.ends_before) FROM subscriptions s JOIN plans p ON p.id = s.plan_id
                 WHERE s.member_id = m.id AND p.kind = 'fee' AND s.starts_on <= ?1)
             FROM members m
             WHERE m.id IN (SELECT member_id FROM service_accounts)",
        )?;
        let rows = stmt.query_map([today.to_string()], |r| {
            let kind: String = r.get(1)?;
            let (first, last, org): (String, String, String) = (r.get(2)?, r.get(3)?, r.get(4)?);
            let name = if kind == "organisation" {
                org
            } else {
                format!("{first} {last}").trim().to_string()
            };
            let paid_until: Option<String> = r.get(6)?;
            Ok((
                r.get::<_, MemberId>(0)?,
                name,
                r.get::<_, String>(5)?,
                paid_until,
            ))
        })?;
        for row in rows {
            let (id, name, email, paid_until) = row?;
            let paid_until: Option<NaiveDate> = paid_until.and_then(|d| d.parse().ok());
            let status = match paid_until {
                None => MembershipStatus::None,
                Some(end) if end > today => MembershipStatus::Active,
                Some(end) if end > grace_cutoff => MembershipStatus::Grace,
                Some(_) => MembershipStatus::Expired,
            };
            members.insert(id, (name, email, status));
        }
    }

    // the free floor: the largest free tier open to everyone
    let floor: Option<TierShare> = crate::membership::plans::list(conn)?
        .into_iter()
        .filter(|p| {
            p.kind == crate::membership::plans::PlanKind::Tier
                && !p.archived
                && !p.members_only
                && p.amount_cents == 0
                && !p.pay_what_you_want
        })
        .map(|p| TierShare {
            plan_id: p.id,
            name: p.name,
            quota_bytes: p.quota_bytes.unwrap_or(0),
            paid: false,
            members_only: false,
            ends_before: None,
        })
        .max_by_key(|t| t.quota_bytes);

    // tier subscriptions that have started
    let mut subs: HashMap<MemberId, Vec<TierSub>> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(
            "SELECT s.member_id, p.id, p.name, p.quota_bytes, p.amount_cents, p.pay_what_you_want,
                    p.members_only, s.starts_on, s.ends_before
             FROM subscriptions s JOIN plans p ON p.id = s.plan_id
             WHERE p.kind = 'tier' AND s.starts_on <= ?1",
        )?;
        let rows = stmt.query_map([today.to_string()], |r| {
            let start: String = r.get(7)?;
            let end: String = r.get(8)?;
            let amount: i64 = r.get(4)?;
            let pwyw: bool = r.get(5)?;
            Ok(TierSub {
                member: r.get(0)?,
                share: TierShare {
                    plan_id: r.get(1)?,
                    name: r.get(2)?,
                    quota_bytes: r.get::<_, Option<i64>>(3)?.unwrap_or(0),
                    paid: amount > 0 || pwyw,
                    members_only: r.get(6)?,
                    ends_before: end.parse().ok(),
                },
                starts_on: start.parse().unwrap_or_default(),
            })
        })?;
        for row in rows {
            let sub = row?;
            subs.entry(sub.member).or_default().push(sub);
        }
    }

    // bonuses
    let mut bonuses: HashMap<AccountId, (i64, bool)> = HashMap::new();
    {
        let mut stmt = conn.prepare_cached(GRANT_SELECT)?;
        let rows = stmt.query_map([], grant_row)?;
        for g in rows {
            let g = g?;
            let entry = bonuses.entry(g.account_id).or_insert((0, false));
            if g.counts_on(today) {
                entry.0 = add_sizes("bonus", entry.0, g.bytes)?;
            } else {
                entry.1 = true; // some bonus has ended
            }
        }
    }

    let mut out = Vec::with_capacity(accounts.len());
    for a in accounts {
        let (member_name, member_email, membership) = members
            .get(&a.member_id)
            .cloned()
            .unwrap_or((String::new(), String::new(), MembershipStatus::None));
        let member_counts = matches!(
            membership,
            MembershipStatus::Active | MembershipStatus::Grace
        );
        let empty = Vec::new();
        let member_subs = subs.get(&a.member_id).unwrap_or(&empty);
        let counts = |s: &TierSub| {
            s.starts_on <= today
                && s.share.ends_before.is_some_and(|end| today < end)
                && (!s.share.members_only || member_counts)
        };
        let mut tier: Option<TierShare> = member_subs
            .iter()
            .filter(|s| counts(s))
            .map(|s| s.share.clone())
            .max_by_key(|t| t.quota_bytes);
        if let Some(f) = &floor {
            if tier.as_ref().is_none_or(|t| t.quota_bytes < f.quota_bytes) {
                tier = Some(f.clone());
            }
        }
        let tier_bytes = tier.as_ref().map_or(0, |t| t.quota_bytes);
        let (bonus_bytes, bonus_ended) = bonuses.get(&a.id).copied().unwrap_or((0, false));
        let target_bytes = add_sizes("quota", tier_bytes, bonus_bytes)?;

        // the latest tier that no longer counts, if it gave more than today's tiers
        let lapse = member_subs
            .iter()
            .filter(|s| !counts(s) && s.share.quota_bytes > tier_bytes)
            .filter(|s| {
                // not if another period of the same tier runs
                !member_subs
                    .iter()
                    .any(|o| o.share.plan_id == s.share.plan_id && counts(o))
            })
            .max_by_key(|s| (s.share.ends_before, s.share.paid))
            .map(|s| {
                let end = s.share.ends_before.unwrap_or(today);
                let still_running = end > today;
                if s.share.paid {
                    DowngradeReason::TierLapsed {
                        plan: s.share.name.clone(),
                        ended_on: if still_running { today } else { end },
                    }
                } else if still_running {
                    // a members-only tier whose member is no longer a member
                    DowngradeReason::MemberExpired
                } else {
                    DowngradeReason::TierEnded {
                        plan: s.share.name.clone(),
                        ended_on: end,
                    }
                }
            });
        let member_expired = membership == MembershipStatus::Expired;
        let downgrade = (target_bytes < a.quota_bytes).then(|| {
            if let Some(l) = &lapse {
                l.clone()
            } else if bonus_ended {
                DowngradeReason::BonusEnded
            } else {
                DowngradeReason::Other
            }
        });
        let lapsed = downgrade
            .as_ref()
            .filter(|d| matches!(d, DowngradeReason::TierLapsed { .. }))
            .cloned();
        let used_percent = a.used_bytes.and_then(|u| {
            (a.quota_bytes > 0).then(|| ((u as i128 * 100) / a.quota_bytes as i128) as i64)
        });
        let over = a.used_bytes.is_some_and(|u| u > a.quota_bytes);
        let near = !over
            && a.used_bytes.is_some_and(|u| {
                a.quota_bytes > 0 && (u as i128) * 10 >= a.quota_bytes as i128 * 9
            });
        out.push(AccountQuota {
            account_id: a.id,
            member_id: a.member_id,
            member_name,
            member_email,
            membership,
            service: a.service,
            login: a.login,
            enabled: a.enabled,
            quota_bytes: a.quota_bytes,
            tier_bytes,
            tier,
            bonus_bytes,
            target_bytes,
            used_bytes: a.used_bytes,
            used_seen_at: a.used_seen_at,
            used_percent,
            over,
            near,
            lapsed,
            member_expired,
            downgrade,
        });
    }
    Ok(out)
}

/// The accounts a list shows, on `today`.
pub fn list(conn: &Connection, filter: QuotaFilter, today: NaiveDate) -> Result<Vec<AccountQuota>> {
    Ok(overview(conn, today)?
        .into_iter()
        .filter(|q| filter.keeps(q))
        .collect())
}

/// One account's quota, on `today`.
pub fn for_account(
    conn: &Connection,
    account: AccountId,
    today: NaiveDate,
) -> Result<AccountQuota> {
    overview(conn, today)?
        .into_iter()
        .find(|q| q.account_id == account)
        .ok_or_else(|| Error::not_found("compte", "account", account.to_string()))
}

/// An account's history: its changes (quota set, enabled, disabled, synced or failed) and
/// its bonuses, oldest first, with who and when.
pub fn history(
    conn: &Connection,
    account: AccountId,
) -> Result<Vec<crate::store::audit::AuditRow>> {
    let ids: Vec<i64> = conn
        .prepare_cached(
            "SELECT id FROM audit_log
             WHERE (entity = 'service_account' AND entity_id = ?1)
                OR (entity = 'quota_grant'
                    AND entity_id IN (SELECT id FROM quota_grants WHERE account_id = ?1))
             ORDER BY id",
        )?
        .query_map([account], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let member = crate::hosting::accounts::get(conn, account)?.member_id;
    Ok(crate::store::audit::for_member(conn, member)?
        .into_iter()
        .filter(|row| ids.contains(&row.id.0))
        .collect())
}
