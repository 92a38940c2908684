//! `panier report` and `panier charter`, run as a user would.

use crate::support::{ok_on as ok, run_on as run};

#[test]
fn report_writes_every_output_asked() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assoc.sqlite");
    ok(&db, &["init", "--name", "AMIPO"]);
    ok(&db, &["seed", "--members", "80", "--until", "2026-11-22"]);
    ok(&db, &["settings", "set", "host_provider_type", "hostedbay"]);
    ok(
        &db,
        &["settings", "set", "website", "https://amipo.example"],
    );
    let id = ok(
        &db,
        &[
            "charter",
            "software",
            "add",
            "--name",
            "Nextcloud",
            "--version",
            "30.0.2",
            "--licence",
            "AGPL-3.0-or-later",
            "--service",
            "nextcloud",
            "--format",
            "json",
        ],
    );
    assert!(id.contains("\"id\""), "{id}");
    ok(
        &db,
        &[
            "charter",
            "authority-request",
            "add",
            "--date",
            "15/03/2025",
            "--authority",
            "Gendarmerie",
            "--kind",
            "identification",
        ],
    );
    ok(
        &db,
        &[
            "charter",
            "authority-request",
            "answer",
            "1",
            "--answer",
            "Rien",
            "--date",
            "2025-03-20",
        ],
    );
    ok(
        &db,
        &[
            "charter",
            "signoff",
            "add",
            "--admin",
            "Camille",
            "--date",
            "2025-01-01",
        ],
    );
    let list = ok(
        &db,
        &["charter", "authority-request", "list", "--format", "json"],
    );
    assert!(
        list.contains("Gendarmerie") && list.contains("2025-03-20"),
        "{list}"
    );

    let html = dir.path().join("out/rapport.html");
    let em = dir.path().join("out/modele.html");
    let pdf = dir.path().join("out/rapport.pdf");
    let ci = dir.path().join("out/chatonsinfos");
    let json = ok(
        &db,
        &[
            "--lang",
            "en",
            "report",
            "--year",
            "2025",
            "--html",
            html.to_str().unwrap(),
            "--economic-model",
            em.to_str().unwrap(),
            "--pdf",
            pdf.to_str().unwrap(),
            "--chatonsinfos",
            ci.to_str().unwrap(),
            "--format",
            "json",
        ],
    );
    let figures: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(figures["year"], 2025);
    assert_eq!(figures["charter"]["authority_requests"]["received"], 1);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("Transparency report"));
    assert!(std::fs::read_to_string(&em)
        .unwrap()
        .contains("Our economic model"));
    let props = std::fs::read_to_string(ci.join("nextcloud.properties")).unwrap();
    assert!(props.contains("host.provider.type = HOSTEDBAY"), "{props}");
    assert!(props.contains("software.version = 30.0.2"), "{props}");
    assert!(ci.join("organization.properties").exists());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    // nothing to write is an error a person can read
    let out = run(&db, &["report", "--year", "2025"]);
    assert!(!out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with("panier: ") && err.contains("--html"),
        "{err}"
    );
    // a bad kind of request is refused and changes nothing
    let out = run(
        &db,
        &[
            "charter",
            "authority-request",
            "add",
            "--date",
            "2025-01-01",
            "--authority",
            "X",
            "--kind",
            "hmm",
        ],
    );
    assert!(!out.status.success());
    let list = ok(
        &db,
        &["charter", "authority-request", "list", "--format", "json"],
    );
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&list)
            .unwrap()
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

/// Issue #16: a link setting that is not http(s) is left out of the public files, and the
/// command says so on stderr (the report is still written).
#[test]
fn report_warns_of_a_link_it_leaves_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("assoc.sqlite");
    ok(&db, &["init", "--name", "AMIPO"]);
    // `settings set` refuses such a link today; a file from before that rule may hold one.
    let refused = run(&db, &["settings", "set", "logo_url", "file:///etc/passwd"]);
    assert!(!refused.status.success());
    rusqlite::Connection::open(&db)
        .unwrap()
        .execute(
            "INSERT OR REPLACE INTO settings (key, value) VALUES ('logo_url', 'file:///etc/passwd')",
            [],
        )
        .unwrap();
    let ci = dir.path().join("ci");
    let out = run(
        &db,
        &[
            "report",
            "--year",
            "2025",
            "--chatonsinfos",
            ci.to_str().unwrap(),
        ],
    );
    assert!(out.status.success());
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.contains(
            "Attention : le réglage « logo_url » (file:///etc/passwd) n'est pas une adresse http(s)"
        ),
        "{err}"
    );
    let org = std::fs::read_to_string(ci.join("organization.properties")).unwrap();
    assert!(org.contains("\norganization.logo = \n"), "{org}");
    assert!(!org.contains("passwd"));
}
