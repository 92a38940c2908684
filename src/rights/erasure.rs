//! Erasing a member (GDPR art. 17) while keeping the books (Code de commerce L123-22), and
//! purging what is past its retention.
//!
//! Erasure, at once and in one transaction: the profile's names, contacts and notes become a
//! pseudonym (`membre-effacé-42`) and a unique placeholder address; consents and service
//! accounts are deleted (the command lists the accounts to delete on the services
//! themselves); ledger entries, their lines and subscriptions stay, under the pseudonym, until
//! ten years after the close of their financial year; the audit log and the register of
//! requests keep their rows with the personal data scrubbed out; one audit row records the
//! erasure, without the personal data. The member's distinctive strings (full name, email,
//! phone, address, logins) are also swept out of every other row: an expense naming them, a
//! quota grant's reason, another member's notes (see [`crate::rights::scrub`]). The service
//! accounts to delete on the servers are kept with the erasure request (the register row)
//! until an admin records them deleted ([`accounts_deleted`]). Then the file is vacuumed with
//! `secure_delete` on and its WAL truncated, so the old values survive nowhere in the file.
//!
//! The report tells what was committed: a compaction or a backup listing that fails after
//! the commit is told as such ([`ErasureReport::problems_after_commit`]), never as an erasure
//! that did not happen.
//!
//! What each table undergoes is declared once, in [`crate::rights::export::MEMBER_TABLES`].

use crate::books::years::financial_year_of;
use crate::kernel::dates::add_months;
use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{EntryId, MemberId, RequestId};
use crate::kernel::money::Cents;
use crate::people::members::{self, MemberKind};
use crate::rights::export::{self, OnErase, MEMBER_TABLES};
use crate::rights::requests;
pub use crate::rights::requests::AccountToDelete;
pub use crate::rights::scrub::ERASED;
use crate::rights::scrub::{self, scrub_table};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::NaiveDate;
use rusqlite::{params, Connection};
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// How long the books are kept after the close of their financial year, in months.
pub const RETENTION_MONTHS: u32 = 120;

/// `membre-effacé-42`: the name an erased member's kept records go under.
pub fn pseudonym(id: MemberId) -> String {
    format!("membre-effacé-{id}")
}

/// A unique address that cannot receive mail (`.invalid` is reserved, RFC 2606).
pub fn placeholder_email(id: MemberId) -> String {
    format!("membre-efface-{id}@efface.invalid")
}

/// The day a ledger entry of `entry_date` may be purged: ten years after the close of its
/// financial year (with the association's current financial-year start).
pub fn retention_end(conn: &Connection, entry_date: NaiveDate) -> Result<NaiveDate> {
    let year = financial_year_of(conn, entry_date)?;
    Ok(add_months(year.end_exclusive, RETENTION_MONTHS))
}

/// What erasing a member does, before it is done (for the confirmation screen).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErasurePlan {
    pub member_id: MemberId,
    pub name: String,
    pub pseudonym: String,
    pub already_erased: bool,
    pub accounts_to_delete: Vec<AccountToDelete>,
    pub consents_deleted: i64,
    /// ledger entries kept under the pseudonym
    pub entries_kept: i64,
    /// when the last of them may be purged
    pub kept_until: Option<NaiveDate>,
}

/// What erasure did.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct ErasureReport {
    pub member_id: MemberId,
    pub pseudonym: String,
    pub erased_on: NaiveDate,
    /// delete these on the services themselves (Nextcloud…): Panier no longer knows them
    pub accounts_to_delete: Vec<AccountToDelete>,
    pub consents_deleted: i64,
    pub entries_kept: i64,
    pub kept_until: Option<NaiveDate>,
    /// backups taken before the erasure: they still hold the member's data until rotation
    /// deletes them (those taken before a migration or a restore are never rotated: delete
    /// them by hand once they are no longer needed)
    pub backups_with_their_data: Vec<std::path::PathBuf>,
    /// the register's erasure request the accounts to delete are kept with
    pub request_id: RequestId,
    /// whether this erasure answered that request (`--answers`, or a request it recorded)
    pub request_answered: bool,
    /// what failed after the erasure was committed (the compaction, the backup listing):
    /// the erasure stands; these say what is left to do
    pub problems_after_commit: Vec<AfterCommit>,
}

/// Something that failed after a change was committed: the change stands.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AfterCommit {
    pub fr: String,
    pub en: String,
}

impl AfterCommit {
    pub fn message(&self, lang: crate::Lang) -> &str {
        lang.pick(&self.fr, &self.en)
    }

    fn compaction(error: &Error) -> Self {
        AfterCommit {
            fr: format!("l'effacement est enregistré, mais le fichier n'a pas pu être compacté ({}) : d'anciennes valeurs peuvent y rester dans des pages libres ; relancez « panier compact » quand aucun autre programme Panier ne l'utilise", error.message(crate::Lang::Fr)),
            en: format!("the erasure is committed, but the file could not be compacted ({}): old values may linger in its free pages; run “panier compact” again when no other Panier program uses it", error.message(crate::Lang::En)),
        }
    }
}

/// Compacts after a committed change: a failure is reported, not returned as an error.
fn compact_after_commit(db: &Database) -> Vec<AfterCommit> {
    match compact(db) {
        Ok(()) => Vec::new(),
        Err(e) => vec![AfterCommit::compaction(&e)],
    }
}

fn erased_on(conn: &Connection, id: MemberId) -> Result<Option<String>> {
    Ok(
        conn.query_row("SELECT erased_on FROM members WHERE id = ?1", [id], |r| {
            r.get(0)
        })?,
    )
}

/// What [`erase`] would do to `member`.
pub fn plan(conn: &Connection, member: MemberId) -> Result<ErasurePlan> {
    let m = members::get(conn, member)?;
    let accounts_to_delete = crate::hosting::accounts::for_member(conn, member)?
        .into_iter()
        .map(|a| AccountToDelete {
            service: a.service,
            login: a.login,
        })
        .collect();
    let consents_deleted: i64 = conn.query_row(
        "SELECT count(*) FROM consents WHERE member_id = ?1",
        [member],
        |r| r.get(0),
    )?;
    let (entries_kept, last): (i64, Option<String>) = conn.query_row(
        "SELECT count(*), max(entry_date) FROM ledger_entries WHERE member_id = ?1",
        [member],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )?;
    let kept_until = match last.and_then(|d| d.parse::<NaiveDate>().ok()) {
        Some(d) => Some(retention_end(conn, d)?),
        None => None,
    };
    Ok(ErasurePlan {
        member_id: member,
        name: m.display_name(),
        pseudonym: pseudonym(member),
        already_erased: erased_on(conn, member)?.is_some(),
        accounts_to_delete,
        consents_deleted,
        entries_kept,
        kept_until,
    })
}

/// Erases `member` on `today` (see the module's documentation), then compacts the file.
/// Refused for a member already erased. The accounts to delete are kept with the member's
/// open erasure request, or a new one (see [`erase_answering`]).
pub fn erase(db: &mut Database, member: MemberId, today: NaiveDate) -> Result<ErasureReport> {
    erase_answering(db, member, today, None)
}

/// [`erase`], answering request `answers` in the same transaction (refused, and nothing
/// erased, if it is not the member's or no longer open). An `Err` means nothing was
/// erased; once committed, the report says so even if the compaction then fails.
pub fn erase_answering(
    db: &mut Database,
    member: MemberId,
    today: NaiveDate,
    answers: Option<RequestId>,
) -> Result<ErasureReport> {
    db.conn().pragma_update(None, "secure_delete", "ON")?;
    let report = db.write(|tx| {
        let before = plan(tx, member)?;
        if before.already_erased {
            return Err(Error::refused(
                format!("le membre n° {member} a déjà été effacé"),
                format!("member {member} was already erased"),
            ));
        }
        let (request_id, request_answered) = requests::erasure_request(tx, member, answers, today)?;
        let m = members::get(tx, member)?;
        let logins: Vec<String> = before
            .accounts_to_delete
            .iter()
            .map(|a| a.login.clone())
            .collect();
        let alias = pseudonym(member);
        let tokens = scrub::tokens(&m, &alias, &logins);
        let distinctive = scrub::distinctive(&m, &tokens);

        // 1. the kept tables, scrubbed (before the profile changes, so the strings are known)
        for table in MEMBER_TABLES {
            if matches!(table.on_erase, OnErase::KeepForBooks | OnErase::Scrub) {
                scrub_table(tx, table, member, &tokens, &alias, false)?;
            }
        }
        // the audit rows of other changes that copied the member's strings (a seed, an import…)
        scrub::scrub_other_audit_rows(tx, member, &distinctive)?;

        // 2. deleted at once, children first
        for table in MEMBER_TABLES.iter().rev() {
            if table.on_erase == OnErase::Delete {
                tx.execute(
                    &format!("DELETE FROM \"{}\" WHERE {}", table.table, table.rows),
                    [member],
                )?;
            }
        }

        // 3. the profile
        let email = placeholder_email(member);
        let (last_name, org_name) = match m.kind {
            MemberKind::Person => (alias.clone(), String::new()),
            MemberKind::Organisation => (String::new(), alias.clone()),
        };
        tx.execute(
            "UPDATE members SET first_name = '', last_name = ?2, org_name = ?3, email = ?4,
                 street = '', postal_code = '', city = '', country = '', phone = '', notes = '',
                 search_text = ?5, erased_on = ?6, updated_at = ?7, sort_key = ?8
             WHERE id = ?1",
            params![
                member,
                last_name,
                org_name,
                email,
                crate::kernel::search::fold(&format!("{alias} {email}")),
                today.to_string(),
                now_text(),
                crate::kernel::search::sort_key(
                    m.kind == MemberKind::Organisation,
                    "",
                    &last_name,
                    &org_name,
                    &email
                ),
            ],
        )?;
        // any other text a later version added to the profile
        let profile = export::member_table("members").expect("members is declared");
        scrub_table(tx, profile, member, &tokens, &alias, true)?;

        // 4. everywhere else: expenses naming them, quota grants' reasons, others' notes…
        scrub::sweep_other_rows(tx, &distinctive)?;

        // 5. the accounts to delete on the servers, kept with the request (after the
        // sweeps, which would clear the logins)
        requests::keep_accounts_to_delete(tx, request_id, &before.accounts_to_delete)?;

        let report = ErasureReport {
            member_id: member,
            pseudonym: alias.clone(),
            erased_on: today,
            accounts_to_delete: before.accounts_to_delete.clone(),
            consents_deleted: before.consents_deleted,
            entries_kept: before.entries_kept,
            kept_until: before.kept_until,
            backups_with_their_data: Vec::new(),
            request_id,
            request_answered,
            problems_after_commit: Vec::new(),
        };
        let services: Vec<&str> = before
            .accounts_to_delete
            .iter()
            .map(|a| a.service.as_str())
            .collect();
        let change = Change::new("erase", "member", Some(member.0))
            .member(member)
            .after(&serde_json::json!({
                "pseudonym": alias,
                "erased_on": today.to_string(),
                "accounts_deleted_on": services,
                "consents_deleted": before.consents_deleted,
                "entries_kept": before.entries_kept,
                "kept_until": before.kept_until.map(|d| d.to_string()),
                "request": request_id.0,
                "request_answered": request_answered,
            }));
        Ok((report, change))
    })?;
    // committed: from here on, a failure is told in the report, never as an error
    let mut report = report;
    report.problems_after_commit = compact_after_commit(db);
    match crate::store::backup::list(db) {
        Ok(all) => report.backups_with_their_data = all.into_iter().map(|b| b.path).collect(),
        Err(e) => report.problems_after_commit.push(AfterCommit {
            fr: format!("l'effacement est enregistré, mais les sauvegardes faites avant n'ont pas pu être listées ({}) : cherchez-les dans le dossier des sauvegardes, elles contiennent encore ses données", e.message(crate::Lang::Fr)),
            en: format!("the erasure is committed, but the backups made before could not be listed ({}): look for them in the backups folder, they still hold their data", e.message(crate::Lang::En)),
        }),
    }
    Ok(report)
}

/// Records that the accounts an erasure left to delete (kept with `request`) are deleted on
/// the servers: the list is forgotten, and the file compacted so the logins survive nowhere
/// in it. Returns the accounts forgotten, and what failed after the commit.
pub fn accounts_deleted(
    db: &mut Database,
    request: RequestId,
) -> Result<(Vec<AccountToDelete>, Vec<AfterCommit>)> {
    db.conn().pragma_update(None, "secure_delete", "ON")?;
    let forgotten = db.write(|tx| {
        let accounts = requests::accounts_to_delete(tx, request)?;
        if accounts.is_empty() {
            return Err(Error::refused(
                format!("la demande n° {request} n'a aucun compte à supprimer sur les serveurs"),
                format!("request {request} has no account left to delete on the servers"),
            ));
        }
        requests::keep_accounts_to_delete(tx, request, &[])?;
        // the audit row names the services only: the logins are what is being forgotten
        let services: Vec<&str> = accounts.iter().map(|a| a.service.as_str()).collect();
        let change = Change::new("accounts_deleted", "data_request", Some(request.0))
            .after(&serde_json::json!({ "services": services }));
        Ok((accounts, change))
    })?;
    Ok((forgotten, compact_after_commit(db)))
}

/// Rewrites the whole file so no deleted or overwritten value survives in it: `secure_delete`
/// on, `VACUUM`, then the WAL checkpointed and truncated to nothing.
pub fn compact(db: &Database) -> Result<()> {
    let conn = db.conn();
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.execute_batch("VACUUM")?;
    let busy: i64 = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| r.get(0))?;
    if busy != 0 {
        return Err(Error::Busy(db.path().to_path_buf()));
    }
    Ok(())
}

/// A ledger entry past its retention.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PurgedEntry {
    pub id: EntryId,
    pub date: NaiveDate,
    pub member_id: Option<MemberId>,
    pub counterparty: String,
    pub label: String,
    pub amount_cents: Cents,
    /// the day it became purgeable
    pub retention_end: NaiveDate,
    /// in a closed financial year, whose books cannot change, or covered by a receipt, which
    /// is never deleted (numbers run without gap): detached from the person (member,
    /// counterparty, their name in the label; the receipt's name and address) instead of
    /// deleted, so the closed year still adds up
    pub anonymised: bool,
}

/// What a purge removes (or removed).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PurgePlan {
    pub today: NaiveDate,
    pub entries: Vec<PurgedEntry>,
    /// erased members whose last kept records go: their pseudonymised profile goes too
    pub members_removed: Vec<MemberId>,
}

impl PurgePlan {
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty() && self.members_removed.is_empty()
    }
}

/// What is past retention on `today`: the ledger entries that concern a person (a member, or
/// an expense that names one) whose financial year closed more than ten years ago — an
/// entry and its reversal go together or not at all — and the erased members left with no
/// entry. Entries that name no person (a supplier's invoice, a subsidy) are not personal
/// data and stay. Entries of a year closed in the books (`books::close_year`), and entries
/// covered by a receipt, are not deleted but anonymised.
pub fn purge_plan(conn: &Connection, today: NaiveDate) -> Result<PurgePlan> {
    let locked = crate::books::years::locked_until(conn)?;
    // a receipt is never deleted (its number would leave a gap): its entry stays too
    let with_receipt: HashSet<i64> = conn
        .prepare(
            "SELECT entry_id FROM receipts WHERE entry_id IS NOT NULL
             UNION SELECT entry_id FROM receipt_entries",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, entry_date, member_id, counterparty, label, amount_cents, reverses_id
         FROM ledger_entries
         WHERE member_id IS NOT NULL OR (names_person = 1 AND counterparty <> '')
         ORDER BY entry_date, id",
    )?;
    type Row = (
        i64,
        String,
        Option<MemberId>,
        String,
        String,
        i64,
        Option<i64>,
    );
    let rows: Vec<Row> = stmt
        .query_map([], |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                r.get(2)?,
                r.get(3)?,
                r.get(4)?,
                r.get(5)?,
                r.get(6)?,
            ))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut past: Vec<PurgedEntry> = Vec::new();
    for (id, date, member_id, counterparty, label, amount_cents, _) in &rows {
        let Ok(date) = date.parse::<NaiveDate>() else {
            continue;
        };
        let end = retention_end(conn, date)?;
        if today >= end {
            past.push(PurgedEntry {
                id: EntryId(*id),
                date,
                member_id: *member_id,
                counterparty: counterparty.clone(),
                label: label.clone(),
                amount_cents: *amount_cents,
                retention_end: end,
                anonymised: locked.is_some_and(|l| date < l) || with_receipt.contains(id),
            });
        }
    }
    // an entry and its reversal: both past, or both kept
    let past_ids: HashSet<i64> = past.iter().map(|e| e.id.0).collect();
    let mut pairs: Vec<(i64, i64)> = conn
        .prepare("SELECT id, reverses_id FROM ledger_entries WHERE reverses_id IS NOT NULL")?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    pairs.retain(|(a, b)| past_ids.contains(a) != past_ids.contains(b));
    let held: HashSet<i64> = pairs.iter().flat_map(|(a, b)| [*a, *b]).collect();
    past.retain(|e| !held.contains(&e.id.0));

    let going: HashSet<i64> = past.iter().map(|e| e.id.0).collect();
    let mut erased =
        conn.prepare("SELECT id FROM members WHERE erased_on IS NOT NULL ORDER BY id")?;
    let erased: Vec<MemberId> = erased
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let mut members_removed = Vec::new();
    for m in erased {
        let mut stmt = conn.prepare_cached("SELECT id FROM ledger_entries WHERE member_id = ?1")?;
        let left = stmt
            .query_map([m], |r| r.get::<_, i64>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?
            .into_iter()
            .filter(|id| !going.contains(id))
            .count();
        if left == 0 {
            members_removed.push(m);
        }
    }
    Ok(PurgePlan {
        today,
        entries: past,
        members_removed,
    })
}

/// Removes what [`purge_plan`] lists, as one change, then compacts the file.
pub fn purge(db: &mut Database, today: NaiveDate) -> Result<PurgePlan> {
    let plan = purge_plan(db.conn(), today)?;
    if plan.is_empty() {
        return Ok(plan);
    }
    db.conn().pragma_update(None, "secure_delete", "ON")?;
    let done = plan.clone();
    db.write(move |tx| {
        let list = |anonymised: bool| -> String {
            plan.entries
                .iter()
                .filter(|e| e.anonymised == anonymised)
                .map(|e| e.id.0.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let (deleted, frozen) = (list(false), list(true));
        let mut lines: i64 = 0;
        // a closed year stays whole: amounts and accounts kept, the person removed
        for e in plan.entries.iter().filter(|e| e.anonymised) {
            let name = match e.member_id {
                Some(m) => members::get(tx, m)?.display_name(),
                None => String::new(),
            };
            let mut label = e.label.clone();
            for who in [e.counterparty.as_str(), name.as_str()] {
                if who.trim().chars().count() >= 3 {
                    label = label.replace(who.trim(), "");
                }
            }
            tx.execute(
                "UPDATE ledger_entries SET member_id = NULL, counterparty = '',
                     subscription_id = NULL, label = ?2 WHERE id = ?1",
                params![e.id, label.trim()],
            )?;
            // and its receipts: kept, without the person
            tx.execute(
                "UPDATE receipts SET member_id = NULL, member_name = '', member_address = ''
                 WHERE entry_id = ?1
                    OR id IN (SELECT receipt_id FROM receipt_entries WHERE entry_id = ?1)",
                [e.id],
            )?;
        }
        if !deleted.is_empty() {
            lines = tx.query_row(
                &format!("SELECT count(*) FROM ledger_lines WHERE entry_id IN ({deleted})"),
                [],
                |r| r.get(0),
            )?;
            // reversals first (they point at the entries they cancel), children before
            delete_with_children(
                tx,
                "ledger_entries",
                &format!("id IN ({deleted}) AND reverses_id IS NOT NULL"),
            )?;
            delete_with_children(tx, "ledger_entries", &format!("id IN ({deleted})"))?;
        }
        let all = [deleted.as_str(), frozen.as_str()]
            .into_iter()
            .filter(|l| !l.is_empty())
            .collect::<Vec<_>>()
            .join(",");
        if !all.is_empty() {
            tx.execute(
                &format!(
                    "DELETE FROM audit_log WHERE entity = 'ledger_entry' AND entity_id IN ({all})"
                ),
                [],
            )?;
        }
        for m in &plan.members_removed {
            // what is left of an erased member: subscriptions, then the pseudonymised profile;
            // the register of requests keeps its rows (member set to NULL) and the audit log
            // its scrubbed rows
            for table in MEMBER_TABLES.iter().rev() {
                if matches!(table.on_erase, OnErase::Delete | OnErase::KeepForBooks) {
                    delete_with_children(
                        tx,
                        table.table,
                        &table.rows.replace("?1", &m.0.to_string()),
                    )?;
                }
            }
            tx.execute("DELETE FROM members WHERE id = ?1", [m])?;
        }
        let change = Change::new("purge", "ledger", None).after(&serde_json::json!({
            "today": plan.today.to_string(),
            "entries": plan.entries.len(),
            "lines_deleted": lines,
            "entries_anonymised": plan.entries.iter().filter(|e| e.anonymised).count(),
            "members_removed": plan.members_removed.len(),
        }));
        Ok(((), change))
    })?;
    compact(db)?;
    Ok(done)
}

/// Deletes the rows of `table` matching `condition`, after the rows of member tables that
/// point at them (a receipt at its entry…). Never deletes ledger entries through a
/// reference: a row still used by the books makes the deletion fail instead.
fn delete_with_children(tx: &Connection, table: &str, condition: &str) -> Result<usize> {
    let mut stmt = tx.prepare(
        "SELECT m.name, f.\"from\", coalesce(f.\"to\", 'rowid') FROM sqlite_master m,
             pragma_foreign_key_list(m.name) f
         WHERE m.type = 'table' AND f.\"table\" = ?1",
    )?;
    let children: Vec<(String, String, String)> = stmt
        .query_map([table], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (child, column, parent_column) in children {
        if child == table || child == "ledger_entries" || export::member_table(&child).is_none() {
            continue;
        }
        delete_with_children(
            tx,
            &child,
            &format!(
                "\"{column}\" IN (SELECT \"{parent_column}\" FROM \"{table}\" WHERE {condition})"
            ),
        )?;
    }
    Ok(tx.execute(&format!("DELETE FROM \"{table}\" WHERE {condition}"), [])?)
}
