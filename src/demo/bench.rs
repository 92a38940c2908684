//! `panier bench`: builds a fresh association with the seeder, in a temporary file, and times
//! what the screens and commands do on it, N runs each (median and 95th percentile).
//!
//! Never a test: timings depend on the machine. `tests/cli/bench.rs` only checks the JSON's
//! shape. The temporary folder is deleted at the end, whatever happens.

use crate::demo::seed::{SeedOptions, SeedTargets};
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::MemberId;
use crate::store::db::{Database, OpenOptions};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The workloads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Profile {
    /// 300 members, 3 years: a small association
    Small,
    /// 5,000 members, about 5,000 fees, 20,000 ledger transactions over 3 years: the
    /// workload Paheko (the nearest web peer) was measured on
    Paheko,
    /// 50,000 members, 60,000 accounts, 1,000,000 ledger lines over 10 years
    Large,
}

impl Profile {
    pub const ALL: [Profile; 3] = [Profile::Small, Profile::Paheko, Profile::Large];

    pub fn as_str(self) -> &'static str {
        match self {
            Profile::Small => "small",
            Profile::Paheko => "paheko",
            Profile::Large => "large",
        }
    }

    pub fn parse(text: &str) -> Result<Self> {
        Profile::ALL
            .into_iter()
            .find(|p| p.as_str() == text.trim().to_ascii_lowercase())
            .ok_or_else(|| {
                Error::invalid(
                    "profil",
                    text,
                    format!("profil inconnu « {text} » (small, paheko, large)"),
                    format!("unknown profile “{text}” (small, paheko, large)"),
                )
            })
    }

    /// What the seeder is asked for.
    pub fn seed(self, until: NaiveDate) -> (SeedOptions, SeedTargets) {
        let (members, years, targets) = match self {
            Profile::Small => (300, 3, SeedTargets::default()),
            Profile::Paheko => (
                5_000,
                3,
                SeedTargets {
                    // one fee per member, hardly any renewal: about 5,000 fees
                    renewal_percent: Some(5),
                    entries: Some(20_000),
                    ..SeedTargets::default()
                },
            ),
            Profile::Large => (
                50_000,
                10,
                SeedTargets {
                    accounts: Some(60_000),
                    lines: Some(1_000_000),
                    ..SeedTargets::default()
                },
            ),
        };
        (
            SeedOptions {
                members,
                years,
                seed: 1,
                until: Some(until),
            },
            targets,
        )
    }
}

/// The timed operations, in the order they run (the names of `--format json`).
pub const NAMES: [&str; 18] = [
    "open",
    "search_surname",
    "search_prefix",
    "search_unaccented",
    "member_page",
    "renewals_due",
    "renewals_page",
    "dashboard",
    "income_statement",
    "balance",
    "fec_export",
    "members_csv",
    "report_html",
    "report_pdf",
    "member_export",
    "import_dry_run",
    "import_apply",
    "backup",
];

/// Rows of a page of the renewals list, as the window shows it.
pub const RENEWALS_PAGE: i64 = 50;

/// Rows of the generated HelloAsso payments file.
pub const IMPORT_ROWS: usize = 10_000;

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Timing {
    pub name: String,
    pub median_ms: f64,
    pub p95_ms: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BenchReport {
    pub profile: String,
    pub members: i64,
    pub ledger_lines: i64,
    pub db_bytes: u64,
    pub results: Vec<Timing>,
    pub runs: usize,
    pub ledger_entries: i64,
    pub fees: i64,
    pub accounts: i64,
    pub years: u32,
    /// how long seeding the profile took (one transaction)
    pub seed_ms: f64,
}

/// Median and 95th percentile (nearest rank) of `samples`, in milliseconds.
pub fn summarise(name: &str, samples: &[Duration]) -> Timing {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(|a, b| a.total_cmp(b));
    let n = ms.len();
    let median = if n == 0 {
        0.0
    } else if n % 2 == 1 {
        ms[n / 2]
    } else {
        (ms[n / 2 - 1] + ms[n / 2]) / 2.0
    };
    let rank = ((n as f64) * 0.95).ceil() as usize;
    let p95 = ms.get(rank.saturating_sub(1)).copied().unwrap_or(0.0);
    let round = |x: f64| (x * 1000.0).round() / 1000.0;
    Timing {
        name: name.to_string(),
        median_ms: round(median),
        p95_ms: round(p95),
    }
}

/// A temporary folder, removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        let dir = std::env::temp_dir().join(format!("panier-bench-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(TempDir(dir))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn time<T>(runs: usize, mut f: impl FnMut(usize) -> Result<T>) -> Result<Vec<Duration>> {
    let mut out = Vec::with_capacity(runs);
    for run in 0..runs {
        let started = Instant::now();
        let value = f(run)?;
        out.push(started.elapsed());
        drop(value);
    }
    Ok(out)
}

/// A HelloAsso payments export of `rows` rows, all new (references carry `run`): fees
/// (« Adhésion », some with an extra gift) and gifts, from existing members (`emails`) and
/// new people, dated over the weeks before `today`.
pub fn helloasso_file(rows: usize, run: usize, emails: &[String], today: NaiveDate) -> Vec<u8> {
    let mut out = String::from(
        "\u{feff}Référence commande;Référence paiement;Montant total;Date du paiement;Statut du paiement;Nom payeur;Prénom payeur;Email payeur;Raison sociale;Campagne;Type;Tarif;Montant du tarif;Don supplémentaire;Moyen de paiement;Reçu fiscal;Numéro de reçu;Adresse payeur;Code Postal payeur;Ville payeur;Pays payeur\r\n",
    );
    let year_start = NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today);
    let span = (today - year_start).num_days().max(0) as usize + 1;
    for i in 0..rows {
        let order = 900_000_000 + run * 100_000 + i;
        let day = today - chrono::Duration::days((i % span) as i64);
        let email = if i % 2 == 0 && !emails.is_empty() {
            emails[(i / 2 * 7919) % emails.len()].clone()
        } else {
            format!("bench{run}-{i}@exemple.org")
        };
        let (first, last) = ("Camille", format!("Import{i}"));
        let line = if i % 10 < 7 {
            let extra = if i % 3 == 0 { 500 } else { 0 };
            format!(
                "{order};{order}1;{};{} 10:{:02}:00;Autorisé;{last};{first};{email};;Adhésion {};Adhésion;Adhésion;15,00;{};Carte bancaire;Non;;1 rue des Lilas;45000;Orléans;France",
                cents(1500 + extra),
                day.format("%d/%m/%Y"),
                i % 60,
                today.year(),
                cents(extra)
            )
        } else {
            format!(
                "{order};{order}1;{};{} 11:{:02}:00;Autorisé;{last};{first};{email};;Soutenez-nous;Don;;;;Carte bancaire;Non;;1 rue des Lilas;45000;Orléans;France",
                cents(1000 + 100 * (i % 40) as i64),
                day.format("%d/%m/%Y"),
                i % 60
            )
        };
        out.push_str(&line);
        out.push_str("\r\n");
    }
    out.into_bytes()
}

fn cents(c: i64) -> String {
    format!("{},{:02}", c / 100, c % 100)
}

/// Builds the profile's association in a temporary file and times every operation `runs`
/// times. `progress` hears each step's name as it starts.
pub fn run(
    profile: Profile,
    runs: usize,
    today: NaiveDate,
    mut progress: impl FnMut(&str),
) -> Result<BenchReport> {
    let runs = runs.max(1);
    let tmp = TempDir::new()?;
    let path = tmp.0.join("bench.sqlite");
    let backups = tmp.0.join("backups");
    let out_dir = tmp.0.join("out");
    std::fs::create_dir_all(&out_dir)?;
    let (options, targets) = profile.seed(today);

    progress("seed");
    let seed_ms = {
        let mut db = Database::create(&path, "Association Panier Banc d'essai")?;
        crate::store::settings::set(&mut db, "siren", "123456782")?;
        crate::store::settings::set(&mut db, "backup_dir", &backups.to_string_lossy())?;
        let started = Instant::now();
        crate::demo::seed::seed_with(&mut db, &options, &targets)?;
        let ms = started.elapsed().as_secs_f64() * 1000.0;
        // as a migration leaves a file (see db::analyze)
        crate::store::db::analyze(db.conn())?;
        db.conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        ms
    };
    let open_options = OpenOptions {
        daily_backup: false,
        ..OpenOptions::default()
    };
    let mut results = Vec::new();
    let mut push = |name: &str, samples: Vec<Duration>| results.push(summarise(name, &samples));

    progress("open");
    push(
        "open",
        time(runs, |_| Database::open_with(&path, &open_options))?,
    );
    let mut db = Database::open_with(&path, &open_options)?;
    let count = |db: &Database, sql: &str| -> Result<i64> {
        Ok(db.conn().query_row(sql, [], |r| r.get(0))?)
    };
    let members = count(&db, "SELECT count(*) FROM members")?;
    let ledger_entries = count(&db, "SELECT count(*) FROM ledger_entries")?;
    let ledger_lines = count(&db, "SELECT count(*) FROM ledger_lines")?;
    let accounts = count(&db, "SELECT count(*) FROM service_accounts")?;
    let fees = count(
        &db,
        "SELECT count(*) FROM ledger_entries WHERE kind = 'fee'",
    )?;
    let db_bytes = std::fs::metadata(&path)?.len();

    for (name, words) in [
        ("search_surname", "Martin"),
        ("search_prefix", "Lef"),
        ("search_unaccented", "helene lefevre"),
    ] {
        progress(name);
        let query = crate::people::members::MemberQuery {
            search: Some(words.into()),
            limit: Some(50),
            ..Default::default()
        };
        push(
            name,
            time(runs, |_| {
                crate::people::members::list(db.conn(), &query, today)
            })?,
        );
    }

    // a member with a history: the one with the most entries among the first hundred
    let member: MemberId = db.conn().query_row(
        "SELECT member_id FROM ledger_entries WHERE member_id <= 100 AND member_id IS NOT NULL
         GROUP BY member_id ORDER BY count(*) DESC, member_id LIMIT 1",
        [],
        |r| r.get(0),
    )?;
    progress("member_page");
    push(
        "member_page",
        time(runs, |_| member_page(db.conn(), member, today))?,
    );

    progress("renewals_due");
    push(
        "renewals_due",
        time(runs, |_| {
            crate::membership::renewals::list(
                db.conn(),
                today,
                Some(crate::membership::renewals::RenewalState::Due),
            )
        })?,
    );

    // what the window's Renewals screen asks for: the first page of all three states, with
    // the whole list's count
    progress("renewals_page");
    push(
        "renewals_page",
        time(runs, |_| {
            crate::membership::renewals::page(db.conn(), today, None, 0, Some(RENEWALS_PAGE))
        })?,
    );

    progress("dashboard");
    push(
        "dashboard",
        time(runs, |_| crate::dashboard::compute(db.conn(), today))?,
    );

    // the last full year
    let year = today.year() - 1;
    progress("income_statement");
    push(
        "income_statement",
        time(runs, |_| {
            crate::books::statements::statement(db.conn(), year, crate::Lang::Fr)
        })?,
    );
    progress("balance");
    push(
        "balance",
        time(runs, |_| {
            crate::books::statements::balance(db.conn(), year, crate::Lang::Fr)
        })?,
    );

    progress("fec_export");
    push(
        "fec_export",
        time(runs, |_| {
            let file = crate::books::fec::write(
                db.conn(),
                year,
                &out_dir,
                crate::store::output::Replace::Confirmed,
            )?;
            std::fs::remove_file(file)?;
            Ok(())
        })?,
    );

    progress("members_csv");
    push(
        "members_csv",
        time(runs, |_| {
            crate::bridges::members_csv::export_members_csv(db.conn())
        })?,
    );

    progress("report_html");
    push(
        "report_html",
        time(runs, |_| {
            let report = crate::public::report::figures(db.conn(), year)?;
            Ok(crate::public::report::html::transparency(
                &report,
                crate::Lang::Fr,
            ))
        })?,
    );
    progress("report_pdf");
    push(
        "report_pdf",
        time(runs, |_| {
            let report = crate::public::report::figures(db.conn(), year)?;
            crate::public::report::pdf::transparency(&report, crate::Lang::Fr)
        })?,
    );

    progress("member_export");
    push(
        "member_export",
        time(runs, |_| {
            crate::rights::export::zip_bytes(db.conn(), member, today)
        })?,
    );

    let emails: Vec<String> = {
        let mut stmt = db
            .conn()
            .prepare("SELECT email FROM members ORDER BY id LIMIT 5000")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let files: Vec<Vec<u8>> = (0..runs)
        .map(|run| helloasso_file(IMPORT_ROWS, run, &emails, today))
        .collect();
    progress("import_dry_run");
    push(
        "import_dry_run",
        time(runs, |run| import_checked(&mut db, &files[run], true))?,
    );
    progress("import_apply");
    push(
        "import_apply",
        time(runs, |run| import_checked(&mut db, &files[run], false))?,
    );

    progress("backup");
    push(
        "backup",
        time(runs, |_| {
            let info = crate::store::backup::take(&db, crate::store::backup::local_now())?;
            std::fs::remove_file(&info.path)?;
            Ok(())
        })?,
    );
    drop(db);

    Ok(BenchReport {
        profile: profile.as_str().into(),
        members,
        ledger_lines,
        db_bytes,
        results,
        runs,
        ledger_entries,
        fees,
        accounts,
        years: options.years,
        seed_ms: (seed_ms * 10.0).round() / 10.0,
    })
}

fn import_checked(db: &mut Database, bytes: &[u8], dry_run: bool) -> Result<()> {
    let report = crate::bridges::helloasso::import_helloasso(
        db,
        bytes,
        crate::bridges::report::ImportOptions {
            dry_run,
            skip_invalid: false,
        },
    )?;
    if report.refused > 0 || report.written == dry_run {
        return Err(Error::refused(
            format!(
                "banc d'essai : l'import généré n'est pas passé ({} lignes refusées)",
                report.refused
            ),
            format!(
                "bench: the generated import did not go through ({} rows refused)",
                report.refused
            ),
        ));
    }
    Ok(())
}

/// Everything the member's page shows (the same as `panier member show`).
#[derive(Debug, Clone, Serialize)]
pub struct MemberPage {
    pub member: crate::people::members::Member,
    pub status: crate::people::members::MembershipStatus,
    pub subscriptions: Vec<crate::membership::subscriptions::Subscription>,
    pub accounts: Vec<crate::hosting::accounts::ServiceAccount>,
    pub ledger: Vec<crate::books::ledger::Entry>,
}

pub fn member_page(
    conn: &rusqlite::Connection,
    id: MemberId,
    today: NaiveDate,
) -> Result<MemberPage> {
    Ok(MemberPage {
        member: crate::people::members::get(conn, id)?,
        status: crate::people::members::status(conn, id, today)?,
        subscriptions: crate::membership::subscriptions::for_member(conn, id, today)?,
        accounts: crate::hosting::accounts::for_member(conn, id)?,
        ledger: crate::books::ledger::for_member(conn, id)?,
    })
}

/// The targets of issues 9 and 22, in milliseconds, for a profile and a name (`None`: no
/// target).
pub fn target_ms(profile: Profile, name: &str) -> Option<f64> {
    match (profile, name) {
        (Profile::Paheko, "search_surname" | "search_prefix" | "search_unaccented") => Some(1.0),
        (Profile::Paheko, "income_statement") => Some(3.0),
        (Profile::Paheko, "members_csv") => Some(5.0),
        (Profile::Paheko, "member_page") => Some(0.5),
        (_, "report_pdf" | "report_html") => Some(200.0),
        (_, "import_apply") => Some(500.0),
        (_, "import_dry_run") => Some(1000.0),
        (_, "open") => Some(100.0),
        (_, "backup") => Some(3000.0),
        (
            Profile::Large,
            "search_surname" | "search_prefix" | "search_unaccented" | "member_page"
            | "renewals_due" | "renewals_page" | "dashboard" | "income_statement" | "balance",
        ) => Some(16.0),
        _ => None,
    }
}

/// The report as a table, one line per name.
pub fn table(report: &BenchReport, profile: Profile) -> String {
    let mut out = format!(
        "profile {}: {} members, {} fees, {} accounts, {} ledger entries, {} ledger lines over {} years; file {:.1} MB; seeded in {:.0} ms; {} runs each\n",
        report.profile,
        report.members,
        report.fees,
        report.accounts,
        report.ledger_entries,
        report.ledger_lines,
        report.years,
        report.db_bytes as f64 / 1_000_000.0,
        report.seed_ms,
        report.runs
    );
    out.push_str(&format!(
        "{:<18} {:>11} {:>11} {:>9}  {}\n",
        "name", "median ms", "p95 ms", "target", "met"
    ));
    for t in &report.results {
        let (target, met) = match target_ms(profile, &t.name) {
            Some(ms) => (
                format!("{ms}"),
                if t.median_ms <= ms { "yes" } else { "NO" },
            ),
            None => (String::new(), ""),
        };
        out.push_str(&format!(
            "{:<18} {:>11.3} {:>11.3} {:>9}  {}\n",
            t.name, t.median_ms, t.p95_ms, target, met
        ));
    }
    out
}
