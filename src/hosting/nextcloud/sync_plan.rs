//! The plan: a dry run listing every call an apply would make (create, set quota, disable,
//! enable), and the downgrades it only proposes.

use super::{remote_agrees, sync_rows, SERVICE};
use crate::hosting::quota::{AccountQuota, DowngradeReason};
use crate::kernel::error::Result;
use crate::kernel::ids::{AccountId, MemberId};
use crate::kernel::lang::Lang;
use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

/// One call the plan would make.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum Action {
    /// `POST /users` (after checking the user is not already there)
    Create { email: String, quota_bytes: i64 },
    /// `PUT /users/{id}` `key=quota`
    SetQuota { from_bytes: i64, to_bytes: i64 },
    /// `PUT /users/{id}/disable`
    Disable,
    /// `PUT /users/{id}/enable`
    Enable,
}

impl Action {
    pub fn describe(&self, lang: Lang) -> String {
        use crate::kernel::size::display_size as s;
        match (self, lang) {
            (Action::Create { quota_bytes, .. }, Lang::Fr) => {
                format!("créer, quota {}", s(*quota_bytes))
            }
            (Action::Create { quota_bytes, .. }, Lang::En) => {
                format!("create, quota {}", s(*quota_bytes))
            }
            (
                Action::SetQuota {
                    from_bytes,
                    to_bytes,
                },
                Lang::Fr,
            ) => {
                format!("quota {} → {}", s(*from_bytes), s(*to_bytes))
            }
            (
                Action::SetQuota {
                    from_bytes,
                    to_bytes,
                },
                Lang::En,
            ) => {
                format!("quota {} → {}", s(*from_bytes), s(*to_bytes))
            }
            (Action::Disable, Lang::Fr) => "désactiver".into(),
            (Action::Disable, Lang::En) => "disable".into(),
            (Action::Enable, Lang::Fr) => "réactiver".into(),
            (Action::Enable, Lang::En) => "enable".into(),
        }
    }
}

/// Why an account gets the quota the plan sets.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct QuotaWhy {
    /// the tier that counts
    pub tier: Option<String>,
    pub tier_bytes: i64,
    pub bonus_bytes: i64,
    /// set when this is an accepted downgrade
    pub downgrade: Option<DowngradeReason>,
}

/// The calls for one account, in order.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PlanItem {
    pub account_id: AccountId,
    pub member_id: MemberId,
    pub member_name: String,
    pub login: String,
    pub actions: Vec<Action>,
    pub why: QuotaWhy,
    /// the quota the server reported at the last pull, if any
    pub remote_quota: Option<String>,
    /// the error of the last attempt, if it failed
    pub last_error: Option<String>,
}

/// A downgrade the plan does not make until an admin accepts it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Proposal {
    pub account_id: AccountId,
    pub member_name: String,
    pub login: String,
    pub from_bytes: i64,
    pub to_bytes: i64,
    pub used_bytes: Option<i64>,
    pub reason: DowngradeReason,
}

/// Which downgrades the admin accepts for this plan.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
#[serde(default)]
pub struct PlanOptions {
    /// logins whose proposed downgrade is accepted
    pub accept_downgrades: Vec<String>,
    /// accept every proposed downgrade
    pub accept_all_downgrades: bool,
}

/// A dry run: every call `apply` would make, and the downgrades only proposed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SyncPlan {
    pub day: NaiveDate,
    pub items: Vec<PlanItem>,
    pub proposals: Vec<Proposal>,
    /// accounts with nothing to do
    pub unchanged: usize,
}

/// Computes the plan on `today`, changing nothing.
pub fn plan(conn: &Connection, today: NaiveDate, options: &PlanOptions) -> Result<SyncPlan> {
    let quotas: Vec<AccountQuota> = crate::hosting::quota::overview(conn, today)?
        .into_iter()
        .filter(|q| q.service == SERVICE)
        .collect();
    let sync = sync_rows(conn)?;
    let mut items = Vec::new();
    let mut proposals = Vec::new();
    let mut unchanged = 0;
    for q in &quotas {
        let accepted = options.accept_all_downgrades
            || options
                .accept_downgrades
                .iter()
                .any(|l| l.trim() == q.login);
        let decided = q.decided_bytes(accepted);
        if let Some(reason) = &q.downgrade {
            if !accepted {
                proposals.push(Proposal {
                    account_id: q.account_id,
                    member_name: q.member_name.clone(),
                    login: q.login.clone(),
                    from_bytes: q.quota_bytes,
                    to_bytes: q.target_bytes,
                    used_bytes: q.used_bytes,
                    reason: reason.clone(),
                });
            }
        }
        let row = sync.get(&q.account_id);
        let exists = row.and_then(|r| r.exists);
        let remote_enabled = row.and_then(|r| r.enabled);
        let mut actions = Vec::new();
        if exists == Some(false) {
            if q.enabled {
                actions.push(Action::Create {
                    email: q.member_email.clone(),
                    quota_bytes: decided,
                });
            }
        } else {
            // the server's own word, when a pull read it: a quota changed there by hand
            // is set back to Panier's
            let drifted = row
                .and_then(|r| r.remote_quota.as_deref())
                .is_some_and(|text| !remote_agrees(text, decided));
            if decided != q.quota_bytes || drifted {
                actions.push(Action::SetQuota {
                    from_bytes: q.quota_bytes,
                    to_bytes: decided,
                });
            }
            if !q.enabled && remote_enabled != Some(false) {
                actions.push(Action::Disable);
            } else if q.enabled && remote_enabled == Some(false) {
                actions.push(Action::Enable);
            }
        }
        if actions.is_empty() {
            unchanged += 1;
            continue;
        }
        items.push(PlanItem {
            account_id: q.account_id,
            member_id: q.member_id,
            member_name: q.member_name.clone(),
            login: q.login.clone(),
            actions,
            why: QuotaWhy {
                tier: q.tier.as_ref().map(|t| t.name.clone()),
                tier_bytes: q.tier_bytes,
                bonus_bytes: q.bonus_bytes,
                downgrade: if accepted { q.downgrade.clone() } else { None },
            },
            remote_quota: row.and_then(|r| r.remote_quota.clone()),
            last_error: row.and_then(|r| r.last_error.clone()),
        });
    }
    Ok(SyncPlan {
        day: today,
        items,
        proposals,
        unchanged,
    })
}
