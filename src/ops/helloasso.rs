//! HelloAsso without files: configuring the API client (a settings matter: the owner's), and
//! the sync of the organisation's payments (money: the treasurer's).

use super::{Access, Area, Operation};
use crate::bridges::helloasso_sync::{
    self, ConfigureInput, HelloassoSettings, SyncInput, SyncReport,
};
use crate::kernel::dates::today;
use crate::kernel::error::Result;
use crate::store::db::Database;

/// Records the organisation, the client id and (in the secret store) the client secret.
pub struct Configure;

impl Operation for Configure {
    const NAME: &'static str = "helloasso_configure";
    const ACCESS: Access = Access::Write(Area::Settings);
    type Request = ConfigureInput;
    type Response = HelloassoSettings;

    fn run(db: &mut Database, request: ConfigureInput) -> Result<HelloassoSettings> {
        helloasso_sync::configure(db, &request)
    }
}

/// The connection's settings (none when not configured): what the sync button shows.
pub struct Status;

impl Operation for Status {
    const NAME: &'static str = "helloasso_status";
    const ACCESS: Access = Access::Read(Area::Money);
    type Request = ();
    type Response = Option<HelloassoSettings>;

    fn run(db: &mut Database, _: ()) -> Result<Option<HelloassoSettings>> {
        helloasso_sync::settings(db)
    }
}

/// Reads the payments from HelloAsso's API and imports them as the payments export would be:
/// a dry run first, then for real; all or nothing.
pub struct Sync;

impl Operation for Sync {
    const NAME: &'static str = "helloasso_sync";
    const ACCESS: Access = Access::Write(Area::Money);
    type Request = SyncInput;
    type Response = SyncReport;

    fn run(db: &mut Database, request: SyncInput) -> Result<SyncReport> {
        helloasso_sync::sync(db, request, today())
    }
}
