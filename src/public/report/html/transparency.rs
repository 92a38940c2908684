//! The yearly transparency report (C2) as HTML: the economic model's figures and more — the
//! result and reserves, every expense, members and storage over the years, the requests
//! received, the charter item by item, the servers and the software.

use super::super::catalog::{self, catalog, fill};
use super::super::charts::{self, BarChart};
use super::super::Report;
use super::page;
use super::parts::{
    commitments, count_cell, expense_table, figure, income_table, met_badge, or_not_set,
    paragraphs, plans_table, servers, software_list, unit_cost_figures, used_reading_note,
    volunteering_line,
};
use crate::kernel::money::display as money;
use crate::Lang;
use maud::{html, Markup};

/// The yearly transparency report (C2): the economic model's figures and more.
pub fn transparency(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let f = &report.finances;
    let org = &report.identity;
    let members = report
        .history
        .last()
        .map(|y| y.members.text(lang))
        .unwrap_or_default();
    let body = html! {
        section {
            h2 { (c.summary) }
            @if !org.purpose.trim().is_empty() {
                (paragraphs(&org.purpose))
            }
            div.figures {
                (figure(&money(f.total_income_cents, lang), c.total_income))
                (figure(&money(f.total_expenses_cents, lang), c.total_expenses))
                (figure(&money(f.result_cents, lang), c.result))
                (figure(&money(f.reserves_cents, lang), c.reserves))
                (figure(&members, c.col_members))
            }
        }
        section {
            h2 { (c.sec_income) }
            (charts::svg(&charts::income(report, lang), lang))
            (income_table(report, lang, true))
            @if f.fees_service_part_cents > 0 {
                p.note {
                    (fill(c.fees_service_part, &[("amount", &money(f.fees_service_part_cents, lang))]))
                }
            }
        }
        section {
            h2 { (c.sec_expenses) }
            (charts::svg(&charts::expenses(report, lang), lang))
            (expense_table(report, lang, true))
        }
        (result_and_reserves(report, lang))
        (expense_items(report, lang))
        section {
            h2 { (c.sec_plans) }
            p { (c.plans_intro) }
            (plans_table(report, lang))
            h3 { (c.sec_real_cost) }
            (unit_cost_figures(report, lang))
        }
        (members_over_the_years(report, lang))
        (storage(report, lang))
        (requests(report, lang))
        (charter(report, lang))
        section {
            h2 { (c.sec_servers) }
            (servers(report, lang))
            h3 { (c.sec_backups) }
            (or_not_set(&org.backups, c))
            h3 { (c.sec_links) }
            (commitments(report, lang))
        }
        section {
            h2 { (c.sec_software) }
            (software_list(report, lang, true))
        }
    };
    page(report, lang, c.tr_title, body)
}

/// This year's and last year's totals, the reserves in months of expenses, and the chart
/// of the years.
fn result_and_reserves(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let f = &report.finances;
    let year = charts::year_label(report.year, report);
    let previous = charts::year_label(report.year - 1, report);
    let rows = catalog::result_rows(c, f);
    html! {
        section {
            h2 { (c.sec_result) }
            div.table-wrap { table {
                thead { tr {
                    th {}
                    th.num { (fill(c.col_year, &[("year", &year)])) }
                    th.num { (fill(c.col_previous, &[("year", &previous)])) }
                } }
                tbody {
                    @for (label, now, before) in rows {
                        tr {
                            td { (label) }
                            td.num { (money(now, lang)) }
                            td.num { (money(before, lang)) }
                        }
                    }
                }
            } }
            @if let Some(months) = f.reserves_months_tenths {
                p.note {
                    (c.reserves) (c.colon)
                    (fill(c.reserves_months, &[("months", &catalog::tenths(months, lang))]))
                }
            }
            (volunteering_line(report, lang))
            h3 { (c.sec_years) }
            (charts::svg(&charts::years_chart(report, lang), lang))
        }
    }
}

/// Every expense line by line, but those naming a person (only their total, in a note).
fn expense_items(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let f = &report.finances;
    html! {
        section {
            h2 { (c.sec_expense_items) }
            p { (c.expense_items_intro) }
            div.table-wrap { table {
                thead { tr {
                    th { (c.col_date) }
                    th { (c.col_supplier) }
                    th { (c.col_category) }
                    th.num { (c.col_amount) }
                } }
                tbody {
                    @for item in &f.expense_items {
                        tr {
                            td { (catalog::day(item.date, lang)) }
                            td {
                                (item.supplier)
                                @if !item.label.is_empty() {
                                    br; span.muted { (item.label) }
                                }
                            }
                            td { (catalog::expense_category(item.category, lang)) }
                            td.num { (money(item.cents, lang)) }
                        }
                    }
                }
            } }
            @for w in &f.withheld {
                p.note {
                    (fill(c.withheld_note, &[
                        ("n", &w.lines.to_string()),
                        ("amount", &money(w.cents, lang)),
                        ("category", catalog::expense_category(w.category, lang)),
                    ]))
                }
            }
        }
    }
}

/// A section's heading, its chart and the table of the chart's figures (`head`: the head
/// row's cells; `rows`: the body's rows).
fn charted_table(title: &str, chart: &BarChart, lang: Lang, head: Markup, rows: Markup) -> Markup {
    html! {
        h2 { (title) }
        (charts::svg(chart, lang))
        div.table-wrap { table {
            thead { tr { (head) } }
            tbody { (rows) }
        } }
    }
}

fn members_over_the_years(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let head = html! {
        th {}
        th.num { (c.col_members) }
        @if let Some(first) = report.history.first() {
            @for t in &first.tiers { th.num { (t.plan) } }
        }
    };
    let rows = html! {
        @for y in &report.history {
            tr {
                td { (charts::year_label(y.year, report)) }
                (count_cell(y.members, lang))
                @for t in &y.tiers { (count_cell(t.members, lang)) }
            }
        }
    };
    html! {
        section {
            (charted_table(c.sec_members, &charts::members(report, lang), lang, head, rows))
        }
    }
}

/// Accounts, granted and used storage by service; a service with too few accounts is left
/// out of the total.
fn storage(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let s = &report.storage;
    let size = |b: Option<i64>| {
        b.map(|b| catalog::gigabytes(b, lang))
            .unwrap_or_else(|| "—".into())
    };
    let hidden_any = s.services.iter().any(|x| x.accounts.shown().is_none());
    let total = if hidden_any {
        fill(c.total_shown, &[("t", &report.threshold.to_string())])
    } else {
        c.total.to_string()
    };
    let head = html! {
        th { (c.col_service) }
        th.num { (c.col_accounts) }
        th.num { (c.col_granted) }
        th.num { (c.col_used) }
    };
    let rows = html! {
        @for svc in &s.services {
            tr {
                td { (svc.service) }
                (count_cell(svc.accounts, lang))
                td.num { (size(svc.quota_bytes)) }
                td.num { (size(svc.used_bytes)) }
            }
        }
        tr.total {
            td { (total) }
            td.num { (catalog::group(s.accounts, lang)) }
            td.num { (catalog::gigabytes(s.quota_bytes, lang)) }
            td.num { (catalog::gigabytes(s.used_bytes, lang)) }
        }
    };
    html! {
        section {
            (charted_table(c.sec_storage, &charts::storage(report, lang), lang, head, rows))
            (used_reading_note(report, lang))
            @if s.quota_bytes > 0 {
                p.note {
                    (fill(c.storage_usage, &[
                        ("used", &catalog::gigabytes(s.used_bytes, lang)),
                        ("granted", &catalog::gigabytes(s.quota_bytes, lang)),
                        ("pct", &catalog::tenths(
                            ((s.used_bytes as i128 * 1000 + s.quota_bytes as i128 / 2)
                                / s.quota_bytes as i128) as i64,
                            lang,
                        )),
                    ]))
                }
            }
        }
    }
}

/// The requests received: members' about their data, authorities' about anyone.
fn requests(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    let authority = &report.charter.authority_requests;
    html! {
        section {
            h2 { (c.sec_requests) }
            ul.plain {
                @match &report.charter.data_requests {
                    Some(d) => li { (super::super::answers::data_requests_text(d, lang)) },
                    None => li { (c.data_not_kept) },
                }
                li {
                    (fill(c.authority_requests, &[("n", &authority.received.to_string())]))
                    " ("
                    (fill(c.authority_answered, &[("n", &authority.answered.to_string())]))
                    (c.semicolon)
                    (fill(c.authority_ever, &[("n", &authority.received_ever.to_string())]))
                    ")"
                }
            }
        }
    }
}

/// The CHATONS charter item by item: how well it is met and what the association answers.
fn charter(report: &Report, lang: Lang) -> Markup {
    let c = catalog(lang);
    html! {
        section {
            h2 { (c.sec_charter) }
            div.table-wrap { table {
                thead { tr {
                    th { (c.col_item) }
                    th {}
                    th { (c.col_answer) }
                } }
                tbody {
                    @for item in &report.charter.items {
                        tr {
                            td { strong { (item.code) } " " (catalog::charter_item(&item.code, lang)) }
                            td { (met_badge(item.met, lang)) }
                            td { (super::charter_answer(report, &item.code, lang)) }
                        }
                    }
                }
            } }
        }
    }
}
