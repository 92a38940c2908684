//! `panier export-member`, `erase-member`, `purge`, `requests`, `request …`, run as a user would.

use crate::support::json;
use std::path::PathBuf;
use std::process::Output;

struct Cli {
    dir: tempfile::TempDir,
}

impl Cli {
    fn new() -> Self {
        let cli = Cli {
            dir: tempfile::tempdir().unwrap(),
        };
        cli.ok(&["init", "--name", "AMIPO"]);
        cli.ok(&[
            "seed",
            "--members",
            "12",
            "--years",
            "12",
            "--until",
            "2026-11-01",
        ]);
        cli
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("assoc.sqlite")
    }

    fn run(&self, args: &[&str]) -> Output {
        crate::support::run_on(&self.db(), args)
    }

    fn ok(&self, args: &[&str]) -> String {
        crate::support::ok_on(&self.db(), args)
    }

    /// `panier request add`: a data request by `member` of `kind`, received on `received`,
    /// the identity checked by `identity`; its id.
    fn request(&self, member: &str, kind: &str, received: &str, identity: &str) -> i64 {
        let added = self.ok(&[
            "request",
            "add",
            member,
            "--kind",
            kind,
            "--received",
            received,
            "--identity",
            identity,
            "--format",
            "json",
        ]);
        json(&added)["id"].as_i64().unwrap()
    }

    fn fails(&self, args: &[&str]) -> (String, String) {
        let out = self.run(args);
        assert!(!out.status.success(), "panier {args:?} should fail");
        (
            String::from_utf8(out.stdout).unwrap(),
            String::from_utf8(out.stderr).unwrap(),
        )
    }
}

#[test]
fn register_export_erase_purge() {
    let cli = Cli::new();
    let member = json(&cli.ok(&["member", "show", "1", "--format", "json"]));
    let email = member["email"]
        .as_str()
        .or(member["member"]["email"].as_str())
        .unwrap()
        .to_string();

    // the register
    let id = cli.request(
        &email,
        "access",
        "2026-11-02",
        "courriel depuis son adresse",
    );
    let id = id.to_string();
    let extend = |told| {
        [
            "request", "extend", &id, "--reason", "complexe", "--told", told,
        ]
    };
    let (_, err) = cli.fails(&extend("2026-12-03"));
    assert!(err.contains("premier mois"), "{err}");
    cli.ok(&[&extend("2026-11-20")[..], &["--months", "1"]].concat());
    let all = json(&cli.ok(&["requests", "--format", "json"]));
    assert_eq!(all[0]["deadline"], "2027-01-02");
    assert_eq!(all[0]["status"], "open");

    // the export, answering the request
    let zip = cli.dir.path().join("export.zip");
    let printed = cli.ok(&[
        "export-member",
        &email,
        "-o",
        zip.to_str().unwrap(),
        "--date",
        "2026-11-22",
        "--answers",
        &id.to_string(),
    ]);
    assert!(printed.contains("export.zip"));
    let bytes = std::fs::read(&zip).unwrap();
    assert_eq!(&bytes[..2], b"PK");
    let all = json(&cli.ok(&["requests", "--format", "json"]));
    assert_eq!(all[0]["status"], "answered");
    assert_eq!(all[0]["answered_on"], "2026-11-22");
    cli.fails(&["export-member", "1", "-o", zip.to_str().unwrap()]);

    // erasure: nothing without --confirm
    let (out, err) = cli.fails(&["erase-member", "1"]);
    assert!(out.contains("membre-effacé-1"), "{out}");
    assert!(err.contains("--confirm"), "{err}");
    cli.ok(&["member", "show", &email]);
    let erasure = cli.request("1", "erasure", "2026-11-20", "courriel depuis son adresse");
    // someone else's request is refused before anything is erased
    let other = cli.request("2", "erasure", "2026-11-20", "courriel");
    cli.fails(&[
        "erase-member",
        "1",
        "--confirm",
        "--answers",
        &other.to_string(),
    ]);
    cli.ok(&["member", "show", &email]);
    let out = cli.ok(&[
        "erase-member",
        "1",
        "--confirm",
        "--date",
        "2026-11-22",
        "--answers",
        &erasure.to_string(),
    ]);
    assert!(out.contains("membre-effacé-1"), "{out}");
    cli.fails(&["member", "show", &email]);
    let register = json(&cli.ok(&["requests", "--format", "json"]));
    let answered = register
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == erasure)
        .unwrap();
    assert_eq!(answered["status"], "answered");
    assert_eq!(answered["member_name"], "membre-effacé-1");
    cli.fails(&["erase-member", "1", "--confirm"]);

    // purge: a dry run lists, the real one removes
    let dry_run = [
        "purge",
        "--dry-run",
        "--date",
        "2029-01-01",
        "--format",
        "json",
    ];
    let plan = json(&cli.ok(&dry_run));
    let n = plan["entries"].as_array().unwrap().len();
    assert!(n > 0, "{plan}");
    let again = json(&cli.ok(&dry_run));
    assert_eq!(again["entries"].as_array().unwrap().len(), n);
    let done = json(&cli.ok(&["purge", "--date", "2029-01-01", "--format", "json"]));
    assert_eq!(done["entries"].as_array().unwrap().len(), n);
    let after = json(&cli.ok(&dry_run));
    assert!(after["entries"].as_array().unwrap().is_empty());
    cli.ok(&["check"]);
}

#[test]
fn the_accounts_to_delete_are_kept_with_the_erasure_request_until_said_deleted() {
    let cli = Cli::new();
    cli.ok(&["account", "add", "3", "--login", "zz-login-a-effacer"]);
    let request = cli
        .request("3", "erasure", "2026-11-20", "courriel depuis son adresse")
        .to_string();
    let out = cli.ok(&["erase-member", "3", "--confirm", "--date", "2026-11-22"]);
    assert!(out.contains("zz-login-a-effacer"), "{out}");
    assert!(
        out.contains(&format!("panier request show {request}")),
        "{out}"
    );
    // shown again on demand, in text and JSON
    let shown = cli.ok(&["request", "show", &request]);
    assert!(
        shown.contains("comptes à supprimer sur les serveurs"),
        "{shown}"
    );
    assert!(shown.contains("nextcloud  zz-login-a-effacer"), "{shown}");
    let shown = json(&cli.ok(&["request", "show", &request, "--format", "json"]));
    let logins: Vec<&str> = shown["accounts_to_delete"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["login"].as_str().unwrap())
        .collect();
    assert!(logins.contains(&"zz-login-a-effacer"), "{shown}");
    assert_eq!(shown["kind"], "erasure");
    // once deleted on the server, the list goes, and the login with it
    let done = cli.ok(&["request", "accounts-deleted", &request]);
    assert!(
        done.contains(&match logins.len() {
            1 => "1 compte noté supprimé".to_string(),
            n => format!("{n} comptes notés supprimés"),
        }),
        "{done}"
    );
    let shown = cli.ok(&["request", "show", &request]);
    assert!(!shown.contains("zz-login-a-effacer"), "{shown}");
    let (_, err) = cli.fails(&["request", "accounts-deleted", &request]);
    assert!(err.contains("aucun compte"), "{err}");
    let compacted = cli.ok(&["compact"]);
    assert!(compacted.contains("Fichier compacté"), "{compacted}");
    let bytes = std::fs::read(cli.dir.path().join("assoc.sqlite")).unwrap();
    let needle = b"zz-login-a-effacer";
    assert!(!bytes.windows(needle.len()).any(|w| w == needle));
}
