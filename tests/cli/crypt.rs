//! `panier encrypt / decrypt / rekey`, the passphrase from the environment, never an argument.

use std::path::Path;
use std::process::{Command, Output, Stdio};

fn panier(db: &Path, pass: Option<&str>, new: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_panier"));
    cmd.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PANIER_DB")
        .env_remove("PANIER_PASSPHRASE")
        .env_remove("PANIER_NEW_PASSPHRASE")
        .env("PANIER_OPERATOR", "test")
        .stdin(Stdio::null());
    if let Some(p) = pass {
        cmd.env("PANIER_PASSPHRASE", p);
    }
    if let Some(p) = new {
        cmd.env("PANIER_NEW_PASSPHRASE", p);
    }
    cmd.output().unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn encrypt_open_rekey_decrypt() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assoc.sqlite");
    let ok = |pass: Option<&str>, new: Option<&str>, args: &[&str]| {
        let out = panier(&db, pass, new, args);
        assert!(out.status.success(), "{args:?}: {}", stderr(&out));
        String::from_utf8(out.stdout).unwrap()
    };
    ok(None, None, &["init", "--name", "AMIPO"]);
    ok(
        None,
        None,
        &[
            "member",
            "add",
            "--name",
            "Zoé Secret",
            "--email",
            "zoe@secret.example",
        ],
    );

    // never from an argument; no terminal and no variable: a clear refusal
    assert!(!panier(&db, None, None, &["encrypt", "--passphrase", "x"])
        .status
        .success());
    let out = panier(&db, None, None, &["encrypt"]);
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("PANIER_PASSPHRASE"),
        "{}",
        stderr(&out)
    );
    let out = panier(&db, Some("court"), None, &["encrypt"]);
    assert!(stderr(&out).contains("au moins 8 caractères"));

    let pass = "une phrase assez longue";
    ok(Some(pass), None, &["encrypt"]);
    let out = panier(&db, None, None, &["member", "list"]);
    assert!(!out.status.success());
    assert!(stderr(&out).contains("est chiffré"), "{}", stderr(&out));
    let out = panier(
        &db,
        Some("pas la bonne"),
        None,
        &["--lang", "en", "member", "list"],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("wrong passphrase"),
        "{}",
        stderr(&out)
    );
    assert!(ok(Some(pass), None, &["member", "list"]).contains("zoe@secret.example"));
    assert!(ok(Some(pass), None, &["check"]).contains("Fichier sain"));

    let new = "une autre phrase longue";
    ok(Some(pass), Some(new), &["rekey"]);
    assert!(!panier(&db, Some(pass), None, &["member", "list"])
        .status
        .success());
    ok(Some(new), None, &["decrypt"]);
    assert!(ok(None, None, &["member", "list"]).contains("zoe@secret.example"));
}
