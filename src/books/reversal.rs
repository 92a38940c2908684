//! Correcting a mistake without erasing it: the opposite entry, the period it bought removed,
//! its receipts cancelled.

use crate::books::ledger;
use crate::kernel::error::Result;
use crate::kernel::ids::{EntryId, SubscriptionId};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// What a reversal did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Reversal {
    /// the new entry, the opposite of the reversed one
    pub entry: EntryId,
    pub reversed: EntryId,
    /// the subscription period the reversed payment had bought, now removed
    pub removed_subscription: Option<SubscriptionId>,
    /// receipts of the reversed entry, now marked cancelled (their numbers stay used)
    pub cancelled_receipts: Vec<String>,
}

/// Corrects a mistake: writes the opposite of entry `id` on `date` (the original stays, marked
/// reversed), removes the subscription period a reversed plan payment had bought, and
/// cancels the receipts issued for it. One change.
pub fn reverse(db: &mut Database, id: EntryId, reason: &str, date: NaiveDate) -> Result<Reversal> {
    db.write(|tx| {
        let (original, new_id) = ledger::insert_reversal(tx, id, reason, date)?;
        let mut removed_subscription = None;
        if let Some(sub) = original.subscription_id {
            tx.execute(
                "UPDATE ledger_entries SET subscription_id = NULL WHERE subscription_id = ?1",
                [sub],
            )?;
            tx.execute("DELETE FROM subscriptions WHERE id = ?1", [sub])?;
            removed_subscription = Some(sub);
        }
        // the receipts are cancelled today, the day of the reversal, whatever the entry's date
        let cancelled_receipts = crate::books::receipts::cancel_for_entry(
            tx,
            id,
            reason,
            crate::kernel::dates::today(),
        )?;
        let result = Reversal {
            entry: new_id,
            reversed: id,
            removed_subscription,
            cancelled_receipts,
        };
        let mut change = Change::new("reverse", "ledger_entry", Some(new_id.0))
            .before(&original)
            .after(&serde_json::json!({ "reversal": ledger::get(tx, new_id)?, "result": result }));
        if let Some(member) = original.member_id {
            change = change.member(member);
        }
        Ok((result, change))
    })
}
