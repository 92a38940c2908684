//! The pieces both public pages print: the association's own texts, links, figure boxes, the
//! income and expense tables, the plans, the unit costs, the servers, the software list and
//! the commitments. Each is a maud template: every text is escaped where it is printed.

use super::super::catalog::{self, catalog, fill, Catalog};
use super::super::charts;
use super::super::{Count, Met, PlanFigures, Report};
use crate::kernel::money::display as money;
use crate::membership::plans::PlanKind;
use crate::Lang;
use maud::{html, Markup};

/// Text typed by the association, in paragraphs (blank lines separate them, a single line
/// break stays one).
pub(super) fn paragraphs(text: &str) -> Markup {
    html! {
        @for paragraph in text.split("\n\n").map(str::trim).filter(|p| !p.is_empty()) {
            p {
                @for (i, line) in paragraph.split('\n').enumerate() {
                    @if i > 0 { br; }
                    (line)
                }
            }
        }
    }
}

/// A link to one of the association's own pages (web or mail); anything else is printed as
/// text, never as a resource.
pub(super) fn link(url: &str, label: &str) -> Markup {
    let url = url.trim();
    html! {
        @if url.starts_with("https://") || url.starts_with("http://") {
            a href=(url) { (label) }
        } @else if url.contains('@') && !url.contains(char::is_whitespace) {
            a href={ "mailto:" (url.trim_start_matches("mailto:")) } { (label) }
        } @else {
            (label)
        }
    }
}

pub(super) fn figure(value: &str, what: &str) -> Markup {
    html! {
        div.figure { span.value { (value) } span.what { (what) } }
    }
}

pub(super) use super::super::catalog::share;

/// The association's text, or a muted "not set" when it wrote none.
pub(super) fn or_not_set(text: &str, c: &Catalog) -> Markup {
    html! {
        @if text.trim().is_empty() {
            p.muted { (c.not_set) }
        } @else {
            (paragraphs(text))
        }
    }
}

pub(super) fn count_cell(count: Count, lang: Lang) -> Markup {
    html! { td.num { (count.text(lang)) } }
}

/// The head row of the income and expense tables: what, the year's amount, its share and,
/// with the previous year, its amount (and `extra`, a last column, when given).
fn money_table_head(
    report: &Report,
    lang: Lang,
    first: &str,
    with_previous: bool,
    extra: Option<&str>,
) -> Markup {
    let c = catalog(lang);
    let year = charts::year_label(report.year, report);
    let prev = charts::year_label(report.year - 1, report);
    html! {
        thead { tr {
            th { (first) }
            th.num { (fill(c.col_year, &[("year", &year)])) }
            th.num { (c.col_share) }
            @if with_previous {
                th.num { (fill(c.col_previous, &[("year", &prev)])) }
                @if let Some(extra) = extra {
                    th.num { (extra) }
                }
            }
        } }
    }
}

pub(super) fn income_table(report: &Report, lang: Lang, with_previous: bool) -> Markup {
    let c = catalog(lang);
    let f = &report.finances;
    html! {
        div.table-wrap { table {
            (money_table_head(report, lang, c.col_source, with_previous, Some(c.col_contributors)))
            tbody {
                @for line in &f.income {
                    tr {
                        td { (catalog::income_source(line.source, lang)) }
                        td.num { (money(line.cents, lang)) }
                        td.num { (share(line.cents, f.total_income_cents, lang)) }
                        @if with_previous {
                            td.num { (money(line.previous_cents, lang)) }
                            td.num { (line.contributors.text(lang)) }
                        }
                    }
                }
                tr.total {
                    td { (c.total_income) }
                    td.num { (money(f.total_income_cents, lang)) }
                    td.num {
                        @if f.total_income_cents > 0 { (share(1, 1, lang)) }
                    }
                    @if with_previous {
                        td.num { (money(f.previous_total_income_cents, lang)) }
                        td {}
                    }
                }
            }
        } }
    }
}

pub(super) fn expense_table(report: &Report, lang: Lang, with_previous: bool) -> Markup {
    let c = catalog(lang);
    let f = &report.finances;
    html! {
        div.table-wrap { table {
            (money_table_head(report, lang, c.col_category, with_previous, None))
            tbody {
                @for line in &f.expenses {
                    tr {
                        td { (catalog::expense_category(line.category, lang)) }
                        td.num { (money(line.cents, lang)) }
                        td.num { (share(line.cents, f.total_expenses_cents, lang)) }
                        @if with_previous {
                            td.num { (money(line.previous_cents, lang)) }
                        }
                    }
                }
                tr.total {
                    td { (c.total_expenses) }
                    td.num { (money(f.total_expenses_cents, lang)) }
                    td {}
                    @if with_previous {
                        td.num { (money(f.previous_total_expenses_cents, lang)) }
                    }
                }
            }
        } }
    }
}

fn plan_price(p: &PlanFigures, lang: Lang) -> String {
    let c = catalog(lang);
    let price = catalog::plan_price(p, lang);
    let period = if p.period == "civil" {
        c.per_year.to_string()
    } else {
        fill(
            c.per_months,
            &[("n", p.period.trim_start_matches("months:"))],
        )
    };
    if p.amount_cents == 0 && !p.pay_what_you_want {
        price
    } else {
        format!("{price} {period}")
    }
}

/// What a plan gives and costs, one line each (quota, description, what a fee pays for…).
fn plan_lines(p: &PlanFigures, lang: Lang) -> Vec<String> {
    let c = catalog(lang);
    let mut what: Vec<String> = Vec::new();
    if let Some(q) = p.quota_bytes {
        what.push(catalog::gigabytes(q, lang));
    }
    if !p.description.trim().is_empty() {
        what.push(p.description.trim().to_string());
    }
    if p.kind == PlanKind::Fee {
        if p.counterpart_cents > 0 {
            what.push(fill(
                c.fee_counterpart,
                &[("service", &money(p.counterpart_cents, lang))],
            ));
        } else {
            what.push(c.fee_all_gift.to_string());
        }
    }
    if let Some(avg) = p.average_paid_cents {
        what.push(fill(c.average_paid, &[("amount", &money(avg, lang))]));
    }
    if let Some(cost) = p.real_cost_cents {
        what.push(fill(c.tier_real_cost, &[("amount", &money(cost, lang))]));
    }
    if p.members_only {
        what.push(c.members_only.to_string());
    }
    what
}

/// The plans as cards: the membership fees first, then the storage tiers.
pub(super) fn plans_table(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    html! {
        div.plans {
            @for kind in [PlanKind::Fee, PlanKind::Tier] {
                @for p in report.plans.iter().filter(|p| p.kind == kind) {
                    div.plan {
                        span.kind {
                            (match kind { PlanKind::Fee => c.fee_kind, PlanKind::Tier => c.tier_kind })
                        }
                        h3 { (p.name) }
                        p.price { (plan_price(p, lang)) }
                        ul { @for line in plan_lines(p, lang) { li { (line) } } }
                        p.count { (c.plan_members) (c.colon) (p.subscribers.text(lang)) }
                    }
                }
            }
        }
    }
}

pub(super) fn unit_cost_figures(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let u = &report.unit_costs;
    let v = |x: Option<i64>| x.map(|x| money(x, lang)).unwrap_or(c.unknown_cost.into());
    html! {
        div.figures {
            (figure(&v(u.per_account_cents), c.cost_per_account))
            (figure(&v(u.per_gb_granted_cents), c.cost_per_gb))
            (figure(&v(u.per_gb_used_cents), c.cost_per_gb_used))
            (figure(&v(u.per_member_cents), c.cost_per_member))
        }
        @if u.per_gb_used_cents.is_some() { (used_reading_note(report, lang)) }
    }
}

/// The money held at the year's end and the months of expenses it covers, as the report
/// says it (the economic-model page prints the same line).
pub(super) fn reserves_line(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let f = &report.finances;
    html! {
        p.reserves {
            (c.reserves) (c.colon) strong { (money(f.reserves_cents, lang)) }
            @if let Some(months) = f.reserves_months_tenths {
                ", " (fill(c.reserves_months, &[("months", &catalog::tenths(months, lang))]))
            }
            "."
        }
    }
}

/// The year's volunteer time, when some was recorded (both pages print it).
pub(super) fn volunteering_line(report: &Report, lang: Lang) -> Markup {
    html! {
        @if let Some(text) = catalog::volunteering_text(&report.volunteering, lang) {
            p.volunteering { (text) "." }
        }
    }
}

/// Space used is only known as last read: the day of that reading, under any figure made
/// from it.
pub(super) fn used_reading_note(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    html! {
        @if let Some(read_on) = report.storage.used_read_on {
            p.note { (fill(c.used_latest_reading, &[("date", &catalog::day(read_on, lang))])) }
        }
    }
}

/// Where the servers are: the association's text, then the facts it set.
pub(super) fn servers(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let org = &report.identity;
    let mut facts = Vec::new();
    if !org.host_provider_name.trim().is_empty() {
        facts.push((c.provider, org.host_provider_name.clone()));
    }
    let kind = catalog::host_provider_type(&org.host_provider_type, lang);
    if !kind.is_empty() {
        facts.push((c.provider_type, kind.to_string()));
    }
    let server = catalog::host_server_type(&org.host_server_type, lang);
    if !server.is_empty() {
        facts.push((c.server_type, server.to_string()));
    }
    if !org.host_country_code.is_empty() {
        facts.push((c.country, catalog::country(&org.host_country_code, lang)));
    }
    html! {
        (or_not_set(&org.infrastructure, c))
        @if !facts.is_empty() {
            ul.plain {
                @for (label, value) in &facts { li { (label) (c.colon) (value) } }
            }
        }
    }
}

/// The software inventory; `detailed` links each name to its source.
pub(super) fn software_list(report: &Report, lang: Lang, detailed: bool) -> Markup {
    let c = catalog(lang);
    let sw = &report.charter.software;
    let non_free: Vec<&str> = sw
        .iter()
        .filter(|s| !s.free)
        .map(|s| s.name.as_str())
        .collect();
    html! {
        @if sw.is_empty() {
            p.muted { (c.no_software) }
        } @else {
            div.table-wrap { table {
                thead { tr {
                    th { (c.col_software) }
                    th { (c.col_version) }
                    th { (c.col_licence) }
                    th { (c.col_free) }
                } }
                tbody {
                    @for s in sw {
                        tr {
                            td {
                                strong {
                                    @if detailed && !s.source_url.is_empty() {
                                        (link(&s.source_url, &s.name))
                                    } @else {
                                        (s.name)
                                    }
                                }
                                @if !s.description.is_empty() {
                                    br; span.muted { (s.description) }
                                }
                            }
                            td { (s.version) }
                            td { (s.licence) }
                            td { (if s.free { c.yes } else { c.no }) }
                        }
                    }
                }
            } }
            @if !non_free.is_empty() {
                p { (fill(c.non_free_listed, &[("list", &non_free.join(", "))])) }
            }
        }
    }
}

/// The terms, the privacy policy, the legal notice and how long logs are kept.
pub(super) fn commitments(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let org = &report.identity;
    html! {
        ul.plain {
            @for (url, label) in [
                (&org.terms_url, c.link_terms),
                (&org.privacy_url, c.link_privacy),
                (&org.legal_url, c.link_legal),
            ] {
                @if url.trim().is_empty() {
                    li { (label) (c.colon) span.muted { (c.not_set) } }
                } @else {
                    li { (link(url, label)) }
                }
            }
            li {
                (c.log_retention) (c.colon)
                @if org.log_retention.trim().is_empty() {
                    span.muted { (c.not_set) }
                } @else {
                    (org.log_retention)
                }
            }
        }
    }
}

pub(super) fn met_badge(met: Met, lang: Lang) -> Markup {
    let class = match met {
        Met::Yes => "yes",
        Met::Partly => "partly",
        Met::No => "no",
    };
    html! { span class={ "met " (class) } { (catalog::met(met, lang)) } }
}
