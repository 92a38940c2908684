//! The Nextcloud connector against a server that behaves as a real one does
//! (tests/support/ocs_mock.rs): quotas kept rounded, edits throttled, and the codes of each
//! OCS version for an unknown user, a refused login and a user that already exists.

use crate::common::{day, fresh, Fixture};
use crate::ocs_mock::{MockServer, User};
use crate::quota::{member, plans, GIB, TODAY};
use panier::hosting::nextcloud::pacing::Clock;
use panier::hosting::nextcloud::{
    self, Action, AppPassword, Client, ClientOptions, OcsError, OcsVersion, SyncStatus,
};
use panier::hosting::quota::GrantInput;
use panier::hosting::{accounts, quota};
use panier::Lang;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const PASSWORD: &str = "Real-like-PASS-3e8r";
const MIB: i64 = 1024 * 1024;

fn configure(f: &mut Fixture, url: &str, version: OcsVersion) {
    crate::common::configure_nextcloud(&mut f.db, url, version, PASSWORD);
}

fn client(f: &Fixture) -> Client {
    nextcloud::client(
        &f.db,
        &ClientOptions {
            timeout_ms: 5_000,
            calls_per_second: 100,
        },
    )
    .unwrap()
}

/// A clock whose sleeps take no time: it moves on by the sleep, remembers it, and lets the
/// test act meanwhile (the server's window passing).
struct FakeClock {
    start: Instant,
    elapsed: Mutex<Duration>,
    slept: Mutex<Vec<Duration>>,
    meanwhile: Box<dyn Fn(Duration) + Send + Sync>,
}

impl FakeClock {
    fn new(meanwhile: impl Fn(Duration) + Send + Sync + 'static) -> Arc<FakeClock> {
        Arc::new(FakeClock {
            start: Instant::now(),
            elapsed: Mutex::new(Duration::ZERO),
            slept: Mutex::new(Vec::new()),
            meanwhile: Box::new(meanwhile),
        })
    }

    /// the sleeps longer than the spacing of calls
    fn waits(&self) -> Vec<Duration> {
        let slept = self.slept.lock().unwrap();
        slept
            .iter()
            .copied()
            .filter(|d| *d >= Duration::from_secs(1))
            .collect()
    }
}

impl Clock for FakeClock {
    fn now(&self) -> Instant {
        self.start + *self.elapsed.lock().unwrap()
    }
    fn sleep(&self, duration: Duration) {
        *self.elapsed.lock().unwrap() += duration;
        self.slept.lock().unwrap().push(duration);
        (self.meanwhile)(duration);
    }
}

fn bonus(f: &mut Fixture, login: &str, bytes: i64) {
    quota::grant(
        &mut f.db,
        &GrantInput {
            service: "nextcloud".into(),
            login: login.into(),
            bytes,
            reason: "photos".into(),
            until: None,
        },
        day(TODAY),
    )
    .unwrap();
}

/// Accounts `a1`…`aN`, each with 1 GB on the server and in Panier, each given 1 GB more.
fn accounts_to_raise(f: &mut Fixture, server: &MockServer, n: usize) {
    plans(f);
    for i in 1..=n {
        let login = format!("a{i}");
        let m = member(f, &format!("Membre Numéro{i}"));
        accounts::add(&mut f.db, m, "nextcloud", &login, GIB).unwrap();
        bonus(f, &login, GIB);
        server.add_user(&login, User::new("1 GB", 0));
    }
}

#[test]
fn a_quota_nextcloud_rounds_settles_after_one_apply_and_one_pull() {
    for version in [OcsVersion::V1, OcsVersion::V2] {
        let server = MockServer::start(version.number() as u8, "admin", PASSWORD);
        server.add_user("admin", User::new("none", 0));
        server.add_user("dan", User::new("1 GB", 0));
        let mut f = fresh();
        plans(&mut f);
        let dan = member(&mut f, "Dan Rivière");
        accounts::add(&mut f.db, dan, "nextcloud", "dan", GIB).unwrap();
        bonus(&mut f, "dan", 500 * MIB);
        configure(&mut f, &server.url, version);
        let client = client(&f);
        let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
        assert_eq!(
            plan.items[0].actions,
            [Action::SetQuota {
                from_bytes: GIB,
                to_bytes: GIB + 500 * MIB
            }]
        );
        let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
        assert_eq!(report.succeeded, 1, "{report:?}");
        // Nextcloud keeps 1 GB + 500 MB as "1.5 GB", which reads back 12 MB more
        assert_eq!(server.user("dan").unwrap().quota, "1.5 GB");
        let pulled = nextcloud::pull(&mut f.db, &client).unwrap();
        assert_eq!(pulled.failed, 0);
        let dan_state = nextcloud::sync_states(f.db.conn())
            .unwrap()
            .into_iter()
            .find(|s| s.login == "dan")
            .unwrap();
        assert_eq!(dan_state.remote_quota.as_deref(), Some("1610612736"));
        assert_eq!(dan_state.status, SyncStatus::InSync, "{dan_state:?}");
        let again = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
        assert!(again.items.is_empty(), "{version:?}: {:?}", again.items);
        // a real change on the server is still seen
        server.set(|s| s.users.get_mut("dan").unwrap().quota = "2 GB".into());
        nextcloud::pull(&mut f.db, &client).unwrap();
        let drift = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
        assert_eq!(drift.items.len(), 1, "{version:?}");
    }
}

#[test]
fn a_429_is_waited_out_for_its_retry_after_and_the_call_made_again() {
    let server = Arc::new(MockServer::start(2, "admin", PASSWORD));
    let mut f = fresh();
    accounts_to_raise(&mut f, &server, 3);
    configure(&mut f, &server.url, OcsVersion::V2);
    server.set(|s| {
        s.edit_budget = Some(1);
        s.retry_after_secs = Some(20);
    });
    // while the client waits, the server's window passes
    let window = server.clone();
    let clock = FakeClock::new(move |d| {
        if d >= Duration::from_secs(20) {
            window.set(|s| s.edit_budget = Some(10));
        }
    });
    let client = client(&f).with_clock(clock.clone());
    let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    assert_eq!((report.succeeded, report.failed), (3, 0), "{report:?}");
    assert!(report.waiting.is_empty());
    assert_eq!(clock.waits(), [Duration::from_secs(20)]);
    server.set(|s| assert_eq!(s.throttled, 1));
    assert_eq!(server.user("a3").unwrap().quota, "2 GB");
}

#[test]
fn throttled_accounts_wait_for_the_next_apply_which_resumes() {
    for version in [OcsVersion::V1, OcsVersion::V2] {
        let server = MockServer::start(version.number() as u8, "admin", PASSWORD);
        let mut f = fresh();
        accounts_to_raise(&mut f, &server, 4);
        configure(&mut f, &server.url, version);
        // two edits left, then "come back in 10 minutes": longer than Panier waits
        server.set(|s| {
            s.edit_budget = Some(2);
            s.retry_after_secs = Some(600);
        });
        let clock = FakeClock::new(|_| {});
        let client = client(&f).with_clock(clock.clone());
        let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
        let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
        assert_eq!((report.succeeded, report.failed), (2, 0), "{report:?}");
        assert_eq!(report.waiting, ["a3", "a4"]);
        assert_eq!(report.retry_after_secs, Some(600));
        assert!(clock.waits().is_empty(), "no wait beyond the bound");
        assert_eq!(
            report.waiting_message(Lang::Fr).unwrap(),
            "2 comptes en attente (a3, a4) — en attente : le serveur limite le rythme des modifications (429), réessayer dans 600 s ; relancez panier nextcloud apply plus tard, il reprendra là où il s'est arrêté"
        );
        assert!(report
            .waiting_message(Lang::En)
            .unwrap()
            .starts_with("2 accounts waiting (a3, a4) — waiting: the server limits the pace"));
        // waiting is not failing: no error recorded, the quota in Panier untouched
        for state in nextcloud::sync_states(f.db.conn()).unwrap() {
            assert_eq!(state.last_error, None, "{state:?}");
        }
        assert_eq!(server.user("a3").unwrap().quota, "1 GB");
        // later: the next plan holds only what waits, and the next apply finishes it
        server.set(|s| s.edit_budget = None);
        let rest = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
        let logins: Vec<&str> = rest.items.iter().map(|i| i.login.as_str()).collect();
        assert_eq!(logins, ["a3", "a4"]);
        let report = nextcloud::apply(&mut f.db, &client, &rest).unwrap();
        assert_eq!((report.succeeded, report.waiting.len()), (2, 0));
        assert_eq!(server.user("a4").unwrap().quota, "2 GB");
    }
}

#[test]
fn panier_keeps_within_the_servers_edit_limit_without_being_told() {
    let server = MockServer::start(1, "admin", PASSWORD);
    let mut f = fresh();
    accounts_to_raise(&mut f, &server, 3);
    configure(&mut f, &server.url, OcsVersion::V1);
    let clock = FakeClock::new(|_| {});
    // two edits per 10 minutes, waits of at most a minute
    let client = client(&f)
        .with_clock(clock.clone())
        .with_edit_limit(Some((2, Duration::from_secs(600))))
        .with_max_wait(Duration::from_secs(60));
    let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    assert_eq!(report.succeeded, 2);
    assert_eq!(report.waiting, ["a3"]);
    // the third edit was never sent: no 429 provoked
    server.set(|s| assert_eq!(s.throttled, 0));
    assert!(!server.requests().iter().any(|r| r.path().ends_with("/a3")));
    // with a bound above the window, the client waits for room instead
    let patient = nextcloud::client(&f.db, &ClientOptions::default())
        .unwrap()
        .with_clock(clock.clone())
        .with_edit_limit(Some((1, Duration::from_secs(30))))
        .with_max_wait(Duration::from_secs(60));
    let rest = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let report = nextcloud::apply(&mut f.db, &patient, &rest).unwrap();
    assert_eq!(report.succeeded, 1);
    assert!(report.waiting.is_empty());
}

#[test]
fn an_unknown_user_and_a_refused_login_are_told_apart_on_both_versions() {
    for version in [OcsVersion::V1, OcsVersion::V2] {
        let server = MockServer::start(version.number() as u8, "admin", PASSWORD);
        server.add_user("admin", User::new("none", 0));
        let mut f = fresh();
        // a1 is gone from the server; a2 is there
        accounts_to_raise(&mut f, &server, 2);
        server.set(|s| {
            s.users.remove("a1");
        });
        configure(&mut f, &server.url, version);
        let client = client(&f);
        // editUser answers an unknown user with 997: Panier checks its own login, goes on
        let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
        let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
        let a1 = report.results.iter().find(|r| r.login == "a1").unwrap();
        assert_eq!(a1.error, Some(OcsError::UnknownUser), "{version:?}");
        assert_eq!(
            a1.message.as_deref(),
            Some("utilisateur inconnu de Nextcloud (101)")
        );
        assert!(report.results.iter().any(|r| r.login == "a2" && r.ok));
        assert_eq!(report.not_tried, 0);
        // a read of an unknown user: 998 (v1) or 404 (v2)
        assert_eq!(client.get_user("a1"), Err(OcsError::UnknownUser));
        // a refused login stops the run, and says so
        let wrong = Client::new(
            &server.url,
            "admin",
            &AppPassword::new("wrong").unwrap(),
            version,
            &ClientOptions::default(),
        )
        .unwrap();
        let err = wrong.set_quota("a2", GIB).unwrap_err();
        assert_eq!(err, OcsError::Unauthorised, "{version:?}");
        assert_eq!(
            err.message(Lang::Fr),
            "accès refusé (997) : vérifiez l'identifiant administrateur et le mot de passe d'application"
        );
        assert_eq!(wrong.get_user("a2"), Err(OcsError::Unauthorised));
    }
}

#[test]
fn a_user_that_already_exists_is_not_a_quota_error() {
    for version in [OcsVersion::V1, OcsVersion::V2] {
        let server = MockServer::start(version.number() as u8, "admin", PASSWORD);
        server.add_user("bob", User::new("1 GB", 0));
        server.set(|s| s.max_quota = Some(10 * GIB));
        let mut f = fresh();
        configure(&mut f, &server.url, version);
        let client = client(&f);
        let err = client.create_user("bob", "", GIB).unwrap_err();
        assert_eq!(err, OcsError::UserExists, "{version:?}");
        assert_eq!(
            err.message(Lang::Fr),
            "l'utilisateur existe déjà sur Nextcloud (102)"
        );
        assert_eq!(
            err.message(Lang::En),
            "the user already exists on Nextcloud (102)"
        );
        // a quota above the server's maximum is one
        let err = client.create_user("zoe", "", 20 * GIB).unwrap_err();
        assert!(
            matches!(err, OcsError::InvalidQuota { .. }),
            "{version:?}: {err:?}"
        );
        assert!(err.message(Lang::Fr).starts_with("quota refusé (102"));
    }
}
