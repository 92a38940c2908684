//! Numbered, forward-only schema migrations. `PRAGMA user_version` is the number applied.

use crate::kernel::error::{Error, Result};
use crate::store::secrets::{self, SecretStore, NEXTCLOUD_APP_PASSWORD};
use rusqlite::{Connection, OptionalExtension, Transaction};

/// Every migration, in order; migration `i + 1` is `MIGRATIONS[i]`. Never edit one that has
/// shipped: add the next.
pub const MIGRATIONS: &[(&str, &str)] = &[
    (
        "initial schema",
        include_str!("migrations/0001_initial.sql"),
    ),
    (
        "closed financial years",
        include_str!("migrations/0002_closed_years.sql"),
    ),
    (
        "money: receipts, reminders, recurring expenses",
        include_str!("migrations/0003_money.sql"),
    ),
    (
        "quota grants and the Nextcloud connector",
        include_str!("migrations/0004_quota_nextcloud.sql"),
    ),
    (
        "data requests",
        include_str!("migrations/0005_data_requests.sql"),
    ),
    (
        "charter registers",
        include_str!("migrations/0006_charter.sql"),
    ),
    (
        "performance: ledger totals per day, import and search indexes",
        include_str!("migrations/0007_performance.sql"),
    ),
    (
        "performance: members in name order from an index",
        include_str!("migrations/0008_member_order.sql"),
    ),
    (
        "performance: month totals, members' paid-until day, report indexes",
        include_str!("migrations/0009_large_association.sql"),
    ),
    (
        "erasure: the accounts to delete kept with the request",
        include_str!("migrations/0010_erasure_accounts.sql"),
    ),
    (
        "service accounts' opening and closing days, their quota history",
        include_str!("migrations/0011_account_history.sql"),
    ),
    (
        "secrets out of the file: the Nextcloud app password in the secret store",
        include_str!("migrations/0012_secrets_out.sql"),
    ),
    (
        "books: result allocations, volunteer time",
        include_str!("migrations/0013_books_rules.sql"),
    ),
    (
        "the team server's users and their roles",
        include_str!("migrations/0014_users.sql"),
    ),
    (
        "moving in from Paheko: Paheko ids, the source association, kept accounts",
        include_str!("migrations/0015_paheko_import.sql"),
    ),
    (
        "mail that goes out: the SMTP server, the mail log, reminders sent by mail",
        include_str!("migrations/0016_mail.sql"),
    ),
    (
        "a revision counter on members, to refuse an edit made on stale values",
        include_str!("migrations/0017_member_revision.sql"),
    ),
    (
        "memberships owed and not paid yet (Paheko's unpaid subscriptions)",
        include_str!("migrations/0018_membership_dues.sql"),
    ),
    (
        "an index for the dashboard's quota counts",
        include_str!("migrations/0019_quota_index.sql"),
    ),
    (
        "the report's contributors per income source, kept on every ledger write",
        include_str!("migrations/0020_income_payers.sql"),
    ),
];

/// The version whose SQL drops `nextcloud_secret`: its password is copied out first.
const SECRETS_OUT: i64 = 12;

/// The part of a migration SQL cannot do, run in its transaction before its SQL: migration
/// 12 copies the Nextcloud app password into the secret store (under the file's new id).
fn before_sql(tx: &Transaction<'_>, version: i64, store: Option<&SecretStore>) -> Result<()> {
    if version != SECRETS_OUT {
        return Ok(());
    }
    let password: Option<String> = tx
        .query_row(
            "SELECT app_password FROM nextcloud_secret WHERE id = 1",
            [],
            |r| r.get(0),
        )
        .optional()?;
    let Some(password) = password else {
        return Ok(());
    };
    let store = store.ok_or_else(|| {
        Error::refused(
            "aucun coffre de secrets pour y déplacer le mot de passe Nextcloud",
            "no secret store to move the Nextcloud password into",
        )
    })?;
    // if this fails the migration stops, the file stays as it was: nothing is lost
    store.set(&secrets::file_id(tx)?, NEXTCLOUD_APP_PASSWORD, &password)
}

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies the migrations after `from`, each in its own transaction with its version bump.
/// Secrets the file held move to `secrets`.
pub fn migrate(conn: &mut Connection, from: i64, secrets: &SecretStore) -> Result<()> {
    super::register_functions(conn)?;
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction()?;
        before_sql(&tx, index as i64 + 1, Some(secrets))?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    if from > 0 && (from as usize) < MIGRATIONS.len() {
        // new indexes on a file with data: give the query planner their statistics, else it
        // may pick one that reads a lot
        super::analyze(conn)?;
    }
    if from < SECRETS_OUT && MIGRATIONS.len() as i64 >= SECRETS_OUT {
        // the pages that held the password, overwritten with zeros in the WAL, reach the
        // file itself now, and the WAL is emptied
        conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    }
    Ok(())
}

/// Applies migrations up to `version` only: for tests that build a file as an older Panier
/// would have left it. (A secret to move out is refused: there is no store here.)
pub fn migrate_to(conn: &mut Connection, version: i64) -> Result<()> {
    super::register_functions(conn)?;
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().take(version as usize) {
        let tx = conn.transaction()?;
        before_sql(&tx, index as i64 + 1, None)?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
