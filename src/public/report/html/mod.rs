//! The public pages as self-contained HTML: one file each, styles inline, charts as inline
//! SVG, no script, no remote font, image or stylesheet. Readable on a phone, printable.
//!
//! The markup is written as maud templates (checked when compiled, every text escaped where
//! it is printed); the words come from [`super::catalog`].

mod parts;
mod transparency;

pub use super::answers::charter_answer;
pub use transparency::transparency;

use super::catalog::{self, catalog, fill, Catalog};
use super::charts;
use super::Report;
use crate::kernel::money::display as money;
use crate::Lang;
use maud::{html, Markup, PreEscaped, DOCTYPE};
use parts::{
    commitments, income_table, link, or_not_set, paragraphs, plans_table, reserves_line, servers,
    software_list, unit_cost_figures, volunteering_line,
};

const STYLE: &str = r#"
:root { --ink: #222b33; --muted: #5c6670; --line: #d8dee3; --accent: #2e7d5b; --soft: #f2f6f4; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; color: var(--ink); background: #fff;
  font: 16px/1.55 system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
main { max-width: 50rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
header { border-bottom: 3px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: .75rem; }
header .org { color: var(--accent); font-weight: 700; letter-spacing: .02em; text-transform: uppercase; font-size: .9rem; margin: 0; }
h1 { font-size: 1.9rem; line-height: 1.2; margin: .2rem 0 .3rem; }
h2 { font-size: 1.3rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 1px solid var(--line); }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; }
p { margin: .5rem 0; }
.muted, .note { color: var(--muted); font-size: .92rem; }
a { color: #1d5f8a; }
.figures { display: grid; grid-template-columns: repeat(auto-fit, minmax(11rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.figure { background: var(--soft); border-radius: .5rem; padding: .75rem .9rem; }
.figure .value { display: block; font-size: 1.45rem; font-weight: 700; line-height: 1.2; }
.figure .what { display: block; color: var(--muted); font-size: .88rem; }
.table-wrap { overflow-x: auto; margin: .75rem 0; }
table { border-collapse: collapse; width: 100%; font-size: .95rem; }
th, td { text-align: left; padding: .4rem .5rem; border-bottom: 1px solid var(--line); vertical-align: top; }
th { font-size: .85rem; color: var(--muted); font-weight: 600; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
svg.chart { display: block; width: 100%; max-width: 27rem; height: auto; margin: 1rem 0;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "DejaVu Sans", sans-serif; }
.plans { display: grid; grid-template-columns: repeat(auto-fit, minmax(14rem, 1fr)); gap: .75rem; margin: 1rem 0; }
.plan { border: 1px solid var(--line); border-radius: .5rem; padding: .75rem .9rem; }
.plan .kind { color: var(--accent); font-size: .78rem; font-weight: 700; text-transform: uppercase; letter-spacing: .03em; }
.plan h3 { margin: .1rem 0 .3rem; }
.plan .price { font-weight: 700; margin: 0 0 .4rem; }
.plan ul { margin: .3rem 0; padding-left: 1.1rem; font-size: .93rem; }
.plan .count { color: var(--muted); font-size: .88rem; margin: .4rem 0 0; }
.met { display: inline-block; padding: 0 .45rem; border-radius: .8rem; font-size: .8rem; font-weight: 600; white-space: nowrap; }
.met.yes { background: #dcefe5; color: #1d5c40; }
.met.partly { background: #fbecd8; color: #8a4d0f; }
.met.no { background: #f6dede; color: #8a2a2a; }
ul.plain { padding-left: 1.2rem; }
footer { margin-top: 3rem; padding-top: 1rem; border-top: 1px solid var(--line); color: var(--muted); font-size: .88rem; }
@media (max-width: 480px) {
  main { padding: 1rem .8rem 2rem; }
  h1 { font-size: 1.5rem; }
  table { font-size: .88rem; }
  th, td { padding: .35rem .3rem; }
}
@media print {
  body { font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  a { color: inherit; text-decoration: none; }
  a[href^="http"]::after { content: " (" attr(href) ")"; font-size: .85em; color: var(--muted); }
  h2 { break-after: avoid; }
  table, svg.chart, .figure, .plan { break-inside: avoid; }
  .figure { border: 1px solid var(--line); }
  .table-wrap { overflow: visible; }
}
"#;

/// A whole page: the head, the association's header, `body`, and the footer (when the
/// figures were drawn, the privacy threshold, the association's links).
fn page(report: &Report, lang: Lang, title: &str, body: Markup) -> String {
    let c = catalog(lang);
    let org = &report.identity;
    let year = charts::year_label(report.year, report);
    let last_day = report.period.last_day();
    let generated_on = report
        .generated_at
        .get(..10)
        .and_then(|d| d.parse().ok())
        .map(|d| catalog::day(d, lang))
        .unwrap_or_default();
    let page = html! {
        (DOCTYPE)
        html lang=(c.html_lang) {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                meta name="generator" content={ "Panier " (env!("CARGO_PKG_VERSION")) };
                title { (title) " — " (org.name) " — " (year) }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    header {
                        p.org { (org.name) }
                        h1 { (title) }
                        p.muted {
                            (fill(c.fiscal_year, &[("year", &year)])) " ("
                            (fill(c.from_to, &[
                                ("start", &catalog::day(report.period.start, lang)),
                                ("end", &catalog::day(last_day, lang)),
                            ]))
                            ")"
                        }
                    }
                    (body)
                    footer {
                        p { (fill(c.generated, &[("date", &generated_on)])) }
                        p { (fill(c.threshold_note, &[("t", &report.threshold.to_string())])) }
                        (footer_links(report, c))
                    }
                }
            }
        }
    };
    page.into_string() + "\n"
}

/// The association's website, contact, legal notice and funding page, those it set.
fn footer_links(report: &Report, c: &Catalog) -> Markup {
    let org = &report.identity;
    let links: Vec<(&str, &str)> = [
        (org.website.as_str(), c.link_website),
        (org.contact_email.as_str(), c.link_contact),
        (org.legal_url.as_str(), c.link_legal),
        (org.funding_url.as_str(), c.link_funding),
    ]
    .into_iter()
    .filter(|(url, _)| !url.trim().is_empty())
    .collect();
    html! {
        @if !links.is_empty() {
            p {
                @for (i, (url, label)) in links.iter().enumerate() {
                    @if i > 0 { " · " }
                    (link(url, label))
                }
            }
        }
    }
}

/// The economic-model page (C1): how the association is funded, what each plan costs and
/// pays for, the real cost of an account and of a GB, the servers, backups, free software,
/// no advertising and no tracking.
pub fn economic_model(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let f = &report.finances;
    let org = &report.identity;
    let body = html! {
        section {
            h2 { (c.sec_funding) }
            (paragraphs(&org.economic_model))
            p { (fill(c.funding_intro, &[("total", &money(f.total_income_cents, lang))])) }
            (charts::svg(&charts::income(report, lang), lang))
            (income_table(report, lang, false))
        }
        section {
            h2 { (c.sec_plans) }
            p { (c.plans_intro) }
            (plans_table(report, lang))
        }
        section {
            h2 { (c.sec_real_cost) }
            p { (fill(c.real_cost_intro, &[("total", &money(f.total_expenses_cents, lang))])) }
            (unit_cost_figures(report, lang))
            (reserves_line(report, lang))
            (volunteering_line(report, lang))
            (charts::svg(&charts::expenses(report, lang), lang))
        }
        section {
            h2 { (c.sec_servers) }
            (servers(report, lang))
            h3 { (c.sec_backups) }
            (or_not_set(&org.backups, c))
        }
        section {
            h2 { (c.sec_free_software) }
            p { (c.free_software_intro) }
            (software_list(report, lang, false))
        }
        section {
            h2 { (c.sec_no_ads) }
            p { (c.no_ads_text) }
            h3 { (c.sec_links) }
            (commitments(report, lang))
        }
    };
    page(report, lang, c.em_title, body)
}
