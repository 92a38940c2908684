//! Mending a damaged file without losing anything: what SQLite can rebuild from the rows
//! themselves (every index: `REINDEX`) is rebuilt, in one transaction with its audit row;
//! damage to the rows is not guessed at — the newest backup that verifies is named instead.

use crate::kernel::error::Result;
use crate::store::audit::Change;
use crate::store::backup;
use crate::store::db::Database;
use crate::store::integrity::{full_check, Verdict};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;

/// What `repair` found and did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Repair {
    /// the full check before anything was done
    pub before: Verdict,
    /// whether the indexes were rebuilt
    pub reindexed: bool,
    /// the full check afterwards
    pub after: Verdict,
    /// when still damaged: the newest backup that verifies, to restore
    pub backup_to_restore: Option<PathBuf>,
}

impl Repair {
    pub fn mended(&self) -> bool {
        self.after == Verdict::Sound
    }
}

pub fn repair(db: &mut Database) -> Result<Repair> {
    let before = full_check(db.conn())?;
    if before == Verdict::Sound {
        db.settle_integrity(&before);
        return Ok(Repair {
            after: before.clone(),
            before,
            reindexed: false,
            backup_to_restore: None,
        });
    }
    let detail = match &before {
        Verdict::Damaged { detail } => detail.clone(),
        Verdict::Sound => String::new(),
    };
    // Indexes hold nothing the tables do not: rebuilding them loses nothing.
    let reindexed = db
        .write_despite_damage(|tx| {
            tx.execute_batch("REINDEX")?;
            Ok(((), Change::new("repair", "file", None).before(&detail)))
        })
        .is_ok();
    let after = full_check(db.conn())?;
    db.settle_integrity(&after);
    let backup_to_restore = if after == Verdict::Sound {
        None
    } else {
        newest_sound_backup(db)?
    };
    Ok(Repair {
        before,
        reindexed,
        after,
        backup_to_restore,
    })
}

fn newest_sound_backup(db: &Database) -> Result<Option<PathBuf>> {
    let mut backups = backup::list(db)?;
    backups.sort_by_key(|b| std::cmp::Reverse(b.taken_at));
    Ok(backups
        .into_iter()
        .find(|b| backup::verify_with(&b.path, db.passphrase.as_ref()).is_ok())
        .map(|b| b.path))
}
