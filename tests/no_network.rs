//! No network: the CLI's main flows (everything but the `nextcloud` connector and the
//! `helloasso` sync, which talk to their servers) run under
//! `strace -f`, which records every `connect`, `sendto`, `sendmsg` and `bind`; any address
//! other than a local Unix socket fails the test. Needs `strace` (Debian package `strace`,
//! installed by `scripts/install-deps.sh test`).

#[path = "support/sample.rs"]
#[allow(dead_code)] // shared by several test binaries; this one adds only Alix
mod sample;

use std::path::{Path, PathBuf};
use std::process::Command;

const TRACED: &str = "connect,sendto,sendmsg,sendmmsg,bind";

fn strace() -> PathBuf {
    for dir in ["/usr/bin", "/bin", "/usr/local/bin"] {
        let p = Path::new(dir).join("strace");
        if p.exists() {
            return p;
        }
    }
    panic!("strace is missing: apt-get install strace (scripts/install-deps.sh test does)");
}

/// The network system calls a log records, other than on local Unix sockets.
fn network_calls(log: &str) -> Vec<String> {
    log.lines()
        .filter(|l| l.contains("sa_family=") && !l.contains("sa_family=AF_UNIX"))
        .map(str::to_string)
        .collect()
}

struct Traced {
    dir: tempfile::TempDir,
    steps: usize,
    calls: Vec<String>,
    logs: usize,
}

impl Traced {
    fn db(&self) -> PathBuf {
        self.dir.path().join("assoc.sqlite")
    }

    /// Runs `panier args` under strace; `must_succeed` for the flows that exist for sure.
    fn run(&mut self, args: &[&str], must_succeed: bool) -> String {
        self.steps += 1;
        let log = self.dir.path().join(format!("strace-{}.log", self.steps));
        let out = Command::new(strace())
            .args(["-f", "-qq", "-e"])
            .arg(format!("trace={TRACED}"))
            .arg("-o")
            .arg(&log)
            .arg(env!("CARGO_BIN_EXE_panier"))
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env_remove("PANIER_DB")
            .env("PANIER_OPERATOR", "test")
            .current_dir(self.dir.path())
            .output()
            .expect("strace runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            !stderr.contains("PTRACE_TRACEME") && !stderr.contains("ptrace(PTRACE"),
            "strace cannot trace here: {stderr}"
        );
        if must_succeed {
            assert!(out.status.success(), "panier {args:?}: {stderr}");
        }
        let text = std::fs::read_to_string(&log).expect("strace wrote its log");
        self.logs += 1;
        for call in network_calls(&text) {
            self.calls.push(format!("panier {args:?}: {call}"));
        }
        String::from_utf8_lossy(&out.stdout).into_owned()
    }
}

#[test]
fn the_detector_sees_a_connection() {
    // a TCP connection to the loopback (nothing listens on port 9, the discard port)
    let dir = tempfile::tempdir().unwrap();
    let log = dir.path().join("control.log");
    let status = Command::new(strace())
        .args(["-f", "-qq", "-e"])
        .arg(format!("trace={TRACED}"))
        .arg("-o")
        .arg(&log)
        .args(["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/9 || true"])
        .status()
        .unwrap();
    assert!(status.success());
    let calls = network_calls(&std::fs::read_to_string(&log).unwrap());
    assert!(
        calls.iter().any(|c| c.contains("AF_INET")),
        "the control connection is seen: {calls:?}"
    );
}

#[test]
fn main_flows_make_no_network_connection() {
    let mut t = Traced {
        dir: tempfile::tempdir().unwrap(),
        steps: 0,
        calls: Vec::new(),
        logs: 0,
    };
    let members_csv = t.dir.path().join("members.csv");
    std::fs::write(
        &members_csv,
        "Prénom;Nom;Email;Ville\nLou;Import;lou@example.org;Lyon\n",
    )
    .unwrap();
    let helloasso =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/helloasso/paiements.csv");
    let p = |x: &Path| x.to_str().unwrap().to_string();
    let (members_csv, helloasso) = (p(&members_csv), p(&helloasso));

    t.run(&["init", "--name", "AMIPO"], true);
    t.run(
        &[
            "seed",
            "--members",
            "60",
            "--years",
            "2",
            "--until",
            "2026-11-22",
        ],
        true,
    );
    t.run(
        &["settings", "set", "website", "https://amipo.example.org"],
        true,
    );
    t.run(&["settings", "set", "siren", "732829320"], true);
    t.run(&["settings", "set", "tax_receipts", "yes"], true);
    t.run(
        &["settings", "set", "address", "1 rue du Test, 69003 Lyon"],
        true,
    );
    t.run(
        &["settings", "set", "purpose", "Héberger des services libres"],
        true,
    );
    let id = t.run(&sample::ADD_ALIX, true);
    let id = id.trim().to_string();
    t.run(&["member", "list", "--search", "martin"], true);
    t.run(&["member", "show", &id], true);
    t.run(&["member", "edit", &id, "--city", "Lyon"], true);
    t.run(&["plan", "list"], true);
    t.run(
        &[
            "pay",
            &id,
            "--plan",
            "Adhésion",
            "--amount",
            "25",
            "--method",
            "cheque",
        ],
        true,
    );
    t.run(&["donate", &id, "--amount", "30"], true);
    t.run(
        &[
            "expense",
            "--amount",
            "40",
            "--category",
            "server_rent",
            "--label",
            "Serveur",
        ],
        false,
    );
    t.run(&["import", "members", &members_csv], true);
    t.run(&["import", "helloasso", &helloasso], true);
    t.run(&["dashboard"], true);
    t.run(&["renewals"], true);
    t.run(&["remind", "--pending"], true);
    t.run(&["books", "--year", "2026"], true);
    t.run(&["account", "list"], true);
    t.run(&["quota", "list"], true);
    t.run(&["requests"], true);
    t.run(&["export", "members", "-o", "membres.csv"], true);
    t.run(&["export", "fec", "--year", "2026", "--output", "."], true);
    t.run(&["receipts", "--year", "2026", "--output", "recus"], false);
    t.run(&["export-member", &id, "--output", "alix.zip"], true);
    t.run(&["check"], true);
    let backup = t.run(&["backup"], true);
    t.run(&["backup", "--list"], true);
    t.run(&["restore", backup.trim()], true);
    assert_eq!(t.logs, t.steps, "every step was traced");
    assert!(
        t.calls.is_empty(),
        "network calls without the Nextcloud connector:\n{}",
        t.calls.join("\n")
    );
}
