//! `panier account|quota|nextcloud …` run as an admin would, against a fake Nextcloud on
//! 127.0.0.1; and the app password appears in no output, log or audit row.

use crate::files::files_holding;
use crate::ocs_mock::{base64, MockServer, User};
use crate::support::{json, WatchedCli};
use panier::kernel::dates::Period;
use panier::membership::plans::PlanKind;
use panier::people::members::MemberInput;
use panier::Database;
use std::process::Command;

const PASSWORD: &str = "Xy9-cli-APP-pass-44Tq";
const GIB: i64 = 1024 * 1024 * 1024;
/// bob's Nextcloud account, opened by the tests that need one
const ADD_BOB_ACCOUNT: [&str; 7] = [
    "account",
    "add",
    "bob@exemple.org",
    "--service",
    "nextcloud",
    "--login",
    "bob",
];

type Cli = WatchedCli;

impl WatchedCli {
    /// `panier nextcloud configure` for the fake server's admin, the password on stdin.
    fn configure_nextcloud(&self, url: &str, password: &str, more: &[&str]) {
        let mut args = vec![
            "nextcloud",
            "configure",
            "--url",
            url,
            "--user",
            "admin",
            "--password-stdin",
        ];
        args.extend_from_slice(more);
        self.ok_in(&args, Some(password));
    }
}

/// An association with a paid tier member (anne) and a free-tier member (bob).
fn setup() -> Cli {
    let cli = WatchedCli::new("admin-test");
    cli.ok(&["init", "--name", "AMIPO"]);
    let mut db = Database::open(&cli.db()).unwrap();
    let plan = |db: &mut Database, name: &str, kind, cents, quota| {
        let input = crate::plans_input::yearly_plan(name, kind, cents, quota, false);
        panier::membership::plans::add(db, &input).unwrap()
    };
    plan(&mut db, "Découverte 1 Go", PlanKind::Tier, 0, Some(GIB));
    let comfort = plan(
        &mut db,
        "Confort 50 Go",
        PlanKind::Tier,
        2400,
        Some(50 * GIB),
    );
    let anne = panier::people::members::add(
        &mut db,
        &MemberInput::from_name("Anne Martin", "anne@exemple.org", false),
    )
    .unwrap();
    panier::people::members::add(
        &mut db,
        &MemberInput::from_name("Bob Durand", "bob@exemple.org", false),
    )
    .unwrap();
    let today = chrono::Local::now().date_naive();
    let period = Period::new(
        today - chrono::Duration::days(10),
        today + chrono::Duration::days(300),
    )
    .unwrap();
    panier::membership::subscriptions::add(&mut db, anne, comfort, period).unwrap();
    cli
}

#[test]
fn accounts_quota_and_the_nextcloud_flow() {
    let server = MockServer::start(1, "admin", PASSWORD);
    server.add_user("bob", User::new("1 GB", GIB - 1000));
    let cli = setup();

    let id = json(&cli.ok(&[
        "account",
        "add",
        "anne@exemple.org",
        "--service",
        "nextcloud",
        "--login",
        "anne",
        "--format",
        "json",
    ]));
    assert!(id["id"].as_i64().unwrap() > 0);
    cli.ok(&ADD_BOB_ACCOUNT);
    let (_, err) = cli.fails_in(&ADD_BOB_ACCOUNT, None);
    assert!(err.contains("existe déjà"), "{err}");

    // bonuses: the usual spellings of a size
    cli.ok(&[
        "quota",
        "grant",
        "bob",
        "1.5 GiB",
        "--reason",
        "projet vidéo",
        "--until",
        "2099-12-31",
    ]);
    cli.ok(&["quota", "grant", "bob", "512MB", "--reason", "archives"]);
    let (_, err) = cli.fails_in(&["quota", "grant", "bob", "5 GX", "--reason", "x"], None);
    assert!(err.contains("5 GX"), "{err}");
    let (_, err) = cli.fails_in(&["quota", "grant", "bob", "5 GB", "--reason", " "], None);
    assert!(err.contains("pourquoi"), "{err}");

    let grants = json(&cli.ok(&["quota", "grants", "bob", "--format", "json"]));
    assert_eq!(grants.as_array().unwrap().len(), 2);
    assert_eq!(grants[1]["reason"], "projet vidéo");
    assert_eq!(grants[1]["granted_by"], "admin-test");
    assert_eq!(grants[1]["until"], "2099-12-31");
    let list = json(&cli.ok(&["quota", "list", "--format", "json"]));
    let bob = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["login"] == "bob")
        .unwrap();
    assert_eq!(bob["bonus_bytes"], 3 * GIB / 2 + 512 * 1024 * 1024);
    assert_eq!(bob["target_bytes"], GIB + 3 * GIB / 2 + 512 * 1024 * 1024);
    let table = cli.ok(&["quota", "list"]);
    assert!(
        table.contains("Confort 50 Go") && table.contains("50\u{a0}Go") && !table.contains("GB"),
        "{table}"
    );

    // the server
    let (_, err) = cli.fails_in(
        &[
            "nextcloud",
            "configure",
            "--url",
            &server.url,
            "--user",
            "admin",
        ],
        Some(PASSWORD),
    );
    assert!(err.contains("--password-stdin"), "{err}");
    cli.configure_nextcloud(&server.url, &format!("{PASSWORD}\n"), &[]);
    let (_, err) = cli.fails_in(&["nextcloud", "test"], None);
    assert!(
        err.contains("101"),
        "no admin user on the fake server: {err}"
    );
    server.add_user("admin", User::new("none", 0));
    let tested = cli.ok(&["nextcloud", "test"]);
    assert!(tested.contains("accepte"), "{tested}");
    server.set(|s| s.users.remove("admin").map(|_| ()).unwrap_or(()));
    server.clear_requests();
    let shown = cli.ok(&["nextcloud", "show"]);
    assert!(
        shown.contains(&server.url) && shown.contains("admin"),
        "{shown}"
    );

    // plan: a dry run
    let plan = json(&cli.ok(&["nextcloud", "plan", "--format", "json"]));
    let items = plan["items"].as_array().unwrap();
    assert_eq!(items.len(), 2, "{plan}");
    assert_eq!(items[0]["login"], "anne");
    assert_eq!(items[0]["actions"][0]["action"], "create");
    // bob already exists on the server: apply will see it and only set his quota
    assert_eq!(items[1]["actions"][0]["action"], "create");
    assert_eq!(items[1]["actions"][0]["quota_bytes"], 3 * GIB);
    assert!(server.requests().is_empty());
    let text = cli.ok(&["nextcloud", "plan"]);
    assert!(
        text.contains("bob") && text.contains("créer, quota 3 GB"),
        "{text}"
    );
    let occ = cli.ok(&["nextcloud", "occ"]);
    assert!(
        occ.contains("occ user:setting \"bob\" files quota \"3 GB\""),
        "{occ}"
    );
    assert!(
        occ.contains("occ user:setting \"anne\" files quota \"50 GB\""),
        "{occ}"
    );

    // apply
    let applied = cli.ok(&["nextcloud", "apply"]);
    assert!(
        applied.contains("ok") && applied.contains("anne"),
        "{applied}"
    );
    // kept as Nextcloud keeps a quota: a human size
    assert_eq!(server.user("bob").unwrap().quota, "3 GB");
    assert_eq!(server.user("anne").unwrap().quota, "50 GB");
    let empty = cli.ok(&["nextcloud", "plan"]);
    assert!(empty.contains("Rien à changer"), "{empty}");

    // pull: anne never logged in (used 0), bob is nearly full
    server.set(|s| s.users.get_mut("bob").unwrap().used = 3 * GIB - 1000);
    let pulled = json(&cli.ok(&["nextcloud", "pull", "--format", "json"]));
    assert_eq!(pulled["read"], 2);
    let near = json(&cli.ok(&["quota", "list", "--near", "--format", "json"]));
    assert_eq!(near[0]["login"], "bob");
    assert_eq!(near[0]["used_percent"], 99);
    let over = json(&cli.ok(&["quota", "list", "--over", "--format", "json"]));
    assert_eq!(over.as_array().unwrap().len(), 0);
    let states = json(&cli.ok(&["nextcloud", "status", "--format", "json"]));
    assert!(
        states
            .as_array()
            .unwrap()
            .iter()
            .all(|s| s["status"] == "in_sync"),
        "{states}"
    );

    // a wrong password: apply says which account and why, exits 1, changes no quota
    cli.ok(&["quota", "grant", "anne", "5 GB", "--reason", "photos"]);
    cli.configure_nextcloud(&server.url, "wrong-password", &[]);
    let (out, err) = cli.fails_in(&["nextcloud", "apply"], None);
    assert!(out.contains("anne") && out.contains("997"), "{out}");
    assert!(err.contains("non synchronisé"), "{err}");
    let list = json(&cli.ok(&["quota", "list", "--format", "json"]));
    let anne = list
        .as_array()
        .unwrap()
        .iter()
        .find(|q| q["login"] == "anne")
        .unwrap();
    assert_eq!(anne["quota_bytes"], 50 * GIB);
    let (_, err) = cli.fails_in(&["nextcloud", "pull"], None);
    assert!(err.contains("1 compte non lu"), "{err}");

    // the password: in no output, no JSON, no audit row, no other table
    cli.configure_nextcloud(&server.url, PASSWORD, &[]);
    cli.ok(&["nextcloud", "apply", "--format", "json"]);
    cli.ok(&["nextcloud", "show", "--format", "json"]);
    cli.ok(&["member", "show", "anne@exemple.org", "--format", "json"]);
    // anne's data export (a ZIP): none of its files holds the password
    let zip_path = cli.dir.path().join("anne.zip");
    cli.ok(&[
        "export-member",
        "anne@exemple.org",
        "-o",
        zip_path.to_str().unwrap(),
    ]);
    let mut archive = zip::ZipArchive::new(std::fs::File::open(&zip_path).unwrap()).unwrap();
    let mut exported = 0;
    for i in 0..archive.len() {
        let mut file = archive.by_index(i).unwrap();
        let mut bytes = Vec::new();
        std::io::Read::read_to_end(&mut file, &mut bytes).unwrap();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        cli.seen.borrow_mut().push(text);
        exported += 1;
    }
    assert!(exported > 0);
    // the public report, the economic-model page and the ChatonsInfos files
    let out = cli.dir.path().join("public");
    let year = chrono::Datelike::year(&chrono::Local::now().date_naive()).to_string();
    cli.ok(&[
        "report",
        "--year",
        &year,
        "--html",
        out.join("report.html").to_str().unwrap(),
        "--economic-model",
        out.join("model.html").to_str().unwrap(),
        "--chatonsinfos",
        out.join("ci").to_str().unwrap(),
        "--format",
        "json",
    ]);
    for path in [
        out.join("report.html"),
        out.join("model.html"),
        out.join("ci/nextcloud.properties"),
    ] {
        let text = std::fs::read_to_string(&path).unwrap();
        cli.seen.borrow_mut().push(text);
    }
    // ...while the member export does hold her account and its sync state
    assert!(cli
        .seen
        .borrow()
        .iter()
        .any(|t| t.contains("nextcloud_sync")));
    let basic = base64(format!("admin:{PASSWORD}").as_bytes());
    for text in cli.seen.borrow().iter() {
        assert!(!text.contains(PASSWORD), "password printed: {text}");
        assert!(!text.contains(&basic), "credentials printed: {text}");
    }
    let conn = rusqlite::Connection::open(cli.db()).unwrap();
    let tables = crate::files::table_names(&conn);
    assert!(tables.contains(&"audit_log".to_string()));
    for (t, s) in crate::files::all_texts(&conn) {
        assert!(!s.contains(PASSWORD) && !s.contains(&basic), "{t}: {s}");
    }
    let changed: i64 = conn
        .query_row(
            "SELECT count(*) FROM audit_log WHERE entity = 'nextcloud_server' AND after LIKE '%\"password\":\"changed\"%'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(changed, 3);
    drop(conn);

    // no byte of it in the file, its WAL or any backup (a fresh one included)
    cli.ok(&["backup"]);
    let holding = files_holding(cli.dir.path(), PASSWORD.as_bytes());
    assert!(holding.is_empty(), "the password is in {holding:?}");

    // the file copied to another machine (another secret folder): the password is asked
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("copie.sqlite");
    std::fs::copy(cli.db(), &copy).unwrap();
    let on_copy = |args: [&str; 2]| {
        Command::new(env!("CARGO_BIN_EXE_panier"))
            .arg("--db")
            .arg(&copy)
            .args(args)
            .env_remove("PANIER_DB")
            .env("PANIER_SECRETS_DIR", elsewhere.path().join("config"))
            .output()
            .unwrap()
    };
    let out = on_copy(["nextcloud", "apply"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        err.contains("mot de passe Nextcloud nécessaire")
            && err.contains("panier nextcloud configure --url"),
        "{err}"
    );
    let out = on_copy(["nextcloud", "show"]);
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("nécessaire"), "{shown}");
}

#[test]
fn accounts_can_be_disabled_with_a_reason() {
    let cli = setup();
    cli.ok(&ADD_BOB_ACCOUNT);
    let (_, err) = cli.fails_in(&["account", "disable", "bob", "--reason", ""], None);
    assert!(err.contains("pourquoi"), "{err}");
    cli.ok(&["account", "disable", "bob", "--reason", "départ"]);
    let list = json(&cli.ok(&["account", "list", "--format", "json"]));
    assert_eq!(list[0]["enabled"], false);
    // a never-created disabled account needs no call
    let plan = json(&cli.ok(&["nextcloud", "plan", "--format", "json"]));
    assert_eq!(plan["items"].as_array().unwrap().len(), 0, "{plan}");
}

#[test]
fn a_throttled_apply_says_which_accounts_wait_and_the_next_one_finishes() {
    let cli = setup();
    let server = MockServer::start(2, "admin", PASSWORD);
    for (email, login) in [("anne@exemple.org", "anne"), ("bob@exemple.org", "bob")] {
        cli.ok(&[
            "account",
            "add",
            email,
            "--service",
            "nextcloud",
            "--login",
            login,
        ]);
    }
    cli.configure_nextcloud(&server.url, PASSWORD, &["--ocs-version", "2"]);
    // Panier told the server takes 1 edit per 10 minutes: it sends one, bob waits
    cli.env
        .borrow_mut()
        .push(("PANIER_NEXTCLOUD_EDITS_PER_10_MIN".into(), "1".into()));
    let out = cli.run(&["nextcloud", "apply"], None);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        stdout.contains("ok      anne") && stdout.contains("ATTENTE  bob"),
        "{stdout}"
    );
    server.set(|s| assert_eq!(s.throttled, 0, "no 429 provoked"));
    cli.env.borrow_mut().clear();
    // the server itself says no more edits, "come back in 10 minutes"
    server.set(|s| {
        s.edit_budget = Some(0);
        s.retry_after_secs = Some(600);
    });
    let out = cli.run(&["nextcloud", "apply"], None);
    let (stdout, stderr) = (
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr),
    );
    assert!(out.status.success(), "waiting is not failing: {stderr}");
    assert!(
        stdout.contains("ATTENTE  bob  pas encore fait (le serveur limite le rythme)"),
        "{stdout}"
    );
    assert!(
        stderr.contains("1 compte en attente (bob)") && stderr.contains("réessayer dans 600 s"),
        "{stderr}"
    );
    assert!(server.user("bob").is_none());
    // later, the server lets edits through again: the next apply does what waited
    server.set(|s| s.edit_budget = None);
    let applied = cli.ok(&["nextcloud", "apply"]);
    assert!(applied.contains("ok      bob"), "{applied}");
    assert!(server.user("bob").is_some());
    let empty = cli.ok(&["nextcloud", "plan"]);
    assert!(empty.contains("Rien à changer"), "{empty}");
    server.set(|s| assert_eq!(s.throttled, 1));
}
