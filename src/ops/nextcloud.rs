//! The Nextcloud connector: the server's settings (the app password goes in, never comes
//! back out), a connection test, the dry-run plan with its proposed downgrades, apply with
//! each account's result, and reading usage. The operations that talk to the server make the
//! call themselves (a transport runs them off its event loop: they wait on the network).

use super::accounts::DowngradeView;
use super::{Access, Area, Operation};
use crate::hosting::nextcloud::{self, Action, ClientOptions, OcsError, PlanOptions};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::kernel::lang::{Lang, LocalisedText};
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The server's settings as the window may see them: whether a password is set, never it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct NextcloudSettings {
    pub url: String,
    pub admin_user: String,
    /// 1 or 2
    pub ocs_version: u8,
    pub has_password: bool,
    pub password_changed_at: Option<String>,
    pub updated_at: String,
}

fn settings_view(s: nextcloud::ServerSettings) -> NextcloudSettings {
    NextcloudSettings {
        url: s.url,
        admin_user: s.admin_user,
        ocs_version: s.ocs_version.number() as u8,
        has_password: s.has_password,
        password_changed_at: s.password_changed_at,
        updated_at: s.updated_at,
    }
}

fn ocs_text(error: &OcsError) -> LocalisedText {
    LocalisedText {
        fr: error.message(Lang::Fr),
        en: error.message(Lang::En),
    }
}

/// Whether Panier can talk to the server, and if not why (in both languages).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub ok: bool,
    pub message: Option<LocalisedText>,
}

/// One call, for the window to word: `create` (to = its quota), `set_quota`, `disable`,
/// `enable`.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionView {
    pub kind: String,
    #[ts(type = "number | null")]
    pub from_bytes: Option<i64>,
    #[ts(type = "number | null")]
    pub to_bytes: Option<i64>,
}

fn action_view(action: &Action) -> ActionView {
    let (kind, from_bytes, to_bytes) = match action {
        Action::Create { quota_bytes, .. } => ("create", None, Some(*quota_bytes)),
        Action::SetQuota {
            from_bytes,
            to_bytes,
        } => ("set_quota", Some(*from_bytes), Some(*to_bytes)),
        Action::Disable => ("disable", None, None),
        Action::Enable => ("enable", None, None),
    };
    ActionView {
        kind: kind.to_string(),
        from_bytes,
        to_bytes,
    }
}

/// An account the plan would call the server about.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PlanItemView {
    #[ts(type = "number")]
    pub account_id: i64,
    pub member_name: String,
    pub login: String,
    pub actions: Vec<ActionView>,
    pub tier: Option<String>,
    #[ts(type = "number")]
    pub tier_bytes: i64,
    #[ts(type = "number")]
    pub bonus_bytes: i64,
    /// set when this is an accepted downgrade
    pub downgrade: Option<DowngradeView>,
    pub last_error: Option<String>,
}

/// A downgrade the plan only proposes, until the admin ticks it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProposalView {
    #[ts(type = "number")]
    pub account_id: i64,
    pub member_name: String,
    pub login: String,
    #[ts(type = "number")]
    pub from_bytes: i64,
    #[ts(type = "number")]
    pub to_bytes: i64,
    #[ts(type = "number | null")]
    pub used_bytes: Option<i64>,
    pub reason: DowngradeView,
}

/// The dry run: the calls, the proposals, and the same plan as `occ` lines.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SyncPlanView {
    pub day: String,
    pub items: Vec<PlanItemView>,
    pub proposals: Vec<ProposalView>,
    #[ts(type = "number")]
    pub unchanged: i64,
    pub occ_lines: Vec<String>,
}

fn options(accept: Vec<String>) -> PlanOptions {
    PlanOptions {
        accept_downgrades: accept,
        accept_all_downgrades: false,
    }
}

fn plan_view(plan: &nextcloud::SyncPlan) -> SyncPlanView {
    SyncPlanView {
        day: plan.day.to_string(),
        items: plan
            .items
            .iter()
            .map(|i| PlanItemView {
                account_id: i.account_id.0,
                member_name: i.member_name.clone(),
                login: i.login.clone(),
                actions: i.actions.iter().map(action_view).collect(),
                tier: i.why.tier.clone(),
                tier_bytes: i.why.tier_bytes,
                bonus_bytes: i.why.bonus_bytes,
                downgrade: i.why.downgrade.as_ref().map(DowngradeView::of),
                last_error: i.last_error.clone(),
            })
            .collect(),
        proposals: plan
            .proposals
            .iter()
            .map(|p| ProposalView {
                account_id: p.account_id.0,
                member_name: p.member_name.clone(),
                login: p.login.clone(),
                from_bytes: p.from_bytes,
                to_bytes: p.to_bytes,
                used_bytes: p.used_bytes,
                reason: DowngradeView::of(&p.reason),
            })
            .collect(),
        unchanged: plan.unchanged as i64,
        occ_lines: nextcloud::occ_lines(plan),
    }
}

/// How one account's calls went.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountResultView {
    #[ts(type = "number")]
    pub account_id: i64,
    pub login: String,
    pub ok: bool,
    pub done: Vec<ActionView>,
    pub failed: Option<ActionView>,
    pub message: Option<LocalisedText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApplyView {
    pub results: Vec<AccountResultView>,
    #[ts(type = "number")]
    pub succeeded: i64,
    #[ts(type = "number")]
    pub failed: i64,
    /// accounts not tried because the server refused the admin's credentials
    pub skipped: Vec<String>,
}

/// One account's reading.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullResultView {
    pub login: String,
    #[ts(type = "number | null")]
    pub used_bytes: Option<i64>,
    pub remote_quota: Option<String>,
    pub message: Option<LocalisedText>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullView {
    pub results: Vec<PullResultView>,
    #[ts(type = "number")]
    pub read: i64,
    #[ts(type = "number")]
    pub failed: i64,
}

/// The server's settings, `None` until configured.
pub struct Settings;

impl Operation for Settings {
    const NAME: &'static str = "nextcloud_settings";
    const ACCESS: Access = Access::Read(Area::Nextcloud);
    type Request = ();
    type Response = Option<NextcloudSettings>;

    fn run(db: &mut Database, _: ()) -> Result<Option<NextcloudSettings>> {
        Ok(nextcloud::server(db)?.map(settings_view))
    }
}

/// The server form: address, admin login, OCS version, and the app password when one is
/// typed (empty or absent: keep the stored one).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServerForm {
    pub url: String,
    pub admin_user: String,
    pub ocs_version: u8,
    #[serde(default)]
    pub password: Option<String>,
}

/// Records the server's settings (the password in the secret store, never in the file).
pub struct Configure;

impl Operation for Configure {
    const NAME: &'static str = "nextcloud_configure";
    const ACCESS: Access = Access::Write(Area::Nextcloud);
    type Request = ServerForm;
    type Response = NextcloudSettings;

    fn run(db: &mut Database, form: ServerForm) -> Result<NextcloudSettings> {
        let password = match form.password.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => Some(nextcloud::AppPassword::new(p)?),
            None => None,
        };
        let input = nextcloud::ServerInput {
            url: form.url,
            admin_user: form.admin_user,
            ocs_version: nextcloud::OcsVersion::from_number(form.ocs_version.into()),
        };
        nextcloud::configure(db, &input, password.as_ref()).map(settings_view)
    }
}

/// Calls the server: whether Panier can talk to it, and if not why.
pub struct TestConnection;

impl Operation for TestConnection {
    const NAME: &'static str = "nextcloud_test";
    const ACCESS: Access = Access::Read(Area::Nextcloud);
    type Request = ();
    type Response = ConnectionTest;

    fn run(db: &mut Database, _: ()) -> Result<ConnectionTest> {
        let check = nextcloud::check_connection(db, &ClientOptions::default())?;
        Ok(ConnectionTest {
            ok: check.ok,
            message: check.error.as_ref().map(ocs_text),
        })
    }
}

/// The downgrades accepted (by login).
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct Accepted {
    pub accept: Vec<String>,
}

/// The dry run on today, with the downgrades accepted. Changes nothing, calls nothing.
pub struct Plan;

impl Operation for Plan {
    const NAME: &'static str = "nextcloud_plan";
    const ACCESS: Access = Access::Read(Area::Nextcloud);
    type Request = Accepted;
    type Response = SyncPlanView;

    fn run(db: &mut Database, accepted: Accepted) -> Result<SyncPlanView> {
        let plan = nextcloud::plan(db.conn(), today(), &options(accepted.accept))?;
        Ok(plan_view(&plan))
    }
}

/// Computes the plan again (with the same accepted downgrades) and makes its calls to the
/// server; each account's result is recorded.
pub struct Apply;

impl Operation for Apply {
    const NAME: &'static str = "nextcloud_apply";
    const ACCESS: Access = Access::Write(Area::Nextcloud);
    type Request = Accepted;
    type Response = ApplyView;

    fn run(db: &mut Database, accepted: Accepted) -> Result<ApplyView> {
        let plan = nextcloud::plan(db.conn(), today(), &options(accepted.accept))?;
        let client = nextcloud::client(db, &ClientOptions::default())?;
        let report = nextcloud::apply(db, &client, &plan)?;
        Ok(ApplyView {
            results: report
                .results
                .iter()
                .map(|r| AccountResultView {
                    account_id: r.account_id.0,
                    login: r.login.clone(),
                    ok: r.ok,
                    done: r.done.iter().map(action_view).collect(),
                    failed: r.failed.as_ref().map(action_view),
                    message: match (&r.error, &r.message) {
                        // throttled: not done yet, the next apply resumes it
                        _ if r.waiting => Some(ocs_text(&OcsError::Throttled {
                            retry_after_secs: report.retry_after_secs,
                        })),
                        (Some(e), _) => Some(ocs_text(e)),
                        // the core words a stale plan in French only
                        (None, Some(m)) => Some(LocalisedText {
                            fr: m.clone(),
                            en: "the account changed since the plan: compute the plan again".into(),
                        }),
                        (None, None) => None,
                    },
                })
                .collect(),
            succeeded: report.succeeded as i64,
            failed: report.failed as i64,
            skipped: report.skipped,
        })
    }
}

/// Reads every Nextcloud account's usage from the server (and records it).
pub struct Pull;

impl Operation for Pull {
    const NAME: &'static str = "nextcloud_pull";
    const ACCESS: Access = Access::Write(Area::Nextcloud);
    type Request = ();
    type Response = PullView;

    fn run(db: &mut Database, _: ()) -> Result<PullView> {
        let client = nextcloud::client(db, &ClientOptions::default())?;
        let report = nextcloud::pull(db, &client)?;
        Ok(PullView {
            results: report
                .results
                .iter()
                .map(|r| PullResultView {
                    login: r.login.clone(),
                    used_bytes: r.used_bytes,
                    remote_quota: r.remote_quota.clone(),
                    message: r.error.as_ref().map(ocs_text),
                })
                .collect(),
            read: report.read as i64,
            failed: report.failed as i64,
        })
    }
}
