//! A reproducible synthetic association, for demos, tests and benchmarks: French names with
//! accents, fees, tiers, accounts, payments, donations and expenses over several years.

use crate::books::chart::Account;
use crate::books::ledger::{self, EntryKind, Line, Method, NewEntry};
use crate::kernel::dates::Period;
use crate::kernel::error::{Error, Result};
use crate::kernel::ids::{MemberId, PlanId};
use crate::membership::plans::{self, Plan, PlanInput, PlanKind, PlanPeriod};
use crate::membership::subscriptions;
use crate::people::members::{MemberInput, MemberKind};
use crate::store::audit::Change;
use crate::store::db::Database;
use chrono::{Datelike, NaiveDate};
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

use super::names::{Rng, CITIES, FIRST_NAMES, LAST_NAMES, ORGS, STREETS};

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SeedOptions {
    pub members: u32,
    /// years of history, ending on `until`
    pub years: u32,
    pub seed: u64,
    /// the last day of the history (today when not given)
    pub until: Option<NaiveDate>,
}

impl Default for SeedOptions {
    fn default() -> Self {
        SeedOptions {
            members: 300,
            years: 3,
            seed: 1,
            until: None,
        }
    }
}

/// Sizes to reach on top of the association [`SeedOptions`] describes, for benchmarks (the
/// `panier bench` profiles): the natural history is generated first, exactly as without
/// targets, then topped up with filler until each target is met. `None`: no target.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq)]
#[serde(default)]
pub struct SeedTargets {
    /// ledger entries in all (the filler: members' small payments for workshops and sales)
    pub entries: Option<u32>,
    /// ledger lines in all (a filler entry has one to three lines)
    pub lines: Option<u32>,
    /// service accounts in all (the filler: members' second accounts)
    pub accounts: Option<u32>,
    /// the share of members who renew their fee each year (default 80)
    pub renewal_percent: Option<u32>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeedSummary {
    pub members: u32,
    pub plans: u32,
    pub subscriptions: u32,
    pub accounts: u32,
    pub ledger_entries: u32,
    /// ledger lines written (0 in summaries from before this field)
    #[serde(default)]
    pub ledger_lines: u32,
}

/// The key under which the seeder remembers the end of a member's membership (any fee).
const MEMBERSHIP: PlanId = PlanId(0);

const GIB: i64 = 1024 * 1024 * 1024;

fn demo_plans() -> Vec<PlanInput> {
    let plan =
        |name: &str, kind, amount, min, counterpart, quota, period, members_only, desc: &str| {
            PlanInput {
                name: name.into(),
                kind,
                amount_cents: amount,
                min_cents: min,
                counterpart_cents: counterpart,
                quota_bytes: quota,
                period,
                members_only,
                covers_gap: false,
                description: desc.into(),
            }
        };
    vec![
        plan(
            "Adhésion",
            PlanKind::Fee,
            1500,
            None,
            500,
            None,
            PlanPeriod::Civil,
            false,
            "Cotisation annuelle ; 5 € paient l'hébergement de votre compte",
        ),
        plan(
            "Adhésion prix libre",
            PlanKind::Fee,
            3000,
            Some(500),
            500,
            None,
            PlanPeriod::Months(12),
            false,
            "Donnez ce que vous pouvez, à partir de 5 €",
        ),
        plan(
            "Découverte 1 Go",
            PlanKind::Tier,
            0,
            None,
            0,
            Some(GIB),
            PlanPeriod::Months(12),
            false,
            "Un compte Nextcloud gratuit pour essayer",
        ),
        plan(
            "Membre 10 Go",
            PlanKind::Tier,
            0,
            None,
            0,
            Some(10 * GIB),
            PlanPeriod::Months(12),
            true,
            "Compris dans l'adhésion",
        ),
        plan(
            "Confort 50 Go",
            PlanKind::Tier,
            2400,
            None,
            0,
            Some(50 * GIB),
            PlanPeriod::Months(12),
            true,
            "Pour les photos de famille",
        ),
        plan(
            "Grand panier 200 Go",
            PlanKind::Tier,
            6000,
            None,
            0,
            Some(200 * GIB),
            PlanPeriod::Months(12),
            false,
            "Pour les associations et les grandes familles",
        ),
    ]
}

fn ensure_plans(conn: &Connection) -> Result<(Vec<Plan>, u32)> {
    let mut created = 0;
    let mut out = Vec::new();
    for input in demo_plans() {
        let plan = match plans::find(conn, &input.name) {
            Ok(p) => p,
            Err(Error::NotFound { .. }) => {
                created += 1;
                let id = plans::insert(conn, &input)?;
                plans::get(conn, id)?
            }
            Err(e) => return Err(e),
        };
        out.push(plan);
    }
    Ok((out, created))
}

fn ascii_login(text: &str) -> String {
    crate::kernel::search::fold(text)
        .chars()
        .filter_map(|c| match c {
            'a'..='z' | '0'..='9' => Some(c),
            ' ' | '-' | '\'' => Some('-'),
            _ => None,
        })
        .collect()
}

/// Fills the file with a synthetic association, as one change (one audit row).
pub fn seed(db: &mut Database, options: &SeedOptions) -> Result<SeedSummary> {
    seed_with(db, options, &SeedTargets::default())
}

/// [`seed`], then topped up to `targets` (in the same change).
pub fn seed_with(
    db: &mut Database,
    options: &SeedOptions,
    targets: &SeedTargets,
) -> Result<SeedSummary> {
    if options.members == 0 || options.years == 0 || options.years > 30 {
        return Err(Error::invalid(
            "seed",
            format!("{} membres, {} ans", options.members, options.years),
            "il faut au moins un membre, et de 1 à 30 ans d'historique",
            "at least one member, and 1 to 30 years of history",
        ));
    }
    let until = options
        .until
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let options = options.clone();
    let targets = targets.clone();
    db.write(move |tx| {
        let mut summary = fill(tx, &options, &targets, until)?;
        top_up(tx, &options, &targets, until, &mut summary)?;
        Ok((
            summary.clone(),
            Change::new("seed", "association", None).after(&summary),
        ))
    })
}

fn fill(
    conn: &Connection,
    options: &SeedOptions,
    targets: &SeedTargets,
    until: NaiveDate,
) -> Result<SeedSummary> {
    let renewal = u64::from(targets.renewal_percent.unwrap_or(80).min(100));
    let mut rng = Rng(options.seed ^ 0x5041_4E49_4552);
    let (plans, plans_created) = ensure_plans(conn)?;
    let by_name = |n: &str| plans.iter().find(|p| p.name == n).expect("demo plan");
    let (fee, fee_free) = (by_name("Adhésion"), by_name("Adhésion prix libre"));
    let (free_tier, member_tier) = (by_name("Découverte 1 Go"), by_name("Membre 10 Go"));
    let paid_tiers = [by_name("Confort 50 Go"), by_name("Grand panier 200 Go")];
    let first_year = until.year() - options.years as i32 + 1;
    let history_start = NaiveDate::from_ymd_opt(first_year, 1, 1).expect("1 January");
    let mut summary = SeedSummary {
        members: 0,
        plans: plans_created,
        subscriptions: 0,
        accounts: 0,
        ledger_entries: 0,
        ledger_lines: 0,
    };
    let tag = rng.below(100_000);
    let mut last_end: HashMap<(MemberId, PlanId), NaiveDate> = HashMap::new();

    // numbering continues after the members already there, so emails stay unique
    let first_n: u32 =
        conn.query_row("SELECT coalesce(max(id), 0) FROM members", [], |r| r.get(0))?;
    for n in first_n..first_n + options.members {
        let organisation = rng.chance(4);
        let (first, last) = (*rng.pick(FIRST_NAMES), *rng.pick(LAST_NAMES));
        let (postal, city) = *rng.pick(CITIES);
        let joined = rng.day_between(history_start, until);
        let local = if organisation {
            ascii_login(ORGS[n as usize % ORGS.len()])
        } else {
            format!("{}.{}", ascii_login(first), ascii_login(last))
        };
        let input = MemberInput {
            kind: if organisation {
                MemberKind::Organisation
            } else {
                MemberKind::Person
            },
            first_name: if organisation {
                String::new()
            } else {
                first.into()
            },
            last_name: if organisation {
                String::new()
            } else {
                last.into()
            },
            org_name: if organisation {
                format!("{} {}", rng.pick(ORGS), n)
            } else {
                String::new()
            },
            email: format!("{local}.{tag}-{n}@courriel.example"),
            street: format!("{} {}", 1 + rng.below(120), rng.pick(STREETS)),
            postal_code: postal.into(),
            city: city.into(),
            country: "France".into(),
            phone: if rng.chance(60) {
                format!(
                    "06 {:02} {:02} {:02} {:02}",
                    rng.below(100),
                    rng.below(100),
                    rng.below(100),
                    rng.below(100)
                )
            } else {
                String::new()
            },
            lang: if rng.chance(5) {
                crate::Lang::En
            } else {
                crate::Lang::Fr
            },
            joined_on: Some(joined),
            notes: String::new(),
        };
        let member = crate::people::members::insert(conn, &input, until)?;
        summary.members += 1;
        let payer = if organisation {
            input.org_name.clone()
        } else {
            format!("{first} {last}")
        };

        // membership fees, one a year with a 80 % renewal rate
        let mut member_active_until: Option<NaiveDate> = None;
        for year in joined.year()..=until.year() {
            let first_year_of_member = year == joined.year();
            if !first_year_of_member && !rng.chance(renewal) {
                continue;
            }
            let year_start = NaiveDate::from_ymd_opt(year, 1, 1).expect("1 January");
            let from = if first_year_of_member {
                joined
            } else {
                year_start
            };
            let to = NaiveDate::from_ymd_opt(year, 11, 30)
                .expect("30 November")
                .min(until);
            if from > to {
                continue;
            }
            let paid_on = rng.day_between(from, to);
            let (plan, amount) = if rng.chance(30) {
                (fee_free, 500 + 500 * rng.below(12) as i64)
            } else {
                (fee, fee.amount_cents)
            };
            let method = *rng.pick(&[
                Method::Helloasso,
                Method::Helloasso,
                Method::Transfer,
                Method::Cheque,
                Method::Cash,
            ]);
            pay(
                conn,
                &mut last_end,
                &mut summary,
                member,
                plan,
                paid_on,
                amount,
                method,
                &payer,
            )?;
            member_active_until = last_end.get(&(member, MEMBERSHIP)).copied();
        }

        // a paid tier for one member in four, renewed most years
        let mut tier_quota = None;
        if rng.chance(25) {
            let tier = *rng.pick(&paid_tiers);
            let mut paid_on = rng.day_between(joined, until);
            loop {
                pay(
                    conn,
                    &mut last_end,
                    &mut summary,
                    member,
                    tier,
                    paid_on,
                    tier.amount_cents,
                    Method::Helloasso,
                    &payer,
                )?;
                let end = last_end[&(member, tier.id)];
                if end <= until {
                    tier_quota = None;
                } else {
                    tier_quota = tier.quota_bytes;
                }
                paid_on = end - chrono::Duration::days(rng.below(20) as i64);
                if paid_on > until || !rng.chance(75) {
                    break;
                }
            }
        }

        // a Nextcloud account for nine members in ten
        if rng.chance(90) {
            let active_member = member_active_until.is_some_and(|end| end > until);
            let (tier, quota) = match tier_quota {
                Some(q) => (None, q),
                None if active_member => (Some(member_tier), member_tier.quota_bytes.unwrap_or(0)),
                None => (Some(free_tier), free_tier.quota_bytes.unwrap_or(0)),
            };
            if let Some(tier) = tier {
                let start = rng.day_between(joined, until);
                let period = subscriptions::period_after(None, tier, start);
                subscriptions::insert(conn, member, tier.id, period)?;
                summary.subscriptions += 1;
            }
            let login = format!("{}{}", local.replace('.', "-"), n);
            // opened the day the member joined: a past year's report counts it from then
            let account = crate::hosting::accounts::insert_on(
                conn,
                member,
                "nextcloud",
                &login,
                quota,
                joined.min(until),
            )?;
            let used = if rng.chance(3) {
                quota + quota / 10
            } else {
                (quota as f64 * (rng.below(95) as f64 / 100.0)) as i64 // synthetic usage only
            };
            conn.prepare_cached(
                "UPDATE service_accounts SET used_bytes = ?2, used_seen_at = ?3 WHERE id = ?1",
            )?
            .execute(rusqlite::params![
                account,
                used,
                format!("{until}T03:00:00Z")
            ])?;
            summary.accounts += 1;
        }

        // donations from one member in ten a year
        for year in joined.year()..=until.year() {
            if rng.chance(10) {
                let day = rng.day_between(
                    NaiveDate::from_ymd_opt(year, 1, 1)
                        .expect("1 January")
                        .max(joined),
                    NaiveDate::from_ymd_opt(year, 12, 31)
                        .expect("31 December")
                        .min(until),
                );
                let amount = 1000 * (1 + rng.below(15) as i64);
                income(
                    conn,
                    &mut summary,
                    day,
                    EntryKind::Donation,
                    Some(member),
                    &payer,
                    Account::DONATIONS.number,
                    amount,
                    "Don",
                )?;
            }
        }
    }

    // the association's own money: subsidies, anonymous gifts, and its costs
    for year in first_year..=until.year() {
        let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(year, m, d).expect("valid day");
        if day(3, 15) <= until {
            income(
                conn,
                &mut summary,
                day(3, 15),
                EntryKind::Subsidy,
                None,
                "Mairie d'Orléans",
                Account::SUBSIDIES.number,
                50_000,
                "Subvention de fonctionnement",
            )?;
        }
        for month in 1..=12 {
            let rent_day = day(month, 5);
            if rent_day > until {
                break;
            }
            expense(
                conn,
                &mut summary,
                rent_day,
                "Hetzner Online GmbH",
                Account::EQUIPMENT_RENTAL.number,
                // one rented server per 250 members
                8900 * (1 + i64::from(options.members) / 250),
                "Location des serveurs",
            )?;
            // nothing after the last day (today by default): the demo has no future
            if day(month, 28) <= until {
                expense(
                    conn,
                    &mut summary,
                    day(month, 28),
                    "Crédit Coopératif",
                    Account::BANK_CHARGES.number,
                    450,
                    "Frais de tenue de compte",
                )?;
            }
            // drawn before the test on the day, so the same seed draws the same numbers
            let gift = rng.chance(30).then(|| {
                let gift_day = day(month, 10 + rng.below(15) as u32);
                (gift_day, 500 * (1 + rng.below(10) as i64))
            });
            if let Some((gift_day, amount)) = gift.filter(|(d, _)| *d <= until) {
                income(
                    conn,
                    &mut summary,
                    gift_day,
                    EntryKind::Donation,
                    None,
                    "",
                    Account::DONATIONS.number,
                    amount,
                    "Don anonyme",
                )?;
            }
        }
        if day(2, 1) <= until {
            expense(
                conn,
                &mut summary,
                day(2, 1),
                "Gandi SAS",
                Account::TELECOMS.number,
                4800,
                "Noms de domaine",
            )?;
        }
        if day(2, 10) <= until {
            expense(
                conn,
                &mut summary,
                day(2, 10),
                "MAIF",
                Account::INSURANCE.number,
                12_000,
                "Assurance responsabilité civile",
            )?;
        }
        if day(9, 20) <= until && rng.chance(60) {
            expense(
                conn,
                &mut summary,
                day(9, 20),
                "LDLC Pro",
                Account::PURCHASES.number,
                18_900 + 100 * rng.below(200) as i64,
                "Disques de sauvegarde",
            )?;
        }
    }
    Ok(summary)
}

#[allow(clippy::too_many_arguments)]
fn pay(
    conn: &Connection,
    last_end: &mut HashMap<(MemberId, PlanId), NaiveDate>,
    summary: &mut SeedSummary,
    member: MemberId,
    plan: &Plan,
    paid_on: NaiveDate,
    amount: i64,
    method: Method,
    payer: &str,
) -> Result<()> {
    // every fee plan continues the same membership
    let key_plan = if plan.kind == PlanKind::Fee {
        MEMBERSHIP
    } else {
        plan.id
    };
    let period: Period =
        subscriptions::period_after(last_end.get(&(member, key_plan)).copied(), plan, paid_on);
    let subscription = subscriptions::insert(conn, member, plan.id, period)?;
    last_end.insert((member, key_plan), period.end_exclusive);
    summary.subscriptions += 1;
    if amount > 0 {
        ledger::insert(
            conn,
            &NewEntry {
                date: paid_on,
                kind: if plan.kind == PlanKind::Fee {
                    EntryKind::Fee
                } else {
                    EntryKind::Tier
                },
                member: Some(member),
                counterparty: payer.into(),
                method,
                label: format!("{} {}", plan.name, period.start.year()),
                plan: Some(plan.id),
                subscription: Some(subscription),
                external_ref: None,
                lines: ledger::plan_payment_lines(plan, amount),
            },
        )?;
        summary.ledger_entries += 1;
        summary.ledger_lines += ledger::plan_payment_lines(plan, amount).len() as u32;
    }
    Ok(())
}

/// A one-line entry paid by transfer (income; `expense` passes a negative amount).
#[allow(clippy::too_many_arguments)]
fn income(
    conn: &Connection,
    summary: &mut SeedSummary,
    date: NaiveDate,
    kind: EntryKind,
    member: Option<MemberId>,
    payer: &str,
    account: &str,
    amount: i64,
    label: &str,
) -> Result<()> {
    ledger::insert(
        conn,
        &NewEntry {
            date,
            kind,
            member,
            counterparty: payer.into(),
            method: Method::Transfer,
            label: label.into(),
            plan: None,
            subscription: None,
            external_ref: None,
            lines: vec![Line {
                account: account.into(),
                amount_cents: amount,
            }],
        },
    )?;
    summary.ledger_entries += 1;
    summary.ledger_lines += 1;
    Ok(())
}

/// A one-line expense paid by transfer: an entry of the income's shape, its amount negated.
fn expense(
    conn: &Connection,
    summary: &mut SeedSummary,
    date: NaiveDate,
    supplier: &str,
    account: &str,
    amount: i64,
    label: &str,
) -> Result<()> {
    income(
        conn,
        summary,
        date,
        EntryKind::Expense,
        None,
        supplier,
        account,
        -amount,
        label,
    )
}

/// The filler that brings the file up to `targets`: members' payments for workshops, sales and
/// gifts spread over the history (one to three lines each), and members' second accounts.
fn top_up(
    conn: &Connection,
    options: &SeedOptions,
    targets: &SeedTargets,
    until: NaiveDate,
    summary: &mut SeedSummary,
) -> Result<()> {
    let count = |sql: &str| -> Result<i64> { Ok(conn.query_row(sql, [], |r| r.get(0))?) };
    let mut rng = Rng(options.seed ^ 0x4649_4C4C_4552);
    let first_year = until.year() - options.years as i32 + 1;
    let history_start = NaiveDate::from_ymd_opt(first_year, 1, 1).expect("1 January");
    let (first_member, last_member) = conn.query_row(
        "SELECT coalesce(min(id), 0), coalesce(max(id), 0) FROM members",
        [],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?)),
    )?;
    let span = (last_member - first_member + 1).max(1) as u64;

    if let Some(target) = targets.accounts {
        let missing = i64::from(target) - count("SELECT count(*) FROM service_accounts")?;
        for k in 0..missing.max(0) {
            let member: MemberId = conn.query_row(
                "SELECT id FROM members WHERE id >= ?1 ORDER BY id LIMIT 1",
                [first_member + rng.below(span) as i64],
                |r| r.get(0),
            )?;
            let login = format!("membre{}-compte{}", member.0, k + 2);
            let quota = GIB * (1 + rng.below(10) as i64);
            crate::hosting::accounts::insert_on(
                conn,
                member,
                "nextcloud",
                &login,
                quota,
                history_start,
            )?;
            summary.accounts += 1;
        }
    }

    let entries_now = count("SELECT count(*) FROM ledger_entries")?;
    let lines_now = count("SELECT count(*) FROM ledger_lines")?;
    let need_entries = targets
        .entries
        .map_or(0, |t| (i64::from(t) - entries_now).max(0));
    let need_lines = targets
        .lines
        .map_or(0, |t| (i64::from(t) - lines_now).max(0));
    let entries = need_entries.max((need_lines + 2) / 3);
    if entries == 0 {
        return Ok(());
    }
    let lines = need_lines.max(entries);
    const SHARES: [(&str, &str); 3] = [
        (Account::SERVICES.number, "Atelier"),
        (Account::DONATIONS.number, "Don"),
        (Account::OTHER_INCOME.number, "Participation aux frais"),
    ];
    let mut members = conn.prepare_cached(
        "SELECT id, first_name, last_name, org_name FROM members WHERE id >= ?1
         ORDER BY id LIMIT 1",
    )?;
    for k in 0..entries {
        // lines / entries each, the remainder on the first ones: exactly `lines` in all
        let n = (lines / entries + i64::from(k < lines % entries)).clamp(1, 3) as usize;
        let (member, payer): (MemberId, String) =
            members.query_row([first_member + rng.below(span) as i64], |r| {
                let (f, l, o): (String, String, String) = (r.get(1)?, r.get(2)?, r.get(3)?);
                Ok((r.get(0)?, if o.is_empty() { format!("{f} {l}") } else { o }))
            })?;
        let lines: Vec<Line> = SHARES[..n]
            .iter()
            .map(|(account, _)| Line {
                account: (*account).into(),
                amount_cents: 100 * (1 + rng.below(30) as i64),
            })
            .collect();
        ledger::insert(
            conn,
            &NewEntry {
                date: rng.day_between(history_start, until),
                kind: EntryKind::Income,
                member: Some(member),
                counterparty: payer,
                method: *rng.pick(&[Method::Helloasso, Method::Card, Method::Cash]),
                label: SHARES[..n]
                    .iter()
                    .map(|(_, l)| *l)
                    .collect::<Vec<_>>()
                    .join(" + "),
                plan: None,
                subscription: None,
                external_ref: None,
                lines,
            },
        )?;
        summary.ledger_entries += 1;
        summary.ledger_lines += n as u32;
    }
    Ok(())
}
