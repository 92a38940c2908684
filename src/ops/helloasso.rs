//! HelloAsso without files: configuring the API client (a settings matter: the owner's), and
//! the sync of the organisation's payments (money: the treasurer's). The requests and answers
//! are the forms' own, so the window, a browser on the team server and a window joined to it
//! send and read the same; the CLI prints the core's records (each operation's `report`).

use super::imports::{view, ImportReportView};
use super::{Access, Area, Operation};
use crate::bridges::helloasso_sync::{
    self, ConfigureInput, HelloassoSettings, SyncInput, SyncReport,
};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::store::db::Database;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The connection as the forms show it (never the secret: only whether it is kept).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloassoStatusView {
    pub organization: String,
    pub client_id: String,
    pub api_url: String,
    pub has_secret: bool,
    /// The day of the last sync that wrote something (YYYY-MM-DD).
    pub synced_on: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloassoConfigureForm {
    pub organization: String,
    pub client_id: String,
    /// Empty: keep the one kept.
    #[serde(default)]
    pub client_secret: String,
    /// Empty: HelloAsso's production API.
    #[serde(default)]
    pub api_url: String,
}

/// A sync asked from a form: a dry run first, then for real.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, Default)]
#[serde(rename_all = "camelCase", default)]
pub struct HelloassoSyncForm {
    pub dry_run: bool,
    pub skip_invalid: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HelloassoSyncView {
    pub organization: String,
    /// The first day read (YYYY-MM-DD); null: everything.
    pub from: Option<String>,
    #[ts(type = "number")]
    pub payments_read: i64,
    /// Each row a payment: `line` its position in HelloAsso's list, `reference` its id.
    pub report: ImportReportView,
}

fn status_view(s: HelloassoSettings) -> HelloassoStatusView {
    HelloassoStatusView {
        organization: s.organization,
        client_id: s.client_id,
        api_url: s.api_url,
        has_secret: s.has_secret,
        synced_on: s.synced_on.map(|d| d.to_string()),
    }
}

/// Records the organisation, the client id and (in the secret store) the client secret.
pub struct Configure;

impl Operation for Configure {
    const NAME: &'static str = "helloasso_configure";
    const ACCESS: Access = Access::Write(Area::Settings);
    type Request = HelloassoConfigureForm;
    type Response = HelloassoStatusView;

    fn run(db: &mut Database, form: HelloassoConfigureForm) -> Result<HelloassoStatusView> {
        let input = ConfigureInput {
            organization: form.organization,
            client_id: form.client_id,
            client_secret: Some(form.client_secret).filter(|s| !s.trim().is_empty()),
            api_url: Some(form.api_url).filter(|s| !s.trim().is_empty()),
        };
        Ok(status_view(Self::report(db, &input)?))
    }
}

impl Configure {
    /// The rule, answering the core's record (what the CLI prints).
    pub fn report(db: &mut Database, input: &ConfigureInput) -> Result<HelloassoSettings> {
        helloasso_sync::configure(db, input)
    }
}

/// The connection's settings (none when not configured): what the sync button shows.
pub struct Status;

impl Operation for Status {
    const NAME: &'static str = "helloasso_status";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = ();
    type Response = Option<HelloassoStatusView>;

    fn run(db: &mut Database, _: ()) -> Result<Option<HelloassoStatusView>> {
        Ok(Self::report(db)?.map(status_view))
    }
}

impl Status {
    /// The rule, answering the core's record (what the CLI prints).
    pub fn report(db: &mut Database) -> Result<Option<HelloassoSettings>> {
        helloasso_sync::settings(db)
    }
}

/// Reads the payments from HelloAsso's API and imports them as the payments export would be:
/// a dry run first, then for real; all or nothing.
pub struct Sync;

impl Operation for Sync {
    const NAME: &'static str = "helloasso_sync";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = HelloassoSyncForm;
    type Response = HelloassoSyncView;

    fn run(db: &mut Database, form: HelloassoSyncForm) -> Result<HelloassoSyncView> {
        let input = SyncInput {
            from: None,
            dry_run: form.dry_run,
            skip_invalid: form.skip_invalid,
        };
        let sync = Self::report(db, input)?;
        Ok(HelloassoSyncView {
            organization: sync.organization,
            from: sync.from.map(|d| d.to_string()),
            payments_read: sync.payments_read as i64,
            report: view(sync.report),
        })
    }
}

impl Sync {
    /// The rule, answering the core's record (the CLI's `--from` and its printed report).
    pub fn report(db: &mut Database, input: SyncInput) -> Result<SyncReport> {
        helloasso_sync::sync(db, input, today())
    }
}
