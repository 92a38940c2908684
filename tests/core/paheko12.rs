//! Moving in from Paheko 1.2 (issue #20), on an association made by Paheko 1.2.11 itself
//! (tests/data/paheko, see its README): its own layout read (members in `membres`, fields
//! from an INI configuration), the books against Paheko's own statements, transfers between
//! bank and cash, a debt and a credit with their pay-offs, and an unpaid subscription.

use crate::common::{day, fresh, Fixture};
use crate::paheko::{cents, fixture, matches_pahekos_own_statements};
use panier::books::ledger;
use panier::books::statements::statement;
use panier::bridges::paheko::{
    import_paheko, ImportStatus, PahekoKind, PahekoOutcome, PahekoReport,
};
use panier::kernel::ids::EntryId;
use panier::people::members::{self, MemberKind};
use panier::Lang;
use rusqlite::Connection;

fn paheko12() -> std::path::PathBuf {
    fixture("association-1.2.sqlite")
}

fn imported() -> (Fixture, PahekoReport) {
    let mut f = fresh();
    let report = import_paheko(&mut f.db, &paheko12(), false, day("2026-06-01")).expect("import");
    assert_eq!(report.status, ImportStatus::Imported, "{report:#?}");
    (f, report)
}

/// Paheko's own file, read directly (the expectations come from it, not from the importer).
fn source() -> Connection {
    Connection::open_with_flags(paheko12(), rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap()
}

fn count(conn: &Connection, sql: &str) -> i64 {
    conn.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn item(report: &PahekoReport, kind: PahekoKind, id: i64) -> &panier::bridges::paheko::PahekoItem {
    report
        .items
        .iter()
        .find(|i| i.kind == kind && i.paheko_id == id)
        .unwrap_or_else(|| panic!("{kind:?} {id} in the report"))
}

#[test]
fn a_paheko_12_file_is_read_and_every_account_matches_pahekos_own_statements() {
    let (f, report) = imported();
    assert_eq!(report.paheko_version, "1.2.11");
    assert_eq!(report.association, "Les Chatons d'Émeraude");
    let table = matches_pahekos_own_statements(&f, "association-1.2.totals.json");
    eprintln!("{table}");
}

#[test]
fn members_come_from_the_ini_field_configuration() {
    let (f, report) = imported();
    let src = source();
    let conn = f.db.conn();
    assert_eq!(
        count(conn, "SELECT count(*) FROM members"),
        count(&src, "SELECT count(*) FROM membres")
    );
    let member_of = |name: &str| {
        // (filtered here: `nom` has Paheko's own U_NOCASE collation, unknown outside Paheko)
        let id: i64 = src
            .prepare("SELECT id, nom FROM membres")
            .unwrap()
            .query_map([], |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .find(|(_, n)| n == name)
            .unwrap()
            .0;
        members::get(
            conn,
            panier::kernel::ids::MemberId(item(&report, PahekoKind::Member, id).panier_id.unwrap()),
        )
        .unwrap()
    };
    let muriers = member_of("Association Les Mûriers");
    assert_eq!(
        muriers.kind,
        MemberKind::Organisation,
        "from the « Type de membre » select"
    );
    let helene = member_of("Hélène D'Aubigné-Prévost");
    assert_eq!(helene.kind, MemberKind::Person);
    assert_eq!(helene.email, "helene.daubigne@example.org");
    assert_eq!(helene.street, "12 rue de l'Étape");
    assert_eq!(
        helene.joined_on,
        day("2024-03-10"),
        "the 1.2 column date_inscription"
    );
    let jean = member_of("Jean-Noël Œuvray");
    assert!(
        jean.email.ends_with("@sans-adresse.invalid"),
        "{}",
        jean.email
    );
    assert_eq!(jean.last_name, "Œuvray");
}

#[test]
fn transfers_between_bank_and_cash_are_two_entries_through_58() {
    let (f, report) = imported();
    let src = source();
    let conn = f.db.conn();
    // Paheko's transfers: lines on 512 and 530 only
    let mut stmt = src
        .prepare(
            "SELECT t.id, sum(CASE WHEN a.code = '530' THEN l.debit - l.credit ELSE 0 END)
             FROM acc_transactions t JOIN acc_transactions_lines l ON l.id_transaction = t.id
             JOIN acc_accounts a ON a.id = l.id_account
             GROUP BY t.id HAVING sum(a.code NOT IN ('512', '530')) = 0",
        )
        .unwrap();
    let transfers: Vec<(i64, i64)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(transfers.len(), 2, "one each way in the fixture");
    for (id, into_cash) in transfers {
        let it = item(&report, PahekoKind::Transaction, id);
        assert_eq!(it.outcome, PahekoOutcome::Created, "{it:?}");
        let entries: Vec<ledger::Entry> = conn
            .prepare("SELECT id FROM ledger_entries WHERE external_ref LIKE ?1 ORDER BY id")
            .unwrap()
            .query_map([format!("paheko:{id}:%")], |r| r.get::<_, i64>(0))
            .unwrap()
            .map(|e| ledger::get(conn, EntryId(e.unwrap())).unwrap())
            .collect();
        assert_eq!(entries.len(), 2);
        assert_eq!(entries[0].date, entries[1].date);
        let by_treasury = |account: &str| {
            entries
                .iter()
                .find(|e| e.method.treasury_account() == account)
                .unwrap()
        };
        assert_eq!(by_treasury("530").amount_cents, into_cash);
        assert_eq!(by_treasury("512").amount_cents, -into_cash);
        for e in &entries {
            assert!(e.lines.iter().all(|l| l.account == "58"), "{e:?}");
        }
    }
    // 58 nets to zero: it shows in no year's income or expenses
    for year in [2024, 2025] {
        let books = statement(conn, year, Lang::Fr).unwrap();
        assert!(!books.income.by_account.contains_key("58"));
        assert!(!books.expenses.by_account.contains_key("58"));
    }
}

#[test]
fn a_debt_and_a_credit_are_one_entry_with_their_pay_off() {
    let (f, report) = imported();
    let src = source();
    let conn = f.db.conn();
    let mut stmt = src
        .prepare("SELECT id, id_related, date FROM acc_transactions WHERE id_related IS NOT NULL")
        .unwrap();
    let payoffs: Vec<(i64, i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        payoffs.len(),
        2,
        "a supplier's debt and a customer's credit"
    );
    for (payoff, debt, paid_on) in payoffs {
        let d = item(&report, PahekoKind::Transaction, debt);
        let p = item(&report, PahekoKind::Transaction, payoff);
        assert_eq!(d.outcome, PahekoOutcome::Created, "{d:?}");
        assert_eq!(p.outcome, PahekoOutcome::Skipped, "{p:?}");
        assert_eq!(
            p.panier_id, d.panier_id,
            "the pay-off is in the debt's entry"
        );
        let entry = ledger::get(conn, EntryId(d.panier_id.unwrap())).unwrap();
        assert_eq!(entry.date, day(&paid_on), "on the day the money moved");
        // the debt's income or expense lines, the pay-off's treasury account
        let (account, amount): (String, i64) = src
            .query_row(
                "SELECT a.code, l.credit - l.debit FROM acc_transactions_lines l
                 JOIN acc_accounts a ON a.id = l.id_account
                 WHERE l.id_transaction = ?1 AND substr(a.code, 1, 1) IN ('6', '7')",
                [debt],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(entry.lines.len(), 1);
        assert_eq!(entry.lines[0].account, account);
        assert_eq!(entry.lines[0].amount_cents, amount);
        let treasury: String = src
            .query_row(
                "SELECT a.code FROM acc_transactions_lines l JOIN acc_accounts a ON a.id = l.id_account
                 WHERE l.id_transaction = ?1 AND a.code LIKE '5%'",
                [payoff],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(entry.method.treasury_account(), treasury);
    }
    // third parties are named in the account table as taken at the pay-off
    for code in ["401", "411"] {
        let a = report.accounts.iter().find(|a| a.code == code).unwrap();
        assert_eq!(a.fate, panier::bridges::paheko::AccountFate::Settled);
    }
    // a debt without its pay-off is not mapped, and nothing is half written
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("unpaid-debt.sqlite");
    std::fs::copy(paheko12(), &path).unwrap();
    Connection::open(&path)
        .unwrap()
        .execute_batch("UPDATE acc_transactions SET id_related = NULL;")
        .unwrap();
    let mut g = fresh();
    let report = import_paheko(&mut g.db, &path, false, day("2026-06-01")).unwrap();
    let not_mapped: Vec<_> = report
        .items
        .iter()
        .filter(|i| i.outcome == PahekoOutcome::NotMapped)
        .collect();
    assert_eq!(
        not_mapped.len(),
        4,
        "two debts, two pay-offs: {not_mapped:#?}"
    );
    assert!(not_mapped
        .iter()
        .any(|i| i.reason_en.contains("no linked pay-off")));
}

#[test]
fn importing_a_12_file_twice_adds_nothing() {
    let (mut f, first) = imported();
    let entries = count(f.db.conn(), "SELECT count(*) FROM ledger_entries");
    let second = import_paheko(&mut f.db, &paheko12(), false, day("2026-06-01")).unwrap();
    assert_eq!(second.created, 0, "{:#?}", second.items);
    assert!(!second.written);
    assert_eq!(
        count(f.db.conn(), "SELECT count(*) FROM ledger_entries"),
        entries
    );
    assert_eq!(
        second.matched,
        first.created + first.skipped - skipped_without_id(&first)
    );
    let books = statement(f.db.conn(), 2025, Lang::Fr).unwrap();
    assert!(cents(books.result) > 0);
}

/// The rows skipped without a Panier row (opening balances…): a second import skips them
/// again instead of matching them.
fn skipped_without_id(report: &PahekoReport) -> usize {
    report
        .items
        .iter()
        .filter(|i| i.outcome == PahekoOutcome::Skipped && i.panier_id.is_none())
        .count()
}

#[test]
fn an_unpaid_subscription_is_a_due_until_its_payment_is_recorded() {
    let (mut f, report) = imported();
    let src = source();
    let (paheko_id, user, expected, start, expiry): (i64, i64, i64, String, String) = src
        .query_row(
            "SELECT id, id_user, expected_amount, date, expiry_date FROM services_users WHERE paid = 0",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    let it = item(&report, PahekoKind::Subscription, paheko_id);
    assert_eq!(it.outcome, PahekoOutcome::Created);
    assert!(it.due, "{it:?}");
    assert_eq!(report.dues_created, 1);
    let member =
        panier::kernel::ids::MemberId(item(&report, PahekoKind::Member, user).panier_id.unwrap());
    let dues = panier::membership::dues::for_member(f.db.conn(), member).unwrap();
    assert_eq!(dues.len(), 1);
    let due = &dues[0];
    assert_eq!(due.amount_due_cents, expected);
    assert_eq!(due.starts_on, day(&start));
    assert_eq!(
        due.ends_before,
        day(&expiry).succ_opt().unwrap(),
        "Paheko's expiry is its last day"
    );
    assert_eq!(due.settled_by, None);
    // no period: the member is not counted as paid
    assert_eq!(
        count(
            f.db.conn(),
            &format!(
                "SELECT count(*) FROM subscriptions WHERE member_id = {}",
                member.0
            )
        ),
        0
    );
    // the payment recorded in Panier settles it
    let payment = panier::books::payments::PlanPayment {
        member,
        plan: due.plan_id,
        amount_cents: expected,
        gift_cents: None,
        date: day("2025-03-01"),
        method: panier::books::ledger::Method::Cheque,
        external_ref: None,
    };
    let paid = panier::books::payments::pay_plan(&mut f.db, &payment).unwrap();
    let after = panier::membership::dues::for_member(f.db.conn(), member).unwrap();
    assert_eq!(after[0].settled_by, Some(paid.subscription));
    assert!(panier::membership::dues::outstanding(f.db.conn())
        .unwrap()
        .is_empty());
    // imported again: the due is matched, not doubled
    let again = import_paheko(&mut f.db, &paheko12(), false, day("2026-06-01")).unwrap();
    assert_eq!(
        item(&again, PahekoKind::Subscription, paheko_id).outcome,
        PahekoOutcome::Matched
    );
    assert_eq!(
        count(f.db.conn(), "SELECT count(*) FROM membership_dues"),
        1
    );
}

/// Paheko 1.3 links a pay-off to its debt in `acc_transactions_links` (1.2 in
/// `acc_transactions.id_related`): the same single entry, from a 1.3 file.
#[test]
fn a_paheko_13_debt_linked_to_its_pay_off_is_one_entry_too() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("debt-1.3.sqlite");
    std::fs::copy(fixture("association-1.3.sqlite"), &path).unwrap();
    let account = "(SELECT a.id FROM acc_accounts a WHERE a.code = '{}' AND a.id_chart = (SELECT id_chart FROM acc_years WHERE status = 0))";
    let at = |code: &str| account.replace("{}", code);
    Connection::open(&path)
        .unwrap()
        .execute_batch(&format!(
            "INSERT INTO acc_transactions (id, type, status, label, date, id_year)
                 SELECT 901, 4, 0, 'Facture serveur', '2025-05-02', id FROM acc_years WHERE status = 0;
             INSERT INTO acc_transactions_lines (id_transaction, id_account, debit, credit) VALUES
                 (901, {}, 4500, 0), (901, {}, 0, 4500);
             INSERT INTO acc_transactions (id, type, status, label, date, id_year)
                 SELECT 902, 0, 0, 'Règlement de dette : Facture serveur', '2025-05-20', id FROM acc_years WHERE status = 0;
             INSERT INTO acc_transactions_lines (id_transaction, id_account, debit, credit) VALUES
                 (902, {}, 4500, 0), (902, {}, 0, 4500);
             INSERT INTO acc_transactions_links (id_transaction, id_related) VALUES (902, 901);",
            at("6135"),
            at("401"),
            at("401"),
            at("512")
        ))
        .unwrap();
    let mut f = fresh();
    let report = import_paheko(&mut f.db, &path, false, day("2026-06-01")).unwrap();
    assert_eq!(report.status, ImportStatus::Imported, "{report:#?}");
    let debt = item(&report, PahekoKind::Transaction, 901);
    assert_eq!(debt.outcome, PahekoOutcome::Created, "{debt:?}");
    assert_eq!(
        item(&report, PahekoKind::Transaction, 902).panier_id,
        debt.panier_id
    );
    let entry = ledger::get(f.db.conn(), EntryId(debt.panier_id.unwrap())).unwrap();
    assert_eq!(entry.date, day("2025-05-20"));
    assert_eq!(entry.amount_cents, -4500);
    assert_eq!(entry.lines[0].account, "6135");
    assert_eq!(entry.method.treasury_account(), "512");
}
