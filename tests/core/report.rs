//! The public side: every figure recomputed here from the ledger and the core's own lists,
//! independently of `report`'s SQL; the registers; the pages themselves are in `report_pages`.

use crate::common::{audit_rows, day, fresh, Fixture};
use crate::report_pages::assert_self_contained;
use panier::books::ledger::{ExpenseCategory, Method};
use panier::books::payments::{self, Expense};
use panier::demo::seed::{seed, SeedOptions};
use panier::kernel::dates::Period;
use panier::membership::plans::{PlanInput, PlanKind, PlanPeriod};
use panier::public::charter::{self, AuthorityRequestInput, AuthorityRequestKind, SoftwareInput};
use panier::public::report::{self, Count, IncomeSource, Met};
use panier::Lang;
use std::collections::{BTreeMap, HashSet};

const GIB: i64 = 1024 * 1024 * 1024;

/// A seeded association with a volunteer's reimbursement, a cancelled expense, a tier with
/// a single member, the charter registers filled, and its public texts written.
pub(crate) fn association() -> Fixture {
    let mut f = fresh();
    seed(
        &mut f.db,
        &SeedOptions {
            members: 250,
            years: 3,
            seed: 7,
            until: Some(day("2026-11-22")),
        },
    )
    .unwrap();
    let volunteer = payments::spend(
        &mut f.db,
        &Expense {
            amount_cents: 4_250,
            category: ExpenseCategory::Travel,
            label: "Train pour le camp CHATONS".into(),
            supplier: "Hélène Dubois".into(),
            date: day("2025-08-20"),
            method: Method::Transfer,
            names_person: true,
        },
    )
    .unwrap();
    assert!(volunteer.0 > 0);
    let mistake = payments::spend(
        &mut f.db,
        &Expense {
            amount_cents: 9_999,
            category: ExpenseCategory::Purchases,
            label: "Saisie en double".into(),
            supplier: "LDLC Pro".into(),
            date: day("2025-05-02"),
            method: Method::Card,
            names_person: false,
        },
    )
    .unwrap();
    panier::books::ledger::reverse(&mut f.db, mistake, "doublon", day("2025-05-03")).unwrap();
    // a tier only one member takes: its count must never show
    let lonely = panier::membership::plans::add(
        &mut f.db,
        &PlanInput {
            name: "Archiviste 1 To".into(),
            kind: PlanKind::Tier,
            amount_cents: 20_000,
            min_cents: None,
            counterpart_cents: 0,
            quota_bytes: Some(1024 * GIB),
            period: PlanPeriod::Months(12),
            members_only: true,
            covers_gap: false,
            description: "Pour une photothèque".into(),
        },
    )
    .unwrap();
    let plan = panier::membership::plans::get(f.db.conn(), lonely).unwrap();
    payments::pay_plan(
        &mut f.db,
        &payments::PlanPayment {
            member: panier::kernel::ids::MemberId(5),
            plan: plan.id,
            amount_cents: 20_000,
            gift_cents: None,
            date: day("2025-06-01"),
            method: Method::Transfer,
            external_ref: None,
        },
    )
    .unwrap();
    for (date, kind, answered) in [
        ("2024-03-01", AuthorityRequestKind::Data, Some("2024-03-09")),
        (
            "2025-02-11",
            AuthorityRequestKind::Identification,
            Some("2025-02-20"),
        ),
        ("2025-10-30", AuthorityRequestKind::Removal, None),
    ] {
        charter::add_authority_request(
            &mut f.db,
            &AuthorityRequestInput {
                received_on: day(date),
                authority: "Tribunal judiciaire d'Orléans".into(),
                kind,
                answer: if answered.is_some() {
                    "Rien à transmettre".into()
                } else {
                    String::new()
                },
                answered_on: answered.map(day),
            },
        )
        .unwrap();
    }
    charter::add_software(
        &mut f.db,
        &SoftwareInput {
            name: "Nextcloud".into(),
            version: "30.0.2".into(),
            licence: "AGPL-3.0-or-later".into(),
            free: true,
            source_url: "https://github.com/nextcloud/server".into(),
            service: Some("nextcloud".into()),
            service_url: "https://cloud.amipo.example".into(),
            description: "Fichiers, agendas, contacts".into(),
        },
    )
    .unwrap();
    charter::add_signoff(&mut f.db, "Camille", day("2024-01-15"), "charte 2023").unwrap();
    for (k, v) in [
        ("website", "https://amipo.example"),
        ("contact_email", "contact@amipo.example"),
        ("terms_url", "https://amipo.example/cgu"),
        ("privacy_url", "https://amipo.example/vie-privee"),
        ("log_retention", "12 mois"),
        ("economic_model", "Les adhésions paient les serveurs."),
        ("infrastructure", "Deux serveurs loués à Falkenstein."),
        ("backups", "Chaque nuit, chiffrées, chez un membre."),
        ("host_provider_name", "Hetzner Online GmbH"),
        ("host_country_code", "de"),
        ("founded_on", "12/05/2017"),
    ] {
        panier::store::settings::set(&mut f.db, k, v).unwrap();
    }
    f
}

fn sum_lines(f: &Fixture, period: Period, accept: impl Fn(&str) -> bool) -> i64 {
    panier::books::ledger::between(f.db.conn(), period)
        .unwrap()
        .iter()
        .flat_map(|e| e.lines.iter())
        .filter(|l| accept(&l.account))
        .map(|l| l.amount_cents)
        .sum()
}

fn overlaps(starts: chrono::NaiveDate, ends_before: chrono::NaiveDate, p: Period) -> bool {
    starts < p.end_exclusive && ends_before > p.start
}

/// Every (member, plan id, plan kind, start, end) of the file, read through the core.
fn all_subscriptions(
    f: &Fixture,
) -> Vec<(i64, i64, PlanKind, chrono::NaiveDate, chrono::NaiveDate)> {
    let plans: BTreeMap<i64, PlanKind> = panier::membership::plans::list(f.db.conn())
        .unwrap()
        .into_iter()
        .map(|p| (p.id.0, p.kind))
        .collect();
    let mut out = Vec::new();
    let members = panier::people::members::list(
        f.db.conn(),
        &panier::people::members::MemberQuery::default(),
        day("2026-11-22"),
    )
    .unwrap();
    for m in members {
        for s in panier::membership::subscriptions::for_member(f.db.conn(), m.id, day("2026-11-22"))
            .unwrap()
        {
            out.push((
                m.id.0,
                s.plan_id.0,
                plans[&s.plan_id.0],
                s.starts_on,
                s.ends_before,
            ));
        }
    }
    out
}

fn count(n: usize) -> Count {
    if n > 0 && n < 3 {
        Count::FewerThan(3)
    } else {
        Count::Exact(n as i64)
    }
}

#[test]
fn every_figure_equals_the_books() {
    let f = association();
    let r = report::figures(f.db.conn(), 2025).unwrap();
    let year = Period::civil_year(2025);
    let last = Period::civil_year(2024);
    assert_eq!(r.period, year);
    assert_eq!(r.threshold, 3);

    // income by source, this year and last
    for source in IncomeSource::ALL {
        let accounts = source.accounts();
        let now = sum_lines(&f, year, |a| accounts.contains(&a));
        let before = sum_lines(&f, last, |a| accounts.contains(&a));
        match r.finances.income.iter().find(|l| l.source == source) {
            Some(line) => {
                assert_eq!(line.cents, now, "{source:?}");
                assert_eq!(line.previous_cents, before, "{source:?}");
            }
            None => assert_eq!((now, before), (0, 0), "{source:?} missing"),
        }
    }
    // donors: members once each, named payers once, each anonymous gift once
    let entries = panier::books::ledger::between(f.db.conn(), year).unwrap();
    let reversed: HashSet<_> = entries.iter().filter_map(|e| e.reverses_id).collect();
    let donors: HashSet<String> = entries
        .iter()
        .filter(|e| e.lines.iter().any(|l| l.account == "7541"))
        .filter(|e| e.reverses_id.is_none() && !reversed.contains(&e.id))
        .map(|e| match (e.member_id, e.counterparty.as_str()) {
            (Some(m), _) => format!("m{m}"),
            (None, "") => format!("e{}", e.id),
            (None, c) => format!("c{}", c.to_lowercase()),
        })
        .collect();
    let donations = r
        .finances
        .income
        .iter()
        .find(|l| l.source == IncomeSource::Donations)
        .unwrap();
    assert_eq!(donations.contributors, count(donors.len()));

    // expenses by category, totals, result, reserves
    for category in ExpenseCategory::ALL {
        let now = -sum_lines(&f, year, |a| a == category.account());
        let line = r.finances.expenses.iter().find(|l| l.category == category);
        assert_eq!(line.map(|l| l.cents).unwrap_or(0), now, "{category:?}");
        // listed items and withheld ones add up to the category
        let listed: i64 = r
            .finances
            .expense_items
            .iter()
            .filter(|i| i.category == category)
            .map(|i| i.cents)
            .sum();
        let withheld: i64 = r
            .finances
            .withheld
            .iter()
            .filter(|w| w.category == category)
            .map(|w| w.cents)
            .sum();
        assert_eq!(listed + withheld, now, "{category:?}");
    }
    let income = sum_lines(&f, year, |a| a.starts_with('7'));
    let spent = -sum_lines(&f, year, |a| a.starts_with('6'));
    assert_eq!(r.finances.total_income_cents, income);
    assert_eq!(r.finances.total_expenses_cents, spent);
    assert_eq!(r.finances.result_cents, income - spent);
    assert_eq!(
        r.finances.previous_result_cents,
        sum_lines(&f, last, |a| a.starts_with('7')) + sum_lines(&f, last, |a| a.starts_with('6'))
    );
    let all_time = Period::new(day("1900-01-01"), day("2026-01-01")).unwrap();
    let treasury: i64 = panier::books::ledger::between(f.db.conn(), all_time)
        .unwrap()
        .iter()
        .map(|e| e.amount_cents)
        .sum();
    assert_eq!(r.finances.reserves_cents, treasury);
    assert_eq!(
        r.finances.fees_service_part_cents,
        sum_lines(&f, year, |a| a == "7562")
    );

    // the volunteer is nowhere by name, only in the travel total
    assert!(r
        .finances
        .expense_items
        .iter()
        .all(|i| i.supplier != "Hélène Dubois"));
    let travel = r
        .finances
        .withheld
        .iter()
        .find(|w| w.category == ExpenseCategory::Travel)
        .unwrap();
    assert_eq!((travel.cents, travel.lines), (4_250, 1));
    // the cancelled purchase shows with its reversal, and they cancel out
    let doubles: Vec<i64> = r
        .finances
        .expense_items
        .iter()
        .filter(|i| i.label.contains("Saisie en double") || i.label.contains("Contre-passation"))
        .map(|i| i.cents)
        .collect();
    assert_eq!(doubles.iter().sum::<i64>(), 0, "{doubles:?}");
    assert_eq!(doubles.len(), 2);

    // members and tiers over the years, from the subscriptions themselves
    let subs = all_subscriptions(&f);
    assert_eq!(r.history.first().unwrap().year, 2024);
    assert_eq!(r.history.last().unwrap().year, 2025);
    for y in &r.history {
        let fee_members: HashSet<i64> = subs
            .iter()
            .filter(|s| s.2 == PlanKind::Fee && overlaps(s.3, s.4, y.period))
            .map(|s| s.0)
            .collect();
        assert_eq!(y.members, count(fee_members.len()), "{}", y.year);
        for t in &y.tiers {
            let plan = panier::membership::plans::find(f.db.conn(), &t.plan).unwrap();
            let n: HashSet<i64> = subs
                .iter()
                .filter(|s| s.1 == plan.id.0 && overlaps(s.3, s.4, y.period))
                .map(|s| s.0)
                .collect();
            assert_eq!(t.members, count(n.len()), "{} {}", y.year, t.plan);
        }
        let p = y.period;
        assert_eq!(y.income_cents, sum_lines(&f, p, |a| a.starts_with('7')));
        assert_eq!(y.expenses_cents, -sum_lines(&f, p, |a| a.starts_with('6')));
    }
    let lonely = r
        .plans
        .iter()
        .find(|p| p.name == "Archiviste 1 To")
        .unwrap();
    assert_eq!(lonely.subscribers, Count::FewerThan(3));
    assert_eq!(lonely.payments, Count::FewerThan(3));
    for p in &r.plans {
        let plan = panier::membership::plans::find(f.db.conn(), &p.name).unwrap();
        let n: HashSet<i64> = subs
            .iter()
            .filter(|s| s.1 == plan.id.0 && overlaps(s.3, s.4, year))
            .map(|s| s.0)
            .collect();
        assert_eq!(p.subscribers, count(n.len()), "{}", p.name);
    }
    let free_price = r.plans.iter().find(|p| p.pay_what_you_want).unwrap();
    let paid: Vec<i64> = entries
        .iter()
        .filter(|e| {
            e.plan_id.map(|id| id.0)
                == Some(
                    panier::membership::plans::find(f.db.conn(), &free_price.name)
                        .unwrap()
                        .id
                        .0,
                )
        })
        .filter(|e| e.reverses_id.is_none() && e.reversed_by.is_none())
        .map(|e| e.amount_cents)
        .collect();
    assert!(paid.len() >= 3);
    let n = paid.len() as i64;
    assert_eq!(
        free_price.average_paid_cents,
        Some((paid.iter().sum::<i64>() + n / 2) / n)
    );

    // storage and unit costs, from the accounts open during the year (the seed opens each on
    // its member's joining day and never changes a quota)
    let accounts: Vec<_> = panier::hosting::accounts::list(f.db.conn())
        .unwrap()
        .into_iter()
        .filter(|a| {
            a.opened_on.unwrap() < year.end_exclusive && a.closed_on.is_none_or(|c| c > year.start)
        })
        .collect();
    let opened_later = panier::hosting::accounts::list(f.db.conn())
        .unwrap()
        .into_iter()
        .filter(|a| a.opened_on.unwrap() >= year.end_exclusive)
        .count();
    assert!(opened_later > 0, "the seed opens accounts after 2025 too");
    let quota: i64 = accounts.iter().map(|a| a.quota_bytes).sum();
    let used: i64 = accounts.iter().map(|a| a.used_bytes.unwrap_or(0)).sum();
    assert_eq!(r.storage.accounts, accounts.len() as i64);
    assert_eq!(r.storage.quota_bytes, quota);
    assert_eq!(r.storage.used_bytes, used);
    assert_eq!(r.storage.services.len(), 1);
    assert_eq!(r.storage.services[0].service, "nextcloud");
    let rounded = |num: i128, den: i128| ((num + den / 2) / den) as i64;
    assert_eq!(
        r.unit_costs.per_account_cents,
        Some(rounded(spent as i128, accounts.len() as i128))
    );
    assert_eq!(
        r.unit_costs.per_gb_granted_cents,
        Some(rounded(spent as i128 * GIB as i128, quota as i128))
    );

    // charter registers
    assert_eq!(r.charter.authority_requests.received, 2);
    assert_eq!(r.charter.authority_requests.answered, 1);
    assert_eq!(r.charter.authority_requests.received_ever, 3);
    assert_eq!(r.charter.signed_admins, 1);
    assert_eq!(r.charter.software.len(), 1);
    let met: BTreeMap<&str, Met> = r
        .charter
        .items
        .iter()
        .map(|i| (i.code.as_str(), i.met))
        .collect();
    assert_eq!(met.len(), 9);
    assert_eq!(met["C5"], Met::Yes);
    assert_eq!(met["C8"], Met::Yes);
    assert_eq!(met["C9"], Met::Yes);
    assert_eq!(r.identity.host_country_code, "DE");
    assert_eq!(r.identity.founded_on, "2017-05-12");

    // the figures travel as JSON for the desktop's preview
    let json = serde_json::to_string(&r).unwrap();
    let back: report::Report = serde_json::from_str(&json).unwrap();
    assert_eq!(back, r);
}

#[test]
fn an_empty_association_still_reports() {
    let mut f = fresh();
    assert_eq!(
        report::default_year(f.db.conn(), day("2026-11-22")).unwrap(),
        2025
    );
    panier::store::settings::set(&mut f.db, "fiscal_year_start", "09-01").unwrap();
    assert_eq!(
        report::default_year(f.db.conn(), day("2026-11-22")).unwrap(),
        2025
    );
    assert_eq!(
        report::default_year(f.db.conn(), day("2026-08-31")).unwrap(),
        2024
    );
    let r = report::figures(f.db.conn(), 2026).unwrap();
    assert_eq!(r.period.start, day("2026-09-01"));
    assert_eq!(r.finances.total_income_cents, 0);
    assert_eq!(r.unit_costs.per_account_cents, None);
    assert!(r.finances.income.is_empty());
    assert_eq!(r.charter.items.len(), 9);
    let page = report::html::transparency(&r, Lang::Fr);
    assert_self_contained(&page);
    assert!(page.contains("pas encore renseigné"));
    let files = report::chatonsinfos::files(&r);
    assert_eq!(files.len(), 1);
}

#[test]
fn charter_registers_record_and_refuse() {
    let mut f = fresh();
    let before = audit_rows(&f.db);
    let id = charter::add_authority_request(
        &mut f.db,
        &AuthorityRequestInput {
            received_on: day("2026-03-01"),
            authority: "Préfecture du Loiret".into(),
            kind: AuthorityRequestKind::Data,
            answer: String::new(),
            answered_on: None,
        },
    )
    .unwrap();
    let err =
        charter::answer_authority_request(&mut f.db, id, "Refus", day("2026-02-01")).unwrap_err();
    assert_eq!(err.kind(), "invalid");
    let answered =
        charter::answer_authority_request(&mut f.db, id, "Refus motivé", day("2026-03-05"))
            .unwrap();
    assert_eq!(answered.answered_on, Some(day("2026-03-05")));
    assert_eq!(charter::authority_requests(f.db.conn()).unwrap().len(), 1);

    let sw = charter::add_software(
        &mut f.db,
        &SoftwareInput {
            name: "Collabora".into(),
            free: false,
            ..SoftwareInput::default()
        },
    )
    .unwrap();
    let dup = charter::add_software(
        &mut f.db,
        &SoftwareInput {
            name: "collabora".into(),
            ..SoftwareInput::default()
        },
    )
    .unwrap_err();
    assert_eq!(dup.kind(), "refused");
    let r = report::figures(f.db.conn(), 2026).unwrap();
    assert_eq!(
        r.charter.items.iter().find(|i| i.code == "C8").unwrap().met,
        Met::Partly
    );
    assert!(report::html::transparency(&r, Lang::Fr).contains("Exceptions non libres : Collabora"));
    charter::remove_software(&mut f.db, sw).unwrap();

    let s = charter::add_signoff(&mut f.db, "Loïc", day("2025-01-01"), "").unwrap();
    assert_eq!(
        report::figures(f.db.conn(), 2026)
            .unwrap()
            .charter
            .signed_admins,
        1
    );
    charter::end_signoff(&mut f.db, s, day("2026-06-30")).unwrap();
    assert_eq!(
        report::figures(f.db.conn(), 2026)
            .unwrap()
            .charter
            .signed_admins,
        0
    );
    assert_eq!(
        report::figures(f.db.conn(), 2025)
            .unwrap()
            .charter
            .signed_admins,
        1
    );
    // one audit row per change that succeeded
    assert_eq!(audit_rows(&f.db) - before, 6);
}

#[test]
fn data_requests_are_counted_with_their_median_delay() {
    use panier::rights::requests;
    let mut f = association();
    // received in 2025: answered after 4, 10 and 20 days, one still open; one in 2024
    for (received, answered) in [
        ("2025-02-01", Some("2025-02-05")),
        ("2025-03-01", Some("2025-03-11")),
        ("2025-06-01", Some("2025-06-21")),
        ("2025-12-20", None),
        ("2024-05-05", Some("2024-05-06")),
    ] {
        let id =
            crate::common::access_request(&mut f.db, panier::kernel::ids::MemberId(3), received);
        if let Some(a) = answered {
            requests::answer(&mut f.db, id, day(a), false, "").unwrap();
        }
    }
    let r = report::figures(f.db.conn(), 2025).unwrap();
    let d = r
        .charter
        .data_requests
        .clone()
        .expect("the register exists");
    assert_eq!((d.received, d.answered), (Count::Exact(4), Count::Exact(3)));
    assert_eq!(d.median_days, Some(10.0));
    let page = report::html::transparency(&r, Lang::Fr);
    assert!(
        page.contains("délai médian de réponse : 10,0 jours"),
        "median not shown"
    );
    assert_eq!(
        r.charter.items.iter().find(|i| i.code == "C3").unwrap().met,
        Met::Yes
    );
}

#[test]
fn a_financial_year_from_september_is_summed_over_its_own_days() {
    let mut f = association();
    panier::store::settings::set(&mut f.db, "fiscal_year_start", "09-01").unwrap();
    let r = report::figures(f.db.conn(), 2024).unwrap();
    let year = Period::fiscal_year(2024, (9, 1));
    assert_eq!(year.start, day("2024-09-01"));
    assert_eq!(year.end_exclusive, day("2025-09-01"));
    assert_eq!(r.period, year);
    assert_eq!(
        r.finances.total_income_cents,
        sum_lines(&f, year, |a| a.starts_with('7'))
    );
    assert_eq!(
        r.finances.total_expenses_cents,
        -sum_lines(&f, year, |a| a.starts_with('6'))
    );
    let items: i64 = r
        .finances
        .expense_items
        .iter()
        .map(|i| i.cents)
        .sum::<i64>()
        + r.finances.withheld.iter().map(|w| w.cents).sum::<i64>();
    assert_eq!(items, r.finances.total_expenses_cents);
    // the volunteer's August 2025 trip falls in this year
    assert_eq!(r.finances.withheld.len(), 1);
    let page = report::html::transparency(&r, Lang::Fr);
    assert!(page.contains("Exercice 2024-2025"));
    assert!(page.contains("du 01/09/2024 au 31/08/2025"));
}
