//! Files both ways over HTTP: a Paheko association's file sent whole to be imported (and a
//! body over the limit refused by name), the CSV imports' files sent whole (a members CSV's
//! columns, its import, a HelloAsso export's), a member's data export answered as a ZIP to download,
//! each per role; and the report's page described in the OpenAPI document.

use crate::support::{Server, USERS};
use base64::Engine;
use panier::ops::exports::FileBytes;
use serde_json::json;

/// A file of the workspace's tests/data, as base64 (how the operations take a file).
fn test_data(path: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(path);
    base64::engine::general_purpose::STANDARD.encode(std::fs::read(path).unwrap())
}

fn paheko_file() -> String {
    test_data("paheko/association-1.3.sqlite")
}

fn count_members(server: &Server) -> i64 {
    let db = server.open_db();
    db.conn()
        .query_row("SELECT COUNT(*) FROM members", [], |r| r.get::<_, i64>(0))
        .unwrap()
}

#[test]
fn the_csv_imports_take_the_file_sent_whole_by_the_roles_of_each() {
    use panier::ops::imports::{ImportHelloasso, ImportMembers, MemberColumnsOf};
    use panier::ops::Operation;
    let server = Server::start();
    let members_csv = "Prénom;Nom;Courriel\nZoé;Marchetti;zoe.marchetti@example.org\n";
    let members = base64::engine::general_purpose::STANDARD.encode(members_csv);
    let mapping = json!([{"column": "Prénom", "field": "first_name"},
        {"column": "Nom", "field": "last_name"}, {"column": "Courriel", "field": "email"}]);
    let payments = test_data("helloasso/paiements.csv");
    let payment_lines = String::from_utf8(
        base64::engine::general_purpose::STANDARD
            .decode(&payments)
            .unwrap(),
    )
    .unwrap()
    .lines()
    .filter(|line| !line.trim().is_empty())
    .count()
        - 1;
    let before = count_members(&server);
    let asks = [
        (
            MemberColumnsOf::NAME,
            MemberColumnsOf::ACCESS,
            json!({"content": members}),
        ),
        (
            ImportMembers::NAME,
            ImportMembers::ACCESS,
            json!({"content": members, "mapping": mapping, "dryRun": true}),
        ),
        (
            ImportHelloasso::NAME,
            ImportHelloasso::ACCESS,
            json!({"content": payments, "dryRun": true}),
        ),
    ];
    for (operation, access, body) in &asks {
        for (user, role) in USERS {
            let login = server.login(user);
            let answer = server.post(&format!("/api/ops/{operation}"), Some(&login), true, body);
            let allowed = role.may(*access);
            assert_eq!(
                (*operation, user, answer.status),
                (*operation, user, if allowed { 200 } else { 403 }),
                "{:?}",
                answer.body
            );
            if !allowed {
                continue;
            }
            let answer = &answer.body;
            match *operation {
                "import_member_columns" => {
                    let fields: Vec<_> = answer["columns"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|c| (c["column"].as_str(), c["field"].as_str()))
                        .collect();
                    let expected = [
                        (Some("Prénom"), Some("first_name")),
                        (Some("Nom"), Some("last_name")),
                        (Some("Courriel"), None),
                    ];
                    assert_eq!(fields, expected, "{answer}");
                    assert!(answer["fields"]
                        .as_array()
                        .unwrap()
                        .contains(&json!("email")));
                }
                "import_members_file" => {
                    assert_eq!(
                        (answer["status"].as_str(), answer["created"].as_i64()),
                        (Some("dry_run"), Some(1))
                    );
                }
                _ => {
                    assert_eq!(answer["status"], "dry_run", "{answer}");
                    assert_eq!(answer["rows"].as_array().unwrap().len(), payment_lines);
                }
            }
        }
    }
    assert_eq!(count_members(&server), before, "the dry runs wrote nothing");

    let sara = server.login("sara");
    let import = json!({"content": members, "mapping": mapping});
    let done = server.post("/api/ops/import_members_file", Some(&sara), true, &import);
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["status"], "imported");
    assert_eq!(count_members(&server), before + 1);
}

#[test]
fn a_paheko_file_is_sent_whole_checked_then_imported_by_the_roles_of_money() {
    let server = Server::start();
    let content = paheko_file();
    let check = json!({"content": content, "fileName": "association.sqlite", "dryRun": true});
    for (user, role) in USERS {
        let login = server.login(user);
        let answer = server.post("/api/ops/import_paheko_file", Some(&login), true, &check);
        let allowed = role.may(panier::ops::Access::Write(panier::ops::Area::Money));
        assert_eq!(
            (user, answer.status),
            (user, if allowed { 200 } else { 403 }),
            "{:?}",
            answer.body
        );
        if allowed {
            assert_eq!(answer.body["status"], "dry_run");
            assert_eq!(answer.body["written"], false);
            assert!(answer.body["membersCreated"].as_i64().unwrap() > 0);
        }
    }
    let members = count_members;
    assert_eq!(members(&server), 0, "the dry runs wrote nothing");

    let tom = server.login("tom");
    let import = json!({"content": content, "fileName": "association.sqlite"});
    let done = server.post("/api/ops/import_paheko_file", Some(&tom), true, &import);
    assert_eq!(done.status, 200, "{:?}", done.body);
    assert_eq!(done.body["status"], "imported");
    assert_eq!(
        Some(members(&server)),
        done.body["membersCreated"].as_i64(),
        "every member created is in the server's file"
    );

    // not SQLite: refused naming the file as the user sent it, not the server's copy
    let text = base64::engine::general_purpose::STANDARD.encode("nom;email\n");
    let bad = json!({"content": text, "fileName": "export.csv", "dryRun": true});
    let refused = server.post_with(
        "/api/ops/import_paheko_file",
        Some(&tom),
        true,
        &bad,
        Some("en"),
    );
    assert_eq!(refused.status, 409, "{:?}", refused.body);
    let message = refused.body["message"].as_str().unwrap();
    assert!(
        message.starts_with("export.csv: ") && message.contains("SQLite"),
        "{message}"
    );
    assert!(!message.contains("panier-import-"), "{message}");
}

#[test]
fn a_request_over_the_limit_is_refused_with_413_said_in_words() {
    let server = Server::start();
    let tom = server.login("tom");
    let limit = panier_server::api::BODY_LIMIT;
    let huge = json!({"content": "A".repeat(limit), "dryRun": true});
    let answer = server.post_with(
        "/api/ops/import_paheko_file",
        Some(&tom),
        true,
        &huge,
        Some("en"),
    );
    assert_eq!(answer.status, 413, "{:?}", answer.body);
    assert_eq!(answer.body["error"], "too_large");
    let message = answer.body["message"].as_str().unwrap();
    assert!(message.contains("64 MiB"), "{message}");
}

#[test]
fn a_members_data_export_is_a_zip_for_the_owner_and_the_secretary_only() {
    let server = Server::start();
    let olga = server.login("olga");
    let member = json!({"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"});
    let added = server.post("/api/members", Some(&olga), true, &member);
    assert_eq!(added.status, 200, "{:?}", added.body);
    let id = added.body["id"].as_i64().unwrap();
    let asked = json!({"id": id, "date": "2026-11-22"});
    for (user, role) in USERS {
        let login = server.login(user);
        let answer = server.post("/api/ops/export_member_data", Some(&login), true, &asked);
        let allowed = matches!(
            role,
            panier::ops::Role::Owner | panier::ops::Role::Secretary
        );
        assert_eq!(
            (user, answer.status),
            (user, if allowed { 200 } else { 403 }),
            "{:?}",
            answer.body
        );
        if !allowed {
            assert_eq!(answer.body["error"], "forbidden");
            continue;
        }
        let file: FileBytes = serde_json::from_value(answer.body.clone()).unwrap();
        assert_eq!(file.media_type, "application/zip");
        assert!(
            file.file_name.ends_with("2026-11-22.zip") && file.file_name.contains("lovelace"),
            "{}",
            file.file_name
        );
        let bytes = file.bytes().unwrap();
        assert_eq!((&bytes[..2], bytes.len() as i64), (&b"PK"[..], file.size));
        // the core's own export of that member on that day, to the byte
        let db = server.open_db();
        let day = panier::kernel::dates::parse_date("date", "2026-11-22").unwrap();
        let made =
            panier::rights::export::zip_bytes(db.conn(), panier::kernel::ids::MemberId(id), day)
                .unwrap();
        assert_eq!(bytes, made);
    }
    let missing = server.post(
        "/api/ops/export_member_data",
        Some(&olga),
        true,
        &json!({"id": id + 100}),
    );
    assert_eq!(missing.status, 404, "{:?}", missing.body);
}

#[test]
fn the_report_page_is_described_with_its_parameters_and_html_answer() {
    let server = Server::start();
    let doc = server.get("/api/openapi.json", None);
    let preview = &doc.body["paths"]["/api/report/preview"]["get"];
    let names: Vec<&str> = preview["parameters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["year", "page", "language"]);
    assert_eq!(
        preview["parameters"][1]["schema"]["enum"],
        json!(["economic", "transparency"])
    );
    assert!(preview["responses"]["200"]["content"]["text/html"].is_object());
}
