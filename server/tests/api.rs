//! The team server, started for real: login, throttling, CSRF, each role against reads and
//! writes, errors in the user's language, the OpenAPI document, and a clean SIGTERM.

mod support;

#[path = "api/charter.rs"]
mod charter;
#[path = "api/files.rs"]
mod files;
#[path = "api/helloasso.rs"]
mod helloasso;
#[path = "../../tests/support/helloasso_mock.rs"]
mod helloasso_mock;
#[path = "api/live.rs"]
mod live;
#[path = "../../tests/support/loopback_http.rs"]
mod loopback_http;
#[path = "../../tests/support/plans.rs"]
mod plans_input;
#[path = "api/requests.rs"]
mod requests;

use panier::ops::CATALOGUE;
use panier::Database;
use serde_json::json;
use support::{donation, password, Server, USERS};

#[test]
fn login_gives_a_strict_cookie_and_a_csrf_token_and_wrong_passwords_get_401() {
    let server = Server::start();
    let login = server.login("tom");
    assert!(
        login.set_cookie.contains("HttpOnly"),
        "{}",
        login.set_cookie
    );
    assert!(login.set_cookie.contains("SameSite=Strict"));
    assert!(
        !login.set_cookie.contains("Secure"),
        "no TLS here: no Secure"
    );
    assert!(login.csrf.len() >= 40);
    let me = server.get("/api/me", Some(&login));
    assert_eq!(me.status, 200);
    assert_eq!(
        (&me.body["user"], &me.body["role"]),
        (&json!("tom"), &json!("treasurer"))
    );

    assert_eq!(server.try_login("tom", "pas-le-bon-mot").status, 401);
    assert_eq!(server.try_login("nobody", "pas-le-bon-mot").status, 401);
    assert_eq!(server.get("/api/me", None).status, 401);

    // logging out needs the token too, then the cookie is worth nothing
    assert_eq!(
        server
            .post("/api/logout", Some(&login), false, &json!({}))
            .status,
        403
    );
    assert_eq!(
        server
            .post("/api/logout", Some(&login), true, &json!({}))
            .status,
        204
    );
    assert_eq!(server.get("/api/me", Some(&login)).status, 401);
}

#[test]
fn repeated_failures_are_throttled_per_account_then_per_address_even_with_the_right_password() {
    let server = Server::start();
    for _ in 0..5 {
        assert_eq!(server.try_login("sara", "mauvais-mot-de-passe").status, 401);
    }
    let right = server.try_login("sara", &password("sara"));
    assert_eq!(right.status, 429, "{:?}", right.body);
    assert_eq!(right.body["error"], "throttled");
    // the address made five failures too: another account from it waits as well
    assert_eq!(server.try_login("olga", &password("olga")).status, 429);
}

#[test]
fn writes_need_the_csrf_token_and_the_audit_row_names_the_user() {
    let mut server = Server::start();
    let tom = server.login("tom");
    let member = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"});
    let refused = server.post("/api/members", Some(&tom), false, &member);
    assert_eq!(refused.status, 403);
    assert_eq!(refused.body["error"], "csrf");
    let mut wrong = support::Login {
        csrf: "x".repeat(43),
        ..tom
    };
    wrong.cookie = wrong.cookie.clone();
    assert_eq!(
        server
            .post("/api/members", Some(&wrong), true, &member)
            .status,
        403
    );
    let tom = server.login("tom");
    let added = server.post("/api/members", Some(&tom), true, &member);
    assert_eq!(added.status, 200, "{:?}", added.body);
    assert!(added.body["id"].as_i64().unwrap() > 0);
    let found = server.get("/api/members?search=lovelace", Some(&tom));
    assert_eq!(found.status, 200);
    assert_eq!(found.body.as_array().unwrap().len(), 1);

    assert!(server.terminate().success());
    let db = server.open_db();
    let last = panier::store::audit::recent(db.conn(), 1).unwrap();
    assert_eq!(last[0].operator, "tom");
    assert_eq!(last[0].entity, "member");
}

/// (role's user, may read the year's money, may write a member, may write money, may read books)
const MATRIX: [(&str, bool, bool, bool, bool); 5] = [
    ("olga", true, true, true, true),
    ("tom", true, true, true, true),
    ("sara", false, true, false, false),
    ("adam", false, false, false, false),
    ("aude", true, false, false, true),
];

#[test]
fn each_role_reads_and_writes_what_the_operation_layer_allows() {
    let server = Server::start();
    for (n, (user, read_money, write_member, write_money, read_books)) in
        MATRIX.into_iter().enumerate()
    {
        let login = server.login(user);
        let code = |ok: bool| if ok { 200 } else { 403 };
        let overview = server.post("/api/ops/money_overview", Some(&login), true, &json!({}));
        assert_eq!(
            overview.status,
            code(read_money),
            "{user} money_overview {:?}",
            overview.body
        );
        if !read_money {
            assert_eq!(overview.body["error"], "forbidden");
            assert!(
                overview.body.get("incomeCents").is_none(),
                "no amounts for {user}"
            );
        }
        let member =
            json!({"last_name": format!("Membre{n}"), "email": format!("m{n}@example.org")});
        let added = server.post("/api/members", Some(&login), true, &member);
        assert_eq!(
            added.status,
            code(write_member),
            "{user} members_add {:?}",
            added.body
        );
        let gift = server.donate(&login, "12,50");
        assert_eq!(
            gift.status,
            code(write_money),
            "{user} donation {:?}",
            gift.body
        );
        let books = server.get("/api/books?year=2026", Some(&login));
        assert_eq!(
            books.status,
            code(read_books),
            "{user} books {:?}",
            books.body
        );
        // every role finds members by name (the directory: no amounts)
        assert_eq!(
            server.get("/api/members?search=x", Some(&login)).status,
            200,
            "{user}"
        );
    }
    // the auditor's refusals wrote nothing: one member per role allowed, one gift per role allowed
    let owner = server.login("olga");
    let members = server.get("/api/members", Some(&owner));
    assert_eq!(members.body.as_array().unwrap().len(), 3);
    let overview = server.post("/api/ops/money_overview", Some(&owner), true, &json!({}));
    assert_eq!(overview.body["entries"].as_array().unwrap().len(), 2);
}

#[test]
fn errors_name_the_field_in_the_users_language() {
    let server = Server::start();
    let tom = server.login("tom");
    let en = server.post_with(
        "/api/ops/money_record_donation",
        Some(&tom),
        true,
        &donation("douze"),
        Some("en-GB,en;q=0.8"),
    );
    assert_eq!(en.status, 422, "{:?}", en.body);
    assert_eq!(en.body["field"], "amount");
    let fr = server.post_with(
        "/api/ops/money_record_donation",
        Some(&tom),
        true,
        &donation("douze"),
        Some("fr"),
    );
    assert_eq!(fr.body["field"], "amount");
    assert_ne!(
        en.body["message"], fr.body["message"],
        "one sentence per language"
    );
    let unknown = server.post("/api/ops/no_such_thing", Some(&tom), true, &json!({}));
    assert_eq!(unknown.status, 404);
    let absurd = server.get("/api/books?year=2147483646", Some(&tom));
    assert_eq!(absurd.status, 422, "{:?}", absurd.body);
    assert_eq!(server.get("/api/health", None).status, 200);
    let garbage = server.post(
        "/api/ops/money_record_donation",
        Some(&tom),
        true,
        &json!([1, 2]),
    );
    assert_eq!(garbage.status, 400);
}

#[test]
fn the_openapi_document_describes_every_route_and_operation() {
    let server = Server::start();
    let doc = server.get("/api/openapi.json", None);
    assert_eq!(doc.status, 200);
    assert!(doc.body["openapi"].as_str().unwrap().starts_with("3."));
    let paths = doc.body["paths"].as_object().unwrap();
    for path in [
        "/api/health",
        "/api/login",
        "/api/logout",
        "/api/me",
        "/api/members",
        "/api/books",
    ] {
        assert!(paths.contains_key(path), "{path}");
    }
    assert!(
        paths["/api/members"].get("get").is_some() && paths["/api/members"].get("post").is_some()
    );
    for op in CATALOGUE {
        assert!(
            paths.contains_key(&format!("/api/ops/{}", op.name)),
            "{} undocumented",
            op.name
        );
    }
    // and every operation of the core is routed
    let routed: Vec<_> = panier_server::api::OPERATIONS
        .iter()
        .map(|r| r.name)
        .collect();
    for op in CATALOGUE {
        assert!(routed.contains(&op.name), "{} not routed", op.name);
    }
    let headers = &server.get("/api/health", None).headers;
    assert!(headers["content-security-policy"]
        .to_str()
        .unwrap()
        .contains("default-src 'self'"));
    assert_eq!(headers["x-frame-options"], "DENY");
}

#[test]
fn sigterm_closes_the_file_cleanly() {
    let mut server = Server::start();
    let tom = server.login("tom");
    assert_eq!(server.donate(&tom, "5").status, 200);
    let status = server.terminate();
    assert_eq!(status.code(), Some(0));
    let wal = server.db_path().with_extension("sqlite-wal");
    assert!(
        !wal.exists(),
        "the WAL was not checkpointed away: the file was not closed"
    );
    assert!(Database::open(&server.db_path()).is_ok());
}

#[test]
fn it_refuses_to_listen_beyond_loopback_without_tls_or_a_proxy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panier.sqlite");
    drop(Database::create(&path, "AMIPO").unwrap());
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_panier-serve"))
        .args([
            "--db",
            path.to_str().unwrap(),
            "--listen",
            "0.0.0.0:0",
            "--lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("--tls-cert") && err.contains("--behind-proxy"),
        "{err}"
    );
    let lone = std::process::Command::new(env!("CARGO_BIN_EXE_panier-serve"))
        .args(["--db", path.to_str().unwrap(), "--tls-cert", "c.pem"])
        .output()
        .unwrap();
    assert!(
        !lone.status.success(),
        "a certificate without its key is refused"
    );
    let _ = USERS;
}

#[test]
fn a_role_changed_or_a_user_disabled_from_the_cli_applies_at_the_next_request() {
    let server = Server::start();
    let sara = server.login("sara");
    let tom = server.login("tom");
    let overview = || server.post("/api/ops/money_overview", Some(&sara), true, &json!({}));
    assert_eq!(overview().status, 403);
    let mut db = server.open_db();
    panier::ops::users::set_role(&mut db, "sara", panier::ops::Role::Auditor).unwrap();
    assert_eq!(overview().status, 200, "the auditor reads the money");
    assert_eq!(server.get("/api/me", Some(&sara)).body["role"], "auditor");
    panier::ops::users::disable(&mut db, "tom").unwrap();
    assert_eq!(
        server.get("/api/members", Some(&tom)).status,
        401,
        "a disabled user's session ends"
    );
    assert_eq!(server.get("/api/me", Some(&tom)).status, 401);
    assert_eq!(server.try_login("tom", &password("tom")).status, 401);
}

/// With `--tls-cert/--tls-key` (a self-signed pair made by `openssl`, when installed): HTTPS,
/// a `Secure` cookie and HSTS.
#[test]
fn under_tls_the_cookie_is_secure_and_hsts_is_sent() {
    let have = |tool: &str| {
        std::process::Command::new(tool)
            .arg(if tool == "openssl" {
                "version"
            } else {
                "--version"
            })
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !have("openssl") || !have("curl") {
        eprintln!("openssl or curl missing: TLS not exercised");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let (cert, key) = (dir.path().join("cert.pem"), dir.path().join("key.pem"));
    support::processes::self_signed(dir.path(), "/CN=localhost", "key.pem", "cert.pem");
    let path = dir.path().join("panier.sqlite");
    let mut db = Database::create(&path, "AMIPO").unwrap();
    panier::ops::users::add(&mut db, "olga", panier::ops::Role::Owner, &password("olga")).unwrap();
    drop(db);
    let port = support::processes::free_port();
    let binary = std::path::Path::new(env!("CARGO_BIN_EXE_panier-serve"));
    let mut child = support::processes::serve_command(binary, &path, port)
        .arg("--tls-cert")
        .arg(&cert)
        .arg("--tls-key")
        .arg(&key)
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let curl = |args: &[&str]| {
        std::process::Command::new("curl")
            .args(["-sk", "-i", "--max-time", "10"])
            .args(args)
            .output()
            .unwrap()
    };
    let base = format!("https://127.0.0.1:{port}");
    let started = std::time::Instant::now();
    let health = loop {
        let out = curl(&[&format!("{base}/api/health")]);
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        if text.starts_with("HTTP") && text.contains(" 200") || started.elapsed().as_secs() > 30 {
            break text;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    };
    let body = format!(r#"{{"user":"olga","password":"{}"}}"#, password("olga"));
    let login = curl(&[
        "-H",
        "Content-Type: application/json",
        "-d",
        &body,
        &format!("{base}/api/login"),
    ]);
    let login = String::from_utf8_lossy(&login.stdout).to_lowercase();
    unsafe {
        libc::kill(child.id() as i32, libc::SIGTERM);
    }
    assert!(child.wait().unwrap().success());
    assert!(
        health.to_lowercase().contains("strict-transport-security"),
        "{health}"
    );
    let cookie = login
        .lines()
        .find(|l| l.starts_with("set-cookie"))
        .unwrap_or_default();
    assert!(cookie.contains("; secure"), "{login}");
    assert!(cookie.contains("httponly"), "{login}");
}

#[test]
fn the_ui_is_served_at_the_root_with_the_strict_csp() {
    let server = Server::start_with(|dir| {
        let ui = dir.join("dist");
        std::fs::create_dir(&ui).unwrap();
        std::fs::write(
            ui.join("index.html"),
            "<!doctype html><title>Panier</title>",
        )
        .unwrap();
        vec!["--ui".into(), ui.to_string_lossy().into_owned()]
    });
    let page = server.get("/", None);
    assert_eq!(page.status, 200);
    assert!(page
        .body
        .as_str()
        .unwrap()
        .contains("<title>Panier</title>"));
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert!(!csp.contains("unsafe"), "{csp}");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    // an unknown API path is a JSON 404, not the UI
    let missing = server.get("/api/nothing-here", None);
    assert_eq!(missing.status, 404);
    assert_eq!(missing.body["error"], "not_found");
}

#[test]
fn behind_a_proxy_the_cookie_is_secure() {
    let server = Server::start_with(|_| vec!["--behind-proxy".into()]);
    let login = server.login("olga");
    assert!(login.set_cookie.contains("Secure"), "{}", login.set_cookie);
    assert!(login.set_cookie.contains("HttpOnly"));
}

#[test]
fn an_edit_made_on_a_stale_member_is_answered_409_conflict_and_writes_nothing() {
    let server = Server::start();
    let sara = server.login("sara");
    let added = server.post(
        "/api/ops/add_member",
        Some(&sara),
        true,
        &json!({"firstName": "Ada", "lastName": "Lovelace", "email": "ada@example.org"}),
    );
    assert_eq!(added.status, 200, "{:?}", added.body);
    let id = added.body["id"].clone();
    let page = server.post(
        "/api/ops/member_page",
        Some(&sara),
        true,
        &json!({"id": id}),
    );
    assert_eq!(page.status, 200, "{:?}", page.body);
    let read = page.body["fields"].clone();
    assert!(read["revision"].is_i64(), "{read:?}");

    let mut first = read.clone();
    first["city"] = json!("Lyon");
    let saved = server.post(
        "/api/ops/update_member",
        Some(&sara),
        true,
        &json!({"id": id, "fields": first}),
    );
    assert_eq!(saved.status, 200, "{:?}", saved.body);

    let tom = server.login("tom");
    let mut stale = read;
    stale["city"] = json!("Nantes");
    let refused = server.post_with(
        "/api/ops/update_member",
        Some(&tom),
        true,
        &json!({"id": id, "fields": stale}),
        Some("en"),
    );
    assert_eq!(refused.status, 409, "{:?}", refused.body);
    assert_eq!(refused.body["error"], "conflict");
    assert!(
        refused.body["message"]
            .as_str()
            .unwrap()
            .contains("changed by someone else"),
        "{:?}",
        refused.body
    );
    let now = server.post("/api/ops/member_page", Some(&tom), true, &json!({"id": id}));
    assert_eq!(now.body["fields"]["city"], "Lyon", "the first save stands");
}

/// The books over HTTP: the FEC comes as bytes in the answer (no path on the server), the
/// same for the auditor, who reads the books but may neither close a year nor print a receipt.
#[test]
fn the_fec_comes_as_bytes_and_the_auditor_may_not_close_the_year() {
    let server = Server::start();
    let (olga, tom, aude) = (
        server.login("olga"),
        server.login("tom"),
        server.login("aude"),
    );
    let siren = json!({"key": "siren", "value": "732829320"});
    let set = server.post("/api/ops/setting_set", Some(&olga), true, &siren);
    assert_eq!(set.status, 200, "{:?}", set.body);
    let gift = server.donate(&tom, "30");
    assert_eq!(gift.status, 200, "{:?}", gift.body);
    let year: i32 = panier::kernel::dates::today()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap();

    let fec = server.post(
        "/api/ops/export_fec",
        Some(&tom),
        true,
        &json!({"year": year}),
    );
    assert_eq!(fec.status, 200, "{:?}", fec.body);
    let file: panier::ops::exports::FileBytes = serde_json::from_value(fec.body.clone()).unwrap();
    assert_eq!(file.file_name, format!("732829320FEC{year}1231.txt"));
    let text = String::from_utf8(file.bytes().unwrap()).unwrap();
    assert_eq!(file.size as usize, text.len());
    assert!(text.starts_with("JournalCode\tJournalLib\t"), "{text}");
    assert!(file.count >= 1 && text.lines().count() >= 3, "{text}");
    let audited = server.post(
        "/api/ops/export_fec",
        Some(&aude),
        true,
        &json!({"year": year}),
    );
    assert_eq!(audited.status, 200);
    assert_eq!(audited.body["contentBase64"], fec.body["contentBase64"]);

    let statement = json!({"year": year, "language": "en"});
    let books = server.post("/api/ops/books_statement", Some(&aude), true, &statement);
    assert_eq!(books.status, 200, "{:?}", books.body);
    assert_eq!(books.body["income"]["totalCents"], 3000);

    for (op, body) in [
        ("close_year", json!({"year": year - 1})),
        ("receipt_print", json!({"entry": 1, "kind": "tax"})),
        (
            "add_volunteering",
            json!({"year": year, "form": {"date": "", "hours": "2", "label": "x"}}),
        ),
    ] {
        let refused = server.post(&format!("/api/ops/{op}"), Some(&aude), true, &body);
        assert_eq!((op, refused.status), (op, 403), "{:?}", refused.body);
        assert_eq!(refused.body["error"], "forbidden");
    }
    // the treasurer may close, but not a year still running: the rule's refusal, not the role's
    let early = server.post(
        "/api/ops/close_year",
        Some(&tom),
        true,
        &json!({"year": year}),
    );
    assert_eq!(early.status, 409, "{:?}", early.body);
}

#[test]
fn the_reports_page_is_its_own_document_with_a_policy_allowing_only_its_styles() {
    let server = Server::start();
    let (tom, adam) = (server.login("tom"), server.login("adam"));
    let year = panier::kernel::dates::today().format("%Y").to_string();
    let path = format!("/api/report/preview?year={year}&page=transparency&language=en");

    let page = server.get(&path, Some(&tom));
    assert_eq!(page.status, 200, "{:?}", page.body);
    let html = page.body.as_str().unwrap();
    assert!(
        html.contains("<html") && html.contains("Transparency"),
        "{html}"
    );
    assert!(!html.contains("<script"), "{html}");
    assert!(page.headers["content-type"]
        .to_str()
        .unwrap()
        .starts_with("text/html"));
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, panier_server::api::PREVIEW_CSP);
    assert!(!csp.contains("script-src") && csp.contains("default-src 'none'"));
    assert_eq!(page.headers["x-frame-options"], "SAMEORIGIN");
    let economic = server.get(
        &format!("/api/report/preview?year={year}&page=economic&language=fr"),
        Some(&tom),
    );
    assert_eq!(economic.status, 200);
    assert_ne!(economic.body, page.body);

    // the operation's rule: the admin reads no report, nobody logged out reads anything
    assert_eq!(server.get(&path, Some(&adam)).status, 403);
    assert_eq!(server.get(&path, None).status, 401);
    let wrong = server.get("/api/report/preview?year=2026&page=cover", Some(&tom));
    assert_eq!(wrong.status, 400, "{:?}", wrong.body);
    // every other answer keeps the UI's strict policy
    let health = server.get("/api/health", None);
    assert_eq!(health.headers["x-frame-options"], "DENY");
}
