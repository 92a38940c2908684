//! HelloAsso without files, from the team server: the owner connects the association's
//! HelloAsso account (its secret kept in the server's secret store, never in the file nor in
//! an answer), the treasurer syncs the payments against a fake HelloAsso on 127.0.0.1
//! answering in the API's documented shapes (tests/support/helloasso_mock.rs), a dry run
//! first; the other roles are refused by the operation layer. The requests and answers are
//! the window's forms' own (camelCase), so a browser sends what the window sends.

use crate::helloasso_mock::CLIENT_SECRET;
use crate::helloasso_mock::{payments_of_the_csv_fixture, MockHelloasso, CLIENT_ID, ORG};
use crate::support::Server;
use serde_json::json;

fn entries(server: &Server) -> i64 {
    server
        .open_db()
        .conn()
        .query_row("SELECT count(*) FROM ledger_entries", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn the_owner_connects_helloasso_and_the_treasurer_syncs_from_the_server() {
    let helloasso = MockHelloasso::start(payments_of_the_csv_fixture());
    let server = Server::start_preparing(|db| {
        for plan in crate::plans_input::helloasso_plans() {
            panier::membership::plans::add(db, &plan).unwrap();
        }
    });
    let (olga, tom, aude) = (
        server.login("olga"),
        server.login("tom"),
        server.login("aude"),
    );
    let configure = json!({"organization": ORG, "clientId": CLIENT_ID,
        "clientSecret": CLIENT_SECRET, "apiUrl": helloasso.url});

    // A setting of the association: the owner's, not the treasurer's.
    let refused = server.post("/api/ops/helloasso_configure", Some(&tom), true, &configure);
    assert_eq!(refused.status, 403, "{:?}", refused.body);

    // A bad slug is refused, its field named (no CLI flag in the words), and nothing is kept.
    let mut bad = configure.clone();
    bad["organization"] = json!("mon asso !");
    let refused = server.post("/api/ops/helloasso_configure", Some(&olga), true, &bad);
    assert_eq!(refused.status, 422, "{:?}", refused.body);
    assert_eq!(refused.body["field"], "organization", "{:?}", refused.body);
    let said = refused.body["message"].as_str().unwrap_or_default();
    assert!(
        said.starts_with("organisation : ") && !said.contains("--"),
        "{said}"
    );
    let status = server.post("/api/ops/helloasso_status", Some(&tom), true, &json!(null));
    assert_eq!(status.body, json!(null), "nothing kept after a refusal");

    let done = server.post(
        "/api/ops/helloasso_configure",
        Some(&olga),
        true,
        &configure,
    );
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["hasSecret"], true);
    assert!(
        !done.body.to_string().contains(CLIENT_SECRET),
        "{:?}",
        done.body
    );

    // The treasurer sees the connection (never the secret)…
    let status = server.post("/api/ops/helloasso_status", Some(&tom), true, &json!(null));
    assert_eq!(status.status, 200, "{:?}", status.body);
    assert_eq!(status.body["organization"], ORG);
    assert_eq!(status.body["hasSecret"], true);
    assert!(!status.body.to_string().contains(CLIENT_SECRET));

    // …checks first: every payment read, nothing written…
    let before = entries(&server);
    let dry = server.post(
        "/api/ops/helloasso_sync",
        Some(&tom),
        true,
        &json!({"dryRun": true, "skipInvalid": false}),
    );
    assert_eq!(dry.status, 200, "{:?}", dry.body);
    let payments = payments_of_the_csv_fixture().len();
    assert_eq!(dry.body["paymentsRead"], payments);
    assert_eq!(dry.body["report"]["status"], "dry_run");
    assert_eq!(entries(&server), before, "a dry run writes nothing");

    // …an auditor may not sync…
    let refused = server.post(
        "/api/ops/helloasso_sync",
        Some(&aude),
        true,
        &json!({"dryRun": false, "skipInvalid": false}),
    );
    assert_eq!(refused.status, 403, "{:?}", refused.body);
    assert_eq!(entries(&server), before);

    // …then syncs for real, with the token HelloAsso gave for the secret kept on the server.
    let synced = server.post(
        "/api/ops/helloasso_sync",
        Some(&tom),
        true,
        &json!({"dryRun": false, "skipInvalid": false}),
    );
    assert_eq!(synced.status, 200, "{:?}", synced.body);
    assert_eq!(synced.body["report"]["status"], "imported");
    let created = synced.body["report"]["entriesCreated"].as_i64().unwrap();
    assert!(created > 0, "{:?}", synced.body["report"]);
    assert_eq!(entries(&server), before + created);
    assert_eq!(
        helloasso.token_requests()[0]["client_secret"],
        CLIENT_SECRET
    );

    // The secret is in the server's secret store, not in the association's file.
    let file = std::fs::read(server.db_path()).unwrap();
    let secret = CLIENT_SECRET.as_bytes();
    assert!(!file.windows(secret.len()).any(|w| w == secret));
    assert!(server.dir.path().join("secrets").is_dir());
}
