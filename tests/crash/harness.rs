//! The harness: what is in the file, the CLI run and killed, the tally of what survived.

use super::*;

/// What is in the file, as far as the harness cares.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Snapshot {
    pub(crate) audit: i64,
    pub(crate) members: i64,
    pub(crate) ledger: i64,
    pub(crate) plans: i64,
    pub(crate) website: String,
}

pub(crate) fn snapshot(db: &Database) -> Snapshot {
    let count = |sql: &str| -> i64 { db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    Snapshot {
        audit: count("SELECT count(*) FROM audit_log"),
        members: count("SELECT count(*) FROM members"),
        ledger: count("SELECT count(*) FROM ledger_entries"),
        plans: count("SELECT count(*) FROM plans"),
        website: db
            .conn()
            .query_row(
                "SELECT value FROM settings WHERE key = 'website'",
                [],
                |r| r.get(0),
            )
            .unwrap_or_default(),
    }
}

thread_local! {
    /// The passphrase of this thread's harness file, when it runs encrypted.
    pub(crate) static PASSPHRASE: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

pub(crate) fn passphrase() -> Option<String> {
    PASSPHRASE.with(|p| p.borrow().clone())
}

/// Opens the harness file in this process (with its passphrase when encrypted).
pub(crate) fn open_db(path: &Path) -> panier::Result<Database> {
    Database::open_with(
        path,
        &panier::store::db::OpenOptions {
            passphrase: passphrase().map(panier::store::db::Passphrase::new),
            ..panier::store::db::OpenOptions::default()
        },
    )
}

pub(crate) fn panier(db: &Path, args: &[String]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_panier"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PANIER_DB")
        .env_remove("PANIER_PASSPHRASE");
    if let Some(p) = passphrase() {
        cmd.env("PANIER_PASSPHRASE", p);
    }
    cmd.env("PANIER_OPERATOR", "crash-harness")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

pub(crate) fn run_ok(db: &Path, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
    let out = panier(db, &args).output().expect("panier runs");
    assert!(
        out.status.success(),
        "panier {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `op` and sends SIGKILL after `delay` (if it is still running by then).
pub(crate) fn run_and_kill(db: &Path, op: &Op, delay: Duration) -> (Output, Duration) {
    let started = Instant::now();
    let mut child = panier(db, &op.args()).spawn().expect("panier starts");
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        let elapsed = started.elapsed();
        if elapsed >= delay {
            let _ = child.kill(); // SIGKILL on Unix
            break;
        }
        std::thread::sleep((delay - elapsed).min(Duration::from_micros(500)));
    }
    let out = child.wait_with_output().expect("wait");
    (out, started.elapsed())
}

#[derive(Default)]
pub(crate) struct Tally {
    pub(crate) trials: u64,
    pub(crate) kills: u64,
    /// killed, and the change turned out to be in the file (killed after its commit)
    pub(crate) killed_after_commit: u64,
    /// killed, and the change is not in the file (and was not reported)
    pub(crate) killed_before_commit: u64,
    pub(crate) completed: u64,
    pub(crate) losses: u64,
    pub(crate) partial: u64,
    pub(crate) failures: Vec<String>,
    /// per kind of write: trials, kills, changes found in the file
    pub(crate) by_kind: BTreeMap<&'static str, (u64, u64, u64)>,
}

pub(crate) struct Harness {
    pub(crate) dir: tempfile::TempDir,
    pub(crate) rng: Rng,
    /// every email / plan name / city / website known to be in the file
    pub(crate) emails: Vec<String>,
    pub(crate) plans: Vec<String>,
    pub(crate) cities: BTreeMap<i64, String>,
    pub(crate) website: String,
    pub(crate) member_ids: Vec<i64>,
    /// imports seen committed
    pub(crate) imports: Vec<Op>,
    /// payment references seen committed
    pub(crate) payments: Vec<String>,
    /// quota grants seen committed (by reason), and the logins to grant to
    pub(crate) grants: Vec<String>,
    pub(crate) logins: Vec<String>,
    /// how long each kind of write takes when left alone (to aim the kills)
    pub(crate) duration: BTreeMap<&'static str, Duration>,
    pub(crate) tally: Tally,
    pub(crate) counter: u64,
}

impl Harness {
    pub(crate) fn new(seed: u64) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let h = Harness {
            dir,
            rng: Rng(seed | 1),
            emails: Vec::new(),
            plans: Vec::new(),
            cities: BTreeMap::new(),
            website: String::new(),
            member_ids: Vec::new(),
            imports: Vec::new(),
            payments: Vec::new(),
            grants: Vec::new(),
            logins: Vec::new(),
            duration: BTreeMap::new(),
            tally: Tally::default(),
            counter: 0,
        };
        run_ok(&h.db(), &["init", "--name", "AMIPO"]);
        run_ok(
            &h.db(),
            &[
                "seed",
                "--members",
                "40",
                "--years",
                "2",
                "--until",
                "2026-11-22",
            ],
        );
        if passphrase().is_some() {
            run_ok(&h.db(), &["encrypt"]);
            assert!(panier::store::db::is_encrypted(&h.db()));
        }
        let db = open_db(&h.db()).unwrap();
        let mut h = h;
        h.member_ids = {
            let mut stmt = db.conn().prepare("SELECT id FROM members").unwrap();
            let ids = stmt.query_map([], |r| r.get(0)).unwrap();
            ids.map(|r| r.unwrap()).collect()
        };
        h.logins = {
            let mut stmt = db
                .conn()
                .prepare("SELECT login FROM service_accounts")
                .unwrap();
            let logins = stmt.query_map([], |r| r.get(0)).unwrap();
            logins.map(|r| r.unwrap()).collect()
        };
        assert!(!h.logins.is_empty(), "the seeded association has accounts");
        h
    }

    pub(crate) fn db(&self) -> PathBuf {
        self.dir.path().join("assoc.sqlite")
    }

    pub(crate) fn next_op(&mut self) -> Op {
        self.counter += 1;
        let n = self.counter;
        match self.rng.below(19) {
            0..=3 => Op::AddMember {
                email: format!("crash-{n}@example.org"),
            },
            4 | 5 => {
                let member = self.member_ids[self.rng.below(self.member_ids.len() as u64) as usize];
                Op::EditCity {
                    member,
                    city: format!("Ville {n}"),
                }
            }
            6 => Op::SetWebsite {
                url: format!("https://crash-{n}.example.org"),
            },
            7 => Op::AddPlan {
                name: format!("Crash plan {n}"),
            },
            8 => Op::Seed {
                members: 30,
                seed: n,
            },
            9 => Op::Backup,
            17 | 18 if !self.logins.is_empty() => {
                let login = self.logins[self.rng.below(self.logins.len() as u64) as usize].clone();
                Op::QuotaGrant {
                    login,
                    reason: format!("crash-grant-{n}"),
                }
            }
            17 | 18 => Op::Backup,
            14..=16 => {
                let member = self.member_ids[self.rng.below(self.member_ids.len() as u64) as usize];
                Op::Pay {
                    member,
                    reference: format!("crash-pay-{n}"),
                }
            }
            10 | 11 => {
                let rows = 25;
                let file = self.dir.path().join(format!("members-{n}.csv"));
                let mut csv = String::from("Prénom;Nom;Email;Ville\n");
                for k in 0..rows {
                    csv.push_str(&format!("Lou;Import;imp-{n}-{k}@example.org;Lyon\n"));
                }
                std::fs::write(&file, csv).unwrap();
                Op::ImportMembers { file, tag: n, rows }
            }
            _ => {
                let rows = 12;
                let file = self.dir.path().join(format!("helloasso-{n}.csv"));
                let mut csv = String::from(HELLOASSO_HEADER);
                for k in 0..rows {
                    csv.push_str(&format!(
                        "{};{};15,00;14/01/2026 09:12:45;Autorisé;Import;Lou;ha-{n}-{k}@example.org;;Adhésion 2026;Adhésion;Adhésion individuelle;15,00;0,00;Carte bancaire;Non;;1 rue du Test;69003;Lyon;France\n",
                        90_000_000 + n * 100 + k as u64,
                        190_000_000 + n * 100 + k as u64,
                    ));
                }
                std::fs::write(&file, csv).unwrap();
                Op::ImportHelloasso { file, tag: n, rows }
            }
        }
    }

    pub(crate) fn fail(&mut self, what: String) {
        eprintln!("crash harness: {what}");
        self.tally.failures.push(what);
    }

    pub(crate) fn trial(&mut self) {
        let op = self.next_op();
        // The first run of each kind of write goes uncut, to learn how long it takes; then
        // the kill lands anywhere in the run: a third in the whole run, a third around its
        // end (where the commit is), a third just after (closing, checkpointing the WAL).
        let delay = match self.duration.get(op.kind()) {
            None => Duration::from_secs(600),
            Some(typical) => {
                let per_mille = match self.rng.below(3) {
                    0 => self.rng.below(1000),
                    1 => 750 + self.rng.below(350),
                    _ => 1000 + self.rng.below(500),
                };
                typical.mul_f64(per_mille as f64 / 1000.0)
            }
        };
        let before = self
            .verify_file(None)
            .expect("the file opened before the trial");
        let (out, took) = run_and_kill(&self.db(), &op, delay);
        let killed = out.status.signal() == Some(libc::SIGKILL);
        self.tally.trials += 1;
        let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
        let reported = op.reported(&stdout);
        if killed {
            self.tally.kills += 1;
        } else {
            if !out.status.success() {
                self.fail(format!(
                    "{op:?} failed without being killed: {}",
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
            self.tally.completed += 1;
            let d = self.duration.entry(op.kind()).or_insert(took);
            *d = (*d * 3 + took) / 4;
        }

        // 1. the file opens and `panier check` passes
        let Some(after) = self.verify_file(Some(&op)) else {
            return;
        };
        // 2. is the change there, whole or not at all?
        let applied = self.applied(&op, &before, &after);
        let audit_delta = after.audit - before.audit;
        match applied {
            Err(partial) => {
                self.tally.partial += 1;
                self.fail(format!("{op:?}: partial change: {partial}"));
            }
            Ok(applied) => {
                if audit_delta != applied as i64 {
                    self.tally.partial += 1;
                    self.fail(format!(
                        "{op:?}: change {} but {audit_delta} audit row(s)",
                        if applied { "present" } else { "absent" }
                    ));
                }
                if reported && !applied && !matches!(op, Op::Backup) {
                    self.tally.losses += 1;
                    self.fail(format!("{op:?}: reported committed ({stdout:?}) but lost"));
                }
                if killed {
                    if applied {
                        self.tally.killed_after_commit += 1;
                    } else {
                        self.tally.killed_before_commit += 1;
                    }
                }
                let k = self.tally.by_kind.entry(op.kind()).or_default();
                k.0 += 1;
                k.1 += killed as u64;
                k.2 += applied as u64;
                if applied {
                    self.remember(&op);
                }
            }
        }
        // 3. everything committed before is still there
        self.verify_history();
    }

    /// Whether `op`'s effect is in the file, or the proof that only part of it is.
    pub(crate) fn applied(
        &self,
        op: &Op,
        before: &Snapshot,
        after: &Snapshot,
    ) -> Result<bool, String> {
        let db = open_db(&self.db()).map_err(|e| e.to_string())?;
        let conn = db.conn();
        let unchanged_except = |members: bool, ledger: bool, plans: bool| -> Result<(), String> {
            if !members && after.members != before.members {
                return Err(format!("members {} → {}", before.members, after.members));
            }
            if !ledger && after.ledger != before.ledger {
                return Err(format!("ledger {} → {}", before.ledger, after.ledger));
            }
            if !plans && after.plans != before.plans {
                return Err(format!("plans {} → {}", before.plans, after.plans));
            }
            Ok(())
        };
        match op {
            Op::AddMember { email } => {
                let n: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM members WHERE email = ?1",
                        [email],
                        |r| r.get(0),
                    )
                    .unwrap();
                unchanged_except(true, false, false)?;
                if after.members - before.members != n {
                    return Err(format!(
                        "{n} row(s) for {email}, members {} → {}",
                        before.members, after.members
                    ));
                }
                Ok(n == 1)
            }
            Op::EditCity { member, city } => {
                let now: String = conn
                    .query_row("SELECT city FROM members WHERE id = ?1", [member], |r| {
                        r.get(0)
                    })
                    .unwrap();
                unchanged_except(false, false, false)?;
                let applied = &now == city;
                Ok(applied)
            }
            Op::SetWebsite { url } => {
                unchanged_except(false, false, false)?;
                Ok(&after.website == url)
            }
            Op::AddPlan { name } => {
                let n: i64 = conn
                    .query_row("SELECT count(*) FROM plans WHERE name = ?1", [name], |r| {
                        r.get(0)
                    })
                    .unwrap();
                unchanged_except(false, false, true)?;
                if after.plans - before.plans != n {
                    return Err(format!("{n} plan(s) named {name}"));
                }
                Ok(n == 1)
            }
            Op::Pay { reference, .. } => {
                let n: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM ledger_entries WHERE external_ref = ?1",
                        [reference],
                        |r| r.get(0),
                    )
                    .unwrap();
                unchanged_except(false, true, false)?;
                let subs_with_payment: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM ledger_entries e JOIN subscriptions s
                         ON s.id = e.subscription_id WHERE e.external_ref = ?1",
                        [reference],
                        |r| r.get(0),
                    )
                    .unwrap();
                if after.ledger - before.ledger != n || subs_with_payment != n {
                    return Err(format!(
                        "{n} entries for {reference}, {subs_with_payment} with their subscription, ledger {} → {}",
                        before.ledger, after.ledger
                    ));
                }
                Ok(n == 1)
            }
            Op::QuotaGrant { reason, .. } => {
                unchanged_except(false, false, false)?;
                let n: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM quota_grants WHERE reason = ?1",
                        [reason],
                        |r| r.get(0),
                    )
                    .unwrap();
                let total: i64 = conn
                    .query_row("SELECT count(*) FROM quota_grants", [], |r| r.get(0))
                    .unwrap();
                if n > 1 || total != self.grants.len() as i64 + n {
                    return Err(format!("{n} grants for {reason}, {total} in all"));
                }
                Ok(n == 1)
            }
            Op::Backup => {
                unchanged_except(false, false, false)?;
                for b in panier::store::backup::list(&db).map_err(|e| e.to_string())? {
                    let key = passphrase().map(panier::store::db::Passphrase::new);
                    panier::store::backup::verify_with(&b.path, key.as_ref())
                        .map_err(|e| format!("backup {} damaged: {e}", b.path.display()))?;
                }
                Ok(false)
            }
            Op::ImportMembers { tag, rows, .. } | Op::ImportHelloasso { tag, rows, .. } => {
                let prefix = match op {
                    Op::ImportMembers { .. } => "imp",
                    _ => "ha",
                };
                let n: i64 = conn
                    .query_row(
                        "SELECT count(*) FROM members WHERE email LIKE ?1",
                        [format!("{prefix}-{tag}-%")],
                        |r| r.get(0),
                    )
                    .unwrap();
                let payments = matches!(op, Op::ImportHelloasso { .. });
                unchanged_except(true, payments, false)?;
                let entries = after.ledger - before.ledger;
                match (n, after.members - before.members) {
                    (0, 0) if entries == 0 => Ok(false),
                    (n, added) if n == *rows && added == n && (entries > 0) == payments => {
                        Ok(true)
                    }
                    (n, added) => Err(format!(
                        "{n} of {rows} rows imported, {added} members and {entries} ledger entries added"
                    )),
                }
            }
            Op::Seed { members, .. } => {
                let added = after.members - before.members;
                let entries = after.ledger - before.ledger;
                match (added, entries) {
                    (0, 0) => Ok(false),
                    (a, e) if a == *members && e > 0 => Ok(true),
                    (a, e) => Err(format!("{a} of {members} members, {e} ledger entries")),
                }
            }
        }
    }

    pub(crate) fn remember(&mut self, op: &Op) {
        match op {
            Op::AddMember { email } => {
                self.emails.push(email.clone());
                let db = open_db(&self.db()).unwrap();
                let id: i64 = db
                    .conn()
                    .query_row("SELECT id FROM members WHERE email = ?1", [email], |r| {
                        r.get(0)
                    })
                    .unwrap();
                self.member_ids.push(id);
            }
            Op::EditCity { member, city } => {
                self.cities.insert(*member, city.clone());
            }
            Op::SetWebsite { url } => self.website = url.clone(),
            Op::AddPlan { name } => self.plans.push(name.clone()),
            Op::Seed { .. } | Op::Backup => {}
            Op::Pay { reference, .. } => self.payments.push(reference.clone()),
            Op::QuotaGrant { reason, .. } => self.grants.push(reason.clone()),
            Op::ImportMembers { tag, .. } | Op::ImportHelloasso { tag, .. } => {
                self.imports.push(op.clone());
                let _ = tag;
            }
        }
    }

    /// Opens the file as the CLI does and runs `panier check`; `None` (and a failure noted) if
    /// either fails.
    pub(crate) fn verify_file(&mut self, op: Option<&Op>) -> Option<Snapshot> {
        let out = panier(&self.db(), &["check".to_string()])
            .output()
            .expect("panier check runs");
        if !out.status.success() {
            self.fail(format!(
                "after {op:?}: panier check failed: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
            return None;
        }
        match open_db(&self.db()) {
            Ok(db) => Some(snapshot(&db)),
            Err(e) => {
                self.fail(format!("after {op:?}: the file does not open: {e}"));
                None
            }
        }
    }

    /// Every change seen committed in an earlier trial is still there.
    pub(crate) fn verify_history(&mut self) {
        let db = open_db(&self.db()).unwrap();
        let conn = db.conn();
        let mut missing = Vec::new();
        // how many rows `sql` counts for `key`
        let count =
            |sql: &str, key: &str| -> i64 { conn.query_row(sql, [key], |r| r.get(0)).unwrap() };
        for email in &self.emails {
            if count("SELECT count(*) FROM members WHERE email = ?1", email) != 1 {
                missing.push(email.clone());
            }
        }
        for name in &self.plans {
            if count("SELECT count(*) FROM plans WHERE name = ?1", name) != 1 {
                missing.push(name.clone());
            }
        }
        for (member, city) in &self.cities {
            let now: String = conn
                .query_row("SELECT city FROM members WHERE id = ?1", [member], |r| {
                    r.get(0)
                })
                .unwrap();
            if &now != city {
                missing.push(format!("member {member} city {city}"));
            }
        }
        for reason in &self.grants {
            if count(
                "SELECT count(*) FROM quota_grants WHERE reason = ?1",
                reason,
            ) != 1
            {
                missing.push(format!("quota grant {reason}"));
            }
        }
        for reference in &self.payments {
            let sql = "SELECT count(*) FROM ledger_entries WHERE external_ref = ?1";
            if count(sql, reference) != 1 {
                missing.push(format!("payment {reference}"));
            }
        }
        for op in &self.imports {
            let (prefix, tag, rows) = match op {
                Op::ImportMembers { tag, rows, .. } => ("imp", tag, rows),
                Op::ImportHelloasso { tag, rows, .. } => ("ha", tag, rows),
                _ => continue,
            };
            let pattern = format!("{prefix}-{tag}-%");
            let n = count("SELECT count(*) FROM members WHERE email LIKE ?1", &pattern);
            if n != *rows {
                missing.push(format!("import {prefix}-{tag}: {n} of {rows} rows"));
            }
        }
        if !self.website.is_empty() && snapshot(&db).website != self.website {
            missing.push(self.website.clone());
        }
        drop(db);
        if !missing.is_empty() {
            self.tally.losses += missing.len() as u64;
            self.fail(format!("committed earlier, now missing: {missing:?}"));
        }
    }
}
