//! Numbered, forward-only schema migrations. `PRAGMA user_version` is the number applied.

use crate::kernel::error::Result;
use rusqlite::Connection;

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
        "the team server's users and their roles",
        include_str!("migrations/0010_users.sql"),
    ),
];

pub fn latest_version() -> i64 {
    MIGRATIONS.len() as i64
}

/// Applies the migrations after `from`, each in its own transaction with its version bump.
pub fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    super::register_functions(conn)?;
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().skip(from as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    if from > 0 && (from as usize) < MIGRATIONS.len() {
        // new indexes on a file with data: give the query planner their statistics, else it
        // may pick one that reads a lot
        super::analyze(conn)?;
    }
    Ok(())
}

/// Applies migrations up to `version` only: for tests that build a file as an older Panier
/// would have left it.
pub fn migrate_to(conn: &mut Connection, version: i64) -> Result<()> {
    super::register_functions(conn)?;
    for (index, (_name, sql)) in MIGRATIONS.iter().enumerate().take(version as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as i64 + 1)?;
        tx.commit()?;
    }
    Ok(())
}
