//! The Nextcloud connector against a fake server on 127.0.0.1 (tests/support/ocs_mock.rs):
//! what Panier sends, what it records, and how it fails.

use crate::common::{day, fresh, Fixture};
use crate::ocs_mock::{base64, MockServer, User};
use crate::quota::{member, plans, subscribe, GIB, TODAY};
use panier::hosting::nextcloud::{
    self, Action, AppPassword, ClientOptions, OcsError, OcsVersion, ServerInput, SyncStatus,
};
use panier::hosting::quota::GrantInput;
use panier::hosting::{accounts, quota};

const PASSWORD: &str = "Zq7-app-PASSWORD-91xk";

fn options() -> ClientOptions {
    ClientOptions {
        timeout_ms: 5_000,
        calls_per_second: 50,
    }
}

fn configure(f: &mut Fixture, url: &str, version: OcsVersion, password: &str) {
    crate::common::configure_nextcloud(&mut f.db, url, version, password);
}

/// anne: new in Panier (to create); bob: already on the server, gets a bonus;
/// carol: disabled in Panier.
fn association(f: &mut Fixture) {
    let p = plans(f);
    let today = day(TODAY);
    let anne = member(f, "Anne Martin");
    subscribe(f, anne, p.fee, "2026-01-01", "2027-01-01");
    subscribe(f, anne, p.comfort, "2026-06-01", "2027-06-01");
    accounts::open(&mut f.db, anne, "nextcloud", "anne", today).unwrap();
    let bob = member(f, "Bob Durand");
    accounts::add(&mut f.db, bob, "nextcloud", "bob", GIB).unwrap();
    quota::grant(
        &mut f.db,
        &GrantInput {
            service: "nextcloud".into(),
            login: "bob".into(),
            bytes: 4 * GIB,
            reason: "archives".into(),
            until: None,
        },
        today,
    )
    .unwrap();
    let carol = member(f, "Carol Petit");
    accounts::add(&mut f.db, carol, "nextcloud", "carol", GIB).unwrap();
    accounts::set_enabled(
        &mut f.db,
        "nextcloud",
        "carol",
        false,
        "a quitté l'association",
    )
    .unwrap();
}

fn quota_of(f: &Fixture, login: &str) -> i64 {
    accounts::find_by_login(f.db.conn(), "nextcloud", login)
        .unwrap()
        .quota_bytes
}

fn state_of(f: &Fixture, login: &str) -> nextcloud::SyncState {
    nextcloud::sync_states(f.db.conn())
        .unwrap()
        .into_iter()
        .find(|s| s.login == login)
        .unwrap()
}

#[test]
fn plan_then_apply_creates_sets_quota_and_disables() {
    let server = MockServer::start(1, "admin", PASSWORD);
    server.add_user("bob", User::new("1073741824", GIB / 2));
    server.add_user("carol", User::new("1 GB", 0));
    let mut f = fresh();
    association(&mut f);
    configure(&mut f, &server.url, OcsVersion::V1, PASSWORD);
    let today = day(TODAY);

    let plan = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    let actions: Vec<(&str, &[Action])> = plan
        .items
        .iter()
        .map(|i| (i.login.as_str(), i.actions.as_slice()))
        .collect();
    assert_eq!(
        actions,
        [
            (
                "anne",
                &[Action::Create {
                    email: "anne.martin@exemple.org".into(),
                    quota_bytes: 50 * GIB
                }][..]
            ),
            (
                "bob",
                &[Action::SetQuota {
                    from_bytes: GIB,
                    to_bytes: 5 * GIB
                }][..]
            ),
            ("carol", &[Action::Disable][..]),
        ]
    );
    // the plan changed nothing and called nobody
    assert!(server.requests().is_empty());
    assert_eq!(quota_of(&f, "bob"), GIB);

    let occ = nextcloud::occ_lines(&plan);
    assert!(
        occ.contains(&"occ user:setting \"bob\" files quota \"5 GB\"".to_string()),
        "{occ:?}"
    );
    assert!(occ.contains(&"occ user:setting \"anne\" files quota \"50 GB\"".to_string()));
    assert!(occ.contains(&"occ user:disable \"carol\"".to_string()));
    assert!(occ
        .iter()
        .any(|l| l.starts_with("occ user:add") && l.ends_with("\"anne\"")));

    let client = nextcloud::client(&f.db, &options()).unwrap();
    let mut progress = Vec::new();
    let report = nextcloud::apply_each(&mut f.db, &client, &plan, |r| {
        progress.push(r.login.clone())
    })
    .unwrap();
    assert_eq!((report.succeeded, report.failed), (3, 0), "{report:?}");
    assert_eq!(progress, ["anne", "bob", "carol"]);

    // what Panier sent
    let requests = server.requests();
    let expected_auth = format!("Basic {}", base64(format!("admin:{PASSWORD}").as_bytes()));
    for r in &requests {
        assert_eq!(r.header("ocs-apirequest"), Some("true"), "{r:?}");
        assert_eq!(r.header("authorization"), Some(expected_auth.as_str()));
        assert!(r.target.ends_with("?format=json"), "{}", r.target);
        if r.method != "GET" && !r.body.is_empty() {
            assert_eq!(
                r.header("content-type"),
                Some("application/x-www-form-urlencoded")
            );
        }
    }
    let calls: Vec<(String, String)> = requests
        .iter()
        .map(|r| (r.method.clone(), r.path().to_string()))
        .collect();
    assert_eq!(
        calls,
        [
            ("GET".into(), "/ocs/v1.php/cloud/users/anne".into()),
            ("POST".into(), "/ocs/v1.php/cloud/users".into()),
            ("PUT".into(), "/ocs/v1.php/cloud/users/bob".into()),
            ("PUT".into(), "/ocs/v1.php/cloud/users/carol/disable".into()),
        ]
    );
    let create = requests[1].form();
    assert_eq!(create["userid"], "anne");
    assert_eq!(create["email"], "anne.martin@exemple.org");
    assert_eq!(create["quota"], (50 * GIB).to_string());
    assert_eq!(requests[2].body, format!("key=quota&value={}", 5 * GIB));

    // what the server now has (kept as Nextcloud keeps it: a human size)
    assert_eq!(server.user("anne").unwrap().quota, "50 GB");
    assert_eq!(server.user("bob").unwrap().quota, "5 GB");
    assert!(!server.user("carol").unwrap().enabled);

    // what Panier recorded
    assert_eq!(quota_of(&f, "anne"), 50 * GIB);
    assert_eq!(quota_of(&f, "bob"), 5 * GIB);
    for login in ["anne", "bob", "carol"] {
        let s = state_of(&f, login);
        assert_eq!(s.status, SyncStatus::InSync, "{s:?}");
        assert!(s.last_ok_at.is_some());
    }
    let audit = panier::store::audit::recent(f.db.conn(), 3).unwrap();
    assert!(audit.iter().all(|a| a.action == "nextcloud_apply"));
    let bob_row = audit
        .iter()
        .find(|a| a.after.as_ref().unwrap()["quota_bytes"] == 5 * GIB)
        .unwrap();
    assert_eq!(bob_row.before.as_ref().unwrap()["quota_bytes"], GIB);
    assert_eq!(
        bob_row.after.as_ref().unwrap()["why"]["bonus_bytes"],
        4 * GIB
    );

    // nothing left to do
    let again = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    assert!(again.items.is_empty(), "{:?}", again.items);

    // somebody raised bob's quota by hand on the server: a pull sees it, the plan sets it back
    server.set(|s| s.users.get_mut("bob").unwrap().quota = "20 GB".into());
    let pulled = nextcloud::pull(&mut f.db, &client).unwrap();
    assert_eq!(pulled.failed, 0);
    assert_eq!(state_of(&f, "bob").status, SyncStatus::NotInSync);
    assert_eq!(state_of(&f, "anne").status, SyncStatus::InSync);
    let drift = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    assert_eq!(drift.items.len(), 1, "{:?}", drift.items);
    assert_eq!(
        drift.items[0].actions,
        [Action::SetQuota {
            from_bytes: 5 * GIB,
            to_bytes: 5 * GIB
        }]
    );
    assert_eq!(drift.items[0].remote_quota.as_deref(), Some("21474836480"));
    nextcloud::apply(&mut f.db, &client, &drift).unwrap();
    assert_eq!(server.user("bob").unwrap().quota, "5 GB");
    assert!(nextcloud::plan(f.db.conn(), today, &Default::default())
        .unwrap()
        .items
        .is_empty());

    // carol comes back: the plan enables her again
    accounts::set_enabled(&mut f.db, "nextcloud", "carol", true, "réadhésion").unwrap();
    let back = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    assert_eq!(back.items.len(), 1);
    assert_eq!(back.items[0].actions, [Action::Enable]);
    server.clear_requests();
    nextcloud::apply(&mut f.db, &client, &back).unwrap();
    let sent = server.requests();
    assert_eq!(sent.len(), 1);
    assert_eq!(
        (sent[0].method.as_str(), sent[0].path()),
        ("PUT", "/ocs/v1.php/cloud/users/carol/enable")
    );
    assert!(server.user("carol").unwrap().enabled);
    assert_eq!(state_of(&f, "carol").remote_enabled, Some(true));

    // bob's history: opened, bonus, synced (with who and why)
    let bob = accounts::find_by_login(f.db.conn(), "nextcloud", "bob").unwrap();
    let history = quota::history(f.db.conn(), bob.id).unwrap();
    let actions: Vec<&str> = history.iter().map(|h| h.action.as_str()).collect();
    assert_eq!(
        actions,
        ["add", "grant", "nextcloud_apply", "nextcloud_apply"]
    );
    assert!(history.iter().all(|h| !h.operator.is_empty()));
}

#[test]
fn errors_say_which_account_and_why_and_leave_the_quota_alone() {
    let server = MockServer::start(1, "admin", PASSWORD);
    // bob is missing on the server (101); carol exists; the server caps quotas at 2 GB (102)
    server.add_user("carol", User::new("1 GB", 0));
    server.add_user("anne", User::new("1 GB", 0));
    server.set(|s| s.max_quota = Some(2 * GIB));
    let mut f = fresh();
    association(&mut f);
    configure(&mut f, &server.url, OcsVersion::V1, PASSWORD);
    let today = day(TODAY);
    let plan = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    let client = nextcloud::client(&f.db, &options()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    assert_eq!((report.succeeded, report.failed), (1, 2), "{report:?}");
    let result = |login: &str| report.results.iter().find(|r| r.login == login).unwrap();

    // anne already existed: Panier did not create her again, and her 50 GB were refused
    assert_eq!(
        result("anne").error,
        Some(OcsError::InvalidQuota {
            message: "Invalid quota value".into()
        })
    );
    assert!(result("anne").message.as_ref().unwrap().contains("102"));
    assert_eq!(result("bob").error, Some(OcsError::UnknownUser));
    assert!(result("carol").ok);
    assert!(!server.requests().iter().any(|r| r.method == "POST"));

    // Panier's quota stays as it was; the accounts are "not in sync" with the reason
    assert_eq!(quota_of(&f, "bob"), GIB);
    assert_eq!(quota_of(&f, "anne"), 50 * GIB);
    let bob = state_of(&f, "bob");
    assert_eq!(bob.status, SyncStatus::NotInSync);
    assert!(bob.last_error.as_ref().unwrap().contains("101"), "{bob:?}");
    assert_eq!(bob.remote_exists, Some(false));
    assert_eq!(state_of(&f, "anne").status, SyncStatus::NotInSync);
    let failed = panier::store::audit::recent(f.db.conn(), 3).unwrap();
    assert_eq!(
        failed
            .iter()
            .filter(|a| a.action == "nextcloud_apply_failed")
            .count(),
        2
    );

    // a reading keeps the failed push's reason
    nextcloud::pull(&mut f.db, &client).unwrap();
    let anne = state_of(&f, "anne");
    assert!(
        anne.last_error.as_ref().unwrap().contains("102"),
        "{anne:?}"
    );
    assert_eq!(anne.status, SyncStatus::NotInSync);

    // the next plan retries anne and proposes to create bob
    let next = nextcloud::plan(f.db.conn(), today, &Default::default()).unwrap();
    let bob_item = next.items.iter().find(|i| i.login == "bob").unwrap();
    assert!(matches!(bob_item.actions[0], Action::Create { .. }));
    let anne_item = next.items.iter().find(|i| i.login == "anne").unwrap();
    assert!(anne_item.last_error.as_ref().unwrap().contains("102"));
    assert!(next.items.iter().all(|i| i.login != "carol"));
}

#[test]
fn the_connection_check_reads_the_admin_user() {
    let server = MockServer::start(2, "admin", PASSWORD);
    server.add_user("admin", User::new("none", 0));
    let mut f = fresh();
    configure(&mut f, &server.url, OcsVersion::V2, PASSWORD);
    let check = nextcloud::check_connection(&f.db, &options()).unwrap();
    assert!(check.ok, "{check:?}");
    assert_eq!(server.requests()[0].path(), "/ocs/v2.php/cloud/users/admin");
    configure(&mut f, &server.url, OcsVersion::V2, "wrong");
    let check = nextcloud::check_connection(&f.db, &options()).unwrap();
    assert_eq!(check.error, Some(OcsError::Unauthorised));
    assert!(check.message.unwrap().contains("997"));
}

#[test]
fn refused_credentials_stop_the_run() {
    let server = MockServer::start(2, "admin", PASSWORD);
    server.add_user("bob", User::new("1 GB", 0));
    server.add_user("carol", User::new("1 GB", 0));
    let mut f = fresh();
    association(&mut f);
    configure(&mut f, &server.url, OcsVersion::V2, "not-the-password");
    let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let client = nextcloud::client(&f.db, &options()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    assert_eq!(report.results.len(), 1);
    assert_eq!(report.results[0].error, Some(OcsError::Unauthorised));
    assert!(report.results[0].message.as_ref().unwrap().contains("997"));
    assert_eq!(report.not_tried, 2);
    assert_eq!(server.requests().len(), 1);
    assert_eq!(quota_of(&f, "anne"), 50 * GIB);
    assert_eq!(quota_of(&f, "bob"), GIB);
    assert_eq!(state_of(&f, "anne").status, SyncStatus::NotInSync);
}

#[test]
fn unreachable_and_slow_servers_fail_cleanly() {
    // a port nobody listens on
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let mut f = fresh();
    association(&mut f);
    configure(&mut f, &url, OcsVersion::V1, PASSWORD);
    let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let client = nextcloud::client(&f.db, &options()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    assert_eq!(report.failed, 3);
    assert!(report
        .results
        .iter()
        .all(|r| matches!(r.error, Some(OcsError::Network { .. }))));
    assert_eq!(quota_of(&f, "bob"), GIB);

    // a server that answers bob too late
    let server = MockServer::start(1, "admin", PASSWORD);
    server.add_user("bob", User::new("1 GB", 0));
    server.add_user("carol", User::new("1 GB", 0));
    server.set(|s| {
        s.slow.insert("bob".into());
        s.slow_delay = std::time::Duration::from_secs(3);
    });
    configure(&mut f, &server.url, OcsVersion::V1, PASSWORD);
    let client = nextcloud::client(
        &f.db,
        &ClientOptions {
            timeout_ms: 300,
            calls_per_second: 50,
        },
    )
    .unwrap();
    let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    let bob = report.results.iter().find(|r| r.login == "bob").unwrap();
    assert_eq!(bob.error, Some(OcsError::Timeout));
    assert_eq!(quota_of(&f, "bob"), GIB);
    assert!(state_of(&f, "bob").last_error.unwrap().contains("délai"));
    // the others went through
    assert!(
        report
            .results
            .iter()
            .find(|r| r.login == "carol")
            .unwrap()
            .ok
    );
}

#[test]
fn pull_reads_usage_from_json_and_xml_v1_and_v2() {
    for (version, xml) in [(1, false), (1, true), (2, false), (2, true)] {
        let server = MockServer::start(version, "admin", PASSWORD);
        server.set(|s| s.force_xml = xml);
        server.add_user("bob", User::new("5 GB", 3 * GIB / 2));
        // carol never logged in: only {quota, used: 0}
        server.add_user("carol", User::never_logged_in("1 GB"));
        let mut f = fresh();
        association(&mut f);
        let v = if version == 2 {
            OcsVersion::V2
        } else {
            OcsVersion::V1
        };
        configure(&mut f, &server.url, v, PASSWORD);
        let client = nextcloud::client(&f.db, &options()).unwrap();
        let report = nextcloud::pull(&mut f.db, &client).unwrap();
        // anne is still to create: not read
        assert_eq!(report.results.len(), 2, "v{version} xml={xml}: {report:?}");
        assert_eq!(report.read, 2, "v{version} xml={xml}: {report:?}");
        let bob = accounts::find_by_login(f.db.conn(), "nextcloud", "bob").unwrap();
        assert_eq!(bob.used_bytes, Some(3 * GIB / 2), "v{version} xml={xml}");
        assert!(bob.used_seen_at.is_some());
        let carol = accounts::find_by_login(f.db.conn(), "nextcloud", "carol").unwrap();
        assert_eq!(carol.used_bytes, Some(0));
        let path = &server.requests()[0].target;
        assert!(
            path.starts_with(&format!("/ocs/v{version}.php/cloud/users/")),
            "{path}"
        );
        assert_eq!(
            state_of(&f, "bob").remote_quota.as_deref(),
            Some("5368709120")
        );
        assert_eq!(state_of(&f, "carol").remote_enabled, Some(true));
    }
}

#[test]
fn pull_marks_unknown_users() {
    let server = MockServer::start(2, "admin", PASSWORD);
    server.add_user("carol", User::new("1 GB", 10));
    let mut f = fresh();
    association(&mut f);
    configure(&mut f, &server.url, OcsVersion::V2, PASSWORD);
    let client = nextcloud::client(&f.db, &options()).unwrap();
    let report = nextcloud::pull(&mut f.db, &client).unwrap();
    assert_eq!((report.read, report.failed), (1, 1));
    let bob = state_of(&f, "bob");
    assert_eq!(bob.remote_exists, Some(false));
    assert_eq!(bob.status, SyncStatus::NotInSync);
    assert_eq!(
        accounts::find_by_login(f.db.conn(), "nextcloud", "bob")
            .unwrap()
            .used_bytes,
        None
    );
}

#[test]
fn configure_refuses_clear_text_and_credentials_in_the_url() {
    let mut f = fresh();
    let input = |url: &str| ServerInput {
        url: url.into(),
        admin_user: "admin".into(),
        ocs_version: OcsVersion::V1,
    };
    let p = AppPassword::new(PASSWORD).unwrap();
    assert!(nextcloud::configure(&mut f.db, &input("http://cloud.example.org"), Some(&p)).is_err());
    assert!(nextcloud::configure(
        &mut f.db,
        &input("https://admin:x@cloud.example.org"),
        Some(&p)
    )
    .is_err());
    assert!(nextcloud::configure(&mut f.db, &input("cloud.example.org"), Some(&p)).is_err());
    // without a password the first time: refused
    assert!(nextcloud::configure(&mut f.db, &input("https://cloud.example.org"), None).is_err());
    let s =
        nextcloud::configure(&mut f.db, &input("https://cloud.example.org/"), Some(&p)).unwrap();
    assert_eq!(s.url, "https://cloud.example.org");
    assert!(s.has_password);
    // changing the address keeps the password
    let s = nextcloud::configure(&mut f.db, &input("https://nuage.example.org"), None).unwrap();
    assert!(s.has_password);
    let audit = panier::store::audit::recent(f.db.conn(), 2).unwrap();
    assert_eq!(audit[0].after.as_ref().unwrap()["password"], "unchanged");
    assert_eq!(audit[1].after.as_ref().unwrap()["password"], "changed");
}

#[test]
fn the_app_password_is_never_stored_in_the_file_nor_printed() {
    let server = MockServer::start(1, "admin", PASSWORD);
    server.add_user("bob", User::new("1 GB", 0));
    let mut f = fresh();
    association(&mut f);
    configure(&mut f, &server.url, OcsVersion::V1, PASSWORD);
    configure(&mut f, &server.url, OcsVersion::V1, PASSWORD); // a change, audited again
    let client = nextcloud::client(&f.db, &options()).unwrap();
    let plan = nextcloud::plan(f.db.conn(), day(TODAY), &Default::default()).unwrap();
    let report = nextcloud::apply(&mut f.db, &client, &plan).unwrap();
    let pulled = nextcloud::pull(&mut f.db, &client).unwrap();
    let basic = base64(format!("admin:{PASSWORD}").as_bytes());
    let mut outputs = vec![
        serde_json::to_string(&plan).unwrap(),
        serde_json::to_string(&report).unwrap(),
        serde_json::to_string(&pulled).unwrap(),
        serde_json::to_string(&nextcloud::server(&f.db).unwrap()).unwrap(),
        serde_json::to_string(&nextcloud::sync_states(f.db.conn()).unwrap()).unwrap(),
        serde_json::to_string(&quota::overview(f.db.conn(), day(TODAY)).unwrap()).unwrap(),
        format!("{client:?}"),
        nextcloud::occ_lines(&plan).join("\n"),
    ];
    outputs.extend(
        crate::files::all_texts(f.db.conn())
            .into_iter()
            .map(|(_, text)| text),
    );
    for text in &outputs {
        assert!(!text.contains(PASSWORD), "password leaked in {text}");
        assert!(!text.contains(&basic), "credentials leaked in {text}");
    }
    let audit: Vec<_> = panier::store::audit::recent(f.db.conn(), 1000).unwrap();
    assert!(audit
        .iter()
        .any(|a| a.entity == "nextcloud_server"
            && a.after.as_ref().unwrap()["password"] == "changed"));
    // the secret is where it should be: out of the file
    let kept =
        f.db.secret(panier::store::secrets::NEXTCLOUD_APP_PASSWORD)
            .unwrap();
    assert_eq!(kept.as_deref(), Some(PASSWORD));
}
