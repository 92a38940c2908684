//! A member's export: complete, theirs only, byte-identical, and complete by construction.

use crate::common::{day, fresh, Fixture};
use panier::books::ledger::Method;
use panier::books::payments::{self, Gift, PlanPayment};
use panier::books::receipts::{self, ReceiptKind};
use panier::demo::seed::{self, SeedOptions};
use panier::hosting::accounts;
use panier::kernel::ids::MemberId;
use panier::membership::plans;
use panier::people::members::{self, MemberInput};
use panier::rights::export::{self, MEMBER_TABLES, OTHER_TABLES};
use panier::rights::requests::{self, NewRequest, RequestKind};
use panier::store::audit::Change;
use panier::store::output::Replace;
use panier::Lang;
use std::collections::BTreeSet;
use std::io::Read;

/// A member whose every personal string is distinctive, so a byte search finds only theirs.
pub struct Helene {
    pub id: MemberId,
    /// every personal string that must vanish on erasure
    pub personal: Vec<&'static str>,
}

pub const EMAIL: &str = "helene.quintard@zorglub.example";

/// A seeded association (14 years, ending 2026-11-01) plus Hélène Quintard, with old and
/// recent payments, a donation, two accounts, a consent and two requests.
pub fn seeded_with_helene(f: &mut Fixture, lang: Lang) -> Helene {
    seed::seed(
        &mut f.db,
        &SeedOptions {
            members: 25,
            years: 14,
            seed: 7,
            until: Some(day("2026-11-01")),
        },
    )
    .unwrap();
    let id = members::add(
        &mut f.db,
        &MemberInput {
            first_name: "Hélène".into(),
            last_name: "Quintard".into(),
            email: EMAIL.into(),
            street: "17 rue des Quenouilles".into(),
            postal_code: "45370".into(),
            city: "Cléry-Saint-André".into(),
            country: "France".into(),
            phone: "06 98 76 54 32".into(),
            lang,
            joined_on: Some(day("2013-02-01")),
            notes: "Préfère le courrier, voisine de la présidente".into(),
            ..Default::default()
        },
    )
    .unwrap();
    let fee = plans::find(f.db.conn(), "Adhésion").unwrap().id;
    let price = plans::get(f.db.conn(), fee).unwrap().amount_cents;
    for date in ["2013-02-01", "2014-02-03", "2020-01-15", "2026-01-10"] {
        let paid = payments::pay_plan(
            &mut f.db,
            &PlanPayment {
                member: id,
                plan: fee,
                amount_cents: price,
                gift_cents: None,
                date: day(date),
                method: Method::Cheque,
                external_ref: None,
            },
        )
        .unwrap();
        if date == "2013-02-01" || date == "2026-01-10" {
            receipts::print_for_entry(
                &mut f.db,
                paid.entry,
                ReceiptKind::Attestation,
                day(date),
                &f.dir.path().join("r.pdf"),
                Replace::Confirmed,
            )
            .unwrap();
        }
    }
    f.db.write(|tx| {
        tx.execute(
            "INSERT INTO reminders_sent (member_id, kind, period_end, member_email, channel, sent_on, created_at)
             VALUES (?1, 'due', '2026-01-01', ?2, 'mailto', '2025-12-01', '2025-12-01T10:00:00Z')",
            rusqlite::params![id, EMAIL],
        )?;
        Ok(((), Change::new("mark_sent", "reminder", None).member(id)))
    })
    .unwrap();
    payments::give(
        &mut f.db,
        &Gift {
            member: Some(id),
            counterparty: String::new(),
            amount_cents: 5000,
            date: day("2025-12-20"),
            method: Method::Transfer,
            subsidy: false,
            label: "Don de fin d'année Hélène Quintard (tél. 0698765432)".into(),
            external_ref: None,
        },
    )
    .unwrap();
    accounts::add(&mut f.db, id, "nextcloud", "hquintard", 10_000_000_000).unwrap();
    accounts::add(&mut f.db, id, "mastodon", "helene.quintard", 0).unwrap();
    f.db.write(|tx| {
        tx.execute(
            "INSERT INTO consents (member_id, purpose, given_on) VALUES (?1, 'lettre d''information', '2024-05-01')",
            [id],
        )?;
        Ok(((), Change::new("add", "consent", None).member(id)))
    })
    .unwrap();
    for (kind, received) in [
        (RequestKind::Access, "2026-10-20"),
        (RequestKind::Erasure, "2026-11-10"),
    ] {
        requests::add(
            &mut f.db,
            &NewRequest {
                member: id,
                kind,
                received_on: day(received),
                identity_check: format!("courriel envoyé depuis {EMAIL}"),
                notes: String::new(),
            },
            day("2026-11-20"),
        )
        .unwrap();
    }
    Helene {
        id,
        personal: vec![
            "Quintard",
            "quintard",
            EMAIL,
            "06 98 76 54 32",
            "0698765432",
            "17 rue des Quenouilles",
            "Quenouilles",
            "Cléry-Saint-André",
            "45370",
            "hquintard",
            "voisine de la présidente",
        ],
    }
}

fn ids(conn: &rusqlite::Connection, sql: &str, m: MemberId) -> BTreeSet<i64> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([m], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn column_ids(t: &export::TableRows, column: &str) -> BTreeSet<i64> {
    let i = t.columns.iter().position(|c| c == column).unwrap();
    t.rows.iter().filter_map(|r| r[i].as_i64()).collect()
}

pub fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            (file.name().unwrap().to_string(), content)
        })
        .collect()
}

#[test]
fn the_export_holds_every_payment_account_and_request_of_the_member_and_nothing_else() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    let conn = f.db.conn();
    let data = export::collect(conn, h.id, day("2026-11-22")).unwrap();

    let table = |name: &str| data.table(name).unwrap();
    let expect = [
        ("ledger_entries", "SELECT id FROM ledger_entries WHERE member_id = ?1"),
        ("service_accounts", "SELECT id FROM service_accounts WHERE member_id = ?1"),
        ("data_requests", "SELECT id FROM data_requests WHERE member_id = ?1"),
        ("subscriptions", "SELECT id FROM subscriptions WHERE member_id = ?1"),
        ("consents", "SELECT id FROM consents WHERE member_id = ?1"),
        ("receipts", "SELECT id FROM receipts WHERE member_id = ?1"),
        ("reminders_sent", "SELECT id FROM reminders_sent WHERE member_id = ?1"),
        ("audit_log", "SELECT id FROM audit_log WHERE member_id = ?1"),
        (
            "ledger_lines",
            "SELECT l.id FROM ledger_lines l JOIN ledger_entries e ON e.id = l.entry_id WHERE e.member_id = ?1",
        ),
    ];
    for (name, sql) in expect {
        let want = ids(conn, sql, h.id);
        assert!(!want.is_empty(), "{name}: the fixture gives Hélène rows");
        assert_eq!(column_ids(table(name), "id"), want, "{name}");
    }
    assert_eq!(column_ids(table("ledger_entries"), "id").len(), 5);
    assert_eq!(column_ids(table("service_accounts"), "id").len(), 2);
    assert_eq!(column_ids(table("data_requests"), "id").len(), 2);
    // nothing of anyone else: every member_id column names her
    for t in &data.tables {
        if t.columns.iter().any(|c| c == "member_id") {
            assert!(
                column_ids(t, "member_id").is_subset(&BTreeSet::from([h.id.0])),
                "{}",
                t.table
            );
        }
    }

    // the ZIP itself: her data in member.json, nobody else's email anywhere
    let bytes = export::zip_bytes(conn, h.id, day("2026-11-22")).unwrap();
    let files = unzip(&bytes);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    for needed in [
        "member.json",
        "format.json",
        "summary.html",
        "summary.pdf",
        "ledger_entries.csv",
        "service_accounts.csv",
        "data_requests.csv",
    ] {
        assert!(names.contains(&needed), "{needed} missing from {names:?}");
    }
    let json: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "member.json").unwrap().1).unwrap();
    assert_eq!(json["member"]["email"], EMAIL);
    assert_eq!(json["ledger_entries"].as_array().unwrap().len(), 5);
    assert_eq!(json["service_accounts"].as_array().unwrap().len(), 2);
    assert_eq!(json["data_requests"].as_array().unwrap().len(), 2);
    assert!(
        json["audit_log"][0]["after"].is_object(),
        "audit JSON is JSON"
    );
    let others: Vec<String> = {
        let mut stmt = conn
            .prepare("SELECT email FROM members WHERE id <> ?1")
            .unwrap();
        stmt.query_map([h.id], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert!(others.len() >= 25);
    for (name, content) in &files {
        let text = String::from_utf8_lossy(content);
        for email in &others {
            assert!(!text.contains(email.as_str()), "{name} holds {email}");
        }
    }
    let format: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "format.json").unwrap().1).unwrap();
    assert_eq!(format["format"], export::FORMAT_NAME);
    assert_eq!(format["version"], export::FORMAT_VERSION);
    let csv = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n == "ledger_entries.csv")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert_eq!(csv.lines().count(), 1 + 5, "{csv}");
}

#[test]
fn the_same_data_gives_a_byte_identical_zip() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    let on = day("2026-11-22");
    let first = export::zip_bytes(f.db.conn(), h.id, on).unwrap();
    drop(f.db);
    let db = panier::Database::open(&f.dir.path().join("panier.sqlite")).unwrap();
    let second = export::zip_bytes(db.conn(), h.id, on).unwrap();
    assert_eq!(first, second);
    // the date passed in is the only date of the export itself
    let other_day = export::zip_bytes(db.conn(), h.id, day("2026-11-23")).unwrap();
    assert_ne!(first, other_day);
    let html = unzip(&first)
        .into_iter()
        .find(|(n, _)| n == "summary.html")
        .unwrap()
        .1;
    assert!(String::from_utf8(html).unwrap().contains("22/11/2026"));
}

#[test]
fn the_zip_is_written_under_the_members_name_and_date_and_never_overwrites() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::En);
    let dir = f.dir.path().join("exports");
    std::fs::create_dir_all(&dir).unwrap();
    let report = export::export_member(f.db.conn(), h.id, day("2026-11-22"), &dir).unwrap();
    let name = report
        .path
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    assert_eq!(
        name,
        format!("member-data-{}-helene-quintard-2026-11-22.zip", h.id)
    );
    assert!(export::export_member(f.db.conn(), h.id, day("2026-11-22"), &dir).is_err());
    // a folder named with a final slash is made
    let fresh_dir = format!("{}/new-folder/", f.dir.path().display());
    let report = export::export_member(
        f.db.conn(),
        h.id,
        day("2026-11-22"),
        std::path::Path::new(&fresh_dir),
    )
    .unwrap();
    assert!(report.path.ends_with(format!(
        "new-folder/member-data-{}-helene-quintard-2026-11-22.zip",
        h.id
    )));
    let files = unzip(&std::fs::read(&report.path).unwrap());
    let html = String::from_utf8(
        files
            .iter()
            .find(|(n, _)| n == "summary.html")
            .unwrap()
            .1
            .clone(),
    )
    .unwrap();
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Your data at AMIPO"));
    assert!(html.contains("legal obligation"));
    assert!(html.contains("CNIL"));
}

/// Tables and what points at what, read from the schema itself.
fn schema(conn: &rusqlite::Connection) -> Vec<(String, Vec<String>, Vec<String>)> {
    let mut stmt = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let columns = export::columns(conn, &t).unwrap();
            let mut fk = conn
                .prepare("SELECT \"table\" FROM pragma_foreign_key_list(?1)")
                .unwrap();
            let parents: Vec<String> = fk
                .query_map([&t], |r| r.get(0))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            (t, columns, parents)
        })
        .collect()
}

/// Column names that hold personal data wherever they appear.
const PERSONAL_COLUMNS: &[&str] = &[
    "member_id",
    "email",
    "phone",
    "first_name",
    "last_name",
    "street",
    "address",
    "postal_code",
    "donor_name",
    "donor_address",
    "member_name",
    "member_address",
    "member_email",
    "login",
];

/// What is wrong with the export's declaration against the schema of `conn`.
fn coverage_problems(conn: &rusqlite::Connection) -> Vec<String> {
    let declared: Vec<&str> = MEMBER_TABLES.iter().map(|t| t.table).collect();
    let others: Vec<&str> = OTHER_TABLES.iter().map(|(t, _)| *t).collect();
    let mut problems = Vec::new();
    for (table, columns, parents) in schema(conn) {
        let exported = declared.contains(&table.as_str());
        let excused = others.contains(&table.as_str());
        if exported && excused {
            problems.push(format!("{table} is in both MEMBER_TABLES and OTHER_TABLES"));
        }
        if !exported && !excused {
            problems.push(format!(
                "{table} is new: add it to export::MEMBER_TABLES (with the rows that are a member's and what erasure does) or to export::OTHER_TABLES (with why it holds no member data)"
            ));
        }
        let personal_column = columns
            .iter()
            .find(|c| PERSONAL_COLUMNS.contains(&c.as_str()));
        let member_parent = parents
            .iter()
            .find(|p| p.as_str() != table && declared.contains(&p.as_str()));
        if !exported {
            if let Some(c) = personal_column {
                problems.push(format!(
                    "{table} has a column {c} but is not in export::MEMBER_TABLES"
                ));
            }
        }
        // a table that holds no member data may point at member tables (an expense's link to
        // its entry) once someone has said why, in OTHER_TABLES
        if !exported && !excused {
            if let Some(p) = member_parent {
                problems.push(format!(
                    "{table} points at {p} (member data) but is not in export::MEMBER_TABLES"
                ));
            }
        }
    }
    for name in &declared {
        if !schema(conn).iter().any(|(t, _, _)| t == name) {
            problems.push(format!(
                "export::MEMBER_TABLES names {name}, which does not exist"
            ));
        }
    }
    problems
}

#[test]
fn every_table_that_holds_member_data_is_exported() {
    let f = fresh();
    let conn = f.db.conn();
    let problems = coverage_problems(conn);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
    // and every declared selection runs
    for t in MEMBER_TABLES {
        export::select_rows(conn, t.table, t.rows, t.json_columns, MemberId(1)).unwrap();
    }
}

#[test]
fn a_new_table_with_member_data_fails_the_coverage_check() {
    let f = fresh();
    let conn = f.db.conn();
    assert!(coverage_problems(conn).is_empty());
    conn.execute_batch(
        "CREATE TABLE wishes (id INTEGER PRIMARY KEY, member_id INTEGER REFERENCES members (id), text TEXT);
         CREATE TABLE account_notes (id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES service_accounts (id));",
    )
    .unwrap();
    let problems = coverage_problems(conn).join("\n");
    assert!(problems.contains("wishes is new"), "{problems}");
    assert!(
        problems.contains("wishes has a column member_id"),
        "{problems}"
    );
    assert!(
        problems.contains("account_notes points at service_accounts"),
        "{problems}"
    );
}

/// Issue #17: a text cell a spreadsheet would run as a formula gets a leading `'`; numbers
/// (amounts in cents, ids), even negative, stay numbers.
#[test]
fn table_csv_guards_formula_text_but_not_numbers() {
    let rows = export::TableRows {
        table: "ledger_entries".into(),
        columns: vec![
            "id".into(),
            "amount_cents".into(),
            "label".into(),
            "note".into(),
        ],
        rows: vec![
            vec![
                serde_json::json!(7),
                serde_json::json!(-1250),
                serde_json::json!("=cmd|' /C calc'!A0"),
                serde_json::Value::Null,
            ],
            vec![
                serde_json::json!(8),
                serde_json::json!(300),
                serde_json::json!("-12,50"),
                serde_json::json!("a, \"b\""),
            ],
        ],
    };
    assert_eq!(
        rows.csv().unwrap(),
        "id,amount_cents,label,note\r\n7,-1250,'=cmd|' /C calc'!A0,\r\n8,300,\"'-12,50\",\"a, \"\"b\"\"\"\r\n"
    );
}

#[test]
fn the_summary_page_escapes_every_text_it_prints() {
    use export::summary::{self, Block, Summary};
    let hostile = "<script>alert(\"x\")</script> & co";
    let escaped = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co";
    let s = Summary {
        lang: Lang::Fr,
        member_id: MemberId(7),
        date: day("2026-11-22"),
        title: hostile.into(),
        subtitle: hostile.into(),
        blocks: vec![
            Block::Heading {
                text: hostile.into(),
            },
            Block::Paragraph {
                text: hostile.into(),
            },
            Block::Fields {
                pairs: vec![(hostile.into(), hostile.into())],
            },
            Block::Table {
                header: vec![hostile.into()],
                rows: vec![vec![hostile.into()]],
            },
            Block::List {
                items: vec![hostile.into(), format!("    {hostile}")],
            },
        ],
    };
    let html = summary::html(&s);
    assert!(!html.contains("<script"), "{html}");
    // title twice (head and h1), subtitle, heading, paragraph, label, value, header, cell,
    // item and sub-item
    assert_eq!(html.matches(escaped).count(), 11, "{html}");
    assert!(html.contains(&format!("<li class=\"sub\">{escaped}</li>")));
    assert!(html.starts_with("<!DOCTYPE html><html lang=\"fr\">"));
}

/// Issue #16: the export holds the member's data, not Panier's workings (no derived search or
/// sort columns), names the hosting provider among those who see it, and says that nothing
/// is decided automatically.
#[test]
fn the_export_leaves_out_internal_columns_and_names_the_host() {
    let mut f = fresh();
    let h = seeded_with_helene(&mut f, Lang::Fr);
    let unnamed = export::zip_bytes(f.db.conn(), h.id, day("2026-11-22")).unwrap();
    let summary_of = |bytes: &[u8]| {
        let html = unzip(bytes)
            .into_iter()
            .find(|(n, _)| n == "summary.html")
            .unwrap()
            .1;
        String::from_utf8(html).unwrap()
    };
    assert!(summary_of(&unnamed).contains("<li>l'hébergeur de nos serveurs : vos données"));
    panier::store::settings::set(&mut f.db, "host_provider_name", "Hetzner Online GmbH").unwrap();
    let bytes = export::zip_bytes(f.db.conn(), h.id, day("2026-11-22")).unwrap();
    let files = unzip(&bytes);

    let internal: Vec<&str> = export::INTERNAL_COLUMNS
        .iter()
        .map(|(_, c, _)| *c)
        .collect();
    assert_eq!(
        internal,
        ["search_text", "sort_key", "revision", "fee_paid_until"]
    );
    for (name, content) in files.iter().filter(|(n, _)| n.ends_with(".csv")) {
        let text = String::from_utf8(content.clone()).unwrap();
        let header: Vec<&str> = text.lines().next().unwrap().split(',').collect();
        for column in &internal {
            assert!(!header.contains(column), "{name} has {column}");
        }
    }
    let members_csv = &files.iter().find(|(n, _)| n == "members.csv").unwrap().1;
    let header = String::from_utf8_lossy(members_csv)
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        header,
        "id,kind,first_name,last_name,org_name,email,street,postal_code,city,country,phone,lang,\
         joined_on,notes,created_at,updated_at,erased_on"
    );
    let json: serde_json::Value =
        serde_json::from_slice(&files.iter().find(|(n, _)| n == "member.json").unwrap().1).unwrap();
    for column in &internal {
        assert!(
            json["member"].get(column).is_none(),
            "member.json has {column}"
        );
    }
    assert_eq!(json["member"]["email"], EMAIL);
    // her two accounts' quota history is hers too
    assert_eq!(json["account_quota_changes"].as_array().unwrap().len(), 2);

    let html = summary_of(&bytes);
    assert!(html.contains(
        "<li>Hetzner Online GmbH, qui héberge nos serveurs : vos données sont sur ses machines"
    ));
    assert!(html.contains("Aucune décision automatisée : rien de ce qui vous concerne"));
    let pdf = &files.iter().find(|(n, _)| n == "summary.pdf").unwrap().1;
    let text = crate::common::pdf_text(pdf).replace('\n', " ");
    assert!(text.contains("Hetzner Online GmbH"), "{text}");
    assert!(text.contains("Aucune décision automatisée"), "{text}");
}
