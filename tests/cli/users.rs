//! `panier user …` (the team server's users, passwords on standard input) and `panier serve`
//! when the server binary is not beside `panier`.

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

fn panier(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_panier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PANIER_DB")
        .env("PANIER_OPERATOR", "test")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn users_are_added_listed_changed_and_disabled_with_passwords_from_stdin() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assoc.sqlite");
    assert!(panier(&db, &["init", "--name", "AMIPO"], "")
        .status
        .success());
    let add = |name: &str, role: &str, password: &str| {
        panier(
            &db,
            &["user", "add", name, "--role", role, "--password-stdin"],
            password,
        )
    };
    let out = add("olga", "owner", "phrase-de-passe-olga\n");
    assert!(out.status.success(), "{}", text(&out));
    assert!(add("tom", "treasurer", "phrase-de-passe-tom\n")
        .status
        .success());
    let short = add("sam", "secretary", "court\n");
    assert!(!short.status.success());
    assert!(text(&short).contains("10"), "{}", text(&short));
    assert!(!add("sam", "chef", "phrase-de-passe-sam\n").status.success());
    // the password is never an argument
    assert!(
        !panier(&db, &["user", "add", "sam", "--role", "admin"], "x")
            .status
            .success()
    );

    let out = panier(&db, &["user", "role", "tom", "auditor"], "");
    assert!(out.status.success(), "{}", text(&out));
    let out = panier(
        &db,
        &["user", "passwd", "tom", "--password-stdin"],
        "autre-phrase-de-passe\n",
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = panier(&db, &["user", "disable", "tom"], "");
    assert!(out.status.success(), "{}", text(&out));
    let refused = panier(&db, &["--lang", "en", "user", "disable", "olga"], "");
    assert!(!refused.status.success());
    assert!(
        text(&refused).contains("last enabled owner"),
        "{}",
        text(&refused)
    );

    let list = panier(&db, &["--lang", "en", "user", "list"], "");
    let list = String::from_utf8_lossy(&list.stdout).to_string();
    assert_eq!(list, "olga\towner\tenabled\ntom\tauditor\tdisabled\n");
}

#[test]
fn serve_without_the_server_binary_says_how_to_build_it() {
    // `panier` alone in a folder (a hard link: its own path is that folder's)
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap();
    let lonely = dir.path().join("panier");
    std::fs::hard_link(env!("CARGO_BIN_EXE_panier"), &lonely).unwrap();
    let out = Command::new(&lonely)
        .args(["serve", "--listen", "127.0.0.1:0"])
        .env("PANIER_LANG", "en")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(127));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("cargo build -p panier-server"), "{err}");
}
