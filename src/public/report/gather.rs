//! The gathering: one financial year's figures read from the ledger, the plans, the accounts
//! and the charter's registers, with the privacy threshold applied (see the module's docs).

use super::subscribers::Subscribers;
use super::{
    AuthorityFigures, Charter, CharterItem, Count, DataRequestFigures, ExpenseItem, ExpenseLine,
    Finances, Identity, IncomeLine, IncomeSource, Met, PlanFigures, Report, ReportWarning,
    ServiceFigures, Storage, TierCount, UnitCosts, WithheldExpenses, YearFigures,
};
use crate::books::ledger::ExpenseCategory;
use crate::books::years::FinancialYear;
use crate::kernel::dates::Period;
use crate::kernel::error::{Error, Result};
use crate::kernel::money::Cents;
use crate::membership::plans::PlanKind;
use crate::public::charter;
use crate::store::settings;
use chrono::{Datelike, NaiveDate, Utc};
use rusqlite::{params, Connection, OptionalExtension};
use std::collections::BTreeMap;

const GIB: i64 = 1024 * 1024 * 1024;

/// The figures of the financial year starting in `year`.
pub fn figures(conn: &Connection, year: i32) -> Result<Report> {
    if !(1900..=9999).contains(&year) {
        return Err(Error::invalid(
            "année",
            year.to_string(),
            format!("année « {year} » hors de portée"),
            format!("year “{year}” out of range"),
        ));
    }
    let org = settings::organisation_of(conn)?;
    let all = settings::all(conn)?;
    let get = |k: &str| all.get(k).cloned().unwrap_or_default();
    let threshold: i64 = get("report_threshold").parse().unwrap_or(3);
    let period = FinancialYear::starting_in(conn, year)?.period;
    let previous_period = FinancialYear::starting_in(conn, year - 1)?.period;

    let mut warnings = Vec::new();
    // a link the public outputs print: http(s) only, else left out with a warning
    let mut url = |key: &str| -> String {
        let value = get(key);
        if value.trim().is_empty() || is_web_address(&value) {
            return value.trim().to_string();
        }
        warnings.push(ReportWarning {
            setting: key.to_string(),
            fr: format!(
                "le réglage « {key} » ({value}) n'est pas une adresse http(s) : laissé hors des pages publiques"
            ),
            en: format!(
                "the setting “{key}” ({value}) is not an http(s) address: left out of the public pages"
            ),
        });
        String::new()
    };
    let website = url("website");
    let logo_url = url("logo_url");
    let legal_url = url("legal_url");
    let funding_url = url("funding_url");
    let terms_url = url("terms_url");
    let privacy_url = url("privacy_url");
    let identity = Identity {
        name: org.name.clone(),
        legal_form: org.legal_form.clone(),
        purpose: org.purpose.clone(),
        website,
        contact_email: org.contact_email.clone(),
        address: org.address.clone(),
        country_code: get("country_code"),
        founded_on: get("founded_on"),
        chatons_since: get("chatons_since"),
        logo_url,
        legal_url,
        funding_url,
        terms_url,
        privacy_url,
        log_retention: get("log_retention"),
        economic_model: get("economic_model"),
        infrastructure: get("infrastructure"),
        backups: get("backups"),
        host_provider_name: get("host_provider_name"),
        host_provider_type: get("host_provider_type"),
        host_server_type: get("host_server_type"),
        host_country_code: get("host_country_code"),
        registration: get("registration"),
        status_level: get("status_level"),
        chatons_status: get("chatons_status"),
        service_status: get("service_status"),
        registration_load: get("registration_load"),
    };

    let finances = finances(conn, period, previous_period, threshold)?;
    let storage = storage(conn, period, threshold)?;
    let years = history_years(conn, year)?;
    let periods: Vec<Period> = years.iter().map(|y| y.period).collect();
    let subscribers = Subscribers::count(conn, &periods)?;
    let history = history(conn, &years, &subscribers, threshold)?;
    let members_this_year = history.last().map(|y| y.members).unwrap_or(Count::Exact(0));
    let spent = finances.total_expenses_cents;
    let per = |units: i128, scale: i128| -> Option<Cents> {
        (units > 0 && spent > 0).then(|| ((spent as i128 * scale + units / 2) / units) as Cents)
    };
    let unit_costs = UnitCosts {
        per_account_cents: per(storage.accounts as i128, 1),
        per_gb_granted_cents: per(storage.quota_bytes as i128, GIB as i128),
        per_gb_used_cents: per(storage.used_bytes as i128, GIB as i128),
        per_member_cents: members_this_year.shown().and_then(|m| per(m as i128, 1)),
    };
    // a year with nothing recorded would print a report of zeros: said, not hidden
    if finances.total_income_cents == 0
        && finances.total_expenses_cents == 0
        && storage.accounts == 0
        && matches!(members_this_year, Count::Exact(0))
    {
        let (first, last) = (period.start, period.last_day());
        let day = |d, lang| crate::kernel::dates::day_short(d, lang);
        use crate::Lang::{En, Fr};
        warnings.push(ReportWarning {
            setting: String::new(),
            fr: format!(
                "l'exercice {year} (du {} au {}) n'a ni écriture, ni membre, ni compte : le rapport ne montrerait que des zéros",
                day(first, Fr),
                day(last, Fr)
            ),
            en: format!(
                "the financial year {year} ({} to {}) has no entry, no member and no account: the report would show only zeros",
                day(first, En),
                day(last, En)
            ),
        });
    }
    let plans = plan_figures(
        conn,
        period,
        &subscribers,
        threshold,
        unit_costs.per_gb_granted_cents,
    )?;
    let charter = charter_figures(conn, period, &identity, threshold)?;
    let given = crate::books::volunteering::year_summary(conn, year)?;
    let volunteering = super::Volunteering {
        hours: given.hours,
        hour_value: given.hour_value,
        value_cents: crate::kernel::money::to_cents("bénévolat", given.value)?,
    };
    Ok(Report {
        year,
        period,
        previous_period,
        threshold,
        generated_at: Utc::now().format("%Y-%m-%dT%H:%M:%S").to_string(),
        identity,
        finances,
        plans,
        history,
        storage,
        unit_costs,
        charter,
        volunteering,
        warnings,
    })
}

/// An address a public page may link to: `http://` or `https://` and something after it.
pub fn is_web_address(text: &str) -> bool {
    let t = text.trim().to_ascii_lowercase();
    ["http://", "https://"].iter().any(|scheme| {
        t.starts_with(scheme) && t.len() > scheme.len() && !t.contains(char::is_whitespace)
    })
}

fn account_total(totals: &[(String, Cents)], accounts: &[&str]) -> Cents {
    totals
        .iter()
        .filter(|(a, _)| accounts.contains(&a.as_str()))
        .map(|(_, c)| *c)
        .sum()
}

/// Money held at the end of a period: every entry dated before its end.
/// Money held before `day`: every entry's effect on the treasury, which is the sum of all
/// ledger lines (read from the kept totals).
fn treasury_before(conn: &Connection, day: NaiveDate) -> Result<Cents> {
    crate::books::statements::result_before(conn, day)
}

/// How many contributed to each income source over the period: a member counts once, a named
/// payer once, each anonymous gift once; cancelled payments and their reversals do not count.
/// Read from the payers kept per source and day on every ledger write (migration 0020).
pub fn contributors(conn: &Connection, period: Period) -> Result<BTreeMap<&'static str, i64>> {
    let day = |d: NaiveDate| -> i64 {
        i64::from(d.year()) * 10_000 + i64::from(d.month()) * 100 + i64::from(d.day())
    };
    let mut stmt = conn.prepare_cached(
        "SELECT s.name, (SELECT count(DISTINCT p.who) FROM income_payer_days p
                         WHERE p.source = s.source AND p.day_number >= ?1 AND p.day_number < ?2)
         FROM (SELECT DISTINCT source, name FROM income_source_accounts) s",
    )?;
    let rows = stmt.query_map(params![day(period.start), day(period.end_exclusive)], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
    })?;
    let mut out = BTreeMap::new();
    for row in rows {
        let (key, n) = row?;
        if let Some(source) = IncomeSource::ALL.into_iter().find(|s| s.key() == key) {
            out.insert(source.key(), n);
        }
    }
    Ok(out)
}

fn category_of(account: &str) -> ExpenseCategory {
    ExpenseCategory::ALL
        .into_iter()
        .find(|c| c.account() == account)
        .unwrap_or(ExpenseCategory::Other)
}

fn finances(
    conn: &Connection,
    period: Period,
    previous: Period,
    threshold: i64,
) -> Result<Finances> {
    let now = crate::books::statements::recognised_totals(conn, period)?;
    let before = crate::books::statements::recognised_totals(conn, previous)?;
    let mut income = Vec::new();
    let contributors = contributors(conn, period)?;
    for source in IncomeSource::ALL {
        let cents = account_total(&now, source.accounts());
        let previous_cents = account_total(&before, source.accounts());
        if cents == 0 && previous_cents == 0 {
            continue;
        }
        income.push(IncomeLine {
            source,
            cents,
            previous_cents,
            contributors: Count::new(
                contributors.get(source.key()).copied().unwrap_or(0),
                threshold,
            ),
        });
    }
    let mut expenses = Vec::new();
    for category in ExpenseCategory::ALL {
        let cents = -account_total(&now, &[category.account()]);
        let previous_cents = -account_total(&before, &[category.account()]);
        if cents == 0 && previous_cents == 0 {
            continue;
        }
        expenses.push(ExpenseLine {
            category,
            cents,
            previous_cents,
        });
    }
    let is_income = |a: &str| a.starts_with('7');
    let is_expense = |a: &str| a.starts_with('6');
    let sum = |t: &[(String, Cents)], f: &dyn Fn(&str) -> bool| -> Cents {
        t.iter().filter(|(a, _)| f(a)).map(|(_, c)| *c).sum()
    };
    let total_income_cents = sum(&now, &is_income);
    let previous_total_income_cents = sum(&before, &is_income);
    let total_expenses_cents = -sum(&now, &is_expense);
    let previous_total_expenses_cents = -sum(&before, &is_expense);

    // expenses line by line; those naming a person (or cancelling one that does) withheld
    let mut stmt = conn.prepare_cached(
        "SELECT e.entry_date, e.counterparty, e.label, l.account, l.amount_cents,
                e.names_person OR coalesce(o.names_person, 0) AS hidden
         -- expense lines first (by account): a few hundred, where a year has 100,000 lines
         FROM ledger_lines l CROSS JOIN ledger_entries e ON e.id = l.entry_id
         LEFT JOIN ledger_entries o ON o.id = e.reverses_id
         WHERE e.entry_date >= ?1 AND e.entry_date < ?2 AND l.account >= '6' AND l.account < '7'
         ORDER BY e.entry_date, e.id, l.id",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
                r.get::<_, Cents>(4)?,
                r.get::<_, bool>(5)?,
            ))
        },
    )?;
    let mut expense_items = Vec::new();
    let mut withheld: Vec<WithheldExpenses> = Vec::new();
    for row in rows {
        let (date, supplier, label, account, amount, hidden) = row?;
        let category = category_of(&account);
        if hidden {
            match withheld.iter_mut().find(|w| w.category == category) {
                Some(w) => {
                    w.cents -= amount;
                    w.lines += 1;
                }
                None => withheld.push(WithheldExpenses {
                    category,
                    cents: -amount,
                    lines: 1,
                }),
            }
        } else {
            expense_items.push(ExpenseItem {
                date: date.parse().unwrap_or(period.start),
                supplier,
                label,
                category,
                cents: -amount,
            });
        }
    }
    let reserves_cents = treasury_before(conn, period.end_exclusive)?;
    Ok(Finances {
        fees_service_part_cents: account_total(
            &now,
            &[crate::books::chart::Account::FEES_WITH_COUNTERPART.number],
        ),
        result_cents: total_income_cents - total_expenses_cents,
        previous_result_cents: previous_total_income_cents - previous_total_expenses_cents,
        reserves_months_tenths: (total_expenses_cents > 0)
            .then(|| reserves_cents * 120 / total_expenses_cents),
        reserves_cents,
        previous_reserves_cents: treasury_before(conn, previous.end_exclusive)?,
        income,
        expenses,
        total_income_cents,
        previous_total_income_cents,
        total_expenses_cents,
        previous_total_expenses_cents,
        expense_items,
        withheld,
    })
}

fn plan_figures(
    conn: &Connection,
    period: Period,
    subscribers: &Subscribers,
    threshold: i64,
    per_gb: Option<Cents>,
) -> Result<Vec<PlanFigures>> {
    let mut out = Vec::new();
    for plan in crate::membership::plans::list(conn)? {
        if plan.archived {
            continue;
        }
        let (payments, paid): (i64, Cents) = conn.query_row(
            "SELECT count(*), coalesce(sum(e.amount_cents), 0) FROM ledger_entries e
             WHERE e.plan_id = ?1 AND e.kind IN ('fee', 'tier')
               AND e.entry_date >= ?2 AND e.entry_date < ?3
               AND NOT EXISTS (SELECT 1 FROM ledger_entries r WHERE r.reverses_id = e.id)",
            params![
                plan.id,
                period.start.to_string(),
                period.end_exclusive.to_string()
            ],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let payments_count = Count::new(payments, threshold);
        out.push(PlanFigures {
            subscribers: Count::new(subscribers.of_plan(period, plan.id), threshold),
            average_paid_cents: (plan.pay_what_you_want && payments_count.shown().unwrap_or(0) > 0)
                .then(|| (paid + payments / 2) / payments),
            payments: payments_count,
            real_cost_cents: match (plan.quota_bytes, per_gb) {
                (Some(q), Some(per)) => Some(((q as i128 * per as i128) / GIB as i128) as Cents),
                _ => None,
            },
            name: plan.name,
            kind: plan.kind,
            amount_cents: plan.amount_cents,
            pay_what_you_want: plan.pay_what_you_want,
            min_cents: plan.min_cents,
            counterpart_cents: plan.counterpart_cents,
            quota_bytes: plan.quota_bytes,
            period: plan.period.to_string(),
            members_only: plan.members_only,
            description: plan.description,
        });
    }
    Ok(out)
}

/// The year a report is usually made for on `today`: the last financial year that has ended
/// (for the desktop's Reports screen to offer first).
pub fn default_year(conn: &Connection, today: NaiveDate) -> Result<i32> {
    Ok(FinancialYear::containing(conn, today)?.year - 1)
}

/// The financial years the report's history shows: up to five, ending with `year`, from the
/// first one with an entry or a subscription.
fn history_years(conn: &Connection, year: i32) -> Result<Vec<FinancialYear>> {
    let first: Option<String> = conn
        .query_row(
            "SELECT min(d) FROM (SELECT min(entry_date) AS d FROM ledger_entries
                UNION ALL SELECT min(starts_on) FROM subscriptions)",
            [],
            |r| r.get(0),
        )
        .optional()?
        .flatten();
    let first_year = match first.and_then(|d| d.parse::<NaiveDate>().ok()) {
        Some(d) => FinancialYear::containing(conn, d)?.year,
        None => year,
    }
    .clamp(year - 4, year);
    (first_year..=year)
        .map(|y| FinancialYear::starting_in(conn, y))
        .collect()
}

fn history(
    conn: &Connection,
    years: &[FinancialYear],
    subscribers: &Subscribers,
    threshold: i64,
) -> Result<Vec<YearFigures>> {
    let tiers: Vec<crate::membership::plans::Plan> = crate::membership::plans::list(conn)?
        .into_iter()
        .filter(|p| p.kind == PlanKind::Tier && !p.archived)
        .collect();
    let mut out = Vec::new();
    for fy in years {
        let (y, period) = (fy.year, fy.period);
        let totals = crate::books::statements::recognised_totals(conn, period)?;
        let mut tier_counts = Vec::new();
        for tier in &tiers {
            tier_counts.push(TierCount {
                plan: tier.name.clone(),
                members: Count::new(subscribers.of_plan(period, tier.id), threshold),
            });
        }
        out.push(YearFigures {
            year: y,
            period,
            members: Count::new(subscribers.of_kind(period, PlanKind::Fee), threshold),
            tiers: tier_counts,
            income_cents: totals
                .iter()
                .filter(|(a, _)| a.starts_with('7'))
                .map(|(_, c)| c)
                .sum(),
            expenses_cents: -totals
                .iter()
                .filter(|(a, _)| a.starts_with('6'))
                .map(|(_, c)| c)
                .sum::<Cents>(),
        });
    }
    Ok(out)
}

/// The services' accounts of the year: those open on at least one of its days, each with the
/// quota it had at the year's end (or when it closed, if earlier), from the quota history.
/// Space used is only known as last read: the latest reading of those accounts, with its day.
fn storage(conn: &Connection, period: Period, threshold: i64) -> Result<Storage> {
    let mut stmt = conn.prepare_cached(
        "SELECT a.service, count(*),
                coalesce(sum(coalesce(
                    (SELECT c.quota_bytes FROM account_quota_changes c
                     WHERE c.account_id = a.id
                       AND c.changed_on < min(?2, coalesce(a.closed_on, ?2))
                     ORDER BY c.changed_on DESC, c.id DESC LIMIT 1),
                    (SELECT c.quota_bytes FROM account_quota_changes c
                     WHERE c.account_id = a.id ORDER BY c.changed_on, c.id LIMIT 1),
                    a.quota_bytes)), 0),
                coalesce(sum(a.used_bytes), 0),
                (SELECT min(b.opened_on) FROM service_accounts b WHERE b.service = a.service),
                max(substr(a.used_seen_at, 1, 10))
         -- read in the table's order, then grouped: walking the (service, login) index
         -- instead fetches each account's row in login order, all over the file (60,000
         -- accounts on the large profile: 140 ms against 65 ms)
         FROM service_accounts a NOT INDEXED
         WHERE a.opened_on < ?2 AND (a.closed_on IS NULL OR a.closed_on > ?1)
         GROUP BY a.service ORDER BY a.service",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, i64>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, i64>(3)?,
                r.get::<_, Option<String>>(4)?,
                r.get::<_, Option<String>>(5)?,
            ))
        },
    )?;
    let mut out = Storage {
        services: Vec::new(),
        accounts: 0,
        quota_bytes: 0,
        used_bytes: 0,
        used_read_on: None,
    };
    for row in rows {
        let (service, n, quota, used, since, read_on) = row?;
        let accounts = Count::new(n, threshold);
        let shown = accounts.shown().is_some();
        let read_on: Option<NaiveDate> = read_on.and_then(|d| d.parse().ok());
        if shown {
            out.accounts += n;
            out.quota_bytes += quota;
            out.used_bytes += used;
            out.used_read_on = out.used_read_on.max(read_on);
        }
        out.services.push(ServiceFigures {
            service,
            accounts,
            quota_bytes: shown.then_some(quota),
            used_bytes: shown.then_some(used),
            used_read_on: read_on.filter(|_| shown),
            since: since.and_then(|d| d.parse().ok()),
        });
    }
    Ok(out)
}

fn table_columns(conn: &Connection, table: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!("PRAGMA table_info({table})"))?;
    let rows = stmt.query_map([], |r| r.get::<_, String>(1))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Data requests (issue 7's table), read only if it exists with the columns we need.
fn data_requests(
    conn: &Connection,
    period: Period,
    threshold: i64,
) -> Result<Option<DataRequestFigures>> {
    let columns = table_columns(conn, "data_requests")?;
    if !(columns.iter().any(|c| c == "received_on") && columns.iter().any(|c| c == "answered_on")) {
        return Ok(None);
    }
    let mut stmt = conn.prepare(
        "SELECT received_on, answered_on FROM data_requests
         WHERE received_on >= ?1 AND received_on < ?2",
    )?;
    let rows = stmt.query_map(
        params![period.start.to_string(), period.end_exclusive.to_string()],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?)),
    )?;
    let mut received = 0;
    let mut days = Vec::new();
    for row in rows {
        let (r, a) = row?;
        received += 1;
        let parse = |t: &str| t.get(..10).and_then(|d| d.parse::<NaiveDate>().ok());
        if let (Some(r), Some(a)) = (parse(&r), a.as_deref().and_then(parse)) {
            days.push((a - r).num_days());
        }
    }
    days.sort_unstable();
    let median_days = match days.len() {
        0 => None,
        n if n % 2 == 1 => Some(days[n / 2] as f64),
        n => Some((days[n / 2 - 1] + days[n / 2]) as f64 / 2.0),
    };
    let answered = Count::new(days.len() as i64, threshold);
    Ok(Some(DataRequestFigures {
        received: Count::new(received, threshold),
        // a median of one or two delays would tell each of them
        median_days: median_days.filter(|_| answered.shown().is_some()),
        answered,
    }))
}

fn charter_figures(
    conn: &Connection,
    period: Period,
    identity: &Identity,
    threshold: i64,
) -> Result<Charter> {
    let requests = charter::authority_requests(conn)?;
    let in_year: Vec<_> = requests
        .iter()
        .filter(|r| period.contains(r.received_on))
        .collect();
    let authority_requests = AuthorityFigures {
        received: in_year.len() as i64,
        answered: in_year.iter().filter(|r| r.answered_on.is_some()).count() as i64,
        received_ever: requests.len() as i64,
    };
    let software = charter::software(conn)?;
    let last_day = period.last_day();
    let signed_admins = charter::signoffs(conn)?
        .iter()
        .filter(|s| s.signed_on <= last_day && s.ended_on.is_none_or(|e| e > last_day))
        .count() as i64;
    let data_requests = data_requests(conn, period, threshold)?;
    let filled = |texts: &[&str]| -> Met {
        let n = texts.iter().filter(|t| !t.trim().is_empty()).count();
        if n == texts.len() {
            Met::Yes
        } else if n == 0 {
            Met::No
        } else {
            Met::Partly
        }
    };
    let item = |code: &str, met: Met| CharterItem {
        code: code.into(),
        met,
    };
    let items = vec![
        item(
            "C1",
            if identity.economic_model.trim().is_empty() {
                Met::Partly
            } else {
                Met::Yes
            },
        ),
        item("C2", Met::Yes),
        item(
            "C3",
            if data_requests.is_some() {
                Met::Yes
            } else {
                Met::Partly
            },
        ),
        item("C4", Met::Yes),
        item(
            "C5",
            filled(&[
                &identity.infrastructure,
                &identity.backups,
                &identity.host_provider_name,
            ]),
        ),
        item(
            "C6",
            filled(&[
                &identity.terms_url,
                &identity.privacy_url,
                &identity.log_retention,
            ]),
        ),
        item("C7", Met::Yes),
        item(
            "C8",
            if software.is_empty() {
                Met::No
            } else if software.iter().all(|s| s.free) {
                Met::Yes
            } else {
                Met::Partly
            },
        ),
        item("C9", if signed_admins > 0 { Met::Yes } else { Met::No }),
    ];
    Ok(Charter {
        items,
        authority_requests,
        data_requests,
        software,
        signed_admins,
    })
}
