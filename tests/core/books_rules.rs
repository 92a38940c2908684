//! Issue 16, the books as an accountant expects them (ANC 2018-06): the allocation of a
//! closed year's result, the accrual basis, volunteer time. (Years closing in order is
//! tested with the year close in `books.rs`.)

use crate::common::{audit_rows, day, fresh, Fixture};
use crate::money_flow::{member, pay};
use crate::plans::fee;
use panier::books::allocation::{self, Destination};
use panier::books::chart::Account;
use panier::books::ledger::{self, EntryKind, Line, Method, NewEntry};
use panier::books::statements::{self, JournalEntry, Statement};
use panier::books::volunteering::{self, NewVolunteering};
use panier::books::{closing, fec, years::FinancialYear};
use panier::kernel::money::to_cents;
use panier::membership::plans::{self, PlanPeriod};
use panier::Lang;
use rust_decimal::Decimal;
use std::collections::BTreeMap;

fn cents(d: Decimal) -> i64 {
    to_cents("test", d).unwrap()
}

fn entry(date: &str, account: Account, cents: i64) -> NewEntry {
    NewEntry {
        date: day(date),
        kind: if account.is_expense() {
            EntryKind::Expense
        } else {
            EntryKind::Donation
        },
        member: None,
        counterparty: "Quelqu'un".into(),
        method: Method::Transfer,
        label: "Test".into(),
        plan: None,
        subscription: None,
        external_ref: None,
        lines: vec![Line {
            account: account.into(),
            amount_cents: cents,
        }],
    }
}

fn funds(s: &Statement, account: Account) -> i64 {
    s.balance
        .funds
        .by_account
        .get(account.number)
        .map(|d| cents(*d))
        .unwrap_or(0)
}

/// Every journal entry balances; returns the sum of the journal's lines per account
/// (credit − debit).
fn journal_sums(journal: &[JournalEntry]) -> BTreeMap<String, i64> {
    let mut sums = BTreeMap::new();
    for e in journal {
        assert_eq!(e.debit_cents(), e.credit_cents(), "{e:?}");
        for l in &e.lines {
            *sums.entry(l.account.clone()).or_default() += l.credit_cents - l.debit_cents;
        }
    }
    sums
}

/// The FEC of `year`, parsed back: every entry balances; the sums per account.
fn fec_sums(f: &Fixture, year: i32) -> BTreeMap<String, i64> {
    let text = fec::build(f.db.conn(), year).unwrap().text;
    let amount = |s: &str| -> i64 {
        let (whole, frac) = s.split_once(',').unwrap();
        whole.parse::<i64>().unwrap() * 100 + frac.parse::<i64>().unwrap()
    };
    let mut by_entry: BTreeMap<String, i64> = BTreeMap::new();
    let mut sums = BTreeMap::new();
    for line in text.lines().skip(1) {
        let c: Vec<&str> = line.split('\t').collect();
        assert_eq!(c.len(), 18);
        let net = amount(c[12]) - amount(c[11]);
        *by_entry.entry(c[2].to_string()).or_default() += net;
        *sums.entry(c[4].to_string()).or_default() += net;
    }
    assert!(by_entry.values().all(|n| *n == 0), "{by_entry:?}");
    sums
}

#[test]
fn a_closed_years_result_waits_in_120_until_the_assembly_allocates_it() {
    let mut f = fresh();
    panier::store::settings::set(&mut f.db, "siren", "732829320").unwrap();
    ledger::record(&mut f.db, &entry("2025-03-01", Account::DONATIONS, 10_000)).unwrap();
    ledger::record(&mut f.db, &entry("2025-04-01", Account::TELECOMS, -4_000)).unwrap();
    // nothing to allocate before the close
    let open = allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Report,
        None,
        day("2026-01-10"),
    )
    .unwrap_err();
    assert!(
        open.to_string().contains(
            "l'exercice 2025 n'est pas clos : on n'affecte que le résultat d'un exercice clos"
        ),
        "{open}"
    );
    closing::close_year(&mut f.db, 2025, day("2026-01-10")).unwrap();
    let opened = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(funds(&opened, Account::RESULT_SURPLUS), 6_000);
    assert_eq!(funds(&opened, Account::CARRIED_CREDIT), 0);
    let journal = statements::journal(f.db.conn(), 2026, Lang::Fr).unwrap();
    let an = &journal[0];
    assert_eq!((an.journal.as_str(), an.piece.as_str()), ("OD", "AN"));
    assert!(an
        .lines
        .iter()
        .any(|l| l.account == "120" && l.credit_cents == 6_000));

    // no more than what is left, named in the refusal
    let too_much = allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Reserves,
        Some(Decimal::new(7_000, 2)),
        day("2026-06-01"),
    )
    .unwrap_err();
    assert_eq!(too_much.kind(), "invalid");
    assert!(
        too_much
            .to_string()
            .contains("on peut affecter au plus 60,00"),
        "{too_much}"
    );
    // nor dated in the closed year
    let early = allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Reserves,
        None,
        day("2025-12-31"),
    )
    .unwrap_err();
    assert!(
        early
            .to_string()
            .contains("se date après la fin de l'exercice"),
        "{early}"
    );

    let audit = audit_rows(&f.db);
    let to_reserves = allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Reserves,
        Some(Decimal::new(1_000, 2)),
        day("2026-06-01"),
    )
    .unwrap();
    assert_eq!(to_reserves.amount_cents, 1_000);
    allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Report,
        None,
        day("2026-06-01"),
    )
    .unwrap();
    assert_eq!(audit_rows(&f.db), audit + 2);
    let done = allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Report,
        None,
        day("2026-06-02"),
    )
    .unwrap_err();
    assert!(
        done.to_string()
            .contains("le résultat de l'exercice 2025 est déjà entièrement affecté"),
        "{done}"
    );

    // the balance shows it: 1068 and 110, nothing left in 120
    let s = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(funds(&s, Account::RESERVES_FOR_PROJECTS), 1_000);
    assert_eq!(funds(&s, Account::CARRIED_CREDIT), 5_000);
    assert_eq!(funds(&s, Account::RESULT_SURPLUS), 0);
    assert_eq!(s.balance.assets.total, s.balance.funds.total);
    assert_eq!(
        s.labels["1068"], "Réserves pour projet de l'entité",
        "{:?}",
        s.labels
    );
    // and so do the journal and the FEC: two OD entries, the closing balances of the accounts
    let journal = statements::journal(f.db.conn(), 2026, Lang::Fr).unwrap();
    let allocations: Vec<&JournalEntry> = journal.iter().filter(|e| e.piece == "AFF2025").collect();
    assert_eq!(allocations.len(), 2);
    assert!(allocations.iter().all(|e| e.journal == "OD"));
    let sums = journal_sums(&journal);
    assert_eq!(sums.get("120").copied().unwrap_or(0), 0);
    assert_eq!(sums["1068"], 1_000);
    assert_eq!(sums["110"], 5_000);
    assert_eq!(fec_sums(&f, 2026), sums);
}

#[test]
fn a_deficit_goes_to_129_then_to_119() {
    let mut f = fresh();
    ledger::record(&mut f.db, &entry("2025-04-01", Account::TELECOMS, -2_500)).unwrap();
    closing::close_year(&mut f.db, 2025, day("2026-01-10")).unwrap();
    let opened = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(funds(&opened, Account::RESULT_DEFICIT), -2_500);
    let a = allocation::allocate_result(
        &mut f.db,
        2025,
        Destination::Report,
        Some(Decimal::new(1_000, 2)),
        day("2026-05-01"),
    )
    .unwrap();
    assert_eq!(a.amount_cents, -1_000);
    let s = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(funds(&s, Account::CARRIED_DEBIT), -1_000);
    assert_eq!(funds(&s, Account::RESULT_DEFICIT), -1_500);
    assert_eq!(s.balance.assets.total, s.balance.funds.total);
}

#[test]
fn a_year_on_the_accrual_basis_defers_next_years_fees_and_balances_end_to_end() {
    let mut f = fresh();
    panier::store::settings::set(&mut f.db, "siren", "732829320").unwrap();
    let bad = panier::store::settings::set(&mut f.db, "accounting_basis", "weekly").unwrap_err();
    assert!(bad.to_string().contains("cash, accrual"), "{bad}");
    panier::store::settings::set(&mut f.db, "accounting_basis", "accrual").unwrap();
    let plan = plans::add(&mut f.db, &fee("Adhésion", 3_770, PlanPeriod::Civil)).unwrap();
    let early = member(&mut f, "Hélène Lefèvre", "helene@example.org");
    let late = member(&mut f, "Bruno Caron", "bruno@example.org");
    // a fee for this year, and one paid on 20 December for next year's membership
    pay(&mut f, early, plan, 3_770, "2025-03-01");
    pay(&mut f, late, plan, 3_770, "2025-12-20");
    ledger::record(&mut f.db, &entry("2025-06-01", Account::TELECOMS, -1_000)).unwrap();
    ledger::record(&mut f.db, &entry("2026-02-01", Account::TELECOMS, -500)).unwrap();

    // 2025: the December fee covers 20 Dec 2025 → 31 Dec 2026, 377 days; 365 of them are
    // next year's, deferred (3 650), the 12 days of 2025 stay (120)
    let y2025 = statements::statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    assert_eq!(cents(y2025.income.total), 3_770 + 120);
    assert_eq!(cents(y2025.result), 3_770 + 120 - 1_000);
    assert_eq!(funds(&y2025, Account::DEFERRED_INCOME), 3_650);
    assert_eq!(y2025.balance.assets.total, y2025.balance.funds.total);
    let j2025 = statements::journal(f.db.conn(), 2025, Lang::Fr).unwrap();
    let deferral = j2025.last().unwrap();
    assert_eq!(
        (deferral.piece.as_str(), deferral.date),
        ("PCA", day("2025-12-31"))
    );
    let sums = journal_sums(&j2025);
    assert_eq!(sums["487"], 3_650);
    let income_in_journal: i64 = sums
        .iter()
        .filter(|(a, _)| a.starts_with('7'))
        .map(|(_, c)| c)
        .sum();
    assert_eq!(income_in_journal, cents(y2025.income.total));
    assert_eq!(fec_sums(&f, 2025), sums);

    // the close keeps the accrual result; the next year opens with it in 120 and the
    // deferred income in 487, taken back on the first day
    let closed = closing::close_year(&mut f.db, 2025, day("2026-01-15")).unwrap();
    assert_eq!(closed.result, y2025.result);
    let y2026 = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(cents(y2026.income.total), 3_650);
    assert_eq!(cents(y2026.result), 3_650 - 500);
    assert_eq!(cents(y2026.carried_over), cents(y2025.result));
    assert_eq!(funds(&y2026, Account::DEFERRED_INCOME), 0);
    assert_eq!(y2026.balance.assets.total, y2026.balance.funds.total);
    let j2026 = statements::journal(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(j2026[0].piece, "AN");
    assert!(j2026[0]
        .lines
        .iter()
        .any(|l| l.account == "487" && l.credit_cents == 3_650));
    assert_eq!(j2026[1].piece, "PCA");
    let sums = journal_sums(&j2026);
    assert_eq!(sums.get("487").copied().unwrap_or(0), 0);
    assert_eq!(fec_sums(&f, 2026), sums);

    // the two years together hold every euro received, as on the cash basis
    assert_eq!(
        cents(y2025.income.total) + cents(y2026.income.total),
        3_770 * 2
    );
    // and the report reads the same income
    let recognised: i64 = statements::recognised_totals(
        f.db.conn(),
        FinancialYear::starting_in(f.db.conn(), 2026)
            .unwrap()
            .period,
    )
    .unwrap()
    .iter()
    .filter(|(a, _)| a.starts_with('7'))
    .map(|(_, c)| c)
    .sum();
    assert_eq!(recognised, 3_650);

    // back on the cash basis, the December fee is 2025's income again
    panier::store::settings::set(&mut f.db, "accounting_basis", "cash").unwrap();
    let cash = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(cents(cash.income.total), 0);
}

#[test]
fn volunteer_time_is_valued_and_shown_apart_from_the_result() {
    let mut f = fresh();
    let m = member(&mut f, "Hélène Lefèvre", "helene@example.org");
    ledger::record(&mut f.db, &entry("2026-03-01", Account::DONATIONS, 5_000)).unwrap();
    let before = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    let bad = volunteering::parse_hours("-2").unwrap_err();
    assert!(
        bad.to_string().contains("nombre d'heures « -2 » illisible"),
        "{bad}"
    );
    let zero = volunteering::add(
        &mut f.db,
        &NewVolunteering {
            date: day("2026-03-02"),
            hours: Decimal::ZERO,
            member: None,
            label: String::new(),
        },
    )
    .unwrap_err();
    assert!(
        zero.to_string()
            .contains("un nombre d'heures de bénévolat par jour est entre 0 (exclu) et 24"),
        "{zero}"
    );
    let audit = audit_rows(&f.db);
    volunteering::add(
        &mut f.db,
        &NewVolunteering {
            date: day("2026-03-02"),
            hours: volunteering::parse_hours("2,5").unwrap(),
            member: Some(m),
            label: "Mise à jour Nextcloud".into(),
        },
    )
    .unwrap();
    volunteering::add(
        &mut f.db,
        &NewVolunteering {
            date: day("2026-04-10"),
            hours: Decimal::new(4, 0),
            member: None,
            label: "Permanence".into(),
        },
    )
    .unwrap();
    assert_eq!(audit_rows(&f.db), audit + 2);
    panier::store::settings::set(&mut f.db, "volunteer_hour_value", "11,88").unwrap();

    let summary = volunteering::year_summary(f.db.conn(), 2026).unwrap();
    assert_eq!(summary.hours, Decimal::new(65, 1));
    assert_eq!(summary.value, Decimal::new(7722, 2));
    assert_eq!(summary.records, 2);
    assert_eq!(summary.accounts, ["864".to_string(), "875".to_string()]);
    let listed = volunteering::list(
        f.db.conn(),
        FinancialYear::starting_in(f.db.conn(), 2026)
            .unwrap()
            .period,
    )
    .unwrap();
    assert_eq!(listed[0].member, "Hélène Lefèvre");
    assert_eq!(
        volunteering::year_summary(f.db.conn(), 2025).unwrap().hours,
        Decimal::ZERO
    );

    // the statement shows it, and its result does not move
    let s = statements::statement(f.db.conn(), 2026, Lang::Fr).unwrap();
    assert_eq!(s.volunteering, summary);
    assert_eq!(s.result, before.result);
    assert_eq!(s.income, before.income);
    let json = serde_json::to_value(&s).unwrap();
    assert_eq!(json["volunteering"]["hours"], "6.50");
    assert_eq!(json["volunteering"]["value"], "77.22");

    // the public pages show the hours and their value, apart from the result
    let report = panier::public::report::figures(f.db.conn(), 2026).unwrap();
    assert_eq!(report.volunteering.hours, Decimal::new(65, 1));
    assert_eq!(report.volunteering.value_cents, 7722);
    let html = panier::public::report::html::transparency(&report, Lang::Fr);
    let page = panier::public::report::html::economic_model(&report, Lang::Fr);
    let pdf = crate::common::pdf_text(
        &panier::public::report::pdf::transparency(&report, Lang::Fr).unwrap(),
    );
    for text in [&html, &page] {
        assert!(text.contains("Bénévolat : 6,5 heures"), "{text}");
        // amounts as the pages write them (a no-break space before €)
        let valued = format!(
            "valorisées {} à {} l'heure",
            panier::kernel::money::display(7722, Lang::Fr),
            panier::kernel::money::display(1188, Lang::Fr)
        );
        assert!(text.contains(&valued), "{text}");
    }
    assert!(pdf.contains("Bénévolat : 6,5 heures"), "{pdf}");
    let english = panier::public::report::html::economic_model(&report, Lang::En);
    assert!(english.contains("Volunteering: 6.5 hours"), "{english}");
    let quiet = panier::public::report::figures(f.db.conn(), 2025).unwrap();
    assert!(!panier::public::report::html::transparency(&quiet, Lang::Fr).contains("Bénévolat :"));

    // a closed year takes no more time
    closing::close_year(&mut f.db, 2026, day("2027-01-05")).unwrap();
    let closed = volunteering::add(
        &mut f.db,
        &NewVolunteering {
            date: day("2026-12-01"),
            hours: Decimal::ONE,
            member: None,
            label: String::new(),
        },
    )
    .unwrap_err();
    assert!(
        closed.to_string().contains("l'exercice 2026 est clos"),
        "{closed}"
    );
}

#[test]
fn the_panels_and_the_clis_volunteering_operations_record_by_one_rule() {
    use panier::ops::books::{AddVolunteering, NewVolunteeringTime, VolunteeringForm};
    use panier::ops::volunteering::{Records, VolunteeringYearOf};
    use panier::ops::{perform, Role};
    let mut f = fresh();
    let typed = |date: &str, hours: &str| NewVolunteeringTime {
        year: 2026,
        form: VolunteeringForm {
            date: date.into(),
            hours: hours.into(),
            label: "Permanence".into(),
        },
    };
    let audit = audit_rows(&f.db);
    // the same refusals as `panier volunteering add`, naming the same fields
    let hours = perform::<AddVolunteering>(&mut f.db, Role::Treasurer, typed("2026-03-02", "0"))
        .unwrap_err();
    assert!(
        hours
            .to_string()
            .contains("un nombre d'heures de bénévolat par jour est entre 0 (exclu) et 24"),
        "{hours}"
    );
    let date = perform::<AddVolunteering>(&mut f.db, Role::Treasurer, typed("31/02/2026", "2"))
        .unwrap_err();
    assert_eq!(
        date.field(),
        Some(panier::kernel::field::Field::Date),
        "{date}"
    );
    assert_eq!(audit_rows(&f.db), audit);

    let panel =
        perform::<AddVolunteering>(&mut f.db, Role::Treasurer, typed("2026-03-02", "2,5")).unwrap();
    let records =
        perform::<Records>(&mut f.db, Role::Auditor, VolunteeringYearOf { year: 2026 }).unwrap();
    assert_eq!(audit_rows(&f.db), audit + 1);
    assert_eq!(panel.hours, records.summary.hours.to_string());
    assert_eq!(records.records.len(), 1);
    assert_eq!(records.records[0].label, "Permanence");
}
