//! Moving in from Paheko (issue #20), on an association made by Paheko 1.3 itself
//! (tests/data/paheko, see its README): the books after the import against Paheko's own
//! income statement and balance sheet, members from the field configuration, subscriptions,
//! closed years, idempotence, and the files that must be refused.

use crate::common::{audit_rows, day, fresh, Fixture};
use panier::books::ledger::{self, EntryKind, Line, Method, NewEntry};
use panier::books::statements::statement;
use panier::bridges::paheko::{
    import_paheko, ImportStatus, PahekoKind, PahekoOutcome, PahekoReport,
};
use panier::people::members::{self, MemberKind};
use panier::Lang;
use rusqlite::Connection;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub(crate) fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/paheko")
        .join(name)
}

fn paheko() -> PathBuf {
    fixture("association-1.3.sqlite")
}

fn imported() -> (Fixture, PahekoReport) {
    let mut f = fresh();
    let report = import_paheko(&mut f.db, &paheko(), false, day("2026-06-01")).expect("import");
    assert_eq!(report.status, ImportStatus::Imported, "{report:#?}");
    assert!(report.written);
    (f, report)
}

/// Paheko's own file, read directly (the expectations come from it, not from the importer).
fn paheko_conn() -> Connection {
    Connection::open_with_flags(paheko(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

pub(crate) fn cents(d: Decimal) -> i64 {
    (d * Decimal::from(100)).trunc().try_into().unwrap()
}

/// Paheko's treasury account codes as Panier's: banks (51…) 512, cash boxes (53…) 530.
fn panier_treasury(code: &str) -> &'static str {
    if code.starts_with("53") {
        "530"
    } else {
        "512"
    }
}

#[test]
fn every_account_of_every_year_matches_pahekos_own_statements() {
    let (f, _) = imported();
    let table = matches_pahekos_own_statements(&f, "association-1.3.totals.json");
    // the comparison, for the record (`cargo test … -- --nocapture`)
    eprintln!("{table}");
}

/// Compares Panier's books after an import (`f`) with Paheko's own income statement and
/// balance sheet of every year (`totals`, written by Paheko's `Reports` class), per account;
/// gives the comparison as a table.
pub(crate) fn matches_pahekos_own_statements(f: &Fixture, totals: &str) -> String {
    let totals: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(fixture(totals)).unwrap()).unwrap();
    let per_account = |v: &serde_json::Value| -> BTreeMap<String, i64> {
        v.as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, a)| (k.clone(), a["balance_cents"].as_i64().unwrap()))
                    .collect()
            })
            .unwrap_or_default()
    };
    let years = totals["years"].as_array().unwrap();
    assert!(years.len() >= 2);
    let mut table = vec![format!(
        "{:<6} {:<10} {:<8} {:>12} {:>12}",
        "year", "side", "account", "Paheko", "Panier"
    )];
    for y in years {
        let start = y["start_date"].as_str().unwrap();
        let year: i32 = start[..4].parse().unwrap();
        let books = statement(f.db.conn(), year, Lang::Fr).unwrap();
        assert_eq!(
            books.period.start,
            day(start),
            "year {year} starts as in Paheko"
        );
        assert_eq!(
            books.closed,
            y["closed"].as_bool().unwrap(),
            "year {year} closed as in Paheko"
        );
        for (side, paheko_side, panier_side) in [
            ("income", &y["income"], &books.income),
            ("expenses", &y["expenses"], &books.expenses),
        ] {
            let expected = per_account(paheko_side);
            let got: BTreeMap<String, i64> = panier_side
                .by_account
                .iter()
                .map(|(k, v)| (k.clone(), cents(*v)))
                .collect();
            for (account, paheko_cents) in &expected {
                table.push(format!(
                    "{year:<6} {side:<10} {account:<8} {:>12} {:>12}",
                    paheko_cents,
                    got.get(account).copied().unwrap_or(0)
                ));
            }
            assert_eq!(got, expected, "{side} of {year}, per account");
        }
        let result = y["result_cents"].as_i64().unwrap();
        table.push(format!(
            "{year:<6} {:<10} {:<8} {:>12} {:>12}",
            "result",
            "",
            result,
            cents(books.result)
        ));
        assert_eq!(cents(books.result), result, "result of {year}");
        // Balance: treasury per Panier account; own funds in total (Panier keeps 110/119/120/129
        // where Paheko may also show its opening balance's accounts) plus the year's result.
        let mut treasury: BTreeMap<String, i64> = BTreeMap::new();
        for (code, c) in per_account(&y["assets"]) {
            *treasury
                .entry(panier_treasury(&code).to_string())
                .or_default() += c;
        }
        treasury.retain(|_, c| *c != 0);
        let got: BTreeMap<String, i64> = books
            .balance
            .assets
            .by_account
            .iter()
            .map(|(k, v)| (k.clone(), cents(*v)))
            .collect();
        for (account, paheko_cents) in &treasury {
            table.push(format!(
                "{year:<6} {:<10} {account:<8} {:>12} {:>12}",
                "assets",
                paheko_cents,
                got.get(account).copied().unwrap_or(0)
            ));
        }
        assert_eq!(got, treasury, "treasury at the end of {year}");
        let funds: i64 = per_account(&y["liabilities"]).values().sum::<i64>() + result;
        table.push(format!(
            "{year:<6} {:<10} {:<8} {:>12} {:>12}",
            "funds",
            "total",
            funds,
            cents(books.balance.funds.total)
        ));
        assert_eq!(
            cents(books.balance.funds.total),
            funds,
            "own funds at the end of {year}"
        );
    }
    table.join("\n")
}

#[test]
fn members_come_with_their_fields_kinds_accents_and_without_email() {
    let (f, report) = imported();
    let src = paheko_conn();
    let conn = f.db.conn();
    assert_eq!(
        count(conn, "SELECT count(*) FROM members"),
        count(&src, "SELECT count(*) FROM users")
    );
    let mut stmt = src
        .prepare("SELECT id, nom, coalesce(email, ''), coalesce(ville, ''), coalesce(type_membre, '') FROM users")
        .unwrap();
    let users: Vec<(i64, String, String, String, String)> = stmt
        .query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?))
        })
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(
        users.iter().any(|u| u.2.is_empty()),
        "the fixture has a member without email"
    );
    assert!(
        users.iter().any(|u| u.4 == "Personne morale"),
        "and an organisation"
    );
    for (id, name, email, city, kind) in users {
        let item = report
            .items
            .iter()
            .find(|i| i.kind == PahekoKind::Member && i.paheko_id == id)
            .unwrap();
        let member =
            members::get(conn, panier::kernel::ids::MemberId(item.panier_id.unwrap())).unwrap();
        assert_eq!(
            member.display_name(),
            name,
            "name intact, accents and apostrophes"
        );
        assert_eq!(member.city, city);
        if kind == "Personne morale" {
            assert_eq!(member.kind, MemberKind::Organisation);
            assert_eq!(member.org_name, name);
        } else {
            assert_eq!(member.kind, MemberKind::Person);
        }
        if email.is_empty() {
            assert!(member.email.ends_with(".invalid"), "{}", member.email);
            assert!(item.reason.contains("sans adresse"));
        } else {
            assert_eq!(member.email, email);
        }
        // a field Panier has no place for (the member number) is in the notes
        assert!(
            member.notes.contains(&format!("Numéro de membre : {id}")),
            "{}",
            member.notes
        );
    }
    // Hélène's preset fields land in Panier's own fields
    let helene = members::find(conn, "helene.daubigne@example.org").unwrap();
    let (street, postal, country, phone): (String, String, String, String) = src
        .query_row(
            "SELECT adresse, code_postal, pays, telephone FROM users WHERE email = 'helene.daubigne@example.org'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (
            helene.street,
            helene.postal_code,
            helene.country,
            helene.phone
        ),
        (street, postal, country, phone)
    );
}

#[test]
fn paid_subscriptions_become_periods_linked_to_their_entry_unpaid_ones_dues() {
    let (f, report) = imported();
    let src = paheko_conn();
    let conn = f.db.conn();
    let paid = count(&src, "SELECT count(*) FROM services_users WHERE paid = 1");
    let unpaid = count(&src, "SELECT count(*) FROM services_users WHERE paid = 0");
    assert!(paid > 0 && unpaid > 0);
    assert_eq!(count(conn, "SELECT count(*) FROM subscriptions"), paid);
    // unpaid ones are dues, with the amount Paheko expects, and no period
    assert_eq!(report.dues_created as i64, unpaid);
    assert_eq!(report.subscriptions_created as i64, paid);
    assert_eq!(
        count(conn, "SELECT sum(amount_due_cents) FROM membership_dues"),
        count(
            &src,
            // what Paheko expects, else its fee's amount
            "SELECT sum(coalesce(su.expected_amount, f.amount)) FROM services_users su
             JOIN services_fees f ON f.id = su.id_fee WHERE su.paid = 0"
        )
    );
    assert_eq!(
        panier::membership::dues::outstanding(conn).unwrap().len() as i64,
        unpaid
    );
    // every Paheko transaction paying a subscription is a fee entry on that period
    let linked = count(
        &src,
        "SELECT count(DISTINCT id_transaction) FROM acc_transactions_users WHERE id_service_user IS NOT NULL",
    );
    assert!(linked > 0);
    assert_eq!(
        count(
            conn,
            "SELECT count(*) FROM ledger_entries e JOIN subscriptions s ON s.id = e.subscription_id
             WHERE e.kind = 'fee' AND e.member_id = s.member_id AND e.plan_id = s.plan_id"
        ),
        linked
    );
    // one plan per fee, with Paheko's amount
    assert_eq!(
        count(conn, "SELECT count(*) FROM plans"),
        count(&src, "SELECT count(*) FROM services_fees")
    );
    assert_eq!(
        count(conn, "SELECT sum(amount_cents) FROM plans"),
        count(&src, "SELECT sum(amount) FROM services_fees")
    );
    // a transaction linked to a member (a gift) keeps its member
    let (tx_id, user): (i64, i64) = src
        .query_row(
            "SELECT id_transaction, id_user FROM acc_transactions_users
             WHERE id_transaction NOT IN (SELECT id_transaction FROM acc_transactions_users WHERE id_service_user IS NOT NULL)
             LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    let member_of = |kind: PahekoKind, id: i64| {
        report
            .items
            .iter()
            .find(|i| i.kind == kind && i.paheko_id == id)
            .and_then(|i| i.panier_id)
            .unwrap()
    };
    let entry = ledger::get(
        conn,
        panier::kernel::ids::EntryId(member_of(PahekoKind::Transaction, tx_id)),
    )
    .unwrap();
    assert_eq!(
        entry.member_id.map(|m| m.0),
        Some(member_of(PahekoKind::Member, user))
    );
    assert_eq!(entry.kind, EntryKind::Donation);
}

#[test]
fn a_several_line_transaction_keeps_its_lines_and_unknown_accounts_their_number_and_label() {
    let (f, report) = imported();
    let src = paheko_conn();
    let conn = f.db.conn();
    let (tx_id, lines): (i64, i64) = src
        .query_row(
            "SELECT id_transaction, count(*) AS n FROM acc_transactions_lines GROUP BY id_transaction ORDER BY n DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert!(lines > 2);
    let id = report
        .items
        .iter()
        .find(|i| i.kind == PahekoKind::Transaction && i.paheko_id == tx_id)
        .and_then(|i| i.panier_id)
        .unwrap();
    let entry = ledger::get(conn, panier::kernel::ids::EntryId(id)).unwrap();
    // every line but the treasury one
    assert_eq!(entry.lines.len() as i64, lines - 1);
    let kept: Vec<_> = report
        .accounts
        .iter()
        .filter(|a| a.fate == panier::bridges::paheko::AccountFate::Kept)
        .collect();
    assert!(
        !kept.is_empty(),
        "the fixture uses accounts Panier's chart lacks"
    );
    let books = statement(
        conn,
        entry.date.format("%Y").to_string().parse().unwrap(),
        Lang::Fr,
    )
    .unwrap();
    for a in kept {
        assert_eq!(
            ledger::account_label_in(conn, &a.code, Lang::Fr).unwrap(),
            a.label
        );
        if let Some(label) = books.labels.get(&a.code) {
            assert_eq!(label, &a.label);
        }
    }
}

#[test]
fn a_closed_year_stays_closed() {
    let (mut f, _) = imported();
    let src = paheko_conn();
    let closed: String = src
        .query_row(
            "SELECT start_date FROM acc_years WHERE status != 0 LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let inside = day(&closed).succ_opt().unwrap();
    let err = ledger::record(
        &mut f.db,
        &NewEntry {
            date: inside,
            kind: EntryKind::Income,
            member: None,
            counterparty: String::new(),
            method: Method::Cash,
            label: "après coup".into(),
            plan: None,
            subscription: None,
            external_ref: None,
            lines: vec![Line {
                account: "706".into(),
                amount_cents: 100,
            }],
        },
    )
    .unwrap_err();
    assert!(
        err.message(Lang::Fr).contains("clos"),
        "{}",
        err.message(Lang::Fr)
    );
}

#[test]
fn importing_twice_adds_nothing_and_a_dry_run_writes_nothing() {
    let mut f = fresh();
    let audit = audit_rows(&f.db);
    let dry = import_paheko(&mut f.db, &paheko(), true, day("2026-06-01")).unwrap();
    assert_eq!(dry.status, ImportStatus::DryRun);
    assert!(!dry.written && dry.created > 0);
    assert_eq!(audit_rows(&f.db), audit);
    assert_eq!(count(f.db.conn(), "SELECT count(*) FROM members"), 0);

    let first = import_paheko(&mut f.db, &paheko(), false, day("2026-06-01")).unwrap();
    assert_eq!(
        first.created, dry.created,
        "the dry run told what the import did"
    );
    assert_eq!(
        audit_rows(&f.db),
        audit + 1,
        "one audit row for the whole import"
    );
    let entries = count(f.db.conn(), "SELECT count(*) FROM ledger_entries");
    let second = import_paheko(&mut f.db, &paheko(), false, day("2026-06-01")).unwrap();
    assert_eq!(second.created, 0);
    assert_eq!(second.matched, first.created);
    assert!(!second.written);
    assert_eq!(audit_rows(&f.db), audit + 1);
    assert_eq!(
        count(f.db.conn(), "SELECT count(*) FROM ledger_entries"),
        entries
    );
}

/// A copy of the fixture, changed by `sql`.
fn altered(dir: &Path, sql: &str) -> PathBuf {
    let path = dir.join("altered.sqlite");
    std::fs::copy(paheko(), &path).unwrap();
    Connection::open(&path).unwrap().execute_batch(sql).unwrap();
    path
}

#[test]
fn files_that_are_not_paheko_12_or_13_are_refused_by_name() {
    let mut f = fresh();
    let dir = tempfile::tempdir().unwrap();
    let today = day("2026-06-01");
    // a Panier file is SQLite, but not Paheko
    let other = fresh();
    let err = import_paheko(&mut f.db, &other.path(), true, today)
        .unwrap_err()
        .message(Lang::En);
    assert!(
        err.contains("not a Paheko association") && err.contains("acc_transactions"),
        "{err}"
    );
    // not SQLite at all
    let text = dir.path().join("notes.sqlite");
    std::fs::write(&text, "bonjour").unwrap();
    let err = import_paheko(&mut f.db, &text, true, today)
        .unwrap_err()
        .message(Lang::En);
    assert!(
        err.contains("notes.sqlite") && err.contains("not an SQLite database"),
        "{err}"
    );
    // older than 1.2 (Garradin 1.1), refused by name
    let old = altered(dir.path(), "PRAGMA user_version = 1013000;");
    let err = import_paheko(&mut f.db, &old, true, today)
        .unwrap_err()
        .message(Lang::En);
    assert!(
        err.contains("1.1.30") && err.contains("older than 1.2"),
        "{err}"
    );
    // a file saying 1.2 without 1.2's tables
    let claims = altered(dir.path(), "PRAGMA user_version = 1020500;");
    let err = import_paheko(&mut f.db, &claims, true, today)
        .unwrap_err()
        .message(Lang::En);
    assert!(
        err.contains("1.2.5") && err.contains("missing tables: membres"),
        "{err}"
    );
    // a later version Panier was not made for
    let newer = altered(dir.path(), "PRAGMA user_version = 1040000;");
    let err = import_paheko(&mut f.db, &newer, true, today)
        .unwrap_err()
        .message(Lang::En);
    assert!(
        err.contains("1.4.0") && err.contains("newer than the 1.3 series"),
        "{err}"
    );
    assert_eq!(count(f.db.conn(), "SELECT count(*) FROM members"), 0);
}

#[test]
fn a_panier_file_with_its_own_data_is_refused_and_a_bad_row_refuses_everything() {
    let mut f = fresh();
    let today = day("2026-06-01");
    members::add(
        &mut f.db,
        &members::MemberInput::from_name("Ada Lovelace", "ada@example.org", false),
    )
    .unwrap();
    let err = import_paheko(&mut f.db, &paheko(), true, today)
        .unwrap_err()
        .message(Lang::En);
    assert!(err.contains("already holds members"), "{err}");

    let mut empty = fresh();
    let dir = tempfile::tempdir().unwrap();
    let nameless = altered(
        dir.path(),
        "UPDATE users SET nom = '' WHERE id = (SELECT max(id) FROM users);",
    );
    let audit = audit_rows(&empty.db);
    let report = import_paheko(&mut empty.db, &nameless, false, today).unwrap();
    assert_eq!(report.status, ImportStatus::Refused);
    assert!(!report.written);
    assert_eq!(report.refused, 1, "{:#?}", report.refusals(Lang::Fr));
    assert!(report.refusals(Lang::Fr)[0].contains("nom"));
    assert_eq!(audit_rows(&empty.db), audit);
    assert_eq!(count(empty.db.conn(), "SELECT count(*) FROM members"), 0);
}

#[test]
fn a_transaction_panier_has_no_place_for_is_reported_and_the_rest_imported() {
    let mut f = fresh();
    let dir = tempfile::tempdir().unwrap();
    // equipment bought from the bank (a fixed asset, class 2), in the open year
    let transfer = altered(
        dir.path(),
        "INSERT INTO acc_transactions (id, type, status, label, date, id_year)
             SELECT 900, 0, 0, 'Achat d''un serveur', '2025-04-02', id FROM acc_years WHERE status = 0;
         INSERT INTO acc_transactions_lines (id_transaction, id_account, credit, debit)
             SELECT 900, min(id), 0, 40000 FROM acc_accounts WHERE code LIKE '2%' AND id_chart = (SELECT id_chart FROM acc_years WHERE status = 0);
         INSERT INTO acc_transactions_lines (id_transaction, id_account, credit, debit)
             SELECT 900, id, 40000, 0 FROM acc_accounts WHERE code = '512' AND id_chart = (SELECT id_chart FROM acc_years WHERE status = 0);",
    );
    let report = import_paheko(&mut f.db, &transfer, false, day("2026-06-01")).unwrap();
    assert_eq!(report.status, ImportStatus::Imported);
    let item = report
        .items
        .iter()
        .find(|i| i.kind == PahekoKind::Transaction && i.paheko_id == 900)
        .unwrap();
    assert_eq!(item.outcome, PahekoOutcome::NotMapped);
    assert!(
        item.reason_en.contains("balance-sheet accounts"),
        "{}",
        item.reason_en
    );
    assert_eq!(report.not_mapped, 1);
    let transactions = count(
        &paheko_conn(),
        "SELECT count(*) FROM acc_transactions WHERE status & 16 = 0",
    );
    assert_eq!(
        report.entries_created as i64, transactions,
        "every other transaction is imported"
    );
}
