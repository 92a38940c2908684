//! The public pages as self-contained HTML: one file each, styles inline, charts as inline
//! SVG, no script, no remote font, image or stylesheet. Readable on a phone, printable.

use super::catalog::{self, catalog, fill, Catalog};
use super::charts;
use super::{Count, Met, Report};
use crate::kernel::html::escape;
use crate::kernel::money::display as money;
use crate::membership::plans::PlanKind;
use crate::Lang;

/// Text typed by the association, in paragraphs (blank lines separate them).
fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|p| format!("<p>{}</p>", escape(p).replace('\n', "<br>")))
        .collect()
}

/// A link to one of the association's own pages (web or mail); anything else is printed as
/// text, never as a resource.
fn link(url: &str, label: &str) -> String {
    let url = url.trim();
    let ok = url.starts_with("https://") || url.starts_with("http://");
    if ok {
        format!("<a href=\"{}\">{}</a>", escape(url), escape(label))
    } else if url.contains('@') && !url.contains(char::is_whitespace) {
        format!(
            "<a href=\"mailto:{}\">{}</a>",
            escape(url.trim_start_matches("mailto:")),
            escape(label)
        )
    } else {
        escape(label)
    }
}

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

fn page(report: &Report, lang: Lang, title: &str, body: &str) -> String {
    let c = catalog(lang);
    let org = &report.identity;
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang_code}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"Panier {version}\">\n\
         <title>{title} — {name} — {year}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n\
         <header>\n<p class=\"org\">{name}</p>\n<h1>{title}</h1>\n<p class=\"muted\">{fy} ({span})</p>\n</header>\n\
         {body}\n<footer>\n<p>{generated}</p>\n<p>{threshold}</p>\n{links}</footer>\n</main>\n</body>\n</html>\n",
        lang_code = c.html_lang,
        version = env!("CARGO_PKG_VERSION"),
        title = escape(title),
        name = escape(&org.name),
        year = charts::year_label(report.year, report),
        fy = escape(&fill(
            c.fiscal_year,
            &[("year", &charts::year_label(report.year, report))]
        )),
        span = escape(&fill(
            c.from_to,
            &[
                ("start", &catalog::day(report.period.start, lang)),
                (
                    "end",
                    &catalog::day(
                        report
                            .period
                            .end_exclusive
                            .pred_opt()
                            .unwrap_or(report.period.start),
                        lang
                    )
                ),
            ]
        )),
        generated = escape(&fill(
            c.generated,
            &[(
                "date",
                &report
                    .generated_at
                    .get(..10)
                    .and_then(|d| d.parse().ok())
                    .map(|d| catalog::day(d, lang))
                    .unwrap_or_default()
            )]
        )),
        threshold = escape(&fill(
            c.threshold_note,
            &[("t", &report.threshold.to_string())]
        )),
        links = footer_links(report, c),
    )
}

fn footer_links(report: &Report, c: &Catalog) -> String {
    let org = &report.identity;
    let items: Vec<String> = [
        (org.website.as_str(), c.link_website),
        (org.contact_email.as_str(), c.link_contact),
        (org.legal_url.as_str(), c.link_legal),
        (org.funding_url.as_str(), c.link_funding),
    ]
    .iter()
    .filter(|(url, _)| !url.trim().is_empty())
    .map(|(url, label)| link(url, label))
    .collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("<p>{}</p>\n", items.join(" · "))
    }
}

fn figure(value: &str, what: &str) -> String {
    format!(
        "<div class=\"figure\"><span class=\"value\">{}</span><span class=\"what\">{}</span></div>",
        escape(value),
        escape(what)
    )
}

fn share(part: i64, total: i64, lang: Lang) -> String {
    if total <= 0 {
        return String::new();
    }
    let tenths = (part as i128 * 1000 + total as i128 / 2) / total as i128;
    fill(
        catalog(lang).funding_share,
        &[("share", &catalog::tenths(tenths as i64, lang))],
    )
}

fn or_not_set(text: &str, c: &Catalog) -> String {
    if text.trim().is_empty() {
        format!("<p class=\"muted\">{}</p>", escape(c.not_set))
    } else {
        paragraphs(text)
    }
}

fn income_table(report: &Report, lang: Lang, with_previous: bool) -> String {
    let c = catalog(lang);
    let f = &report.finances;
    let year = charts::year_label(report.year, report);
    let prev = charts::year_label(report.year - 1, report);
    let mut out = String::from("<div class=\"table-wrap\"><table><thead><tr>");
    out.push_str(&format!("<th>{}</th>", escape(c.col_source)));
    out.push_str(&format!(
        "<th class=\"num\">{}</th><th class=\"num\">{}</th>",
        escape(&fill(c.col_year, &[("year", &year)])),
        escape(c.col_share)
    ));
    if with_previous {
        out.push_str(&format!(
            "<th class=\"num\">{}</th><th class=\"num\">{}</th>",
            escape(&fill(c.col_previous, &[("year", &prev)])),
            escape(c.col_contributors)
        ));
    }
    out.push_str("</tr></thead><tbody>");
    for line in &f.income {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
            escape(catalog::income_source(line.source, lang)),
            escape(&money(line.cents, lang)),
            escape(&share(line.cents, f.total_income_cents, lang))
        ));
        if with_previous {
            out.push_str(&format!(
                "<td class=\"num\">{}</td><td class=\"num\">{}</td>",
                escape(&money(line.previous_cents, lang)),
                escape(&line.contributors.text())
            ));
        }
        out.push_str("</tr>");
    }
    out.push_str(&format!(
        "<tr class=\"total\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>",
        escape(c.total_income),
        escape(&money(f.total_income_cents, lang)),
        if f.total_income_cents > 0 {
            escape(&share(1, 1, lang))
        } else {
            String::new()
        }
    ));
    if with_previous {
        out.push_str(&format!(
            "<td class=\"num\">{}</td><td></td>",
            escape(&money(f.previous_total_income_cents, lang))
        ));
    }
    out.push_str("</tr></tbody></table></div>");
    out
}

fn expense_table(report: &Report, lang: Lang, with_previous: bool) -> String {
    let c = catalog(lang);
    let f = &report.finances;
    let year = charts::year_label(report.year, report);
    let prev = charts::year_label(report.year - 1, report);
    let mut out = format!(
        "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th>{}</tr></thead><tbody>",
        escape(c.col_category),
        escape(&fill(c.col_year, &[("year", &year)])),
        escape(c.col_share),
        if with_previous {
            format!(
                "<th class=\"num\">{}</th>",
                escape(&fill(c.col_previous, &[("year", &prev)]))
            )
        } else {
            String::new()
        }
    );
    for line in &f.expenses {
        out.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td>{}</tr>",
            escape(catalog::expense_category(line.category, lang)),
            escape(&money(line.cents, lang)),
            escape(&share(line.cents, f.total_expenses_cents, lang)),
            if with_previous {
                format!(
                    "<td class=\"num\">{}</td>",
                    escape(&money(line.previous_cents, lang))
                )
            } else {
                String::new()
            }
        ));
    }
    out.push_str(&format!(
        "<tr class=\"total\"><td>{}</td><td class=\"num\">{}</td><td></td>{}</tr></tbody></table></div>",
        escape(c.total_expenses),
        escape(&money(f.total_expenses_cents, lang)),
        if with_previous {
            format!(
                "<td class=\"num\">{}</td>",
                escape(&money(f.previous_total_expenses_cents, lang))
            )
        } else {
            String::new()
        }
    ));
    out
}

fn plan_price(p: &super::PlanFigures, lang: Lang) -> String {
    let c = catalog(lang);
    let price = if p.pay_what_you_want {
        fill(
            c.pay_what_you_want,
            &[
                ("min", &money(p.min_cents.unwrap_or(0), lang)),
                ("amount", &money(p.amount_cents, lang)),
            ],
        )
    } else if p.amount_cents == 0 {
        c.free_of_charge.to_string()
    } else {
        money(p.amount_cents, lang)
    };
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

fn plans_table(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let mut out = String::from("<div class=\"plans\">");
    for kind in [PlanKind::Fee, PlanKind::Tier] {
        for p in report.plans.iter().filter(|p| p.kind == kind) {
            let mut what: Vec<String> = Vec::new();
            if let Some(q) = p.quota_bytes {
                what.push(catalog::gigabytes(q, lang));
            }
            if !p.description.trim().is_empty() {
                what.push(p.description.trim().to_string());
            }
            if kind == PlanKind::Fee {
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
            let items: String = what
                .iter()
                .map(|w| format!("<li>{}</li>", escape(w)))
                .collect();
            out.push_str(&format!(
                "<div class=\"plan\"><span class=\"kind\">{}</span><h3>{}</h3><p class=\"price\">{}</p><ul>{items}</ul><p class=\"count\">{} : {}</p></div>",
                escape(match kind {
                    PlanKind::Fee => c.fee_kind,
                    PlanKind::Tier => c.tier_kind,
                }),
                escape(&p.name),
                escape(&plan_price(p, lang)),
                escape(c.plan_members),
                escape(&p.subscribers.text())
            ));
        }
    }
    out.push_str("</div>");
    if lang == Lang::En {
        out = out.replace(" : ", ": ");
    }
    out
}

fn unit_cost_figures(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let u = &report.unit_costs;
    let v = |x: Option<i64>| x.map(|x| money(x, lang)).unwrap_or(c.unknown_cost.into());
    format!(
        "<div class=\"figures\">{}{}{}{}</div>",
        figure(&v(u.per_account_cents), c.cost_per_account),
        figure(&v(u.per_gb_granted_cents), c.cost_per_gb),
        figure(&v(u.per_gb_used_cents), c.cost_per_gb_used),
        figure(&v(u.per_member_cents), c.cost_per_member),
    )
}

fn servers(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let org = &report.identity;
    let mut out = or_not_set(&org.infrastructure, c);
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
    if !facts.is_empty() {
        out.push_str("<ul class=\"plain\">");
        for (k, v) in facts {
            out.push_str(&format!("<li>{} : {}</li>", escape(k), escape(&v)));
        }
        out.push_str("</ul>");
    }
    if lang == Lang::En {
        out = out.replace(" : ", ": ");
    }
    out
}

fn software_list(report: &Report, lang: Lang, detailed: bool) -> String {
    let c = catalog(lang);
    let sw = &report.charter.software;
    if sw.is_empty() {
        return format!("<p class=\"muted\">{}</p>", escape(c.no_software));
    }
    let mut out = format!(
        "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th>{}</th></tr></thead><tbody>",
        escape(c.col_software),
        escape(c.col_version),
        escape(c.col_licence),
        escape(c.col_free)
    );
    for s in sw {
        let name = if detailed && !s.source_url.is_empty() {
            link(&s.source_url, &s.name)
        } else {
            escape(&s.name)
        };
        let what = if s.description.is_empty() {
            String::new()
        } else {
            format!(
                "<br><span class=\"muted\">{}</span>",
                escape(&s.description)
            )
        };
        out.push_str(&format!(
            "<tr><td><strong>{name}</strong>{what}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&s.version),
            escape(&s.licence),
            escape(if s.free { c.yes } else { c.no })
        ));
    }
    out.push_str("</tbody></table></div>");
    let non_free: Vec<&str> = sw
        .iter()
        .filter(|s| !s.free)
        .map(|s| s.name.as_str())
        .collect();
    if !non_free.is_empty() {
        out.push_str(&format!(
            "<p>{}</p>",
            escape(&fill(c.non_free_listed, &[("list", &non_free.join(", "))]))
        ));
    }
    out
}

fn commitments(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let org = &report.identity;
    let mut items = Vec::new();
    for (url, label) in [
        (&org.terms_url, c.link_terms),
        (&org.privacy_url, c.link_privacy),
        (&org.legal_url, c.link_legal),
    ] {
        if url.trim().is_empty() {
            items.push(format!(
                "<li>{} : <span class=\"muted\">{}</span></li>",
                escape(label),
                escape(c.not_set)
            ));
        } else {
            items.push(format!("<li>{}</li>", link(url, label)));
        }
    }
    items.push(format!(
        "<li>{} : {}</li>",
        escape(c.log_retention),
        if org.log_retention.trim().is_empty() {
            format!("<span class=\"muted\">{}</span>", escape(c.not_set))
        } else {
            escape(&org.log_retention)
        }
    ));
    let mut out = format!("<ul class=\"plain\">{}</ul>", items.join(""));
    if lang == Lang::En {
        out = out.replace(" : ", ": ");
    }
    out
}

/// The economic-model page (C1): how the association is funded, what each plan costs and
/// pays for, the real cost of an account and of a GB, the servers, backups, free software,
/// no advertising and no tracking.
pub fn economic_model(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let f = &report.finances;
    let org = &report.identity;
    let mut body = String::new();

    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_funding)));
    body.push_str(&paragraphs(&org.economic_model));
    body.push_str(&format!(
        "<p>{}</p>",
        escape(&fill(
            c.funding_intro,
            &[("total", &money(f.total_income_cents, lang))]
        ))
    ));
    body.push_str(&charts::svg(&charts::income(report, lang), lang));
    body.push_str(&income_table(report, lang, false));
    body.push_str("</section>\n");

    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n",
        escape(c.sec_plans),
        escape(c.plans_intro)
    ));
    body.push_str(&plans_table(report, lang));
    body.push_str("</section>\n");

    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n",
        escape(c.sec_real_cost),
        escape(&fill(
            c.real_cost_intro,
            &[("total", &money(f.total_expenses_cents, lang))]
        ))
    ));
    body.push_str(&unit_cost_figures(report, lang));
    body.push_str(&charts::svg(&charts::expenses(report, lang), lang));
    body.push_str("</section>\n");

    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_servers)));
    body.push_str(&servers(report, lang));
    body.push_str(&format!("<h3>{}</h3>", escape(c.sec_backups)));
    body.push_str(&or_not_set(&org.backups, c));
    body.push_str("</section>\n");

    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n",
        escape(c.sec_free_software),
        escape(c.free_software_intro)
    ));
    body.push_str(&software_list(report, lang, false));
    body.push_str("</section>\n");

    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n",
        escape(c.sec_no_ads),
        escape(c.no_ads_text)
    ));
    body.push_str(&format!("<h3>{}</h3>", escape(c.sec_links)));
    body.push_str(&commitments(report, lang));
    body.push_str("</section>\n");
    page(report, lang, c.em_title, &body)
}

fn met_badge(met: Met, lang: Lang) -> String {
    let class = match met {
        Met::Yes => "yes",
        Met::Partly => "partly",
        Met::No => "no",
    };
    format!(
        "<span class=\"met {class}\">{}</span>",
        escape(catalog::met(met, lang))
    )
}

/// What the association answers to each charter item, from its figures and settings.
pub fn charter_answer(report: &Report, code: &str, lang: Lang) -> String {
    let c = catalog(lang);
    let org = &report.identity;
    let ch = &report.charter;
    let n = |v: i64| v.to_string();
    match code {
        "C1" => c.em_page.to_string(),
        "C2" => c.this_report.to_string(),
        "C3" => match &ch.data_requests {
            Some(d) => format!(
                "{} {}",
                c.data_export,
                fill(c.data_requests, &[("n", &n(d.received))])
            ),
            None => c.data_export.to_string(),
        },
        "C4" => c.pages_load_nothing.to_string(),
        "C5" => {
            let mut parts = Vec::new();
            if !org.host_provider_name.is_empty() {
                parts.push(format!("{} : {}", c.provider, org.host_provider_name));
            }
            if !org.host_country_code.is_empty() {
                parts.push(format!(
                    "{} : {}",
                    c.country,
                    catalog::country(&org.host_country_code, lang)
                ));
            }
            if org.backups.trim().is_empty() {
                parts.push(format!("{} : {}", c.sec_backups, c.not_set));
            }
            let text = if parts.is_empty() {
                c.not_set.to_string()
            } else {
                parts.join(" ; ")
            };
            if lang == Lang::En {
                text.replace(" : ", ": ").replace(" ; ", "; ")
            } else {
                text
            }
        }
        "C6" => {
            let set = [
                (&org.terms_url, c.link_terms),
                (&org.privacy_url, c.link_privacy),
                (&org.log_retention, c.log_retention),
            ];
            set.iter()
                .map(|(v, label)| {
                    format!(
                        "{label}{}{}",
                        lang.pick(" : ", ": "),
                        if v.trim().is_empty() {
                            c.not_set.to_string()
                        } else {
                            v.to_string()
                        }
                    )
                })
                .collect::<Vec<_>>()
                .join(lang.pick(" ; ", "; "))
        }
        "C7" => format!(
            "{} {}",
            c.register_kept,
            fill(
                c.authority_requests,
                &[("n", &n(ch.authority_requests.received))]
            )
        ),
        "C8" => {
            if ch.software.is_empty() {
                c.no_software.to_string()
            } else {
                let non_free: Vec<&str> = ch
                    .software
                    .iter()
                    .filter(|s| !s.free)
                    .map(|s| s.name.as_str())
                    .collect();
                let free = ch.software.len() - non_free.len();
                let mut text = lang
                    .pick(
                        "{free} logiciel(s) libre(s) sur {all}.",
                        "{free} free of {all} pieces of software.",
                    )
                    .replace("{free}", &free.to_string())
                    .replace("{all}", &ch.software.len().to_string());
                if !non_free.is_empty() {
                    text.push(' ');
                    text.push_str(&fill(c.non_free_listed, &[("list", &non_free.join(", "))]));
                }
                text
            }
        }
        "C9" => fill(c.signed_admins, &[("n", &n(ch.signed_admins))]),
        _ => String::new(),
    }
}

fn count_cell(count: Count) -> String {
    format!("<td class=\"num\">{}</td>", escape(&count.text()))
}

/// The yearly transparency report (C2): the economic model's figures and more.
pub fn transparency(report: &Report, lang: Lang) -> String {
    let c = catalog(lang);
    let f = &report.finances;
    let org = &report.identity;
    let year = charts::year_label(report.year, report);
    let mut body = String::new();

    // at a glance
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.summary)));
    if !org.purpose.trim().is_empty() {
        body.push_str(&paragraphs(&org.purpose));
    }
    let members = report
        .history
        .last()
        .map(|y| y.members.text())
        .unwrap_or_default();
    body.push_str(&format!(
        "<div class=\"figures\">{}{}{}{}{}</div>",
        figure(&money(f.total_income_cents, lang), c.total_income),
        figure(&money(f.total_expenses_cents, lang), c.total_expenses),
        figure(&money(f.result_cents, lang), c.result),
        figure(&money(f.reserves_cents, lang), c.reserves),
        figure(&members, c.col_members),
    ));
    body.push_str("</section>\n");

    // income
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_income)));
    body.push_str(&charts::svg(&charts::income(report, lang), lang));
    body.push_str(&income_table(report, lang, true));
    if f.fees_service_part_cents > 0 {
        body.push_str(&format!(
            "<p class=\"note\">{}</p>",
            escape(&fill(
                c.fees_service_part,
                &[("amount", &money(f.fees_service_part_cents, lang))]
            ))
        ));
    }
    body.push_str("</section>\n");

    // expenses
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_expenses)));
    body.push_str(&charts::svg(&charts::expenses(report, lang), lang));
    body.push_str(&expense_table(report, lang, true));
    body.push_str("</section>\n");

    // result and reserves
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_result)));
    body.push_str(&format!(
        "<div class=\"table-wrap\"><table><thead><tr><th></th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        escape(&fill(c.col_year, &[("year", &year)])),
        escape(&fill(
            c.col_previous,
            &[("year", &charts::year_label(report.year - 1, report))]
        ))
    ));
    for (label, now, before) in [
        (
            c.total_income,
            f.total_income_cents,
            f.previous_total_income_cents,
        ),
        (
            c.total_expenses,
            f.total_expenses_cents,
            f.previous_total_expenses_cents,
        ),
        (c.result, f.result_cents, f.previous_result_cents),
        (c.reserves, f.reserves_cents, f.previous_reserves_cents),
    ] {
        body.push_str(&format!(
            "<tr><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(label),
            escape(&money(now, lang)),
            escape(&money(before, lang))
        ));
    }
    body.push_str("</tbody></table></div>");
    if let Some(months) = f.reserves_months_tenths {
        body.push_str(&format!(
            "<p class=\"note\">{}{}{}</p>",
            escape(c.reserves),
            lang.pick(" : ", ": "),
            escape(&fill(
                c.reserves_months,
                &[("months", &catalog::tenths(months, lang))]
            ))
        ));
    }
    body.push_str(&format!("<h3>{}</h3>", escape(c.sec_years)));
    body.push_str(&charts::svg(&charts::years_chart(report, lang), lang));
    body.push_str("</section>\n");

    // expenses one by one
    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n",
        escape(c.sec_expense_items),
        escape(c.expense_items_intro)
    ));
    body.push_str(&format!(
        "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th>{}</th><th>{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        escape(c.col_date),
        escape(c.col_supplier),
        escape(c.col_category),
        escape(c.col_amount)
    ));
    for item in &f.expense_items {
        let what = if item.label.is_empty() {
            String::new()
        } else {
            format!("<br><span class=\"muted\">{}</span>", escape(&item.label))
        };
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}{what}</td><td>{}</td><td class=\"num\">{}</td></tr>",
            escape(&catalog::day(item.date, lang)),
            escape(&item.supplier),
            escape(catalog::expense_category(item.category, lang)),
            escape(&money(item.cents, lang))
        ));
    }
    body.push_str("</tbody></table></div>");
    for w in &f.withheld {
        body.push_str(&format!(
            "<p class=\"note\">{}</p>",
            escape(&fill(
                c.withheld_note,
                &[
                    ("n", &w.lines.to_string()),
                    ("amount", &money(w.cents, lang)),
                    ("category", catalog::expense_category(w.category, lang)),
                ]
            ))
        ));
    }
    body.push_str("</section>\n");

    // plans
    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<p>{}</p>\n",
        escape(c.sec_plans),
        escape(c.plans_intro)
    ));
    body.push_str(&plans_table(report, lang));
    body.push_str(&format!("<h3>{}</h3>", escape(c.sec_real_cost)));
    body.push_str(&unit_cost_figures(report, lang));
    body.push_str("</section>\n");

    // members over the years
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_members)));
    body.push_str(&charts::svg(&charts::members(report, lang), lang));
    body.push_str(&format!(
        "<div class=\"table-wrap\"><table><thead><tr><th></th><th class=\"num\">{}</th>",
        escape(c.col_members)
    ));
    if let Some(first) = report.history.first() {
        for t in &first.tiers {
            body.push_str(&format!("<th class=\"num\">{}</th>", escape(&t.plan)));
        }
    }
    body.push_str("</tr></thead><tbody>");
    for y in &report.history {
        body.push_str(&format!(
            "<tr><td>{}</td>{}",
            escape(&charts::year_label(y.year, report)),
            count_cell(y.members)
        ));
        for t in &y.tiers {
            body.push_str(&count_cell(t.members));
        }
        body.push_str("</tr>");
    }
    body.push_str("</tbody></table></div></section>\n");

    // storage
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_storage)));
    body.push_str(&charts::svg(&charts::storage(report, lang), lang));
    body.push_str(&format!(
        "<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th><th class=\"num\">{}</th></tr></thead><tbody>",
        escape(c.col_service),
        escape(c.col_accounts),
        escape(c.col_granted),
        escape(c.col_used)
    ));
    let size = |b: Option<i64>| {
        b.map(|b| catalog::gigabytes(b, lang))
            .unwrap_or_else(|| "—".into())
    };
    let s = &report.storage;
    for svc in &s.services {
        body.push_str(&format!(
            "<tr><td>{}</td>{}<td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            escape(&svc.service),
            count_cell(svc.accounts),
            escape(&size(svc.quota_bytes)),
            escape(&size(svc.used_bytes))
        ));
    }
    let hidden_any = s.services.iter().any(|x| x.accounts.shown().is_none());
    body.push_str(&format!(
        "<tr class=\"total\"><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr></tbody></table></div>",
        escape(&if hidden_any {
            fill(c.total_shown, &[("t", &report.threshold.to_string())])
        } else {
            c.total.to_string()
        }),
        escape(&catalog::group(s.accounts, lang)),
        escape(&catalog::gigabytes(s.quota_bytes, lang)),
        escape(&catalog::gigabytes(s.used_bytes, lang))
    ));
    if s.quota_bytes > 0 {
        body.push_str(&format!(
            "<p class=\"note\">{}</p>",
            escape(&fill(
                c.storage_usage,
                &[
                    ("used", &catalog::gigabytes(s.used_bytes, lang)),
                    ("granted", &catalog::gigabytes(s.quota_bytes, lang)),
                    (
                        "pct",
                        &catalog::tenths(
                            ((s.used_bytes as i128 * 1000 + s.quota_bytes as i128 / 2)
                                / s.quota_bytes as i128) as i64,
                            lang
                        )
                    ),
                ]
            ))
        ));
    }
    body.push_str("</section>\n");

    // requests
    let ch = &report.charter;
    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<ul class=\"plain\">",
        escape(c.sec_requests)
    ));
    match &ch.data_requests {
        Some(d) => {
            let mut text = fill(c.data_requests, &[("n", &d.received.to_string())]);
            text.push_str(&format!(
                " ({}",
                fill(c.data_answered, &[("n", &d.answered.to_string())])
            ));
            if let Some(m) = d.median_days {
                let tenths = (m * 10.0).round() as i64;
                text.push_str(&format!(
                    "{}{}",
                    lang.pick(" ; ", "; "),
                    fill(c.data_median, &[("days", &catalog::tenths(tenths, lang))])
                ));
            }
            text.push(')');
            body.push_str(&format!("<li>{}</li>", escape(&text)));
        }
        None => body.push_str(&format!("<li>{}</li>", escape(c.data_not_kept))),
    }
    body.push_str(&format!(
        "<li>{} ({}{}{})</li>",
        escape(&fill(
            c.authority_requests,
            &[("n", &ch.authority_requests.received.to_string())]
        )),
        escape(&fill(
            c.authority_answered,
            &[("n", &ch.authority_requests.answered.to_string())]
        )),
        lang.pick(" ; ", "; "),
        escape(&fill(
            c.authority_ever,
            &[("n", &ch.authority_requests.received_ever.to_string())]
        ))
    ));
    body.push_str("</ul></section>\n");

    // charter
    body.push_str(&format!(
        "<section>\n<h2>{}</h2>\n<div class=\"table-wrap\"><table><thead><tr><th>{}</th><th></th><th>{}</th></tr></thead><tbody>",
        escape(c.sec_charter),
        escape(c.col_item),
        escape(c.col_answer)
    ));
    for item in &ch.items {
        body.push_str(&format!(
            "<tr><td><strong>{}</strong> {}</td><td>{}</td><td>{}</td></tr>",
            escape(&item.code),
            escape(catalog::charter_item(&item.code, lang)),
            met_badge(item.met, lang),
            escape(&charter_answer(report, &item.code, lang))
        ));
    }
    body.push_str("</tbody></table></div></section>\n");

    // servers, backups, software
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_servers)));
    body.push_str(&servers(report, lang));
    body.push_str(&format!("<h3>{}</h3>", escape(c.sec_backups)));
    body.push_str(&or_not_set(&org.backups, c));
    body.push_str(&format!("<h3>{}</h3>", escape(c.sec_links)));
    body.push_str(&commitments(report, lang));
    body.push_str("</section>\n");
    body.push_str(&format!("<section>\n<h2>{}</h2>\n", escape(c.sec_software)));
    body.push_str(&software_list(report, lang, true));
    body.push_str("</section>\n");

    page(report, lang, c.tr_title, &body)
}
