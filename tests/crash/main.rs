//! Crash safety, proven. Runs the `panier` CLI writing in a loop and kills it with SIGKILL at
//! random moments; after each trial the file must open, `panier check` must pass, every change
//! the CLI reported as committed (it printed its id) must be there, and no change may be half
//! there (its rows and its audit row come together or not at all).
//!
//! The default test run does 20 trials. The harness does hundreds:
//! `scripts/crash-harness.sh` (= `PANIER_CRASH_TRIALS=300 cargo test --test crash --
//! --nocapture`); `PANIER_CRASH_SEED=N` replays a run. It prints
//! `trials=N kills=N losses=0`.

mod harness;
mod op;

use panier::Database;
use std::collections::BTreeMap;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use harness::*;
use op::*;

/// xorshift64*: enough randomness for kill moments, reproducible from a printed seed.
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    pub(crate) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
}

fn env_number(name: &str, default: u64) -> u64 {
    std::env::var(name)
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(default)
}

fn run_harness(trials: u64, passphrase_text: Option<&str>) {
    PASSPHRASE.with(|p| *p.borrow_mut() = passphrase_text.map(str::to_string));
    let seed: u64 = env_number(
        "PANIER_CRASH_SEED",
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_nanos() as u64,
    );
    let mut h = Harness::new(seed);
    let started = Instant::now();
    for _ in 0..trials {
        h.trial();
        if h.tally.failures.len() > 5 {
            break;
        }
    }
    let t = &h.tally;
    let what = if passphrase_text.is_some() {
        "encrypted file"
    } else {
        "plain file"
    };
    println!(
        "crash harness, {what} (PANIER_CRASH_SEED={seed}): {} s, {} completed, {} killed before their commit, {} killed after it; partial changes: {}",
        started.elapsed().as_secs(),
        t.completed,
        t.killed_before_commit,
        t.killed_after_commit,
        t.partial
    );
    for (kind, (n, kills, applied)) in &t.by_kind {
        println!("  {kind}: {n} trials, {kills} killed, {applied} in the file afterwards");
    }
    println!("trials={} kills={} losses={}", t.trials, t.kills, t.losses);
    assert!(
        t.failures.is_empty(),
        "{what}, PANIER_CRASH_SEED={seed}: {:#?}",
        t.failures
    );
    assert_eq!(t.trials, trials);
    if trials >= 15 {
        assert!(t.kills > 0, "no trial was killed: the harness aims badly");
    }
}

#[test]
fn sigkill_at_random_moments_loses_nothing_and_leaves_no_partial_change() {
    run_harness(env_number("PANIER_CRASH_TRIALS", 20), None);
}

/// The same on an encrypted file (SQLCipher): `PANIER_CRASH_ENCRYPTED_TRIALS` (default 8).
#[test]
fn sigkill_on_an_encrypted_file_loses_nothing_either() {
    run_harness(
        env_number("PANIER_CRASH_ENCRYPTED_TRIALS", 8),
        Some("une phrase de passe pour le harnais"),
    );
}
