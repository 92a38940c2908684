//! The shell joined to a real `panier-serve` on a free loopback port: login, an operation
//! forwarded and its answer, a wrong password, a role's refusal and a field's refusal mapped
//! to the shell's shapes, local-file commands refused, and leaving.

use super::*;
use crate::database_choice::DatabaseChoice;
use crate::session::DatabaseStatus;
use panier::ops::money::{self as money_ops, OverviewQuery};
use panier::ops::{users, Role};
use std::process::{Child, Command, Stdio};
use std::time::Instant;

struct Server {
    _dir: tempfile::TempDir,
    url: String,
    child: Child,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn password(user: &str) -> String {
    format!("{user}-phrase-de-passe")
}

/// Builds `panier-serve` (cargo has finished building this test: its lock is free) and
/// starts it on a new file holding a treasurer and an auditor.
fn start_server() -> Server {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let built = Command::new(env!("CARGO"))
        .args([
            "build",
            "-q",
            "-p",
            "panier-server",
            "--bin",
            "panier-serve",
        ])
        .current_dir(&root)
        .status()
        .expect("cargo build -p panier-server");
    assert!(built.success(), "panier-serve did not build");
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| root.join("target"));
    let binary = target.join("debug").join("panier-serve");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("panier.sqlite");
    let mut db = panier::Database::create(&path, "AMIPO").unwrap();
    for (name, role) in [("tom", Role::Treasurer), ("aude", Role::Auditor)] {
        users::add(&mut db, name, role, &password(name)).unwrap();
    }
    drop(db);
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let child = Command::new(binary)
        .args(["--db", path.to_str().unwrap(), "--listen"])
        .arg(format!("127.0.0.1:{port}"))
        .env_remove("PANIER_UI_DIR")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Server {
        _dir: dir,
        url: format!("http://127.0.0.1:{port}"),
        child,
    };
    let started = Instant::now();
    while ureq::get(format!("{}/api/health", server.url))
        .call()
        .is_err()
    {
        assert!(started.elapsed() < Duration::from_secs(30), "no server");
        std::thread::sleep(Duration::from_millis(50));
    }
    server
}

fn window_session(dir: &tempfile::TempDir) -> Session {
    Session::start(
        DatabaseChoice::FirstRun {
            suggested_path: dir.path().join("new.sqlite"),
        },
        None,
        dir.path().join("new.sqlite"),
    )
}

fn donation(amount: &str) -> money_ops::DonationForm {
    serde_json::from_value(serde_json::json!({"member": null, "from": "Mairie",
        "subsidy": false, "amount": amount, "date": "", "method": "cheque", "label": "don"}))
    .unwrap()
}

#[test]
fn remote_the_shell_forwards_operations_and_maps_the_servers_refusals() {
    let server = start_server();
    let local = tempfile::tempdir().unwrap();
    let session = window_session(&local);

    // a wrong password: the server's 401, in the window's language
    let wrong = RemoteServer::connect(&server.url, "tom", "pas-le-bon", Lang::En).unwrap_err();
    assert_eq!(wrong.kind, "bad_login", "{wrong:?}");
    assert!(!wrong.message.is_empty());
    // the password does not travel in clear text to another machine
    let clear = RemoteServer::connect("http://example.org", "tom", "x", Lang::En).unwrap_err();
    assert_eq!(clear.field.as_deref(), Some("url"));
    assert!(clear.message.contains("https"), "{}", clear.message);

    // the treasurer records a donation through the forwarding path, then reads it back
    let tom = RemoteServer::connect(&server.url, "tom", &password("tom"), Lang::En).unwrap();
    assert_eq!((tom.user.as_str(), tom.role.as_str()), ("tom", "treasurer"));
    let status = session.join(tom);
    assert_eq!(
        status,
        DatabaseStatus::Open {
            path: server.url.clone().into()
        }
    );
    let id = forward::<money_ops::RecordDonation>(&session, &donation("25,50"))
        .expect("joined: forwarded")
        .unwrap();
    let overview = forward::<money_ops::Overview>(&session, &OverviewQuery { member: None })
        .unwrap()
        .unwrap();
    assert_eq!(overview.income_cents, 2550);
    assert!(overview.entries.iter().any(|e| e.id == id), "{id}");
    // a field's refusal keeps its field, as the local core's would
    let refused: FormError = forward::<money_ops::RecordDonation>(&session, &donation("abc"))
        .unwrap()
        .unwrap_err()
        .into();
    assert_eq!(refused.field.as_deref(), Some("amount"), "{refused:?}");
    // commands on the local file say they are not available here
    let local_only = session.with_database(|_| Ok(())).unwrap_err();
    assert_eq!(local_only, not_available(Lang::Fr));

    // the auditor reads, and the server refuses the write as the role's
    session.leave();
    let aude = RemoteServer::connect(&server.url, "aude", &password("aude"), Lang::En).unwrap();
    session.join(aude);
    let forbidden = forward::<money_ops::RecordDonation>(&session, &donation("10"))
        .unwrap()
        .unwrap_err();
    assert_eq!(forbidden.kind, "forbidden", "{forbidden:?}");
    let still = forward::<money_ops::Overview>(&session, &OverviewQuery { member: None })
        .unwrap()
        .unwrap();
    assert_eq!(
        still.income_cents, 2550,
        "the refused write changed nothing"
    );

    // leaving returns to the first-run screen and to the local core
    assert!(matches!(session.leave(), DatabaseStatus::FirstRun { .. }));
    assert!(forward::<money_ops::Overview>(&session, &OverviewQuery { member: None }).is_none());
}
