//! Moving in from Paheko (issue #20): a Paheko 1.2 or 1.3 association's SQLite file, read-only,
//! into a new or empty Panier file, all or nothing, in one transaction with one audit row.
//!
//! `source` reads the Paheko file; `people` maps its members (from its member-field
//! configuration), activities, fees and subscriptions; `books` maps its accounts, years and
//! transactions. Every Paheko row written is remembered with its Paheko id
//! (`paheko_ids`, migration 0015), so a second import of the same file adds only what is new.
//! A Panier file that already holds data is refused unless that data came from the same
//! Paheko association (`paheko_source`).

mod books;
mod fields12;
mod people;
pub mod source;

use crate::kernel::dates::now_text;
use crate::kernel::error::{Error, Result};
use crate::store::audit::Change;
use crate::store::db::Database;
use crate::Lang;
use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use std::path::Path;

pub use crate::bridges::report::ImportStatus;

/// What a Paheko row was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PahekoKind {
    Member,
    /// an activity's fee (or an activity without fees): a Panier plan
    Fee,
    Subscription,
    Year,
    Transaction,
}

impl PahekoKind {
    /// The name of the kind in `paheko_ids`.
    fn key(self) -> &'static str {
        match self {
            PahekoKind::Member => "user",
            PahekoKind::Fee => "fee",
            PahekoKind::Subscription => "subscription",
            PahekoKind::Year => "year",
            PahekoKind::Transaction => "transaction",
        }
    }

    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PahekoKind::Member => lang.pick("membre", "member"),
            PahekoKind::Fee => lang.pick("tarif", "fee"),
            PahekoKind::Subscription => lang.pick("inscription", "subscription"),
            PahekoKind::Year => lang.pick("exercice", "year"),
            PahekoKind::Transaction => lang.pick("écriture", "transaction"),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PahekoOutcome {
    /// written (or would be, in a dry run)
    Created,
    /// imported before: nothing to write
    Matched,
    /// deliberately left out, with the reason
    Skipped,
    /// Panier has no place for it: left out, with the reason
    NotMapped,
    /// invalid: the whole import is refused
    Refused,
}

impl PahekoOutcome {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            PahekoOutcome::Created => lang.pick("créé", "created"),
            PahekoOutcome::Matched => lang.pick("déjà là", "matched"),
            PahekoOutcome::Skipped => lang.pick("ignoré", "skipped"),
            PahekoOutcome::NotMapped => lang.pick("non repris", "not mapped"),
            PahekoOutcome::Refused => lang.pick("refusé", "refused"),
        }
    }
}

/// What became of one Paheko row.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PahekoItem {
    pub kind: PahekoKind,
    pub paheko_id: i64,
    /// the member's name, the fee's, the transaction's label…
    pub name: String,
    pub outcome: PahekoOutcome,
    /// why (skipped, not mapped, refused) or a note on what was done, in French
    pub reason: String,
    pub reason_en: String,
    /// the Panier row it became
    pub panier_id: Option<i64>,
    /// an unpaid subscription, written as a due (`panier_id` is the due's)
    #[serde(default)]
    pub due: bool,
}

/// How an account of Paheko's chart was carried over.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AccountFate {
    /// an account of Panier's chart, same number
    Chart,
    /// a treasury account: the bank (512) or the cash box (530) of Panier
    Treasury,
    /// an income or expense account Panier's chart lacks: kept with its number and label
    Kept,
    /// a third party (401, 411…): a debt or credit is written with its pay-off, as one entry
    /// on the pay-off's treasury account (Panier keeps cash-basis books)
    Settled,
    /// a balance-sheet account Panier does not keep (own funds, fixed assets…)
    NotMapped,
}

impl AccountFate {
    pub fn label(self, lang: Lang) -> &'static str {
        match self {
            AccountFate::Chart => lang.pick("plan de Panier", "Panier's chart"),
            AccountFate::Treasury => lang.pick("trésorerie", "treasury"),
            AccountFate::Kept => lang.pick("gardé (numéro et libellé)", "kept (number and label)"),
            AccountFate::Settled => lang.pick(
                "tiers : repris au règlement",
                "third party: taken at the pay-off",
            ),
            AccountFate::NotMapped => lang.pick("non repris", "not mapped"),
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct AccountMapping {
    pub code: String,
    pub label: String,
    pub fate: AccountFate,
    /// the Panier account its lines go to
    pub panier_account: Option<String>,
    /// lines of Paheko on it
    pub lines: usize,
}

/// The whole story of a Paheko import.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PahekoReport {
    pub file: String,
    pub paheko_version: String,
    pub association: String,
    pub status: ImportStatus,
    pub written: bool,
    pub created: usize,
    pub matched: usize,
    pub skipped: usize,
    pub not_mapped: usize,
    pub refused: usize,
    pub members_created: usize,
    pub plans_created: usize,
    pub subscriptions_created: usize,
    /// unpaid subscriptions written as dues (membership::dues)
    pub dues_created: usize,
    pub entries_created: usize,
    pub years_closed: usize,
    pub items: Vec<PahekoItem>,
    pub accounts: Vec<AccountMapping>,
}

impl PahekoReport {
    fn count(&mut self) {
        let n = |o: PahekoOutcome| self.items.iter().filter(|i| i.outcome == o).count();
        self.created = n(PahekoOutcome::Created);
        self.matched = n(PahekoOutcome::Matched);
        self.skipped = n(PahekoOutcome::Skipped);
        self.not_mapped = n(PahekoOutcome::NotMapped);
        self.refused = n(PahekoOutcome::Refused);
        let created = |k: PahekoKind| {
            self.items
                .iter()
                .filter(|i| i.kind == k && i.outcome == PahekoOutcome::Created)
                .count()
        };
        self.members_created = created(PahekoKind::Member);
        self.plans_created = created(PahekoKind::Fee);
        self.subscriptions_created = created(PahekoKind::Subscription);
        self.dues_created = self
            .items
            .iter()
            .filter(|i| {
                i.kind == PahekoKind::Subscription && i.outcome == PahekoOutcome::Created && i.due
            })
            .count();
        self.subscriptions_created -= self.dues_created;
        self.entries_created = created(PahekoKind::Transaction);
        self.years_closed = created(PahekoKind::Year);
    }

    /// "membre n° 4 (Jean-Noël Œuvray) : …" for every refused row.
    pub fn refusals(&self, lang: Lang) -> Vec<String> {
        self.items
            .iter()
            .filter(|i| i.outcome == PahekoOutcome::Refused)
            .map(|i| i.message(lang))
            .collect()
    }
}

impl PahekoItem {
    pub fn message(&self, lang: Lang) -> String {
        let reason = lang.pick(&self.reason, &self.reason_en);
        format!(
            "{} {}{} ({}) : {reason}",
            self.kind.label(lang),
            lang.pick("n° ", "#"),
            self.paheko_id,
            self.name
        )
    }
}

/// Collects the items while the import runs.
pub(crate) struct Items(pub Vec<PahekoItem>);

impl Items {
    // one argument per field of the item, in its order: a builder would only spread it out
    #[allow(clippy::too_many_arguments)]
    pub fn push(
        &mut self,
        kind: PahekoKind,
        paheko_id: i64,
        name: &str,
        outcome: PahekoOutcome,
        fr: impl Into<String>,
        en: impl Into<String>,
        panier_id: Option<i64>,
    ) {
        self.0.push(PahekoItem {
            kind,
            paheko_id,
            name: name.to_string(),
            outcome,
            reason: fr.into(),
            reason_en: en.into(),
            panier_id,
            due: false,
        });
    }
}

/// The Panier id a Paheko row became in an earlier import.
pub(crate) fn known(conn: &Connection, kind: PahekoKind, paheko_id: i64) -> Result<Option<i64>> {
    known_as(conn, kind.key(), paheko_id)
}

/// The same under a key of `paheko_ids` of its own: "due" for an unpaid subscription, which
/// became a due rather than a period.
pub(crate) fn known_as(conn: &Connection, key: &str, paheko_id: i64) -> Result<Option<i64>> {
    Ok(conn
        .prepare_cached("SELECT panier_id FROM paheko_ids WHERE kind = ?1 AND paheko_id = ?2")?
        .query_row(params![key, paheko_id], |r| r.get(0))
        .optional()?)
}

pub(crate) fn remember(
    conn: &Connection,
    kind: PahekoKind,
    paheko_id: i64,
    panier_id: i64,
) -> Result<()> {
    remember_as(conn, kind.key(), paheko_id, panier_id)
}

pub(crate) fn remember_as(
    conn: &Connection,
    key: &str,
    paheko_id: i64,
    panier_id: i64,
) -> Result<()> {
    conn.prepare_cached("INSERT INTO paheko_ids (kind, paheko_id, panier_id) VALUES (?1, ?2, ?3)")?
        .execute(params![key, paheko_id, panier_id])?;
    Ok(())
}

/// Whether the Panier file holds anything an import could clash with.
fn holds_data(conn: &Connection) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM members) OR EXISTS (SELECT 1 FROM plans)
             OR EXISTS (SELECT 1 FROM ledger_entries) OR EXISTS (SELECT 1 FROM closed_years)",
        [],
        |r| r.get(0),
    )?)
}

/// Reads the Paheko file at `path` and imports it into `db`, or only tells what it would do
/// with `dry_run`. A row Panier cannot take (a member without a name…) refuses the whole
/// import, which then writes nothing; rows Panier has no place for are reported, not written.
pub fn import_paheko(
    db: &mut Database,
    path: &Path,
    dry_run: bool,
    today: NaiveDate,
) -> Result<PahekoReport> {
    let file = source::read(path)?;
    let identity = file.identity();
    let previous: Option<String> = db
        .conn()
        .query_row("SELECT identity FROM paheko_source WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    match previous {
        Some(ref p) if *p != identity => {
            return Err(Error::refused(
                format!("ce fichier Panier a déjà reçu une autre association Paheko ({}) : importez « {} » dans un nouveau fichier (panier init)", p.split('|').next().unwrap_or(""), file.org_name),
                format!("this Panier file already received another Paheko association ({}): import “{}” into a new file (panier init)", p.split('|').next().unwrap_or(""), file.org_name),
            ))
        }
        None if holds_data(db.conn())? => {
            return Err(Error::refused(
                "ce fichier Panier contient déjà des membres, des formules ou des écritures : l'import Paheko se fait dans un fichier neuf (panier init), ou de nouveau depuis la même association",
                "this Panier file already holds members, plans or entries: a Paheko import goes into a new file (panier init), or again from the same association",
            ))
        }
        _ => {}
    }
    let mut report = PahekoReport {
        file: path.display().to_string(),
        paheko_version: file.version.clone(),
        association: file.org_name.clone(),
        status: ImportStatus::DryRun,
        written: false,
        created: 0,
        matched: 0,
        skipped: 0,
        not_mapped: 0,
        refused: 0,
        members_created: 0,
        plans_created: 0,
        subscriptions_created: 0,
        dues_created: 0,
        entries_created: 0,
        years_closed: 0,
        items: Vec::new(),
        accounts: Vec::new(),
    };
    let mut stash: Option<PahekoReport> = None;
    let outcome = db.write(|tx| {
        let mut items = Items(Vec::new());
        let first_time = previous.is_none();
        if first_time {
            books::set_fiscal_year_start(tx, &file)?;
        }
        let members = people::import_members(tx, &file, today, &mut items)?;
        let plans = people::import_plans(tx, &file, &mut items)?;
        let paid = people::import_subscriptions(tx, &file, &members, &plans, &mut items)?;
        report.accounts = books::import_accounts(tx, &file)?;
        books::import_transactions(tx, &file, &members, &paid, &mut items)?;
        books::import_years(tx, &file, &mut items)?;
        report.items = items.0;
        report.count();
        report.status = if dry_run {
            ImportStatus::DryRun
        } else if report.refused > 0 {
            ImportStatus::Refused
        } else {
            ImportStatus::Imported
        };
        if dry_run || report.refused > 0 || report.created == 0 {
            stash = Some(report.clone());
            return Err(Error::refused("annulé", "rolled back"));
        }
        tx.execute(
            "INSERT INTO paheko_source (id, identity, org_name, version, imported_at)
             VALUES (1, ?1, ?2, ?3, ?4)
             ON CONFLICT (id) DO UPDATE SET version = excluded.version,
                 imported_at = excluded.imported_at",
            params![identity, file.org_name, file.version, now_text()],
        )?;
        report.written = true;
        let summary = serde_json::json!({
            "from": "paheko",
            "file": report.file,
            "paheko_version": report.paheko_version,
            "association": report.association,
            "members_created": report.members_created,
            "plans_created": report.plans_created,
            "subscriptions_created": report.subscriptions_created,
            "dues_created": report.dues_created,
            "entries_created": report.entries_created,
            "years_closed": report.years_closed,
            "skipped": report.skipped,
            "not_mapped": report.not_mapped,
        });
        Ok((
            report.clone(),
            Change::new("import", "import", None).after(&summary),
        ))
    });
    match (outcome, stash) {
        (Ok(report), _) => Ok(report),
        (Err(_), Some(report)) => Ok(report),
        (Err(e), None) => Err(e),
    }
}
