//! The books: income statement against independent sums, the FEC parsed back, the year close.

use crate::common::{audit_rows, day, fresh, Fixture};
use panier::books::ledger::{self, Method, NewEntry};
use panier::books::{closing, statements, years};
use panier::demo::seed::{seed, SeedOptions};
use panier::kernel::dates::Period;
use panier::kernel::money::to_cents;
use panier::Lang;
use std::collections::{BTreeMap, HashMap};

fn seeded() -> Fixture {
    let mut f = fresh();
    seed(
        &mut f.db,
        &SeedOptions {
            members: 80,
            years: 3,
            seed: 7,
            until: Some(day("2026-06-30")),
        },
    )
    .unwrap();
    f
}

fn cents(d: rust_decimal::Decimal) -> i64 {
    to_cents("test", d).unwrap()
}

fn gift(date: &str, amount: i64, method: Method) -> NewEntry {
    crate::common::donation_on(date, amount, method, "Anonyme", "Don")
}

#[test]
fn income_statement_equals_independent_ledger_sums() {
    let f = seeded();
    for year in [2024, 2025, 2026] {
        let s = statements::statement(f.db.conn(), year, Lang::Fr).unwrap();
        let conn = f.db.conn();
        let start = format!("{year}-01-01");
        let end = format!("{}-01-01", year + 1);
        let sum = |sql: &str| -> i64 { conn.query_row(sql, [&start, &end], |r| r.get(0)).unwrap() };
        let income = sum(
            "SELECT coalesce(sum(amount_cents), 0) FROM ledger_lines WHERE substr(account, 1, 1) = '7'
             AND entry_id IN (SELECT id FROM ledger_entries WHERE entry_date >= ?1 AND entry_date < ?2)",
        );
        let expenses = -sum(
            "SELECT coalesce(sum(amount_cents), 0) FROM ledger_lines WHERE substr(account, 1, 1) = '6'
             AND entry_id IN (SELECT id FROM ledger_entries WHERE entry_date >= ?1 AND entry_date < ?2)",
        );
        assert!(income > 0 && expenses > 0, "{year}: {income} {expenses}");
        assert_eq!(cents(s.income.total), income, "{year}");
        assert_eq!(cents(s.expenses.total), expenses, "{year}");
        assert_eq!(cents(s.result), income - expenses);
        // per account too
        let mut stmt = conn
            .prepare(
                "SELECT account, sum(amount_cents) FROM ledger_lines WHERE entry_id IN
                 (SELECT id FROM ledger_entries WHERE entry_date >= ?1 AND entry_date < ?2)
                 GROUP BY account",
            )
            .unwrap();
        let by_account: Vec<(String, i64)> = stmt
            .query_map([&start, &end], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        for (account, total) in by_account {
            let shown = if account.starts_with('6') {
                -cents(s.expenses.by_account[&account])
            } else {
                cents(s.income.by_account[&account])
            };
            assert_eq!(shown, total, "{year} {account}");
        }
        // the balance balances: treasury = carried over + result
        assert_eq!(s.balance.assets.total, s.balance.funds.total, "{year}");
        let treasury = sum(
            "SELECT coalesce(sum(amount_cents), 0) FROM ledger_entries WHERE entry_date < ?2 AND ?1 = ?1",
        );
        assert_eq!(cents(s.balance.assets.total), treasury);
    }
}

#[test]
fn statement_json_has_the_contracted_shape() {
    let f = seeded();
    let s = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    let v = serde_json::to_value(&s).unwrap();
    assert_eq!(v["year"], 2025);
    assert!(v["income"]["total"].as_str().unwrap().contains('.'));
    assert!(v["expenses"]["by_account"].as_object().unwrap().len() > 1);
    assert!(v["income"]["by_account"]["7562"].is_string());
    assert!(v["result"].is_string());
}

#[test]
fn the_financial_year_follows_the_setting() {
    let mut f = fresh();
    panier::store::settings::set(&mut f.db, "fiscal_year_start", "09-01").unwrap();
    ledger::record(&mut f.db, &gift("2025-08-31", 1000, Method::Cash)).unwrap();
    ledger::record(&mut f.db, &gift("2025-09-01", 2500, Method::Transfer)).unwrap();
    ledger::record(&mut f.db, &gift("2026-08-31", 700, Method::Transfer)).unwrap();
    let s = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    assert_eq!(s.period.start, day("2025-09-01"));
    assert_eq!(s.period.end_exclusive, day("2026-09-01"));
    assert_eq!(cents(s.income.total), 3200);
    assert_eq!(cents(s.carried_over), 1000);
    assert_eq!(s.balance.funds.by_account["110"].to_string(), "10.00");
}

/// Parses a FEC back and checks everything the regulation asks of it.
fn check_fec(text: &str) -> (usize, BTreeMap<String, i64>) {
    let parse_amount = |s: &str| -> i64 {
        let (whole, frac) = s
            .split_once(',')
            .unwrap_or_else(|| panic!("no decimal comma: {s}"));
        assert_eq!(frac.len(), 2, "{s}");
        assert!(
            !whole.is_empty() && whole.bytes().all(|b| b.is_ascii_digit()),
            "{s}"
        );
        whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
    };
    let mut lines = text.split("\r\n").filter(|l| !l.is_empty());
    let header: Vec<&str> = lines.next().unwrap().split('\t').collect();
    assert_eq!(header, panier::books::fec::COLUMNS.to_vec());
    assert_eq!(header.len(), 18);
    let mut entries: HashMap<String, (i64, i64, String)> = HashMap::new();
    let mut last_by_journal: HashMap<String, (u32, String)> = HashMap::new();
    let mut by_account: BTreeMap<String, i64> = BTreeMap::new();
    let mut count = 0;
    for line in lines {
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 18, "{line}");
        for d in [f[3], f[9], f[15]] {
            assert_eq!(d.len(), 8, "{line}");
            chrono::NaiveDate::parse_from_str(d, "%Y%m%d").unwrap();
        }
        assert!(["BQ", "CA", "OD"].contains(&f[0]), "{line}");
        assert!(f[2].starts_with(f[0]), "{line}");
        assert!(
            !f[4].is_empty() && !f[5].is_empty() && !f[10].is_empty(),
            "{line}"
        );
        let (debit, credit) = (parse_amount(f[11]), parse_amount(f[12]));
        assert!((debit == 0) != (credit == 0), "one side per line: {line}");
        *by_account.entry(f[4].to_string()).or_default() += credit - debit;
        let e = entries
            .entry(f[2].to_string())
            .or_insert((0, 0, f[3].to_string()));
        e.0 += debit;
        e.1 += credit;
        assert_eq!(e.2, f[3], "one date per entry");
        // numbered in date order, without gaps, within each journal
        let n: u32 = f[2][2..].parse().unwrap();
        match last_by_journal.get(f[0]) {
            Some((last, date)) if *last == n => assert_eq!(date, f[3]),
            Some((last, date)) => {
                assert_eq!(n, last + 1, "{line}");
                assert!(f[3] >= date.as_str(), "{line}");
            }
            None => assert_eq!(n, 1, "{line}"),
        }
        last_by_journal.insert(f[0].to_string(), (n, f[3].to_string()));
        count += 1;
    }
    for (num, (debit, credit, _)) in &entries {
        assert_eq!(debit, credit, "entry {num} is not balanced");
    }
    assert!(count > 0);
    (entries.len(), by_account)
}

#[test]
fn fec_of_a_seeded_year_is_well_formed_and_balanced() {
    let mut f = seeded();
    let refused = panier::books::fec::build(f.db.conn(), 2025).unwrap_err();
    assert_eq!(refused.kind(), "refused");
    assert!(refused.to_string().contains("SIREN"), "{refused}");
    panier::store::settings::set(&mut f.db, "siren", "732829320").unwrap();
    let out = f.dir.path().join("fec");
    let path = panier::books::fec::write(
        f.db.conn(),
        2025,
        &out,
        panier::store::output::Replace::Refuse,
    )
    .unwrap();
    assert_eq!(
        path.file_name().unwrap().to_str().unwrap(),
        "732829320FEC20251231.txt"
    );
    let text = std::fs::read_to_string(&path).unwrap();
    let (entries, by_account) = check_fec(&text);
    let year_entries: i64 = crate::common::scalar(&f.db, "SELECT count(*) FROM ledger_entries WHERE entry_date >= '2025-01-01' AND entry_date < '2026-01-01'");
    // every ledger entry, plus the opening entry
    assert_eq!(entries as i64, year_entries + 1);
    // classes 6 and 7 of the FEC give the result of the statement
    let s = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    let result: i64 = by_account
        .iter()
        .filter(|(a, _)| a.starts_with('6') || a.starts_with('7'))
        .map(|(_, c)| c)
        .sum();
    assert_eq!(result, cents(s.result));
    assert_eq!(by_account["7562"], cents(s.income.by_account["7562"]));
}

#[test]
fn a_closed_year_refuses_changes_and_carries_its_result_over() {
    let mut f = seeded();
    let too_early = closing::close_year(&mut f.db, 2026, day("2026-12-31")).unwrap_err();
    assert!(too_early.to_string().contains("pas terminé"), "{too_early}");
    // years close in order: 2024 first
    let out_of_order = closing::close_year(&mut f.db, 2025, day("2026-03-01")).unwrap_err();
    assert_eq!(out_of_order.kind(), "refused");
    assert!(
        out_of_order
            .to_string()
            .contains("l'exercice 2024 n'est pas clos : les exercices se clôturent dans l'ordre"),
        "{out_of_order}"
    );
    assert!(out_of_order
        .message(Lang::En)
        .contains("years close in order"));
    closing::close_year(&mut f.db, 2024, day("2026-03-01")).unwrap();
    let before = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    let audit = audit_rows(&f.db);
    let closed = closing::close_year(&mut f.db, 2025, day("2026-03-01")).unwrap();
    assert_eq!(audit_rows(&f.db), audit + 1);
    assert_eq!(closed.result, before.result);
    assert!(closing::close_year(&mut f.db, 2025, day("2026-03-01")).is_err());

    // every writer is refused, with a message naming the year
    let err = ledger::record(&mut f.db, &gift("2025-06-01", 1000, Method::Cash)).unwrap_err();
    assert_eq!(err.kind(), "refused");
    assert!(
        err.to_string().contains("l'exercice 2025 est clos"),
        "{err}"
    );
    assert!(err.message(Lang::En).contains("closed"));
    let plan = panier::membership::plans::list(f.db.conn()).unwrap()[0].id;
    let member: i64 =
        f.db.conn()
            .query_row("SELECT min(id) FROM members", [], |r| r.get(0))
            .unwrap();
    let paid = panier::books::payments::pay_plan(
        &mut f.db,
        &panier::books::payments::PlanPayment {
            member: panier::kernel::ids::MemberId(member),
            plan,
            amount_cents: 100_000,
            gift_cents: None,
            date: day("2025-12-31"),
            method: Method::Cheque,
            external_ref: None,
        },
    );
    assert_eq!(paid.unwrap_err().kind(), "refused");
    // earlier years are frozen with it
    assert!(ledger::record(&mut f.db, &gift("2024-06-01", 1000, Method::Cash)).is_err());
    // a correction of a closed entry is dated in the open year, never in the closed one
    let old: i64 = crate::common::scalar(&f.db, "SELECT min(id) FROM ledger_entries WHERE entry_date >= '2025-01-01' AND entry_date < '2026-01-01'");
    let old = panier::kernel::ids::EntryId(old);
    assert!(ledger::reverse(&mut f.db, old, "erreur", day("2025-12-30")).is_err());
    ledger::reverse(&mut f.db, old, "erreur", day("2026-01-02")).unwrap();
    // and below the core, SQL itself refuses
    let raw = f.db.conn().execute(
        "UPDATE ledger_lines SET amount_cents = amount_cents + 1 WHERE entry_id = ?1",
        [old.0],
    );
    assert!(raw.is_err());
    assert!(f
        .db
        .conn()
        .execute("DELETE FROM ledger_lines WHERE entry_id = ?1", [old.0])
        .is_err());
    assert!(f.db.conn().execute("DELETE FROM closed_years", []).is_err());
    let after = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    assert_eq!(after.income, before.income);
    assert_eq!(after.expenses, before.expenses);
    assert!(after.closed);
    // the open year still takes entries, and shows the carried over result
    ledger::record(&mut f.db, &gift("2026-01-15", 1000, Method::Cash)).unwrap();
    let next = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    let carried = cents(before.carried_over) + cents(closed.result);
    assert_eq!(cents(next.carried_over), carried);
    // the closed years' results wait in 120/129 until the general assembly allocates them
    let pending: i64 = ["120", "129"]
        .iter()
        .filter_map(|a| next.balance.funds.by_account.get(*a))
        .map(|d| cents(*d))
        .sum::<i64>()
        - cents(next.result);
    assert_eq!(pending, carried);
    assert!(!next.balance.funds.by_account.contains_key("110"));
    assert_eq!(next.balance.assets.total, next.balance.funds.total);
    let report = panier::store::check::run(&f.db).unwrap();
    assert!(report.ok(), "{:?}", report.problems);
}

#[test]
fn journal_entries_balance_and_use_their_treasury_journal() {
    let mut f = fresh();
    ledger::record(&mut f.db, &gift("2026-02-01", 1500, Method::Cash)).unwrap();
    ledger::record(&mut f.db, &gift("2026-02-02", 2000, Method::Cheque)).unwrap();
    let journal = statements::journal(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(journal.len(), 2);
    assert_eq!(journal[0].journal, "CA");
    assert_eq!(journal[0].number, "CA000001");
    assert_eq!(journal[0].lines[0].account, "530");
    assert_eq!(journal[0].lines[0].debit_cents, 1500);
    assert_eq!(journal[0].lines[1].account, "7541");
    assert_eq!(journal[0].lines[1].credit_cents, 1500);
    assert_eq!(journal[1].journal, "BQ");
    assert_eq!(journal[1].lines[0].account, "512");
    for e in &journal {
        assert_eq!(e.debit_cents(), e.credit_cents());
    }
    let _ = Period::civil_year(2026);
}

#[test]
fn a_new_fiscal_year_start_gives_a_transitional_year_after_the_last_closed_one() {
    let mut f = fresh();
    ledger::record(&mut f.db, &gift("2025-03-01", 1000, Method::Cash)).unwrap();
    closing::close_year(&mut f.db, 2025, day("2026-02-01")).unwrap();
    // the general assembly moves the financial year to September
    panier::store::settings::set(&mut f.db, "fiscal_year_start", "09-01").unwrap();
    ledger::record(&mut f.db, &gift("2026-03-01", 2000, Method::Cash)).unwrap();
    ledger::record(&mut f.db, &gift("2027-08-31", 500, Method::Cash)).unwrap();
    let closed = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    assert_eq!(closed.period, Period::civil_year(2025));
    let transitional = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(transitional.period.start, day("2026-01-01"));
    assert_eq!(transitional.period.end_exclusive, day("2027-09-01"));
    assert_eq!(cents(transitional.income.total), 2500);
    assert_eq!(cents(transitional.carried_over), 1000);
    let next = statements::statement(f.db.conn(), 2027, Lang::Fr).unwrap();
    assert_eq!(next.period.start, day("2027-09-01"));
}

#[test]
fn financial_years_lists_the_years_with_entries() {
    let mut f = seeded();
    closing::close_year(&mut f.db, 2024, day("2026-01-10")).unwrap();
    let years = years::financial_years(f.db.conn()).unwrap();
    let listed: Vec<(i32, bool)> = years.iter().map(|y| (y.year, y.closed)).collect();
    assert_eq!(listed, vec![(2024, true), (2025, false), (2026, false)]);
    let total: i64 = years.iter().map(|y| y.entries).sum();
    let all: i64 =
        f.db.conn()
            .query_row("SELECT count(*) FROM ledger_entries", [], |r| r.get(0))
            .unwrap();
    assert_eq!(total, all);
    assert!(years.iter().all(|y| y.entries > 0));
}
