//! HelloAsso without files: the sync against a fake HelloAsso on 127.0.0.1
//! (tests/support/helloasso_mock.rs) answering in the API's documented shapes — the token,
//! pages followed by continuation token, a refund, a token ending mid-sync, 429, 500,
//! malformed JSON — and never doubling what a CSV import brought, nor the reverse.

use crate::common::{audit_rows, day, fresh, Fixture};
use crate::helloasso_mock::{
    payments_of_the_csv_fixture, Failure, MockHelloasso, CLIENT_ID, CLIENT_SECRET, ORG,
};
use crate::plans_input::helloasso_plans;
use panier::bridges::helloasso::import_helloasso;
use panier::bridges::helloasso_api::{ApiError, Client, Credentials};
use panier::bridges::helloasso_sync::{self, ConfigureInput, SyncInput, SyncReport};
use panier::bridges::report::{ImportOptions, ImportReport, ImportStatus, Outcome};
use panier::hosting::nextcloud::pacing::Clock;
use panier::kernel::field::Field;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

const TODAY: &str = "2026-04-10";

fn with_plans() -> Fixture {
    let mut f = fresh();
    for plan in helloasso_plans() {
        panier::membership::plans::add(&mut f.db, &plan).unwrap();
    }
    f
}

fn configure(f: &mut Fixture, server: &MockHelloasso, secret: &str) {
    helloasso_sync::configure(
        &mut f.db,
        &ConfigureInput {
            organization: ORG.into(),
            client_id: CLIENT_ID.into(),
            client_secret: Some(secret.into()),
            api_url: Some(server.url.clone()),
        },
    )
    .unwrap();
}

fn connected(payments_per_page: usize) -> (Fixture, MockHelloasso) {
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    server.set(|s| s.page_size = payments_per_page);
    let mut f = with_plans();
    configure(&mut f, &server, CLIENT_SECRET);
    (f, server)
}

fn sync(f: &mut Fixture, input: SyncInput) -> panier::Result<SyncReport> {
    helloasso_sync::sync(&mut f.db, input, day(TODAY))
}

const WRITE: SyncInput = SyncInput {
    from: None,
    dry_run: false,
    skip_invalid: false,
};
const DRY: SyncInput = SyncInput {
    from: None,
    dry_run: true,
    skip_invalid: false,
};

/// Everything a sync could have written.
fn state(f: &Fixture) -> Vec<i64> {
    let q = |sql: &str| -> i64 { f.db.conn().query_row(sql, [], |r| r.get(0)).unwrap() };
    vec![
        q("SELECT count(*) FROM members"),
        q("SELECT count(*) FROM ledger_entries"),
        q("SELECT count(*) FROM ledger_lines"),
        q("SELECT coalesce(sum(abs(amount_cents)), 0) FROM ledger_lines"),
        q("SELECT count(*) FROM subscriptions"),
        audit_rows(&f.db),
    ]
}

/// The books as imports leave them: each entry's reference, date, amount and member's email.
fn entries(f: &Fixture) -> Vec<(String, String, i64, String, String)> {
    let mut stmt =
        f.db.conn()
            .prepare(
                "SELECT e.external_ref, e.entry_date, e.amount_cents, e.method,
                    coalesce((SELECT m.email FROM members m WHERE m.id = e.member_id), '')
             FROM ledger_entries e ORDER BY e.external_ref",
            )
            .unwrap();
    stmt.query_map([], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
    })
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

fn csv(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/helloasso")
        .join(name);
    std::fs::read(&path).unwrap()
}

fn import_csv(f: &mut Fixture, name: &str) -> ImportReport {
    import_helloasso(
        &mut f.db,
        &csv(name),
        ImportOptions {
            dry_run: false,
            skip_invalid: false,
        },
    )
    .unwrap()
}

fn outcome_of(report: &ImportReport, reference: &str) -> Outcome {
    report
        .rows
        .iter()
        .find(|r| r.reference.as_deref() == Some(reference))
        .unwrap_or_else(|| panic!("no row for {reference}"))
        .outcome
}

#[test]
fn helloasso_sync_follows_every_page_and_imports_what_the_csv_import_imports() {
    let (mut f, server) = connected(3);
    let before = state(&f);
    let dry = sync(&mut f, DRY).unwrap();
    assert_eq!(dry.report.status, ImportStatus::DryRun);
    assert!(!dry.report.written);
    assert_eq!(state(&f), before, "a dry run writes nothing");
    let payments = payments_of_the_csv_fixture().len();
    assert_eq!(dry.payments_read, payments);

    // the token: asked once, form-encoded, with the client's credentials as given
    let tokens = server.token_requests();
    assert_eq!(tokens[0]["grant_type"], "client_credentials");
    assert_eq!(tokens[0]["client_id"], CLIENT_ID);
    assert_eq!(tokens[0]["client_secret"], CLIENT_SECRET);
    // the pages: ≥ 3, each after the continuation token of the one before
    let pages = server.page_requests();
    assert_eq!(pages.len(), payments.div_ceil(3));
    assert!(pages.len() >= 3);
    assert_eq!(pages[0].query().get("continuationToken"), None);
    for (n, page) in pages.iter().enumerate().skip(1) {
        assert_eq!(page.query()["continuationToken"], format!("ct:{}", n * 3));
        assert_eq!(page.header("authorization"), Some("Bearer access-1"));
    }

    let done = sync(&mut f, WRITE).unwrap();
    assert_eq!(done.report.status, ImportStatus::Imported);
    assert!(done.report.written);
    assert_eq!(audit_rows(&f.db), before[5] + 1, "one sync, one audit row");
    // the same outcomes as the dry run said, payment by payment
    let outcomes = |r: &SyncReport| -> Vec<(Option<String>, Outcome)> {
        r.report
            .rows
            .iter()
            .map(|row| (row.reference.clone(), row.outcome))
            .collect()
    };
    assert_eq!(outcomes(&done), outcomes(&dry));

    // the refund and the cancellation are skipped, by the CSV import's own rule
    let refunded = done
        .report
        .rows
        .iter()
        .find(|r| r.reference.as_deref() == Some("101203405"))
        .unwrap();
    assert_eq!(refunded.outcome, Outcome::Skipped);
    assert!(refunded.reason.contains("remboursé"), "{}", refunded.reason);
    assert_eq!(outcome_of(&done.report, "101203406"), Outcome::Skipped);

    // exactly what the CSV import of the same payments writes
    let mut g = with_plans();
    let from_csv = import_csv(&mut g, "paiements.csv");
    assert_eq!(done.report.created, from_csv.created);
    assert_eq!(done.report.skipped, from_csv.skipped);
    assert_eq!(done.report.members_created, from_csv.members_created);
    assert_eq!(done.report.entries_created, from_csv.entries_created);
    assert_eq!(state(&f)[..5], state(&g)[..5]);
    assert_eq!(entries(&f), entries(&g));
    let settings = helloasso_sync::settings(&f.db).unwrap().unwrap();
    assert_eq!(settings.synced_on, Some(day(TODAY)));
}

#[test]
fn helloasso_sync_twice_adds_nothing_the_second_time() {
    let (mut f, _server) = connected(4);
    let first = sync(&mut f, WRITE).unwrap();
    assert!(first.report.created > 0);
    let after_first = state(&f);
    let second = sync(&mut f, WRITE).unwrap();
    assert_eq!(second.report.created, 0);
    assert!(second.report.matched > 0);
    assert!(!second.report.written);
    assert_eq!(state(&f), after_first);
    // read again from the first day: every payment written the first time is matched
    let everything = sync(
        &mut f,
        SyncInput {
            from: Some(day("2026-01-01")),
            ..WRITE
        },
    )
    .unwrap();
    assert_eq!(everything.payments_read, first.payments_read);
    assert_eq!(everything.report.created, 0);
    assert_eq!(everything.report.matched, first.report.created);
    assert_eq!(state(&f), after_first);
}

#[test]
fn helloasso_csv_then_api_and_api_then_csv_never_double() {
    // a CSV first: the API finds every payment already there
    let (mut f, _server) = connected(5);
    let csv_report = import_csv(&mut f, "paiements.csv");
    let after_csv = state(&f);
    let api = sync(&mut f, WRITE).unwrap();
    assert_eq!(api.report.created, 0, "{:?}", api.report.rows);
    assert_eq!(api.report.matched, csv_report.created);
    assert_eq!(state(&f), after_csv);

    // the API first: the CSV finds every payment already there
    let (mut g, _server2) = connected(5);
    let api = sync(&mut g, WRITE).unwrap();
    let after_api = state(&g);
    let again = import_csv(&mut g, "paiements.csv");
    assert_eq!(again.created, 0, "{:?}", again.rows);
    assert_eq!(again.matched, api.report.created);
    assert_eq!(state(&g), after_api);

    // and the membership-form export's order 84512301 is the API's payment 101203401
    let form = import_csv(&mut g, "adhesions.csv");
    let order = form
        .rows
        .iter()
        .find(|r| r.reference.as_deref() == Some("84512301"))
        .unwrap();
    assert_eq!(order.outcome, Outcome::Matched);
}

#[test]
fn helloasso_form_export_then_api_matches_the_order() {
    let (mut f, _server) = connected(20);
    let form = import_csv(&mut f, "adhesions.csv");
    assert_eq!(outcome_of(&form, "84512301"), Outcome::Created);
    let api = sync(&mut f, WRITE).unwrap();
    // the membership of order 84512301 is already there (its extra donation is not: the
    // form export has none, as with a CSV payments export after it)
    assert_eq!(outcome_of(&api.report, "101203401"), Outcome::Matched);
}

/// A clock that moves on 10 minutes each time it is read.
struct FastClock {
    start: Instant,
    reads: AtomicU64,
}

impl Clock for FastClock {
    fn now(&self) -> Instant {
        let n = self.reads.fetch_add(1, Ordering::SeqCst);
        self.start + Duration::from_secs(600 * n)
    }
    fn sleep(&self, _: Duration) {}
}

fn client_of(server: &MockHelloasso, secret: &str, org: &str) -> Client {
    Client::new(
        Credentials {
            api_url: server.url.clone(),
            organization: org.into(),
            client_id: CLIENT_ID.into(),
            client_secret: secret.into(),
        },
        Duration::from_secs(5),
    )
}

#[test]
fn helloasso_token_is_renewed_before_it_ends() {
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    server.set(|s| {
        s.page_size = 3;
        s.expires_in = 650;
    });
    let mut client = client_of(&server, CLIENT_SECRET, ORG).with_clock(Arc::new(FastClock {
        start: Instant::now(),
        reads: AtomicU64::new(0),
    }));
    let payments = client.payments(None).unwrap();
    assert_eq!(payments.len(), payments_of_the_csv_fixture().len());
    // read at 0, 10, 20, 30 min: each time 50 s are left of the token (10 min 50 s): less
    // than the minute kept in hand, so it is renewed (by its refresh token) before it ends
    let grants: Vec<String> = server
        .token_requests()
        .iter()
        .map(|t| t["grant_type"].clone())
        .collect();
    assert_eq!(
        grants,
        [
            "client_credentials",
            "refresh_token",
            "refresh_token",
            "refresh_token"
        ]
    );
    assert_eq!(client.tokens_refreshed, 3);
    let used: Vec<String> = server
        .page_requests()
        .iter()
        .map(|p| p.header("authorization").unwrap().to_string())
        .collect();
    assert_eq!(
        used,
        [
            "Bearer access-1",
            "Bearer access-2",
            "Bearer access-3",
            "Bearer access-4"
        ],
        "no call went out with an ended token"
    );
}

#[test]
fn helloasso_token_refused_mid_sync_is_renewed_once_and_the_sync_completes() {
    let (mut f, server) = connected(3);
    // the server stops taking each token after two pages, as when it expires early
    server.set(|s| s.token_uses = Some(2));
    let done = sync(&mut f, WRITE).unwrap();
    assert_eq!(done.payments_read, payments_of_the_csv_fixture().len());
    let grants: Vec<String> = server
        .token_requests()
        .iter()
        .map(|t| t["grant_type"].clone())
        .collect();
    assert_eq!(grants, ["client_credentials", "refresh_token"]);
    assert!(server
        .token_requests()
        .iter()
        .all(|t| t.get("client_secret").is_none() || t["grant_type"] == "client_credentials"));
}

#[test]
fn helloasso_token_refused_twice_is_an_error_by_name() {
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    server.set(|s| s.token_uses = Some(0));
    let error = client_of(&server, CLIENT_SECRET, ORG)
        .payments(None)
        .unwrap_err();
    assert_eq!(error, ApiError::Unauthorised);
    assert!(error.into_error().to_string().contains("401"));
}

#[test]
fn helloasso_rate_limit_server_error_and_malformed_json_write_nothing_and_say_so() {
    let cases = [
        (
            Failure::Status {
                status: 429,
                body: String::new(),
                retry_after: Some(120),
            },
            ApiError::RateLimited {
                retry_after_secs: Some(120),
            },
            ["429", "120 s"],
        ),
        (
            Failure::Status {
                status: 500,
                body: "{\"errors\":[]}".into(),
                retry_after: None,
            },
            ApiError::ServerError { status: 500 },
            ["500", "rien n'a été écrit"],
        ),
        (
            Failure::Malformed("{\"data\": [{\"id\": \"not a number\"}]}".into()),
            ApiError::Malformed {
                detail: String::new(),
            },
            ["illisible", "JSON"],
        ),
    ];
    for (failure, expected, words) in cases {
        // the second page fails: the first one's payments must not be written either
        let (mut f, server) = connected(3);
        server.set(|s| s.failures = [None, Some(failure.clone())].into());
        let before = state(&f);
        let error = sync(&mut f, WRITE).unwrap_err();
        let message = error.to_string();
        for w in words {
            assert!(message.contains(w), "{message} lacks {w}");
        }
        assert_eq!(state(&f), before, "{failure:?} wrote something");
        assert_eq!(
            helloasso_sync::settings(&f.db).unwrap().unwrap().synced_on,
            None
        );

        server.set(|s| s.failures = [Some(failure.clone())].into());
        let got = client_of(&server, CLIENT_SECRET, ORG)
            .payments(None)
            .unwrap_err();
        match (&got, &expected) {
            (ApiError::Malformed { .. }, ApiError::Malformed { .. }) => {}
            _ => assert_eq!(got, expected),
        }
    }
}

#[test]
fn helloasso_wrong_secret_and_wrong_organisation_are_refused_by_name() {
    let server = MockHelloasso::start(payments_of_the_csv_fixture());
    let wrong = client_of(&server, "not-the-secret", ORG)
        .payments(None)
        .unwrap_err();
    assert!(
        matches!(&wrong, ApiError::BadCredentials { detail } if detail.contains("invalid_client")),
        "{wrong:?}"
    );
    let other = client_of(&server, CLIENT_SECRET, "une-autre-asso")
        .payments(None)
        .unwrap_err();
    assert_eq!(other, ApiError::Forbidden);

    let mut f = with_plans();
    configure(&mut f, &server, "not-the-secret");
    let before = state(&f);
    let message = sync(&mut f, WRITE).unwrap_err().to_string();
    assert!(message.contains("secret"), "{message}");
    assert_eq!(state(&f), before);
}

#[test]
fn helloasso_sync_reads_from_the_day_asked_else_before_the_last_sync() {
    let (mut f, server) = connected(20);
    let first = sync(&mut f, WRITE).unwrap();
    assert_eq!(first.from, None);
    assert_eq!(server.page_requests()[0].query().get("from"), None);

    let second = sync(&mut f, DRY).unwrap();
    let expected = day(TODAY) - chrono::Duration::days(helloasso_sync::SYNC_OVERLAP_DAYS);
    assert_eq!(second.from, Some(expected));
    let last = server.page_requests().pop().unwrap();
    assert_eq!(last.query()["from"], format!("{expected}T00:00:00"));
    // only the payments from that day on
    assert_eq!(second.payments_read, 4, "{:?}", second.report.rows);

    let asked = sync(
        &mut f,
        SyncInput {
            from: Some(day("2026-03-01")),
            ..DRY
        },
    )
    .unwrap();
    assert_eq!(asked.from, Some(day("2026-03-01")));
    assert_eq!(asked.payments_read, 6);
}

#[test]
fn helloasso_secret_is_kept_out_of_the_file() {
    let (f, _server) = connected(20);
    let settings = helloasso_sync::settings(&f.db).unwrap().unwrap();
    assert!(settings.has_secret);
    assert_eq!(settings.client_id, CLIENT_ID);
    let path = f.path();
    drop(f.db);
    for file in [path.clone(), path.with_extension("sqlite-wal")] {
        if let Ok(bytes) = std::fs::read(&file) {
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(CLIENT_SECRET), "{} holds it", file.display());
        }
    }
}

#[test]
fn helloasso_configure_refuses_bad_input_and_changes_nothing() {
    let mut f = with_plans();
    let before = state(&f);
    for (input, field) in [
        (
            ConfigureInput {
                organization: "Mon Asso !".into(),
                client_id: CLIENT_ID.into(),
                client_secret: Some("s".into()),
                api_url: None,
            },
            Field::Organization,
        ),
        (
            ConfigureInput {
                organization: ORG.into(),
                client_id: String::new(),
                client_secret: Some("s".into()),
                api_url: None,
            },
            Field::ClientId,
        ),
        (
            ConfigureInput {
                organization: ORG.into(),
                client_id: CLIENT_ID.into(),
                client_secret: None,
                api_url: None,
            },
            Field::ClientSecret,
        ),
        (
            ConfigureInput {
                organization: ORG.into(),
                client_id: CLIENT_ID.into(),
                client_secret: Some("s".into()),
                api_url: Some("http://api.example.org".into()),
            },
            Field::Url,
        ),
    ] {
        let error = helloasso_sync::configure(&mut f.db, &input).unwrap_err();
        // the field by its key, placed by each transport (the form's input, the CLI's flag),
        // and no flag spelled in the core's words
        assert_eq!(error.field(), Some(field), "{error}");
        assert!(!error.to_string().contains("--"), "{error}");
    }
    assert_eq!(state(&f), before);
    assert!(helloasso_sync::settings(&f.db).unwrap().is_none());
    let message = sync(&mut f, WRITE).unwrap_err().to_string();
    assert!(message.contains("panier helloasso configure"), "{message}");
}

#[test]
fn helloasso_payment_refunded_in_part_is_left_out_like_a_refund() {
    let mut payments = payments_of_the_csv_fixture();
    // the first payment, still authorised, with one refund operation of its donation
    payments[0]["refundOperations"] =
        serde_json::json!([{"id": 1, "amount": 1000, "status": "Processed"}]);
    let server = MockHelloasso::start(payments);
    let mut f = with_plans();
    configure(&mut f, &server, CLIENT_SECRET);
    let done = sync(&mut f, WRITE).unwrap();
    let row = done
        .report
        .rows
        .iter()
        .find(|r| r.reference.as_deref() == Some("101203401"))
        .unwrap();
    assert_eq!(row.outcome, Outcome::Skipped);
    assert!(row.reason.contains("Remboursé en partie"), "{}", row.reason);
    assert!(entries(&f).iter().all(|e| !e.0.contains("101203401")));
}
