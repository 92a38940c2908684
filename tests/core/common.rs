//! Shared set-up: a fresh association file in a temporary folder.

use panier::Database;
use std::path::PathBuf;
use tempfile::TempDir;

pub struct Fixture {
    pub dir: TempDir,
    pub db: Database,
}

impl Fixture {
    pub fn path(&self) -> PathBuf {
        self.dir.path().join("panier.sqlite")
    }
}

pub fn fresh() -> Fixture {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut db = Database::create(&dir.path().join("panier.sqlite"), "AMIPO").expect("create");
    // never the real keyring nor the real config folder
    db.use_secrets(secrets_in(&dir));
    Fixture { dir, db }
}

/// The test's own secret store: a folder in its temp dir (no keyring).
pub fn secrets_in(dir: &TempDir) -> panier::store::secrets::SecretStore {
    panier::store::secrets::SecretStore::folder(dir.path().join("config"))
}

pub fn day(text: &str) -> chrono::NaiveDate {
    text.parse().expect("a YYYY-MM-DD day")
}

pub fn audit_rows(db: &Database) -> i64 {
    panier::store::audit::count(db.conn()).unwrap()
}

/// The text of a PDF as `pdftotext -layout` reads it (needs poppler-utils).
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg("-layout")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext runs (apt-get install poppler-utils)");
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("pdftotext writes UTF-8")
}

/// Asserts that the full check finds a problem in `area` whose detail says `detail`.
pub fn assert_check_finds(db: &Database, area: &str, detail: &str) {
    let report = panier::store::check::run(db).unwrap();
    assert!(
        report
            .problems
            .iter()
            .any(|p| p.area == area && p.detail.contains(detail)),
        "no {area} problem saying {detail:?} in {:?}",
        report.problems
    );
}

/// A plain membership fee: `amount_cents` a civil year, no counterpart, open to anyone.
pub fn fee_plan(name: &str, amount_cents: i64) -> panier::membership::plans::PlanInput {
    panier::membership::plans::PlanInput {
        name: name.into(),
        kind: panier::membership::plans::PlanKind::Fee,
        amount_cents,
        min_cents: None,
        counterpart_cents: 0,
        quota_bytes: None,
        period: panier::membership::plans::PlanPeriod::Civil,
        members_only: false,
        covers_gap: false,
        description: String::new(),
    }
}

/// Points the file at the Nextcloud at `url` as its admin, with `password`.
pub fn configure_nextcloud(
    db: &mut Database,
    url: &str,
    version: panier::hosting::nextcloud::OcsVersion,
    password: &str,
) {
    panier::hosting::nextcloud::configure(
        db,
        &panier::hosting::nextcloud::ServerInput {
            url: url.into(),
            admin_user: "admin".into(),
            ocs_version: version,
        },
        Some(&panier::hosting::nextcloud::AppPassword::new(password).unwrap()),
    )
    .unwrap();
}

/// The one number `sql` (a `SELECT count(*)…`, `min(id)`…) reads from the file.
pub fn scalar(db: &Database, sql: &str) -> i64 {
    db.conn()
        .query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A donation of `amount` cents on `date` (account 7541) from no member.
pub fn donation_on(
    date: &str,
    amount: i64,
    method: panier::books::ledger::Method,
    counterparty: &str,
    label: &str,
) -> panier::books::ledger::NewEntry {
    panier::books::ledger::NewEntry {
        date: day(date),
        kind: panier::books::ledger::EntryKind::Donation,
        member: None,
        counterparty: counterparty.into(),
        method,
        label: label.into(),
        plan: None,
        subscription: None,
        external_ref: None,
        lines: vec![panier::books::ledger::Line {
            account: panier::books::chart::Account::DONATIONS.into(),
            amount_cents: amount,
        }],
    }
}

/// A request of access by `member`, received on `received` (identity checked by email).
pub fn access_request(
    db: &mut Database,
    member: panier::kernel::ids::MemberId,
    received: &str,
) -> panier::kernel::ids::RequestId {
    panier::rights::requests::add(
        db,
        &panier::rights::requests::NewRequest {
            member,
            kind: panier::rights::requests::RequestKind::Access,
            received_on: day(received),
            identity_check: "courriel depuis son adresse".into(),
            notes: String::new(),
        },
        day(received),
    )
    .unwrap()
}

/// The sample HelloAsso payments export (tests/data/helloasso/paiements.csv) imported, its
/// valid rows kept.
pub fn import_sample_payments(db: &mut Database) -> panier::bridges::report::ImportReport {
    let bytes = std::fs::read("tests/data/helloasso/paiements.csv").unwrap();
    let options = panier::bridges::report::ImportOptions {
        dry_run: false,
        skip_invalid: true,
    };
    panier::bridges::helloasso::import_helloasso(db, &bytes, options).unwrap()
}

/// A fresh file seeded with the demo's generator, its history ending on 22 November 2026.
pub fn seeded(members: u32, years: u32, seed: u64) -> Fixture {
    let mut f = fresh();
    let options = panier::demo::seed::SeedOptions {
        members,
        years,
        seed,
        until: Some(day("2026-11-22")),
    };
    panier::demo::seed::seed(&mut f.db, &options).unwrap();
    f
}
