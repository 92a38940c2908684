//! A benchmark, not a test: 50 volunteers at once against a real `panier-serve` on loopback,
//! on a seeded association (300 members, 3 years), each logged in with a role and looping
//! over the reads and writes that role may do, for a bounded time. Prints p50/p99 per
//! operation. Run: `cargo run --release -p panier-server --example load [SECONDS] [VOLUNTEERS]`
//! (build `panier-serve` in the same profile first: `cargo build --release -p panier-server`).

use panier::demo::seed::{seed, SeedOptions};
use panier::ops::{users, Role};
use panier::Database;
use std::collections::BTreeMap;
use std::process::Stdio;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

// The free port, panier-serve's command line and its health check, shared with the tests.
#[path = "../../tests/support/processes.rs"]
mod processes;

const ROLES: [Role; 5] = [
    Role::Treasurer,
    Role::Secretary,
    Role::Admin,
    Role::Auditor,
    Role::Owner,
];

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// The requests a role does, as (name, method, path, body).
fn work_of(
    role: Role,
    volunteer: usize,
    i: usize,
) -> Vec<(&'static str, &'static str, String, String)> {
    let search = (
        "members_search",
        "GET",
        "/api/members?search=ma".to_string(),
        String::new(),
    );
    let overview = (
        "money_overview",
        "POST",
        "/api/ops/money_overview".to_string(),
        "{}".to_string(),
    );
    let books = (
        "books",
        "GET",
        "/api/books?year=2025".to_string(),
        String::new(),
    );
    let add = (
        "members_add",
        "POST",
        "/api/members".to_string(),
        format!(
            r#"{{"first_name":"Vol","last_name":"Charge{volunteer}x{i}","email":"v{volunteer}x{i}@example.org"}}"#
        ),
    );
    let gift = (
        "money_record_donation",
        "POST",
        "/api/ops/money_record_donation".to_string(),
        r#"{"member":null,"from":"Charge","subsidy":false,"amount":"10","date":"","method":"cheque","label":"don"}"#.to_string(),
    );
    match role {
        Role::Owner | Role::Treasurer => vec![search, overview, books, add, gift],
        Role::Secretary => vec![search.clone(), search, add],
        Role::Admin => vec![search],
        Role::Auditor => vec![search, overview, books],
    }
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let volunteers: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(50);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panier.sqlite");
    let mut db = Database::create(&path, "AMIPO").unwrap();
    seed(&mut db, &SeedOptions::default()).unwrap();
    for (n, role) in ROLES.into_iter().enumerate() {
        users::add(&mut db, &format!("u{n}"), role, "phrase-de-passe-charge").unwrap();
    }
    drop(db);
    let port = processes::free_port();
    let exe = std::env::current_exe().unwrap();
    let server_bin = exe.parent().unwrap().parent().unwrap().join("panier-serve");
    let mut server = processes::serve_command(&server_bin, &path, port)
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("{}: {e}", server_bin.display()));
    let base = format!("http://127.0.0.1:{port}");
    processes::wait_for_health(port, Duration::from_secs(120));
    let timings: Arc<Mutex<BTreeMap<&'static str, Vec<Duration>>>> = Arc::default();
    let errors = Arc::new(Mutex::new(0usize));
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let threads: Vec<_> = (0..volunteers)
        .map(|v| {
            let (base, timings, errors) = (base.clone(), timings.clone(), errors.clone());
            std::thread::spawn(move || {
                let role_index = v % ROLES.len();
                let agent = agent();
                let started = Instant::now();
                let mut login = agent
                    .post(format!("{base}/api/login"))
                    .header("Content-Type", "application/json")
                    .send(format!(
                        r#"{{"user":"u{role_index}","password":"phrase-de-passe-charge"}}"#
                    ))
                    .unwrap();
                timings
                    .lock()
                    .unwrap()
                    .entry("login")
                    .or_default()
                    .push(started.elapsed());
                let cookie = login.headers()["set-cookie"]
                    .to_str()
                    .unwrap()
                    .split(';')
                    .next()
                    .unwrap()
                    .to_string();
                let answer: serde_json::Value =
                    serde_json::from_str(&login.body_mut().read_to_string().unwrap()).unwrap();
                let csrf = answer["csrf"].as_str().unwrap().to_string();
                let mut i = 0;
                while Instant::now() < deadline {
                    let work = work_of(ROLES[role_index], v, i);
                    let (name, method, path, body) = &work[i % work.len()];
                    let url = format!("{base}{path}");
                    let started = Instant::now();
                    let response = if *method == "GET" {
                        agent.get(url).header("Cookie", &cookie).call()
                    } else {
                        agent
                            .post(url)
                            .header("Cookie", &cookie)
                            .header("X-CSRF-Token", &csrf)
                            .header("Content-Type", "application/json")
                            .send(body.clone())
                    };
                    let took = started.elapsed();
                    match response {
                        Ok(mut r) if r.status() == 200 => {
                            let _ = r.body_mut().read_to_vec();
                            timings.lock().unwrap().entry(name).or_default().push(took);
                        }
                        _ => *errors.lock().unwrap() += 1,
                    }
                    i += 1;
                }
            })
        })
        .collect();
    for t in threads {
        t.join().unwrap();
    }
    unsafe {
        libc::kill(server.id() as i32, libc::SIGTERM);
    }
    let status = server.wait().unwrap();
    let timings = timings.lock().unwrap();
    let total: usize = timings.values().map(Vec::len).sum();
    println!("{volunteers} volunteers, {seconds} s, seeded association (300 members, 3 years)");
    println!(
        "{:<24} {:>7} {:>9} {:>9}",
        "operation", "count", "p50 ms", "p99 ms"
    );
    for (name, times) in timings.iter() {
        let mut sorted = times.clone();
        sorted.sort();
        println!(
            "{name:<24} {:>7} {:>9.1} {:>9.1}",
            sorted.len(),
            percentile(&sorted, 0.5).as_secs_f64() * 1000.0,
            percentile(&sorted, 0.99).as_secs_f64() * 1000.0
        );
    }
    println!(
        "{total} requests answered 200 ({:.0}/s), {} failed; server exit: {status}",
        total as f64 / seconds as f64,
        errors.lock().unwrap()
    );
}
