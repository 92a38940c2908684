//! The harness every module shares: the `panier` binary run as a user would, on a file in a
//! temporary folder, with the environment of a fresh shell (no `PANIER_DB`, French).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub struct Cli {
    pub dir: tempfile::TempDir,
}

impl Cli {
    pub fn new() -> Self {
        Cli {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// A fresh folder with an association already created.
    pub fn with_association() -> Self {
        let cli = Cli::new();
        cli.ok(&["init", "--name", "AMIPO"]);
        cli
    }

    /// The settings a tax receipt needs: the setting on, the association's address, its
    /// purpose and who signs.
    pub fn allow_tax_receipts(&self) {
        for (k, v) in [
            ("tax_receipts", "yes"),
            ("address", "12 rue des Lilas, 69003 Lyon"),
            ("purpose", "Héberger des services libres"),
            ("signer_name", "Hélène Lefèvre"),
        ] {
            self.ok(&["settings", "set", k, v]);
        }
    }

    /// `name` in the test's folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The file the commands work on.
    pub fn db(&self) -> PathBuf {
        self.path("assoc.sqlite")
    }

    pub fn run_on(&self, db: &Path, args: &[&str]) -> Output {
        run_on(db, args)
    }

    pub fn run(&self, args: &[&str]) -> Output {
        self.run_on(&self.db(), args)
    }

    /// Runs `args` on `db`, which must succeed; its standard output.
    pub fn ok_on(&self, db: &Path, args: &[&str]) -> String {
        ok_on(db, args)
    }

    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_on(&self.db(), args)
    }

    /// Runs `args`, which must fail; its standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert!(!out.status.success(), "panier {args:?} should fail");
        String::from_utf8(out.stderr).unwrap()
    }
}

/// Runs `panier --db db args` as a user would.
pub fn run_on(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_panier"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PANIER_DB")
        .env_remove("PANIER_LANG")
        .env("PANIER_OPERATOR", "test")
        .output()
        .expect("runs")
}

/// A command that reads a secret: the secrets kept in `secrets` (never the real keyring or
/// config folder), `env` added, `stdin` written to its standard input (closed when `None`).
pub struct SecretRun<'a> {
    pub db: &'a Path,
    pub secrets: &'a Path,
    pub operator: &'a str,
    pub env: &'a [(String, String)],
}

impl SecretRun<'_> {
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let mut child = Command::new(env!("CARGO_BIN_EXE_panier"))
            .arg("--db")
            .arg(self.db)
            .args(args)
            .env_remove("PANIER_DB")
            .env_remove("PANIER_LANG")
            .env("PANIER_OPERATOR", self.operator)
            .env("PANIER_SECRETS_DIR", self.secrets)
            .envs(self.env.iter().cloned())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        if let Some(text) = stdin {
            // a command that refuses early may not read it (broken pipe): that is fine
            let _ = child.stdin.take().unwrap().write_all(text.as_bytes());
        } else {
            drop(child.stdin.take());
        }
        child.wait_with_output().unwrap()
    }
}

/// A folder whose commands keep their secrets in `config/` (never the real keyring), run as
/// `operator` with `env` added, and whose every stdout and stderr is kept in `seen`: the
/// tests of commands that take a secret check it appears in none.
pub struct WatchedCli {
    pub dir: tempfile::TempDir,
    operator: &'static str,
    /// every stdout and stderr seen, for the leak check
    pub seen: std::cell::RefCell<Vec<String>>,
    /// more environment for the next commands
    pub env: std::cell::RefCell<Vec<(String, String)>>,
}

impl WatchedCli {
    pub fn new(operator: &'static str) -> WatchedCli {
        WatchedCli {
            dir: tempfile::tempdir().unwrap(),
            operator,
            seen: Default::default(),
            env: Default::default(),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("assoc.sqlite")
    }

    /// Runs `args` with `stdin`; what it wrote is kept in `seen`.
    pub fn run(&self, args: &[&str], stdin: Option<&str>) -> Output {
        let secrets = self.dir.path().join("config");
        let run = SecretRun {
            db: &self.db(),
            secrets: &secrets,
            operator: self.operator,
            env: &self.env.borrow(),
        };
        let out = run.run(args, stdin);
        let mut seen = self.seen.borrow_mut();
        seen.push(String::from_utf8_lossy(&out.stdout).into_owned());
        seen.push(String::from_utf8_lossy(&out.stderr).into_owned());
        out
    }

    /// Runs `args`, which must succeed; its standard output.
    pub fn ok(&self, args: &[&str]) -> String {
        self.ok_in(args, None).0
    }

    /// Runs `args` with `stdin`, which must succeed: (stdout, stderr).
    pub fn ok_in(&self, args: &[&str], stdin: Option<&str>) -> (String, String) {
        let out = self.run(args, stdin);
        assert!(
            out.status.success(),
            "panier {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        (text(out.stdout), text(out.stderr))
    }

    /// Runs `args`, which must fail; its standard error.
    pub fn fails(&self, args: &[&str]) -> String {
        self.fails_in(args, None).1
    }

    /// Runs `args` with `stdin`, which must fail: (stdout, stderr).
    pub fn fails_in(&self, args: &[&str], stdin: Option<&str>) -> (String, String) {
        let out = self.run(args, stdin);
        assert!(!out.status.success(), "panier {args:?} should fail");
        let text = |bytes: Vec<u8>| String::from_utf8(bytes).unwrap();
        (text(out.stdout), text(out.stderr))
    }
}

/// Runs `args` on `db`, which must succeed; its standard output.
pub fn ok_on(db: &Path, args: &[&str]) -> String {
    let out = run_on(db, args);
    assert!(
        out.status.success(),
        "panier {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

pub fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"))
}

/// `panier plan add` of the yearly fee "Adhésion" at `amount` euros, then `more` flags.
pub fn fee_plan<'a>(amount: &'a str, more: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "plan",
        "add",
        "--name",
        "Adhésion",
        "--kind",
        "fee",
        "--amount",
        amount,
    ];
    args.extend_from_slice(more);
    args
}

/// Member 1 pays the 20 € fee "Adhésion" on 12 March 2026.
pub const PAY_THE_FEE: [&str; 8] = [
    "pay",
    "1",
    "--plan",
    "Adhésion",
    "--amount",
    "20",
    "--date",
    "2026-03-12",
];

/// `panier member add` of `name` with `email`, living in Lyon (a full address, as a tax
/// receipt needs).
pub fn member_in_lyon<'a>(name: &'a str, email: &'a str) -> Vec<&'a str> {
    vec![
        "member",
        "add",
        "--name",
        name,
        "--email",
        email,
        "--street",
        "5 place de l'Église",
        "--postal-code",
        "69001",
        "--city",
        "Lyon",
    ]
}

/// `panier member add` of Hélène Lefèvre, the member the quick starts add first.
pub const ADD_HELENE: [&str; 6] = [
    "member",
    "add",
    "--name",
    "Hélène Lefèvre",
    "--email",
    "helene@exemple.fr",
];
