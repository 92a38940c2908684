//! `panier helloasso configure|status|sync` as a treasurer would run them, against a fake
//! HelloAsso on 127.0.0.1; the client secret read from standard input and seen nowhere after.

use crate::helloasso_mock::{
    payments_of_the_csv_fixture, Failure, MockHelloasso, CLIENT_ID, CLIENT_SECRET, ORG,
};
use crate::support::{json, WatchedCli};
use std::path::PathBuf;

/// `panier helloasso configure` for the fake organisation, before its secret and address.
const CONFIGURE: [&str; 6] = [
    "helloasso",
    "configure",
    "--org",
    ORG,
    "--client-id",
    CLIENT_ID,
];

type Cli = WatchedCli;

/// The treasurer's folder (its outputs kept for the leak check) and the plans HelloAsso
/// payments are for.
fn treasurer() -> Cli {
    let cli = WatchedCli::new("tresorier-test");
    cli.ok(&["init", "--name", "Les Amis du Vélo"]);
    for (name, kind, amount, quota) in [
        ("Adhésion individuelle", "fee", "15", None),
        ("Adhésion structure", "fee", "50", None),
        ("Stockage 20 Go", "tier", "24", Some("20 GB")),
    ] {
        let mut args = vec![
            "plan", "add", "--name", name, "--kind", kind, "--amount", amount,
        ];
        if let Some(q) = quota {
            args.extend(["--quota", q]);
        }
        cli.ok(&args);
    }
    cli
}

impl WatchedCli {
    fn configure_helloasso(&self, server: &MockHelloasso) {
        let (_, said) = self.ok_in(
            &[
                &CONFIGURE[..],
                &["--client-secret-stdin", "--api-url", &server.url],
            ]
            .concat(),
            Some(&format!("{CLIENT_SECRET}\n")),
        );
        assert!(said.contains(ORG), "{said}");
    }

    fn entries(&self) -> i64 {
        let conn = rusqlite::Connection::open(self.db()).unwrap();
        conn.query_row("SELECT count(*) FROM ledger_entries", [], |r| r.get(0))
            .unwrap()
    }
}

#[test]
fn helloasso_cli_configure_dry_run_sync_and_sync_again() {
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    server.set(|s| s.page_size = 4);
    let cli = treasurer();
    // without the secret on stdin, and before any configuration: refused by name
    let refused = cli.fails(&CONFIGURE);
    assert!(refused.contains("--client-secret-stdin"), "{refused}");
    let unconfigured = cli.fails(&["helloasso", "sync"]);
    assert!(
        unconfigured.contains("panier helloasso configure"),
        "{unconfigured}"
    );

    cli.configure_helloasso(&server);
    let status = json(&cli.ok(&["helloasso", "status", "--format", "json"]));
    assert_eq!(status["organization"], ORG);
    assert_eq!(status["has_secret"], true);
    assert!(status["synced_on"].is_null());

    let dry = json(&cli.ok(&["helloasso", "sync", "--dry-run", "--format", "json"]));
    assert_eq!(dry["report"]["status"], "dry_run");
    assert_eq!(cli.entries(), 0, "a dry run writes nothing");
    let created = dry["report"]["created"].as_i64().unwrap();
    assert!(created > 0);

    let (table, said) = cli.ok_in(&["helloasso", "sync"], None);
    assert!(
        table.contains("101203405"),
        "the refunded payment is listed: {table}"
    );
    assert!(said.contains("Import terminé"), "{said}");
    assert_eq!(
        cli.entries(),
        dry["report"]["entries_created"].as_i64().unwrap()
    );
    let status = json(&cli.ok(&["helloasso", "status", "--format", "json"]));
    assert!(status["synced_on"].is_string());

    // again, from the first day: nothing new
    let again = json(&cli.ok(&[
        "helloasso",
        "sync",
        "--from",
        "01/01/2026",
        "--format",
        "json",
    ]));
    assert_eq!(again["report"]["created"], 0);
    assert_eq!(again["report"]["matched"].as_i64().unwrap(), created);
    // the CSV of the same payments finds them all there
    let csv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/data/helloasso/paiements.csv");
    let imported = json(&cli.ok(&[
        "import",
        "helloasso",
        csv.to_str().unwrap(),
        "--format",
        "json",
    ]));
    assert_eq!(imported["created"], 0);

    // the secret appears in no output and not in the file
    for text in cli.seen.borrow().iter() {
        assert!(!text.contains(CLIENT_SECRET), "leaked: {text}");
    }
    let bytes = std::fs::read(cli.db()).unwrap();
    assert!(!String::from_utf8_lossy(&bytes).contains(CLIENT_SECRET));
}

#[test]
fn helloasso_cli_rate_limit_is_named_and_nothing_is_written() {
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    server.set(|s| {
        s.page_size = 4;
        s.failures = [
            None,
            Some(Failure::Status {
                status: 429,
                body: String::new(),
                retry_after: Some(30),
            }),
        ]
        .into();
    });
    let cli = treasurer();
    cli.configure_helloasso(&server);
    let said = cli.fails(&["helloasso", "sync"]);
    assert!(said.contains("429") && said.contains("30 s"), "{said}");
    assert_eq!(cli.entries(), 0);
    let bad_date = cli.fails(&["helloasso", "sync", "--from", "31/02/2026"]);
    assert!(bad_date.contains("--from"), "{bad_date}");
}
