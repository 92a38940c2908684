//! The Nextcloud connector panel: the server's settings (the app password goes in, never
//! comes back out), a connection test, the dry-run plan with its proposed downgrades, apply
//! with each account's result, reading usage, and the `occ` lines.
//!
//! The calls that talk to the server run on a blocking thread (`spawn_blocking`), so the
//! window stays responsive while the connector waits on the network.

use super::accounts::DowngradeView;
use crate::form::{run_form, FormError};
use crate::session::{LocalisedText, Session};
use panier::hosting::nextcloud::{self, Action, ClientOptions, OcsError, PlanOptions};
use panier::kernel::field::Field;
use panier::Lang;
use serde::Serialize;
use tauri::{AppHandle, Manager, State};
use ts_rs::TS;

/// The server's settings as the window may see them: whether a password is set, never it.
#[derive(Debug, Clone, Serialize, TS)]
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

#[tauri::command]
pub async fn nextcloud_settings(
    session: State<'_, Session>,
) -> Result<Option<NextcloudSettings>, String> {
    session.with_database(|db| Ok(nextcloud::server(db)?.map(settings_view)))
}

/// The server form's fields.
const SERVER_FIELDS: &[Field] = &[Field::Url, Field::AdminUser, Field::Password];

/// Records the server's address and admin login, and the app password when one is typed
/// (empty or absent: keep the stored one).
#[tauri::command]
pub async fn nextcloud_configure(
    session: State<'_, Session>,
    url: String,
    admin_user: String,
    ocs_version: u8,
    password: Option<String>,
) -> Result<NextcloudSettings, FormError> {
    run_form(&session, SERVER_FIELDS, |db| {
        let password = match password.as_deref().filter(|p| !p.trim().is_empty()) {
            Some(p) => Some(nextcloud::AppPassword::new(p)?),
            None => None,
        };
        let input = nextcloud::ServerInput {
            url,
            admin_user,
            ocs_version: nextcloud::OcsVersion::from_number(ocs_version.into()),
        };
        nextcloud::configure(db, &input, password.as_ref()).map(settings_view)
    })
}

fn ocs_text(error: &OcsError) -> LocalisedText {
    LocalisedText {
        fr: error.message(Lang::Fr),
        en: error.message(Lang::En),
    }
}

/// Whether Panier can talk to the server, and if not why (in both languages).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionTest {
    pub ok: bool,
    pub message: Option<LocalisedText>,
}

/// Runs `action` on the open file on a blocking thread: it may wait on the network.
async fn off_the_window<T: Send + 'static>(
    app: AppHandle,
    action: impl FnOnce(&mut panier::Database) -> panier::Result<T> + Send + 'static,
) -> Result<T, String> {
    tauri::async_runtime::spawn_blocking(move || app.state::<Session>().with_database(action))
        .await
        .map_err(|e| e.to_string())?
}

#[tauri::command]
pub async fn nextcloud_test(app: AppHandle) -> Result<ConnectionTest, String> {
    off_the_window(app, |db| {
        let check = nextcloud::check_connection(db, &ClientOptions::default())?;
        Ok(ConnectionTest {
            ok: check.ok,
            message: check.error.as_ref().map(ocs_text),
        })
    })
    .await
}

/// One call, for the window to word: `create` (to = its quota), `set_quota`, `disable`,
/// `enable`.
#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Serialize, TS)]
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
#[derive(Debug, Clone, Serialize, TS)]
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

/// The dry run on today, with the downgrades of `accept` (logins) accepted. Changes nothing.
#[tauri::command]
pub async fn nextcloud_plan(
    session: State<'_, Session>,
    accept: Vec<String>,
) -> Result<SyncPlanView, String> {
    session.with_database(|db| {
        let plan = nextcloud::plan(db.conn(), panier::kernel::dates::today(), &options(accept))?;
        Ok(plan_view(&plan))
    })
}

/// How one account's calls went.
#[derive(Debug, Clone, Serialize, TS)]
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

#[derive(Debug, Clone, Serialize, TS)]
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

/// Computes the plan again (with the same accepted downgrades) and makes its calls; each
/// account's result is recorded by the core.
#[tauri::command]
pub async fn nextcloud_apply(app: AppHandle, accept: Vec<String>) -> Result<ApplyView, String> {
    off_the_window(app, move |db| {
        let plan = nextcloud::plan(db.conn(), panier::kernel::dates::today(), &options(accept))?;
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
    })
    .await
}

/// One account's reading.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullResultView {
    pub login: String,
    #[ts(type = "number | null")]
    pub used_bytes: Option<i64>,
    pub remote_quota: Option<String>,
    pub message: Option<LocalisedText>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PullView {
    pub results: Vec<PullResultView>,
    #[ts(type = "number")]
    pub read: i64,
    #[ts(type = "number")]
    pub failed: i64,
}

/// Reads every Nextcloud account's usage from the server.
#[tauri::command]
pub async fn nextcloud_pull(app: AppHandle) -> Result<PullView, String> {
    off_the_window(app, |db| {
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
    })
    .await
}
